// SPDX-License-Identifier: GPL-2.0-only
// The seed's three wired SIP networks (VOCAL systems), built from a TestbedConfig made in code:
// subscribers 1xxx / 2xxx / 3xxx, one gateway pair per pair of networks (5065 / 5066), dial plans
// sending each pattern to its network's gateway, wired user agents only. Places calls across every
// pair of networks and prints each call's setup delay (INVITE sent -> 200 OK received).
//
//   build/examples/three-networks --calls=3 --pcap=/tmp/pcap --RngRun=2
#include "scenario/simulation-runner.h"
#include "testbed/seed-networks.h"

#include "ns3/command-line.h"

#include <cstdio>
#include <map>
#include <string>

using namespace ns3;

int
main(int argc, char* argv[])
{
    uint32_t calls = 2;
    uint32_t rngRun = 1;
    std::string pcap;
    std::string model = "home-only";
    CommandLine cmd(__FILE__);
    cmd.AddValue("calls", "Calls per pair of networks", calls);
    cmd.AddValue("pcap", "Write pcap files of every LAN and WAN device into this directory", pcap);
    cmd.AddValue("RngRun", "ns-3 run number", rngRun);
    cmd.AddValue("model", "Registration model (home-only or outbound-proxy)", model);
    cmd.Parse(argc, argv);

    // One user agent per call and network end; call i of a pair goes from user i of the first
    // network to user i of the second, one second after the previous one, for 5 s.
    const uint32_t users = std::max<uint32_t>(calls, 1);
    TestbedConfig cfg = MakeSeedNetworks(users);
    cfg.name = "three-networks";
    std::map<std::string, UaConfig> uas;
    for (int n = 1; n <= 3; ++n)
    {
        for (uint32_t u = 0; u < users; ++u)
        {
            UaConfig ua;
            ua.user = std::to_string(n * 1000 + u);
            ua.network = "net" + std::to_string(n);
            uas[ua.user] = ua;
        }
    }
    const std::pair<int, int> pairs[] = {{1, 2}, {1, 3}, {2, 3}};
    double at = 3;
    for (uint32_t i = 0; i < calls; ++i)
    {
        for (const auto& [a, b] : pairs)
        {
            uas[std::to_string(a * 1000 + i)].calls.push_back(
                {at, std::to_string(b * 1000 + i), 5});
            at += 1;
        }
    }
    for (auto& [user, ua] : uas)
    {
        cfg.uas.push_back(ua);
    }
    cfg.duration = at + 8;

    RunOptions options;
    options.run = rngRun;
    options.model = model;
    options.pcapDir = pcap;
    RunOutput out = SimulationRunner::Run(cfg, options);

    std::printf("%-22s %-28s %-28s %6s %10s %10s %s\n", "call-id", "caller", "callee", "status",
                "ringing-ms", "setup-ms", "end");
    uint32_t ok = 0;
    for (const auto& c : out.results.calls)
    {
        if (!c.outgoing)
        {
            continue;
        }
        auto ringing = sipmob::SpanMs(c.tInvite, c.tRinging);
        auto setup = sipmob::SpanMs(c.tInvite, c.tAnswered);
        ok += c.finalStatus == 200 ? 1 : 0;
        std::printf("%-22.22s %-28s %-28s %6d %10s %10s %s\n", c.callId.c_str(), c.ua.c_str(),
                    c.peer.c_str(), c.finalStatus,
                    ringing ? std::to_string(*ringing).substr(0, 8).c_str() : "-",
                    setup ? std::to_string(*setup).substr(0, 8).c_str() : "-", c.endReason.c_str());
    }
    std::printf("%u of %u calls answered; %.0f s simulated in %.2f s wall, %llu events\n", ok,
                calls * 3, out.simTimeS, out.wallTimeS,
                static_cast<unsigned long long>(out.events));
    return ok == calls * 3 ? 0 : 1;
}
