// SPDX-License-Identifier: GPL-2.0-only
// A SipStack on a real ns-3 link receives requests and responses that parse but lack a mandatory
// header (RFC 3261 §8.1.1) or carry a control byte (§25.1): a request with a Via gets 400 with a
// Warning naming the header, the rest is dropped, and none reaches the transaction layer.
#include "stack/sip-stack.h"

#include "csma-lan.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

/// A server SipStack at 10.0.0.2:5060 and a raw UDP socket at 10.0.0.1:7000 that sends bytes.
struct Bench
{
    NodeContainer nodes;
    Ptr<SipStack> server;
    Ptr<Socket> raw;
    std::vector<std::string> answers; ///< datagrams the raw socket received
    std::vector<std::string> errors;  ///< the server transport's ParseError reasons
    int requests = 0;                 ///< requests handed to the server's request handler
    int strays = 0;                   ///< responses handed to its stray handler

    Bench()
    {
        BuildCsmaLan(nodes, 2);
        server = CreateObject<SipStack>();
        server->Start(nodes.Get(1), 5060);
        server->SetRequestHandler(
            [this](const sipmob::SipMessage& req, const std::string& id, const InetSocketAddress&)
            {
                ++requests;
                server->SendResponse(id, sipmob::SipMessage::MakeResponse(req, 200));
            });
        server->SetStrayHandler([this](const sipmob::SipMessage&, const InetSocketAddress&)
                                { ++strays; });
        server->GetTransport()->TraceConnectWithoutContext(
            "ParseError", MakeBoundCallback(
                              +[](std::vector<std::string>* out, const std::string& reason,
                                  const InetSocketAddress&) { out->push_back(reason); },
                              &errors));
        raw = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        raw->Bind(InetSocketAddress(Ipv4Address::GetAny(), 7000));
        CollectDatagrams(raw, &answers);
    }

    ~Bench()
    {
        Simulator::Destroy();
    }

    /// Sends @p bytes to the server at @p t seconds.
    void SendAt(double t, std::string bytes)
    {
        Simulator::Schedule(
            Seconds(t),
            [this, bytes]()
            {
                raw->SendTo(
                    Create<Packet>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), 0,
                    InetSocketAddress(Ipv4Address("10.0.0.2"), 5060));
            });
    }

    void Run()
    {
        Simulator::Stop(Seconds(5));
        Simulator::Run();
    }
};

const std::string kVia = "Via: SIP/2.0/UDP 10.0.0.1:7000;branch=z9hG4bK-m1\r\n";
const std::string kFrom = "From: <sip:a@x>;tag=1\r\n";
const std::string kTo = "To: <sip:b@10.0.0.2>\r\n";
const std::string kCallId = "Call-ID: m1\r\n";
const std::string kCSeq = "CSeq: 1 INVITE\r\n";
const std::string kMaxForwards = "Max-Forwards: 70\r\n";
const std::string kEnd = "Content-Length: 0\r\n\r\n";

} // namespace

TEST(MandatoryHeaders, Rfc3261_8_1_1_RequestWithoutCallIdGets400NamingItAndNoTransaction)
{
    Bench b;
    b.SendAt(1, "INVITE sip:b@10.0.0.2 SIP/2.0\r\n" + kVia + kFrom + kTo + kCSeq + kMaxForwards +
                    kEnd);
    b.Run();
    ASSERT_EQ(b.answers.size(), 1u);
    const std::string& a = b.answers[0];
    EXPECT_EQ(a.rfind("SIP/2.0 400 Bad Request\r\n", 0), 0u) << a;
    EXPECT_NE(a.find("\r\nWarning: 399 sipmob \"missing Call-ID header (mandatory in every "
                     "request, RFC 3261 §8.1.1)\"\r\n"),
              std::string::npos)
        << a;
    EXPECT_NE(a.find("\r\nVia: SIP/2.0/UDP 10.0.0.1:7000;branch=z9hG4bK-m1"), std::string::npos)
        << a;
    EXPECT_NE(a.find("\r\nCSeq: 1 INVITE\r\n"), std::string::npos) << a;
    EXPECT_EQ(b.requests, 0); // never reached a transaction or the element
    ASSERT_EQ(b.errors.size(), 1u);
    EXPECT_NE(b.errors[0].find("missing Call-ID header"), std::string::npos) << b.errors[0];
}

