// SPDX-License-Identifier: GPL-2.0-only
// Cost of one scenario run as the work grows (issue 15 item 2): runs SCENARIO once (the
// scenario's duration, or --duration) and prints one line: mobiles, APs, user agents, simulated
// and wall seconds, CPU seconds (user + system, getrusage), simulator events, peak memory
// (ru_maxrss), SIP messages sent (every entity's transport Tx trace), link events and hand-offs
// recorded, CPU per hand-off and per SIP message. One run per process, so ru_maxrss is its own;
// bench/bench-scale.sh runs the sizes.
//
// --wall-limit S stops the run after S wall-clock seconds (counted from the start, building
// included) and reports the simulated time reached: "as long as fits in S".
//
//   build/bench/bench-scale SCENARIO [--duration S] [--progress S] [--wall-limit S]
//                           [--scheduler NAME] | --header
#include "bench-sip-count.h"
#include "scenario/scenario-loader.h"
#include "scenario/simulation-runner.h"
#include "testbed/sip-testbed.h"

#include "ns3/simulator.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// CPU seconds (user + system) and peak memory (MB) of this process so far.
std::pair<double, double>
Usage()
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return {ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 + ru.ru_stime.tv_sec +
                ru.ru_stime.tv_usec * 1e-6,
            ru.ru_maxrss / 1024.0};
}

/// One progress line on stderr every @p period of simulated time (long runs).
void
Progress(Time period)
{
    auto [cpu, rss] = Usage();
    std::fprintf(stderr, "bench-scale: %.0f s simulated, %.1f s CPU, %llu events, %.1f MB\n",
                 Simulator::Now().GetSeconds(), cpu,
                 static_cast<unsigned long long>(Simulator::GetEventCount()), rss);
    Simulator::Schedule(period, &Progress, period);
}

/// Wall-clock limit (--wall-limit): checked every 100 ms of simulated time; past it the run
/// stops there (Simulator::Stop), the records so far are collected and the line printed shows
/// the simulated time reached.
void
CheckWallLimit(std::chrono::steady_clock::time_point deadline)
{
    if (std::chrono::steady_clock::now() >= deadline)
    {
        std::fprintf(stderr, "bench-scale: wall-clock limit reached at %.1f s simulated\n",
                     Simulator::Now().GetSeconds());
        Simulator::Stop();
        return;
    }
    Simulator::Schedule(MilliSeconds(100), &CheckWallLimit, deadline);
}

void
PrintHeader()
{
    std::printf("%7s %4s %6s %6s %9s %9s %12s %9s %9s %8s %8s %10s %9s\n", "mobiles", "aps", "uas",
                "sim-s", "wall-s", "cpu-s", "events", "maxrss-MB", "sip-tx", "links", "handoffs",
                "cpu-ms/ho", "cpu-us/msg");
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string scenario;
    double progress = 0;   // simulated s between progress lines on stderr (0: none)
    double wallLimit = 0;  // wall-clock s after which the run stops early (0: none)
    std::string scheduler; // RunOptions::scheduler ("": the default, quad)
    std::vector<std::pair<std::string, std::string>> sets;
    for (int i = 1; i < argc; ++i)
    {
        if (std::strcmp(argv[i], "--header") == 0)
        {
            PrintHeader();
            return 0;
        }
        if (std::strcmp(argv[i], "--wall-limit") == 0 && i + 1 < argc)
        {
            wallLimit = std::atof(argv[++i]);
            continue;
        }
        if (std::strcmp(argv[i], "--progress") == 0 && i + 1 < argc)
        {
            progress = std::atof(argv[++i]);
            continue;
        }
        if (std::strcmp(argv[i], "--scheduler") == 0 && i + 1 < argc)
        {
            scheduler = argv[++i];
            continue;
        }
        if (std::strcmp(argv[i], "--duration") == 0 && i + 1 < argc)
        {
            sets.emplace_back("duration", argv[++i]);
            continue;
        }
        scenario = argv[i];
    }
    if (scenario.empty())
    {
        std::fprintf(stderr,
                     "usage: bench-scale SCENARIO [--duration S] [--progress S] [--wall-limit S] "
                     "[--scheduler NAME] | --header\n");
        return 2;
    }
    TestbedConfig cfg;
    try
    {
        cfg = ScenarioLoader::Load(scenario, sets);
    }
    catch (const std::exception& e)
    {
        std::fprintf(stderr, "bench-scale: %s\n", e.what());
        return 2;
    }
    uint32_t mobiles = 0;
    for (const auto& ua : cfg.uas)
    {
        mobiles += ua.mobile ? 1 : 0;
    }
    uint32_t aps = 0;
    for (const auto& net : cfg.networks)
    {
        aps += net.accessPoints.size();
    }
    RunOptions options;
    options.scheduler = scheduler;
    // Every entity creates its stack when it starts (StartApplication, scheduled while the nodes
    // initialize at 0 s, after anything scheduled here): hook 1 ns later.
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                              std::chrono::duration<double>(wallLimit));
    options.onBuilt = [progress, wallLimit, deadline](SipTestbed&)
    {
        if (wallLimit > 0)
        {
            Simulator::Schedule(MilliSeconds(100), &CheckWallLimit, deadline);
        }
        Simulator::Schedule(TimeStep(1), &sipmob_bench::HookSipStacks);
        if (progress > 0)
        {
            Simulator::Schedule(Seconds(progress), &Progress, Seconds(progress));
        }
    };
    RunOutput out;
    try
    {
        out = SimulationRunner::Run(cfg, options);
    }
    catch (const std::exception& e)
    {
        std::fprintf(stderr, "bench-scale: %s\n", e.what());
        return 2;
    }
    const auto [cpu, rss] = Usage();
    uint64_t handoffs = 0;
    for (const auto& h : out.results.handoffs)
    {
        handoffs += h.kind == "handoff" ? 1 : 0;
    }
    std::printf("%7u %4u %6zu %6.0f %9.2f %9.2f %12llu %9.1f %9llu %8zu %8llu %10.1f %9.1f\n",
                mobiles, aps, cfg.uas.size(), out.simTimeS, out.wallTimeS, cpu,
                static_cast<unsigned long long>(out.events), rss,
                static_cast<unsigned long long>(sipmob_bench::g_sipTx), out.results.handoffs.size(),
                static_cast<unsigned long long>(handoffs), handoffs ? cpu * 1e3 / handoffs : 0.0,
                sipmob_bench::g_sipTx ? cpu * 1e6 / sipmob_bench::g_sipTx : 0.0);
    return 0;
}
