// SPDX-License-Identifier: GPL-2.0-only
// RtpMediaStream over point-to-point links: counts, exact delays, loss, re-targeting, suppression.
#include "media/rtp-media-stream.h"

#include "stack/node-address.h"
#include "wire/rtp-packet.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <gtest/gtest.h>

#include <vector>

using namespace ns3;

namespace
{

/// 10 ms propagation + (12 RTP + 160 payload + 8 UDP + 20 IPv4 + 2 PPP) bytes at 10 Mbit/s.
const Time kOneWay = MilliSeconds(10) + NanoSeconds(202 * 8 * 100); // 10.1616 ms

/// One received packet as the Rx trace reported it.
struct RxEvent
{
    Time at;
    Ipv4Address from;
    Ipv4Address local;
    uint16_t seq;
    Time delay;
};

void
RecordRx(std::vector<RxEvent>* log, Ptr<const Packet>, Ipv4Address from, Ipv4Address local,
         uint16_t seq, Time delay)
{
    log->push_back({Simulator::Now(), from, local, seq, delay});
}

class RtpMediaStreamTest : public ::testing::Test
{
protected:
    void TearDown() override
    {
        Simulator::Destroy();
    }

    /// Links @p a and @p b (10 Mbit/s, 10 ms) in subnet @p base/24; returns the interfaces.
    Ipv4InterfaceContainer Link(Ptr<Node> a, Ptr<Node> b, const char* base)
    {
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("10ms"));
        m_devices = p2p.Install(a, b);
        Ipv4AddressHelper addresses(base, "255.255.255.0");
        return addresses.Assign(m_devices);
    }

    static Ptr<RtpMediaStream> Stream(Ptr<Node> node, std::vector<RxEvent>* log)
    {
        Ptr<RtpMediaStream> s = CreateObject<RtpMediaStream>();
        s->SetNode(node);
        s->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordRx, log));
        return s;
    }

    static void StartAt(Ptr<RtpMediaStream> s, Time at, uint16_t port)
    {
        Simulator::Schedule(at, [s, port]() { EXPECT_TRUE(s->Start(port)); });
    }

    NetDeviceContainer m_devices; ///< devices of the last link
};

TEST_F(RtpMediaStreamTest, TenSecondsBothWaysNoLossExactDelay)
{
    NodeContainer nodes(2);
    InternetStackHelper().Install(nodes);
    Ipv4InterfaceContainer ifs = Link(nodes.Get(0), nodes.Get(1), "10.1.1.0");
    std::vector<RxEvent> rxA;
    std::vector<RxEvent> rxB;
    Ptr<RtpMediaStream> a = Stream(nodes.Get(0), &rxA);
    Ptr<RtpMediaStream> b = Stream(nodes.Get(1), &rxB);
    a->SetRemote(ifs.GetAddress(1), 4002);
    b->SetRemote(ifs.GetAddress(0), 4000);
    StartAt(a, Seconds(1), 4000);
    StartAt(b, Seconds(1), 4002);
    Simulator::Schedule(Seconds(11), &RtpMediaStream::Stop, a);
    Simulator::Schedule(Seconds(11), &RtpMediaStream::Stop, b);
    Simulator::Stop(Seconds(12));
    Simulator::Run();

    for (Ptr<RtpMediaStream> s : {a, b})
    {
        EXPECT_EQ(s->GetSent(), 500u);
        const auto& st = s->GetStatistics();
        EXPECT_EQ(st.GetReceived(), 500u);
        EXPECT_EQ(st.GetLost(), 0u);
        EXPECT_DOUBLE_EQ(st.GetJitterMs(), 0.0);
        EXPECT_NEAR(*st.GetMeanDelayMs(), kOneWay.GetSeconds() * 1e3, 1e-6);
        EXPECT_NEAR(*st.GetMaxDelayMs(), *st.GetMinDelayMs(), 1e-9);
        EXPECT_DOUBLE_EQ(st.GetMaxGapMs(), 20.0);
        EXPECT_NE(s->GetSsrc(), 0u);
    }
    ASSERT_EQ(rxB.size(), 500u);
    EXPECT_EQ(rxB.front().at, Seconds(1) + kOneWay);
    EXPECT_EQ(rxB.front().delay, kOneWay);
    EXPECT_EQ(rxB.back().at, Seconds(1) + MilliSeconds(20 * 499) + kOneWay);
    EXPECT_EQ(rxB.front().from, ifs.GetAddress(0));
    EXPECT_EQ(rxB.front().local, ifs.GetAddress(1));
    EXPECT_EQ(rxB.front().seq, 0);
    EXPECT_EQ(rxB.back().seq, 499);
    EXPECT_EQ(rxA.front().local, ifs.GetAddress(0));

    sipmob::MediaRecord record;
    b->FillRecord(record);
    EXPECT_EQ(record.sent, 500u);
    EXPECT_EQ(record.received, 500u);
    EXPECT_EQ(record.lost, 0u);
    EXPECT_DOUBLE_EQ(record.maxGapMs, 20.0);
    EXPECT_NEAR(record.meanDelayMs, 10.1616, 1e-6);
}

