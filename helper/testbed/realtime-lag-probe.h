// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_REALTIME_LAG_PROBE_H
#define SIPMOB_REALTIME_LAG_PROBE_H

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"

#include <chrono>
#include <cstdint>

namespace ns3
{

/**
 * \brief Measures how far the simulator falls behind the wall clock in a real-time run.
 *
 * A periodic event compares the simulated time with the real time elapsed since the run began:
 * the synchronizer's clock of ns3::RealtimeSimulatorImpl when the simulator is real time (the
 * clock its hard limit is checked against), else a steady clock started at the first sample.
 * A sample's lag is real elapsed minus simulated elapsed (never below zero): how late the
 * event ran.
 *
 * With a limit (SetLimit), every sample whose lag exceeds it is counted and the callback is
 * called with the lag: the runner stops the run there, or warns and goes on. The limit is
 * checked at the samples only (every sampling period of simulated time), unlike ns-3's HardLimit
 * mode, which checks at every event and aborts the process (NS_FATAL_ERROR, SIGABRT) with no
 * summary; a lag that builds up is seen at the next sample.
 */
class RealtimeLagProbe
{
public:
    RealtimeLagProbe();
    ~RealtimeLagProbe();

    RealtimeLagProbe(const RealtimeLagProbe&) = delete;
    RealtimeLagProbe& operator=(const RealtimeLagProbe&) = delete;

    /**
     * \brief Start sampling (the first sample runs as soon as the simulator does).
     * \param interval the sampling period
     */
    void Start(Time interval = MilliSeconds(100));

    /// Stop sampling (keeps the statistics).
    void Stop();
    /**
     * \brief Check every sample against a limit.
     * \param limit the largest lag allowed (zero: none)
     * \param exceeded called with the lag of each sample above the limit
     */
    void SetLimit(Time limit, Callback<void, Time> exceeded);
    /// \return the number of samples whose lag exceeded the limit
    uint64_t GetSamplesOverLimit() const;

    /// \return the largest lag observed (zero before any sample)
    Time GetMaxLag() const;
    /// \return the largest lag observed, in milliseconds
    double GetMaxLagMs() const;
    /// \return the mean lag over the samples, in milliseconds
    double GetMeanLagMs() const;
    /// \return the number of samples taken
    uint64_t GetSamples() const;

private:
    /// Take one sample and schedule the next.
    void Sample();
    /// \return real time elapsed since the origin
    Time RealElapsed() const;

    Time m_interval;    ///< sampling period
    EventId m_event;    ///< next sample
    bool m_anchored;    ///< origin taken
    bool m_useSimClock; ///< the real-time simulator's own clock is used
    Time m_simOrigin;   ///< simulated time at the origin
    Time m_realOrigin;  ///< real time at the origin (synchronizer clock)
    std::chrono::steady_clock::time_point m_wallOrigin; ///< wall clock at the origin (fallback)
    int64_t m_maxLagNs;                                 ///< largest lag
    long double m_sumLagNs;                             ///< sum of lags
    uint64_t m_samples;                                 ///< number of samples
    Time m_limit;                                       ///< largest lag allowed (0: none)
    Callback<void, Time> m_exceeded;                    ///< called for a sample above it
    uint64_t m_overLimit;                               ///< samples above the limit
};

} // namespace ns3

#endif
