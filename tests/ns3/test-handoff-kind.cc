// SPDX-License-Identifier: GPL-2.0-only
// The `kind` of each link event recorded by HandoffMonitor: hand-off (an AP of another network),
// re-association (same network), coverage loss (no new association).
#include "results/handoff-monitor.h"

#include "ns3/core-module.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace ns3;

namespace
{

const Mac48Address kAp1("00:00:00:00:00:01"); ///< AP of net1
const Mac48Address kAp2("00:00:00:00:00:02"); ///< AP of net2
const Mac48Address kAp3("00:00:00:00:00:03"); ///< second AP of net1

/// A monitor fed by scheduled events; records what it emits.
struct Feed
{
    Ptr<HandoffMonitor> monitor = CreateObject<HandoffMonitor>();
    std::vector<sipmob::HandoffRecord> records;

    explicit Feed(bool knowsAps = true)
    {
        auto networkOf = [](Ipv4Address a)
        { return (a.Get() >> 16) == ((10u << 8) | 1u) ? std::string("net1") : "net2"; };
        auto networkOfAp = [](Mac48Address b)
        { return b == kAp2 ? std::string("net2") : std::string("net1"); };
        if (knowsAps)
        {
            monitor->Configure("sip:1001@net1", networkOf, networkOfAp);
        }
        else
        {
            monitor->Configure("sip:1001@net1", networkOf);
        }
        monitor->TraceConnectWithoutContext("Handoff", MakeCallback(&Feed::OnRecord, this));
        At(0.1, [this] { monitor->OnLease(Ipv4Address("10.1.0.10")); });
    }

    ~Feed()
    {
        Simulator::Destroy();
    }

    void OnRecord(const sipmob::HandoffRecord& r)
    {
        records.push_back(r);
    }

    template <typename F> void At(double t, F f)
    {
        Simulator::Schedule(Seconds(t), f);
    }

    void Run()
    {
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        monitor->Flush();
    }
};

} // namespace

TEST(HandoffKind, NewNetworkIsAHandoff)
{
    Feed f;
    f.At(1.0, [&] { f.monitor->OnDeassociated(kAp1); });
    f.At(1.2, [&] { f.monitor->OnAssociated(kAp2); });
    f.At(1.3, [&] { f.monitor->OnLease(Ipv4Address("10.2.0.10")); });
    f.Run();
    ASSERT_EQ(f.records.size(), 1u);
    EXPECT_EQ(f.records[0].kind, "handoff");
    EXPECT_EQ(f.records[0].fromNetwork, "net1");
    EXPECT_EQ(f.records[0].toNetwork, "net2");
}

TEST(HandoffKind, SameNetworkIsAReassociationEvenThroughAnotherAp)
{
    Feed f;
    f.At(1.0, [&] { f.monitor->OnDeassociated(kAp1); });
    f.At(1.2, [&] { f.monitor->OnAssociated(kAp1); });
    f.At(1.3, [&] { f.monitor->OnLease(Ipv4Address("10.1.0.10")); });
    f.At(3.0, [&] { f.monitor->OnDeassociated(kAp1); });
    f.At(3.2, [&] { f.monitor->OnAssociated(kAp3); });
    f.Run();
    ASSERT_EQ(f.records.size(), 2u);
    EXPECT_EQ(f.records[0].kind, "reassociation");
    EXPECT_EQ(f.records[0].toNetwork, "net1");
    EXPECT_EQ(f.records[1].kind, "reassociation");
    EXPECT_EQ(f.records[1].toNetwork, "net1"); // from the AP: no lease yet
}

TEST(HandoffKind, NoNewAssociationIsCoverageLoss)
{
    Feed f;
    f.At(1.0, [&] { f.monitor->OnDeassociated(kAp1); });
    f.Run();
    ASSERT_EQ(f.records.size(), 1u);
    EXPECT_EQ(f.records[0].kind, "coverage-loss");
    EXPECT_EQ(f.records[0].toNetwork, "");
    EXPECT_FALSE(f.records[0].tAssociated.has_value());
}

TEST(HandoffKind, AssociatedWithAnotherNetworkWithoutLeaseIsStillAHandoff)
{
    // The move failed at DHCP, but the radio gave a link into net2: a hand-off that did not
    // complete (its empty t_lease says where it stopped), not a coverage loss.
    Feed f;
    f.At(1.0, [&] { f.monitor->OnDeassociated(kAp1); });
    f.At(1.2, [&] { f.monitor->OnAssociated(kAp2); });
    f.Run();
    ASSERT_EQ(f.records.size(), 1u);
    EXPECT_EQ(f.records[0].kind, "handoff");
    EXPECT_EQ(f.records[0].toNetwork, "net2");
    EXPECT_FALSE(f.records[0].tLease.has_value());
}

TEST(HandoffKind, WithoutApMapTheLeaseDecides)
{
    Feed f(false);
    f.At(1.0, [&] { f.monitor->OnDeassociated(kAp1); });
    f.At(1.2, [&] { f.monitor->OnAssociated(kAp2); });
    f.At(1.3, [&] { f.monitor->OnLease(Ipv4Address("10.2.0.10")); });
    f.At(3.0, [&] { f.monitor->OnDeassociated(kAp2); });
    f.At(3.2, [&] { f.monitor->OnAssociated(kAp2); });
    f.At(3.3, [&] { f.monitor->OnLease(Ipv4Address("10.2.0.10")); });
    f.Run();
    ASSERT_EQ(f.records.size(), 2u);
    EXPECT_EQ(f.records[0].kind, "handoff");
    EXPECT_EQ(f.records[1].kind, "reassociation");
}

TEST(HandoffKind, ClassifyRules)
{
    sipmob::HandoffRecord r;
    r.fromNetwork = "net1";
    EXPECT_EQ(HandoffMonitor::Classify(r, "net2"), "coverage-loss"); // never associated
    r.tAssociated = 1.0;
    EXPECT_EQ(HandoffMonitor::Classify(r, "net2"), "handoff");
    EXPECT_EQ(HandoffMonitor::Classify(r, "net1"), "reassociation");
    r.toNetwork = "net1";
    EXPECT_EQ(HandoffMonitor::Classify(r, ""), "reassociation");
    r.toNetwork = "net3";
    EXPECT_EQ(HandoffMonitor::Classify(r, ""), "handoff");
}

TEST(HandoffKind, LinkLostAgainBeforeTheLeaseContinuesTheSameMove)
{
    // net1 -> net2: the first association with AP2 breaks before DHCP completes (e.g. the AP
    // did not confirm it and deauthenticated the station); the second one leads to the lease.
    // One move, one record; its L2 ends at the association that worked.
    Feed f;
    f.At(1.0, [&] { f.monitor->OnDeassociated(kAp1); });
    f.At(1.2, [&] { f.monitor->OnAssociated(kAp2); });
    f.At(1.25, [&] { f.monitor->OnDeassociated(kAp2); });
    f.At(1.4, [&] { f.monitor->OnAssociated(kAp2); });
    f.At(1.5, [&] { f.monitor->OnLease(Ipv4Address("10.2.0.10")); });
    f.Run();
    ASSERT_EQ(f.records.size(), 1u);
    EXPECT_EQ(f.records[0].kind, "handoff");
    EXPECT_DOUBLE_EQ(*f.records[0].tLinkLost, 1.0);
    EXPECT_DOUBLE_EQ(*f.records[0].tAssociated, 1.4);
    EXPECT_DOUBLE_EQ(*f.records[0].tLease, 1.5);
}
