// SPDX-License-Identifier: GPL-2.0-only
// The transport + transaction adapter on a real ns-3 link: retransmission times in simulated time,
// Timer F, Via received/rport, 400 for garbage.
#include "stack/sip-stack.h"

#include "csma-lan.h"

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/error-model.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

/// Drops the first `limit` frames that carry a REGISTER request (deterministic loss).
class DropRegisterErrorModel : public ErrorModel
{
public:
    uint32_t limit = 0;
    uint32_t dropped = 0;

private:
    bool DoCorrupt(Ptr<Packet> p) override
    {
        std::string bytes(p->GetSize(), '\0');
        p->CopyData(reinterpret_cast<uint8_t*>(bytes.data()), bytes.size());
        if (bytes.find("REGISTER sip:") == std::string::npos || dropped >= limit)
        {
            return false;
        }
        ++dropped;
        return true;
    }

    void DoReset() override
    {
    }
};

struct Link
{
    NodeContainer nodes;
    Ptr<SipStack> client;
    Ptr<SipStack> server;
    Ptr<DropRegisterErrorModel> loss;
    std::vector<double> txTimes; // client REGISTER transmissions
    std::vector<int> finals;     // final statuses seen by the client
    std::vector<double> finalTimes;

    Link()
    {
        NetDeviceContainer devs = BuildCsmaLan(nodes, 2).devices;
        loss = CreateObject<DropRegisterErrorModel>();
        devs.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(loss));

        client = CreateObject<SipStack>();
        server = CreateObject<SipStack>();
        client->Start(nodes.Get(0), 5060);
        server->Start(nodes.Get(1), 5060);
        server->SetRequestHandler(
            [this](const sipmob::SipMessage& req, const std::string& id, const InetSocketAddress&)
            { server->SendResponse(id, sipmob::SipMessage::MakeResponse(req, 200)); });
        client->GetTransport()->TraceConnectWithoutContext("Tx", MakeCallback(&Link::OnTx, this));
    }

    ~Link()
    {
        Simulator::Destroy();
    }

    void OnTx(const sipmob::SipMessage& m, const InetSocketAddress&, const InetSocketAddress&,
              uint32_t)
    {
        if (m.IsRequest() && m.GetMethod() == "REGISTER")
        {
            txTimes.push_back(Simulator::Now().GetSeconds());
        }
    }

    void Register()
    {
        auto req = sipmob::SipMessage::MakeRequest("REGISTER",
                                                   *sipmob::SipUri::Parse("sip:net1.example.org"));
        sipmob::SipNameAddr to = *sipmob::SipNameAddr::Parse("<sip:1001@net1.example.org>");
        sipmob::SipNameAddr from = to;
        from.SetTag("abc");
        req.SetFrom(from);
        req.SetTo(to);
        req.SetHeader("Call-ID", "reg-1@10.0.0.1");
        req.SetHeader("CSeq", "1 REGISTER");
        req.SetMaxForwards(70);
        req.SetHeader("Contact", "<sip:1001@10.0.0.1:5060>");
        client->SendRequest(req, InetSocketAddress(Ipv4Address("10.0.0.2"), 5060),
                            [this](const sipmob::SipMessage& r)
                            {
                                if (r.GetStatusCode() >= 200)
                                {
                                    finals.push_back(r.GetStatusCode());
                                    finalTimes.push_back(Simulator::Now().GetSeconds());
                                }
                            });
    }
};

} // namespace

TEST(SipStack, RetransmitsRegisterAtRfcIntervalsUntilItGetsThrough)
{
    Link link;
    link.loss->limit = 5;
    Simulator::Schedule(Seconds(1), &Link::Register, &link);
    Simulator::Stop(Seconds(40));
    Simulator::Run();
    // Timer E: 500 ms, 1 s, 2 s, 4 s, 4 s (T2) ... the 6th copy gets through.
    std::vector<double> expected{1.0, 1.5, 2.5, 4.5, 8.5, 12.5};
    ASSERT_EQ(link.txTimes.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i)
    {
        EXPECT_NEAR(link.txTimes[i], expected[i], 1e-9) << "transmission " << i;
    }
    EXPECT_EQ(link.loss->dropped, 5u);
    ASSERT_EQ(link.finals.size(), 1u);
    EXPECT_EQ(link.finals[0], 200);
    EXPECT_GT(link.finalTimes[0], 12.5);
    EXPECT_LT(link.finalTimes[0], 12.6);
}

TEST(SipStack, TimerFReportsTimeoutAt64T1WhenEveryCopyIsLost)
{
    Link link;
    link.loss->limit = 1000;
    Simulator::Schedule(Seconds(1), &Link::Register, &link);
    Simulator::Stop(Seconds(60));
    Simulator::Run();
    std::vector<double> expected{1.0, 1.5, 2.5, 4.5, 8.5, 12.5, 16.5, 20.5, 24.5, 28.5, 32.5};
    ASSERT_EQ(link.txTimes.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i)
    {
        EXPECT_NEAR(link.txTimes[i], expected[i], 1e-9) << "transmission " << i;
    }
    ASSERT_EQ(link.finals.size(), 1u);
    EXPECT_EQ(link.finals[0], 408);
    EXPECT_NEAR(link.finalTimes[0], 33.0, 1e-9); // Timer F = 64*T1 = 32 s after the first send
}

TEST(SipStack, ServerStampsReceivedAndRportAndAnswersGarbageWith400)
{
    Link link;
    std::vector<std::string> topVias;
    link.server->GetTransport()->TraceConnectWithoutContext(
        "Rx", MakeBoundCallback(
                  +[](std::vector<std::string>* out, const sipmob::SipMessage& m,
                      const InetSocketAddress&, const InetSocketAddress&, uint32_t)
                  {
                      if (m.IsRequest())
                      {
                          out->push_back(m.GetTopVia().ToString());
                      }
                  },
                  &topVias));
    Simulator::Schedule(Seconds(1), &Link::Register, &link);
    // A raw socket sends garbage that still has a recoverable Via.
    Ptr<Socket> raw = Socket::CreateSocket(link.nodes.Get(0), UdpSocketFactory::GetTypeId());
    raw->Bind(InetSocketAddress(Ipv4Address::GetAny(), 7000));
    std::vector<std::string> answers;
    CollectDatagrams(raw, &answers);
    std::string garbage = "OPTIONS sip:x@10.0.0.2 SIP/2.0\r\n"
                          "Via: SIP/2.0/UDP 10.0.0.1:7000;branch=z9hG4bK-g1\r\n"
                          "From: <sip:a@x>;tag=1\r\nTo: <sip:x@10.0.0.2>\r\n"
                          "Call-ID: g1\r\nCSeq: 99999999999 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    Simulator::Schedule(
        Seconds(2),
        [&]()
        {
            raw->SendTo(
                Create<Packet>(reinterpret_cast<const uint8_t*>(garbage.data()), garbage.size()), 0,
                InetSocketAddress(Ipv4Address("10.0.0.2"), 5060));
        });
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    ASSERT_EQ(topVias.size(), 1u);
    EXPECT_NE(topVias[0].find("rport=5060"), std::string::npos) << topVias[0];
    EXPECT_NE(topVias[0].find("received=10.0.0.1"), std::string::npos) << topVias[0];
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0].rfind("SIP/2.0 400 ", 0), 0u) << answers[0];
    ASSERT_EQ(link.finals.size(), 1u); // the server kept working
    EXPECT_EQ(link.finals[0], 200);
}
