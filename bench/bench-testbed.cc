// SPDX-License-Identifier: GPL-2.0-only
// Cost of the three-network wired testbed as it grows: N subscribers (N/3 per network) register
// and make C calls over 600 s of simulated time. Reports wall time, simulator events per second,
// CPU time and peak memory (getrusage), SIP messages sent (every entity's transport Tx trace)
// and wall time per message. Each size runs in its own child process, so ru_maxrss is its own.
//
//   build/bench/bench-testbed                         # 30 subscribers / 100 calls, then 300 / 1000
//   build/bench/bench-testbed --subscribers=300 --calls=1000
#include "bench-sip-count.h"
#include "scenario/simulation-runner.h"
#include "testbed/seed-networks.h"
#include "testbed/sip-testbed.h"

#include "ns3/command-line.h"
#include "ns3/simulator.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// Workload of one run.
struct Size
{
    uint32_t subscribers; ///< total, a third per network
    uint32_t calls;       ///< over the whole run
};

TestbedConfig
MakeTestbed(const Size& size, double duration, double callDuration, uint32_t seed)
{
    const uint32_t perNet = size.subscribers / 3;
    TestbedConfig cfg = MakeSeedNetworks(perNet);
    cfg.name = "bench-testbed";
    cfg.duration = duration;
    // Every subscriber has a wired UA; registrations spread over the first 10 s.
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> start(1.0, 10.0);
    for (uint32_t n = 1; n <= 3; ++n)
    {
        for (uint32_t u = 0; u < perNet; ++u)
        {
            UaConfig ua;
            ua.user = std::to_string(n * 1000 + u);
            ua.network = "net" + std::to_string(n);
            ua.startAt = start(rng);
            cfg.uas.push_back(ua);
        }
    }
    // Calls between random pairs of distinct subscribers (any networks), uniformly in time
    // between 15 s and the end minus the call and its set-up.
    std::uniform_int_distribution<size_t> who(0, cfg.uas.size() - 1);
    std::uniform_real_distribution<double> when(15.0, duration - callDuration - 5);
    for (uint32_t c = 0; c < size.calls; ++c)
    {
        size_t a = who(rng);
        size_t b = who(rng);
        while (b == a)
        {
            b = who(rng);
        }
        cfg.uas[a].calls.push_back({when(rng), cfg.uas[b].user, callDuration});
    }
    return cfg;
}

/// Runs one size in this process and prints one result line.
int
RunOne(const Size& size, double duration, double callDuration, const std::string& mediaInterval,
       bool staticArp)
{
    TestbedConfig cfg = MakeTestbed(size, duration, callDuration, 1);
    cfg.lanStaticArp = staticArp;
    cfg.attributes["media.PacketInterval"] = mediaInterval;
    RunOptions options;
    // Servers create their stacks at 0 s; user agents start at 1 s or later.
    options.onBuilt = [](SipTestbed&)
    { Simulator::Schedule(Seconds(0.5), &sipmob_bench::HookSipStacks); };
    RunOutput out = SimulationRunner::Run(cfg, options);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    uint32_t answered = 0;
    uint32_t placed = 0;
    for (const auto& c : out.results.calls)
    {
        if (c.outgoing)
        {
            ++placed;
            answered += c.finalStatus == 200 ? 1 : 0;
        }
    }
    uint32_t registered = 0;
    for (const auto& r : out.results.registrations)
    {
        registered += (r.status == 200 && r.expires > 0) ? 1 : 0;
    }
    const double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6;
    std::printf("%6u %6u %8u %8u %7.0f %9.2f %8.2f %12llu %10.0f %9.1f %10llu %9.2f\n",
                size.subscribers, size.calls, registered, answered, out.simTimeS, out.wallTimeS,
                cpu, static_cast<unsigned long long>(out.events), out.events / out.wallTimeS,
                ru.ru_maxrss / 1024.0, static_cast<unsigned long long>(sipmob_bench::g_sipTx),
                sipmob_bench::g_sipTx ? out.wallTimeS * 1e6 / sipmob_bench::g_sipTx : 0.0);
    std::fflush(stdout);
    return placed == size.calls ? 0 : 1;
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t subscribers = 0;
    uint32_t calls = 0;
    double duration = 600;
    double callDuration = 3;
    std::string mediaInterval = "20ms";
    CommandLine cmd(__FILE__);
    cmd.AddValue("subscribers", "Run one size only: subscribers (a third per network)",
                 subscribers);
    cmd.AddValue("calls", "Run one size only: calls", calls);
    cmd.AddValue("duration", "Simulated seconds", duration);
    cmd.AddValue("callDuration", "Talk time of each call (s), G.711 media at 20 ms", callDuration);
    cmd.AddValue("mediaInterval",
                 "RTP packet interval (20ms = G.711; e.g. 1000s for signalling only)",
                 mediaInterval);
    bool staticArp = false;
    cmd.AddValue("staticArp", "Pre-filled ARP caches on the LANs (lan.static_arp)", staticArp);
    cmd.Parse(argc, argv);

    std::printf("%6s %6s %8s %8s %7s %9s %8s %12s %10s %9s %10s %9s\n", "subs", "calls", "reg-ok",
                "answered", "sim-s", "wall-s", "cpu-s", "events", "events/s", "maxrss-MB", "sip-tx",
                "us/msg");
    std::fflush(stdout);
    std::vector<Size> sizes;
    if (subscribers > 0)
    {
        sizes.push_back({subscribers, calls});
    }
    else
    {
        sizes = {{30, 100}, {300, 1000}};
    }
    int rc = 0;
    for (const auto& size : sizes)
    {
        pid_t pid = fork();
        if (pid == 0)
        {
            std::_Exit(RunOne(size, duration, callDuration, mediaInterval, staticArp));
        }
        int status = 0;
        waitpid(pid, &status, 0);
        rc |= WIFEXITED(status) ? WEXITSTATUS(status) : 1;
    }
    return rc;
}