TEST(MandatoryHeaders, Rfc3261_8_1_1_EachMissingHeaderIsNamed)
{
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"From", kVia + kTo + kCallId + kCSeq + kMaxForwards},
        {"To", kVia + kFrom + kCallId + kCSeq + kMaxForwards},
        {"CSeq", kVia + kFrom + kTo + kCallId + kMaxForwards},
        {"Max-Forwards", kVia + kFrom + kTo + kCallId + kCSeq},
    };
    for (const auto& [name, headers] : cases)
    {
        Bench b;
        b.SendAt(1, "INVITE sip:b@10.0.0.2 SIP/2.0\r\n" + headers + kEnd);
        b.Run();
        ASSERT_EQ(b.answers.size(), 1u) << name;
        EXPECT_EQ(b.answers[0].rfind("SIP/2.0 400 Bad Request\r\n", 0), 0u) << b.answers[0];
        EXPECT_NE(b.answers[0].find("\"missing " + name + " header"), std::string::npos)
            << b.answers[0];
        EXPECT_EQ(b.requests, 0) << name;
    }
}

TEST(MandatoryHeaders, Rfc3261_8_2_2_NoViaNothingToAnswerToDroppedAndTraced)
{
    Bench b;
    b.SendAt(1, "INVITE sip:b@10.0.0.2 SIP/2.0\r\n" + kFrom + kTo + kCallId + kCSeq + kMaxForwards +
                    kEnd);
    b.SendAt(2, "INVITE sip:b@10.0.0.2 SIP/2.0\r\n\r\n"); // a bare request line
    b.Run();
    EXPECT_TRUE(b.answers.empty());
    EXPECT_EQ(b.requests, 0);
    ASSERT_EQ(b.errors.size(), 2u);
    EXPECT_NE(b.errors[0].find("missing Via header"), std::string::npos) << b.errors[0];
    EXPECT_NE(b.errors[1].find("missing Via header"), std::string::npos) << b.errors[1];
}

TEST(MandatoryHeaders, Rfc3261_25_1_NulInCallIdGets400)
{
    Bench b;
    b.SendAt(1, "INVITE sip:b@10.0.0.2 SIP/2.0\r\n" + kVia + kFrom + kTo +
                    std::string("Call-ID: ab\0cd\r\n", 16) + kCSeq + kMaxForwards + kEnd);
    b.Run();
    ASSERT_EQ(b.answers.size(), 1u);
    EXPECT_EQ(b.answers[0].rfind("SIP/2.0 400 Bad Request\r\n", 0), 0u) << b.answers[0];
    EXPECT_NE(b.answers[0].find("control character 0x00 in the Call-ID header"), std::string::npos)
        << b.answers[0];
    EXPECT_EQ(b.answers[0].find('\0'), std::string::npos); // the NUL is not echoed
    EXPECT_EQ(b.requests, 0);
}

TEST(MandatoryHeaders, ResponseWithoutCSeqAndAckWithoutCallIdAreDroppedUnanswered)
{
    Bench b;
    b.SendAt(1, "SIP/2.0 200 OK\r\n" + kVia + kFrom + kTo + kCallId + kEnd);
    b.SendAt(2, "ACK sip:b@10.0.0.2 SIP/2.0\r\n" + kVia + kFrom + kTo + "CSeq: 1 ACK\r\n" +
                    kMaxForwards + kEnd);
    b.Run();
    EXPECT_TRUE(b.answers.empty()); // §17.1.1.3: an ACK is never answered
    EXPECT_EQ(b.strays, 0);
    EXPECT_EQ(b.requests, 0);
    ASSERT_EQ(b.errors.size(), 2u);
    EXPECT_NE(b.errors[0].find("missing CSeq header (mandatory in every response"),
              std::string::npos)
        << b.errors[0];
    EXPECT_NE(b.errors[1].find("missing Call-ID header"), std::string::npos) << b.errors[1];
}

TEST(MandatoryHeaders, CompleteRequestStillReachesTheElement)
{
    Bench b;
    b.SendAt(1, "OPTIONS sip:b@10.0.0.2 SIP/2.0\r\n" + kVia + kFrom + kTo + kCallId +
                    "CSeq: 1 OPTIONS\r\n" + kMaxForwards + kEnd);
    b.Run();
    EXPECT_EQ(b.requests, 1);
    ASSERT_EQ(b.answers.size(), 1u);
    EXPECT_EQ(b.answers[0].rfind("SIP/2.0 200 OK\r\n", 0), 0u) << b.answers[0];
    EXPECT_TRUE(b.errors.empty());
}