TEST_F(RtpMediaStreamTest, DroppedPacketsAreLostAndWidenTheGap)
{
    NodeContainer nodes(2);
    InternetStackHelper().Install(nodes);
    Ipv4InterfaceContainer ifs = Link(nodes.Get(0), nodes.Get(1), "10.1.1.0");
    Ptr<ReceiveListErrorModel> em = CreateObject<ReceiveListErrorModel>();
    em->SetList({10, 11, 12, 100}); // receptions at B, counted from 0
    m_devices.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(em));
    std::vector<RxEvent> rxA;
    std::vector<RxEvent> rxB;
    Ptr<RtpMediaStream> a = Stream(nodes.Get(0), &rxA);
    Ptr<RtpMediaStream> b = Stream(nodes.Get(1), &rxB);
    a->SetRemote(ifs.GetAddress(1), 5004);
    StartAt(a, Seconds(1), 5004);
    StartAt(b, Seconds(1), 5004);
    Simulator::Schedule(Seconds(11), &RtpMediaStream::Stop, a);
    Simulator::Stop(Seconds(12));
    Simulator::Run();

    EXPECT_EQ(a->GetSent(), 500u);
    const auto& st = b->GetStatistics();
    EXPECT_EQ(st.GetReceived(), 496u);
    EXPECT_EQ(st.GetLost(), 4u);
    EXPECT_DOUBLE_EQ(st.GetMaxGapMs(), 80.0); // seq 9 -> seq 13
    ASSERT_EQ(rxB.size(), 496u);
    EXPECT_EQ(rxB[9].seq, 9);
    EXPECT_EQ(rxB[10].seq, 13);
    EXPECT_EQ(rxB[10].at - rxB[9].at, MilliSeconds(80));
    EXPECT_EQ(b->GetSent(), 0u); // b has no remote: it only listens
}

TEST_F(RtpMediaStreamTest, RandomLossEqualsDeviceDrops)
{
    NodeContainer nodes(2);
    InternetStackHelper().Install(nodes);
    Ipv4InterfaceContainer ifs = Link(nodes.Get(0), nodes.Get(1), "10.1.1.0");
    Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
    em->SetRate(0.05);
    em->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
    em->AssignStreams(7);
    m_devices.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(em));
    uint32_t drops = 0;
    m_devices.Get(1)->TraceConnectWithoutContext(
        "PhyRxDrop", Callback<void, Ptr<const Packet>>([&drops](Ptr<const Packet>) { ++drops; }));
    std::vector<RxEvent> rx;
    Ptr<RtpMediaStream> a = Stream(nodes.Get(0), &rx);
    Ptr<RtpMediaStream> b = Stream(nodes.Get(1), &rx);
    a->SetRemote(ifs.GetAddress(1), 5004);
    StartAt(a, Seconds(1), 5004);
    StartAt(b, Seconds(1), 5004);
    Simulator::Schedule(Seconds(11), &RtpMediaStream::Stop, a);
    Simulator::Stop(Seconds(12));
    Simulator::Run();

    ASSERT_GT(drops, 5u);
    // A drop of the very last packet would not be visible as a sequence gap.
    const uint64_t tailLoss = rx.back().seq == 499 ? 0 : 499 - rx.back().seq;
    EXPECT_EQ(b->GetStatistics().GetLost() + tailLoss, drops);
    EXPECT_EQ(b->GetStatistics().GetReceived(), 500u - drops);
}

