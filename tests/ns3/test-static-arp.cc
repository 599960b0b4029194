// SPDX-License-Identifier: GPL-2.0-only
// lan.static_arp: every LAN host knows every other host's MAC before the simulation starts, so no
// ARP request crosses the LAN, and calls still complete.
#include "scenario/simulation-runner.h"
#include "testbed/seed-networks.h"
#include "testbed/sip-testbed.h"

#include "ns3/arp-cache.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/simulator.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

TestbedConfig
TwoUsers(bool staticArp)
{
    TestbedConfig cfg = MakeSeedNetworks(2);
    cfg.duration = 10;
    cfg.lanStaticArp = staticArp;
    UaConfig a;
    a.user = "1000";
    a.network = "net1";
    a.calls = {{3, "1001", 2}};
    UaConfig b;
    b.user = "1001";
    b.network = "net1";
    cfg.uas = {a, b};
    return cfg;
}

/// Permanent ARP entries of every LAN host of net1 towards the other LAN hosts.
uint32_t
PermanentEntries(const SipTestbed& testbed, uint32_t* hosts)
{
    const auto& net = testbed.GetNetwork("net1");
    std::vector<std::pair<Ptr<Ipv4Interface>, Ipv4Address>> ifaces;
    for (uint32_t i = 0; i < net.lanDevices.GetN(); ++i)
    {
        Ptr<NetDevice> dev = net.lanDevices.Get(i);
        Ptr<Ipv4L3Protocol> ipv4 = dev->GetNode()->GetObject<Ipv4L3Protocol>();
        Ptr<Ipv4Interface> iface = ipv4->GetInterface(ipv4->GetInterfaceForDevice(dev));
        ifaces.emplace_back(iface, iface->GetAddress(0).GetLocal());
    }
    uint32_t permanent = 0;
    for (const auto& [iface, self] : ifaces)
    {
        for (const auto& [other, address] : ifaces)
        {
            (void) other;
            ArpCache::Entry* e = address == self ? nullptr : iface->GetArpCache()->Lookup(address);
            permanent += e && e->IsPermanent();
        }
    }
    *hosts = ifaces.size();
    return permanent;
}

} // namespace

TEST(StaticArp, EveryLanHostKnowsEveryOtherBeforeTheRun)
{
    for (bool staticArp : {true, false})
    {
        SipTestbed testbed;
        testbed.BuildTopology(TwoUsers(staticArp));
        uint32_t hosts = 0;
        uint32_t permanent = PermanentEntries(testbed, &hosts);
        // router, server, two gateways, two user agents
        EXPECT_EQ(hosts, 6u);
        EXPECT_EQ(permanent, staticArp ? hosts * (hosts - 1) : 0u) << "static_arp " << staticArp;
        Simulator::Destroy();
    }
}

/// ARP frames transmitted by the LAN hosts of every network during a run, and its outcome.
uint32_t
ArpFramesInRun(bool staticArp, RunOutput* out)
{
    static uint32_t arp;
    arp = 0;
    RunOptions options;
    options.onBuilt = [](SipTestbed& testbed)
    {
        for (const auto& net : testbed.GetNetworks())
        {
            for (uint32_t i = 0; i < net.lanDevices.GetN(); ++i)
            {
                net.lanDevices.Get(i)->TraceConnectWithoutContext(
                    "PhyTxBegin", MakeCallback(+[](Ptr<const Packet> p)
                                               {
                                                   uint8_t h[14] = {};
                                                   p->CopyData(h, sizeof(h));
                                                   arp +=
                                                       h[12] == 0x08 &&
                                                       h[13] == 0x06; // EtherType ARP (DIX framing)
                                               }));
            }
        }
    };
    *out = SimulationRunner::Run(TwoUsers(staticArp), options);
    return arp;
}

TEST(StaticArp, NoArpOnTheLanAndCallsStillComplete)
{
    RunOutput dynamicRun;
    RunOutput staticRun;
    uint32_t dynamicArp = ArpFramesInRun(false, &dynamicRun);
    uint32_t staticArp = ArpFramesInRun(true, &staticRun);
    EXPECT_GT(dynamicArp, 0u);
    EXPECT_EQ(staticArp, 0u);
    for (const RunOutput* out : {&dynamicRun, &staticRun})
    {
        ASSERT_EQ(out->results.calls.size(), 2u);
        for (const auto& c : out->results.calls)
        {
            EXPECT_EQ(c.finalStatus, 200);
        }
    }
}
