// SPDX-License-Identifier: GPL-2.0-only
// ApLostStationGuard (trial finding 4): a station that leaves an AP while the AP still sends it
// a call's downlink must not hold up the AP's other frames. Station A gets a lease and 50
// frames/s of downlink, then walks out of range at 5 s; station B arrives at 6 s. Without the
// guard the AP retries every frame of A's downlink ShortRetryLimit + 1 times at 1 Mb/s and B's
// broadcast OFFER and ACK wait behind those retry chains (or expire in the queue).
#include "access/ap-lost-station-guard.h"
#include "access/roaming-dhcp-client.h"
#include "install/wifi-access-helper.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/mobility-module.h"
#include "ns3/network-module.h"
#include "ns3/wifi-module.h"

#include <gtest/gtest.h>

#include <vector>

using namespace ns3;

namespace
{

constexpr uint16_t kVoicePort = 4000; ///< where the AP sends A's downlink
constexpr uint32_t kVoiceBytes = 200; ///< G.711 20 ms + RTP header, about
const Time kVoicePeriod = MilliSeconds(20);
const Time kALeaves = Seconds(5);  ///< A walks out of range
const Time kBArrives = Seconds(6); ///< B walks into range

struct Handover
{
    WifiAccessHelper access;
    Ptr<Node> ap;
    Ptr<Node> a;
    Ptr<Node> b;
    Ptr<Socket> voice;            ///< on the AP, towards A
    Ipv4Address aAddress;         ///< A's lease
    std::vector<Time> bAssocs;    ///< B associated
    std::vector<Time> bLeases;    ///< B bound a lease
    std::vector<Time> lost;       ///< the guard let go of A
    std::vector<uint32_t> purged; ///< queued frames it dropped then
    Mac48Address aMac;            ///< A's address
    uint32_t ackedToA = 0;        ///< frames to A the AP saw acknowledged

    explicit Handover(uint32_t maxFinalFailures)
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        access.SetAccessNetworkOptions({{"net1.example.org", Ipv4Address::GetAny()}});
        ap = access.InstallAccessPoints({Vector(0, 0, 0)}).Get(0);
        Ptr<ApLostStationGuard> guard = ap->GetObject<ApLostStationGuard>();
        guard->SetAttribute("MaxFinalFailures", UintegerValue(maxFinalFailures));
        guard->TraceConnectWithoutContext("Lost", MakeCallback(&Handover::OnLost, this));
        a = Station(Vector(10, 0, 0));
        b = Station(Vector(1000, 0, 0));
        Ptr<RoamingDhcpClient> aClient = access.InstallStation(a);
        aMac = Mac48Address::ConvertFrom(aClient->GetDevice()->GetAddress());
        aClient->TraceConnectWithoutContext("NewLease", MakeCallback(&Handover::OnALease, this));
        Ptr<RoamingDhcpClient> bClient = access.InstallStation(b);
        bClient->TraceConnectWithoutContext("NewLease", MakeCallback(&Handover::OnBLease, this));
        WifiAccessHelper::ConnectStaLinkTraces(bClient->GetDevice(),
                                               MakeCallback(&Handover::OnBAssoc, this),
                                               Callback<void, Mac48Address>());
        access.AssignStreams(100);
        DynamicCast<WifiNetDevice>(access.GetApDevice(0))
            ->GetMac()
            ->TraceConnectWithoutContext("AckedMpdu", MakeCallback(&Handover::OnAcked, this));
        Simulator::Schedule(kALeaves, &Handover::MoveTo, a, Vector(1000, 0, 0));
        Simulator::Schedule(kBArrives, &Handover::MoveTo, b, Vector(10, 5, 0));
    }

    ~Handover()
    {
        Simulator::Destroy();
    }

    static Ptr<Node> Station(Vector at)
    {
        Ptr<Node> n = CreateObject<Node>();
        MobilityHelper mobility;
        mobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
        mobility.Install(n);
        n->GetObject<MobilityModel>()->SetPosition(at);
        return n;
    }

