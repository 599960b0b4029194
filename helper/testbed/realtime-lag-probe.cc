// SPDX-License-Identifier: GPL-2.0-only
#include "testbed/realtime-lag-probe.h"

#include "ns3/log.h"
#include "ns3/realtime-simulator-impl.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RealtimeLagProbe");

namespace
{
/// \return the real-time simulator, or null when the simulator is not real time
Ptr<RealtimeSimulatorImpl>
RealtimeImpl()
{
    return DynamicCast<RealtimeSimulatorImpl>(Simulator::GetImplementation());
}
} // namespace

RealtimeLagProbe::RealtimeLagProbe()
    : m_interval(MilliSeconds(100))
    , m_anchored(false)
    , m_useSimClock(false)
    , m_maxLagNs(0)
    , m_sumLagNs(0)
    , m_samples(0)
    , m_limit(0)
    , m_overLimit(0)
{
}

RealtimeLagProbe::~RealtimeLagProbe()
{
    // Harmless after Simulator::Destroy(): Cancel() then does nothing.
    m_event.Cancel();
}

void
RealtimeLagProbe::Start(Time interval)
{
    NS_ASSERT_MSG(interval.IsStrictlyPositive(), "the sampling period must be positive");
    m_interval = interval;
    m_event.Cancel();
    m_event = Simulator::ScheduleNow(&RealtimeLagProbe::Sample, this);
}

void
RealtimeLagProbe::Stop()
{
    m_event.Cancel();
}

Time
RealtimeLagProbe::RealElapsed() const
{
    if (m_useSimClock)
    {
        return RealtimeImpl()->RealtimeNow() - m_realOrigin;
    }
    return NanoSeconds(std::chrono::duration_cast<std::chrono::nanoseconds>(
                           std::chrono::steady_clock::now() - m_wallOrigin)
                           .count());
}

void
RealtimeLagProbe::Sample()
{
    if (!m_anchored)
    {
        m_anchored = true;
        Ptr<RealtimeSimulatorImpl> rt = RealtimeImpl();
        m_useSimClock = rt != nullptr;
        // The synchronizer's origin is the start of Simulator::Run(), simulated time zero.
        m_simOrigin = m_useSimClock ? Time(0) : Simulator::Now();
        m_realOrigin = Time(0);
        m_wallOrigin = std::chrono::steady_clock::now();
    }
    Time lag = RealElapsed() - (Simulator::Now() - m_simOrigin);
    int64_t ns = std::max<int64_t>(0, lag.GetNanoSeconds());
    m_maxLagNs = std::max(m_maxLagNs, ns);
    m_sumLagNs += ns;
    ++m_samples;
    NS_LOG_DEBUG("lag " << ns / 1e6 << " ms");
    m_event = Simulator::Schedule(m_interval, &RealtimeLagProbe::Sample, this);
    if (m_limit.IsStrictlyPositive() && ns > m_limit.GetNanoSeconds())
    {
        ++m_overLimit;
        if (!m_exceeded.IsNull())
        {
            m_exceeded(NanoSeconds(ns));
        }
    }
}

void
RealtimeLagProbe::SetLimit(Time limit, Callback<void, Time> exceeded)
{
    m_limit = limit;
    m_exceeded = exceeded;
}

uint64_t
RealtimeLagProbe::GetSamplesOverLimit() const
{
    return m_overLimit;
}

Time
RealtimeLagProbe::GetMaxLag() const
{
    return NanoSeconds(m_maxLagNs);
}

double
RealtimeLagProbe::GetMaxLagMs() const
{
    return m_maxLagNs / 1e6;
}

double
RealtimeLagProbe::GetMeanLagMs() const
{
    return m_samples == 0 ? 0.0 : static_cast<double>(m_sumLagNs / m_samples) / 1e6;
}

uint64_t
RealtimeLagProbe::GetSamples() const
{
    return m_samples;
}

} // namespace ns3