TEST_F(RtpMediaStreamTest, SetRemoteMidStreamContinuesSequence)
{
    NodeContainer nodes(3);
    InternetStackHelper().Install(nodes);
    Ipv4InterfaceContainer ab = Link(nodes.Get(0), nodes.Get(1), "10.1.1.0");
    Ipv4InterfaceContainer ac = Link(nodes.Get(0), nodes.Get(2), "10.1.2.0");
    std::vector<RxEvent> rxA;
    std::vector<RxEvent> rxB;
    std::vector<RxEvent> rxC;
    Ptr<RtpMediaStream> a = Stream(nodes.Get(0), &rxA);
    Ptr<RtpMediaStream> b = Stream(nodes.Get(1), &rxB);
    Ptr<RtpMediaStream> c = Stream(nodes.Get(2), &rxC);
    a->SetRemote(ab.GetAddress(1), 6000);
    StartAt(a, Seconds(1), 6000);
    StartAt(b, Seconds(1), 6000);
    StartAt(c, Seconds(1), 6002);
    const Ipv4Address cAddress = ac.GetAddress(1);
    Simulator::Schedule(MilliSeconds(5010), [a, cAddress]() { a->SetRemote(cAddress, 6002); });
    Simulator::Schedule(Seconds(11), &RtpMediaStream::Stop, a);
    Simulator::Stop(Seconds(12));
    Simulator::Run();

    EXPECT_EQ(a->GetSent(), 500u);
    ASSERT_EQ(rxB.size(), 201u); // ticks 1.00 s .. 5.00 s
    ASSERT_EQ(rxC.size(), 299u);
    EXPECT_EQ(rxB.back().seq, 200);
    EXPECT_EQ(rxC.front().seq, 201);
    EXPECT_EQ(rxC.back().seq, 499);
    EXPECT_EQ(rxB.back().at, MilliSeconds(5000) + kOneWay);
    EXPECT_EQ(rxC.front().at, MilliSeconds(5020) + kOneWay);
    EXPECT_EQ(rxC.front().local, cAddress);
    EXPECT_EQ(rxC.front().from, ac.GetAddress(0));
    EXPECT_EQ(c->GetStatistics().GetBaseSequence(), 201);
    EXPECT_EQ(c->GetStatistics().GetLost(), 0u);
    EXPECT_EQ(b->GetStatistics().GetLost(), 0u);
}

