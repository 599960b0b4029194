// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIMULATION_RUNNER_H
#define SIPMOB_SIMULATION_RUNNER_H

#include "results/results-database.h"
#include "testbed/testbed-config.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ns3
{

class SipTestbed;

/// How to run one simulation (what is not in the scenario).
struct RunOptions
{
    std::string model;     ///< registration model; "" = the scenario's
    uint32_t seed = 1;     ///< ns-3 RngSeed
    uint32_t run = 1;      ///< ns-3 RngRun
    std::string pcapDir;   ///< "" = no pcap (else overrides the scenario's)
    bool realtime = false; ///< ns-3 real-time simulator (wall clock)
    /// Real time: the largest lag behind wall time allowed (s); see realtimeOverload.
    double realtimeHardLimitS = 1.0;
    /// Real time, lag above the hard limit: "stop" (end the run there, RunOutput::overloaded;
    /// the records so far are kept) or "warn" (count it and go on to the end).
    std::string realtimeOverload = "stop";
    std::vector<std::string> taps; ///< "NETWORK[:TAPNAME]": host TAP devices on network LANs
    /// Real time: the simulator thread's scheduling, "off", "auto" or a SCHED_FIFO priority 1-99
    /// (RealtimeScheduling::Parse); "" = the scenario's `realtime_priority` (default auto)
    std::string realtimePriority;
    /// SIP messages to record in RunResults::sipMessages: "" none, "headers", "full" (with text)
    std::string traceSip;
    /// Trace sources to CSV files (`--trace SOURCE=FILE`), after the scenario's `traces:`
    std::vector<std::pair<std::string, std::string>> traces;
    /// ns-3 event queue: "" or "quad" (ns3::QuadHeapScheduler, helper/scenario), "map"
    /// (ns3::MapScheduler, ns-3's own default), "heap", "calendar", "list", "priority"
    /// (SchedulerNames()). Every one runs events in (time, insertion) order, so the records do
    /// not depend on it, only the cost per event (bench/README.md, "bench-scale"); anything
    /// else: std::invalid_argument from Run().
    std::string scheduler;
    /// Called once the testbed is built, before the simulator runs (e.g. to print TAP addresses).
    std::function<void(SipTestbed&)> onBuilt;
};

/// What one simulation produced.
struct RunOutput
{
    RunResults results;       ///< records, in the order they happened
    double simTimeS = 0;      ///< simulated seconds run
    double wallTimeS = 0;     ///< wall-clock seconds
    uint64_t events = 0;      ///< simulator events executed
    double maxLagMs = 0;      ///< real-time mode: largest lag behind wall time observed
    std::string model;        ///< registration model used
    int stopSignal = 0;       ///< real time: the signal (SIGINT, SIGTERM) that ended the run early
    bool overloaded = false;  ///< real time: the lag exceeded the hard limit at least once
    double overloadAtS = 0;   ///< simulated time of the first sample above the hard limit
    double overloadLagMs = 0; ///< its lag
    uint64_t overloadSamples = 0; ///< lag samples above the hard limit (every 100 ms simulated)
    int realtimePriority = 0;     ///< real time: the SCHED_FIFO priority it ran at (0: normal)
    bool memoryLocked = false;    ///< real time: memory was locked (mlockall)
    std::string realtimeNote; ///< real time, priority auto: why it ran at normal priority, or ""
};

/**
 * \brief Builds a testbed from its description, installs every SIP entity, runs the simulation
 *        and collects the records that the entities' trace sources emitted.
 *
 * One simulation at a time (ns-3's simulator is a singleton); Run() leaves the simulator destroyed
 * and ns-3's defaults reset, so a process may run several simulations one after the other.
 */
class SimulationRunner
{
public:
    /**
     * \brief Run one simulation.
     * \param config the testbed
     * \param options seed, run, model, pcap, real time
     * \return the records
     * \throws TestbedError / std::runtime_error on an inconsistent description or failure;
     *         TraceSpecError (before the simulation starts) for a trace request it cannot serve
     */
    static RunOutput Run(const TestbedConfig& config, const RunOptions& options);

    /// The names RunOptions::scheduler accepts ("quad" first: the default).
    static std::vector<std::string> SchedulerNames();
};

} // namespace ns3

#endif