    static void MoveTo(Ptr<Node> n, Vector at)
    {
        n->GetObject<MobilityModel>()->SetPosition(at);
    }

    void OnALease(const Ipv4Address& address)
    {
        if (voice)
        {
            return;
        }
        aAddress = address;
        voice = Socket::CreateSocket(ap, UdpSocketFactory::GetTypeId());
        voice->Bind();
        SendVoice();
    }

    void SendVoice()
    {
        voice->SendTo(Create<Packet>(kVoiceBytes), 0, InetSocketAddress(aAddress, kVoicePort));
        Simulator::Schedule(kVoicePeriod, &Handover::SendVoice, this);
    }

    /// The AP's acknowledged frames, one of the guard's signs that a station is there.
    void OnAcked(Ptr<const WifiMpdu> mpdu)
    {
        if (mpdu->GetHeader().GetAddr1() == aMac)
        {
            ++ackedToA;
        }
    }

    void OnBAssoc(Mac48Address)
    {
        bAssocs.push_back(Simulator::Now());
    }

    void OnBLease(const Ipv4Address&)
    {
        bLeases.push_back(Simulator::Now());
    }

    void OnLost(Mac48Address station, uint32_t frames)
    {
        EXPECT_EQ(station, aMac);
        lost.push_back(Simulator::Now());
        purged.push_back(frames);
    }

    uint32_t ApQueueLength() const
    {
        return DynamicCast<WifiNetDevice>(access.GetApDevice(0))
            ->GetMac()
            ->GetTxop()
            ->GetWifiMacQueue()
            ->GetNPackets();
    }
};

TEST(ApLostStationGuard, AStationThatLeftNoLongerHoldsUpTheArrivingStationsLease)
{
    Handover h(4);
    uint32_t queuedAt10s = 0;
    Simulator::Schedule(Seconds(10), [&]() { queuedAt10s = h.ApQueueLength(); });
    Simulator::Stop(Seconds(12));
    Simulator::Run();
    ASSERT_FALSE(h.aAddress == Ipv4Address()) << "A never got a lease";
    // A's downlink was acknowledged while A was there (AckedMpdu, which resets the count).
    EXPECT_GT(h.ackedToA, 200u);
    // The AP let go of A once, within a second of its departure: four frames of its downlink
    // (80 ms of voice) used up their retransmissions.
    ASSERT_EQ(h.lost.size(), 1u);
    EXPECT_GT(h.lost[0], kALeaves);
    EXPECT_LT(h.lost[0], kALeaves + Seconds(1));
    EXPECT_GT(h.purged[0], 0u);
    // Nothing more is queued for A: A's downlink is dropped before the queue.
    EXPECT_LE(queuedAt10s, 1u);
    // B associated after its arrival and had its lease a few tens of ms later (offer
    // collection 50 ms), not after A's retry chains.
    ASSERT_FALSE(h.bAssocs.empty());
    ASSERT_FALSE(h.bLeases.empty()) << "B never got a lease";
    EXPECT_GT(h.bAssocs[0], kBArrives);
    EXPECT_LT((h.bLeases[0] - h.bAssocs[0]).GetMilliSeconds(), 200);
}

TEST(ApLostStationGuard, ZeroKeepsTheStationAssociatedAndItsFramesQueued)
{
    // MaxFinalFailures 0: ns-3's own behaviour, A's downlink keeps the AP's queue full.
    Handover h(0);
    uint32_t queuedAt10s = 0;
    Simulator::Schedule(Seconds(10), [&]() { queuedAt10s = h.ApQueueLength(); });
    Simulator::Stop(Seconds(12));
    Simulator::Run();
    EXPECT_TRUE(h.lost.empty());
    EXPECT_GT(queuedAt10s, 10u);
    // and B's lease waits behind A's retry chains (or needs a retransmission).
    ASSERT_FALSE(h.bAssocs.empty());
    Time lease = h.bLeases.empty() ? Seconds(12) : h.bLeases[0];
    EXPECT_GT((lease - h.bAssocs[0]).GetMilliSeconds(), 200)
        << "B's lease at " << lease.As(Time::S);
}

} // namespace