TEST_F(RtpMediaStreamTest, NoAddressSuppressesSendingAndPeerSeesLoss)
{
    NodeContainer nodes(2);
    InternetStackHelper().Install(nodes);
    Ipv4InterfaceContainer ifs = Link(nodes.Get(0), nodes.Get(1), "10.1.1.0");
    std::vector<RxEvent> rxA;
    std::vector<RxEvent> rxB;
    Ptr<RtpMediaStream> a = Stream(nodes.Get(0), &rxA);
    Ptr<RtpMediaStream> b = Stream(nodes.Get(1), &rxB);
    a->SetRemote(ifs.GetAddress(1), 5004);
    StartAt(a, Seconds(1), 5004);
    StartAt(b, Seconds(1), 5004);
    Ptr<Ipv4> ipv4 = nodes.Get(0)->GetObject<Ipv4>();
    const uint32_t ifIndex = ifs.Get(0).second;
    const Ipv4InterfaceAddress address = ipv4->GetAddress(ifIndex, 0);
    Simulator::Schedule(MilliSeconds(3010),
                        [ipv4, ifIndex]() { EXPECT_TRUE(ipv4->RemoveAddress(ifIndex, 0)); });
    Simulator::Schedule(MilliSeconds(3015),
                        [a]() { EXPECT_FALSE(HasUsableAddress(a->GetNode())); });
    Simulator::Schedule(MilliSeconds(5010), [ipv4, ifIndex, address]()
                        { EXPECT_TRUE(ipv4->AddAddress(ifIndex, address)); });
    Simulator::Schedule(Seconds(11), &RtpMediaStream::Stop, a);
    Simulator::Stop(Seconds(12));
    Simulator::Run();

    EXPECT_EQ(a->GetSuppressed(), 100u); // ticks 3.02 s .. 5.00 s
    EXPECT_EQ(a->GetSent(), 400u);
    EXPECT_EQ(a->GetSendErrors(), 0u);
    const auto& st = b->GetStatistics();
    EXPECT_EQ(st.GetReceived(), 400u);
    EXPECT_EQ(st.GetLost(), 100u); // suppressed frames consumed their sequence numbers
    EXPECT_DOUBLE_EQ(st.GetMaxGapMs(), 2020.0);
    ASSERT_EQ(rxB.size(), 400u);
    EXPECT_EQ(rxB[100].seq, 100); // sent at 3.00 s, the last tick with an address
    EXPECT_EQ(rxB[100].at, MilliSeconds(3000) + kOneWay);
    EXPECT_EQ(rxB[101].seq, 201);
    EXPECT_EQ(rxB[101].at, MilliSeconds(5020) + kOneWay);
}

TEST_F(RtpMediaStreamTest, PauseStopsSendingWithoutLoss)
{
    NodeContainer nodes(2);
    InternetStackHelper().Install(nodes);
    Ipv4InterfaceContainer ifs = Link(nodes.Get(0), nodes.Get(1), "10.1.1.0");
    std::vector<RxEvent> rx;
    Ptr<RtpMediaStream> a = Stream(nodes.Get(0), &rx);
    Ptr<RtpMediaStream> b = Stream(nodes.Get(1), &rx);
    a->SetRemote(ifs.GetAddress(1), 5004);
    StartAt(a, Seconds(1), 5004);
    StartAt(b, Seconds(1), 5004);
    Simulator::Schedule(MilliSeconds(3010), &RtpMediaStream::Pause, a);
    Simulator::Schedule(MilliSeconds(5010), &RtpMediaStream::Resume, a);
    Simulator::Schedule(MilliSeconds(7010), [a]() { EXPECT_TRUE(a->Rebind()); });
    Simulator::Schedule(Seconds(11), &RtpMediaStream::Stop, a);
    Simulator::Stop(Seconds(12));
    Simulator::Run();

    EXPECT_EQ(a->GetSent(), 400u);
    EXPECT_EQ(a->GetSuppressed(), 0u);
    EXPECT_EQ(a->GetNextSequenceNumber(), 400);
    const auto& st = b->GetStatistics();
    EXPECT_EQ(st.GetReceived(), 400u);
    EXPECT_EQ(st.GetLost(), 0u);
    // The RTP clock ran during the pause, so the silence adds no jitter.
    EXPECT_DOUBLE_EQ(st.GetJitterMs(), 0.0);
    EXPECT_DOUBLE_EQ(st.GetMaxGapMs(), 2020.0);
}

TEST_F(RtpMediaStreamTest, MalformedDatagramIsCountedNotCrashing)
{
    NodeContainer nodes(2);
    InternetStackHelper().Install(nodes);
    Ipv4InterfaceContainer ifs = Link(nodes.Get(0), nodes.Get(1), "10.1.1.0");
    std::vector<RxEvent> rx;
    Ptr<RtpMediaStream> b = Stream(nodes.Get(1), &rx);
    std::string reason;
    b->TraceConnectWithoutContext(
        "RxError",
        Callback<void, Ptr<const Packet>, Ipv4Address, const std::string&>(
            [&reason](Ptr<const Packet>, Ipv4Address, const std::string& why) { reason = why; }));
    StartAt(b, Seconds(1), 5004);
    Ptr<Socket> raw = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
    const Ipv4Address to = ifs.GetAddress(1);
    Simulator::Schedule(Seconds(2), [raw, to]()
                        { raw->SendTo(Create<Packet>(5), 0, InetSocketAddress(to, 5004)); });
    Simulator::Stop(Seconds(3));
    Simulator::Run();

    EXPECT_EQ(b->GetMalformed(), 1u);
    EXPECT_NE(reason.find("too short"), std::string::npos) << reason;
    EXPECT_EQ(b->GetStatistics().GetReceived(), 0u);
    EXPECT_TRUE(rx.empty());
}

TEST_F(RtpMediaStreamTest, TxBytesAreRtpWithAttributes)
{
    NodeContainer nodes(2);
    InternetStackHelper().Install(nodes);
    Ipv4InterfaceContainer ifs = Link(nodes.Get(0), nodes.Get(1), "10.1.1.0");
    Ptr<RtpMediaStream> a = CreateObject<RtpMediaStream>();
    a->SetAttribute("Ssrc", UintegerValue(0x12345678));
    a->SetAttribute("PayloadType", UintegerValue(8));
    a->SetAttribute("InitialSequenceNumber", UintegerValue(65534));
    a->SetNode(nodes.Get(0));
    std::vector<std::vector<uint8_t>> sent;
    std::vector<Time> sentAt;
    a->TraceConnectWithoutContext("Tx",
                                  Callback<void, Ptr<const Packet>, Ipv4Address, uint16_t>(
                                      [&sent, &sentAt](Ptr<const Packet> p, Ipv4Address, uint16_t)
                                      {
                                          std::vector<uint8_t> bytes(p->GetSize());
                                          p->CopyData(bytes.data(), bytes.size());
                                          sent.push_back(bytes);
                                          sentAt.push_back(Simulator::Now());
                                      }));
    a->SetRemote(ifs.GetAddress(1), 5004);
    StartAt(a, Seconds(1), 5004);
    Simulator::Schedule(MilliSeconds(1050), &RtpMediaStream::Stop, a);
    Simulator::Stop(Seconds(2));
    Simulator::Run();

    ASSERT_EQ(sent.size(), 3u); // 1.00, 1.02, 1.04 s
    EXPECT_EQ(sentAt[2], MilliSeconds(1040));
    for (std::size_t i = 0; i < sent.size(); ++i)
    {
        ASSERT_EQ(sent[i].size(), 172u);
        const auto rtp = sipmob::RtpPacket::Decode(sent[i]);
        ASSERT_TRUE(rtp);
        EXPECT_EQ(rtp->GetPayloadType(), 8);
        EXPECT_EQ(rtp->GetSsrc(), 0x12345678u);
        EXPECT_EQ(rtp->GetSequenceNumber(), static_cast<uint16_t>(65534 + i)); // wraps to 0
        EXPECT_EQ(rtp->GetTimestamp(), 160u * i);
        EXPECT_EQ(rtp->GetPayload().back(), 0xFF); // PCMU silence after the send time
    }
    EXPECT_EQ(a->GetNextSequenceNumber(), 1);
}

TEST_F(RtpMediaStreamTest, StartNeedsNodeAndFreePort)
{
    NodeContainer nodes(1);
    InternetStackHelper().Install(nodes);
    Ptr<RtpMediaStream> orphan = CreateObject<RtpMediaStream>();
    EXPECT_FALSE(orphan->Start(5004));
    Ptr<RtpMediaStream> first = CreateObject<RtpMediaStream>();
    first->SetNode(nodes.Get(0));
    EXPECT_TRUE(first->Start(5004));
    EXPECT_FALSE(first->Start(5004)); // already running
    Ptr<RtpMediaStream> second = CreateObject<RtpMediaStream>();
    second->SetNode(nodes.Get(0));
    EXPECT_FALSE(second->Start(5004)); // port in use
    first->Stop();
    EXPECT_TRUE(second->Start(5004));
    second->Stop();
}

} // namespace
