// SPDX-License-Identifier: GPL-2.0-only
// Redirect server, marshal server and gateway pair, driven by hand-built SIP over UDP sockets on
// one CSMA LAN that carries two SIP networks (net1, net2).
#include "install/marshal-gateway-helper.h"
#include "install/marshal-server-helper.h"
#include "install/redirect-server-helper.h"
#include "message/sip-digest-auth.h"
#include "message/sip-message.h"
#include "dialog/sip-proxy-core.h"

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using sipmob::SipMessage;

namespace
{

/// Node indexes and their addresses 10.0.0.(index + 1).
enum Role
{
    RS1,
    MS1,
    GW1,
    RS2,
    MS2,
    GW2,
    UA_A,
    UA_B,
    UA_C,
    N_NODES
};

/// \param i a node index \return its address text
std::string
Ip(int i)
{
    return "10.0.0." + std::to_string(i + 1);
}

/// A UDP socket playing a user agent (or any SIP client) on port 5060.
struct TestUa
{
    Ptr<Socket> socket;
    std::string ip;
    std::vector<SipMessage> rx;  ///< every message received
    std::vector<double> rxTimes; ///< their arrival times
    std::vector<std::string>* log = nullptr;

    void Open(Ptr<Node> node, int index, std::vector<std::string>* events)
    {
        ip = Ip(index);
        log = events;
        socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), 5060));
        socket->SetRecvCallback(MakeCallback(&TestUa::OnRead, this));
    }

    void OnRead(Ptr<Socket> s)
    {
        Address from;
        while (Ptr<Packet> p = s->RecvFrom(from))
        {
            std::string bytes(p->GetSize(), '\0');
            p->CopyData(reinterpret_cast<uint8_t*>(bytes.data()), bytes.size());
            auto msg = SipMessage::Parse(bytes);
            if (msg)
            {
                rx.push_back(*msg);
                rxTimes.push_back(Simulator::Now().GetSeconds());
                log->push_back(
                    "ua " + ip + " rx " +
                    (msg->IsRequest() ? msg->GetMethod() : std::to_string(msg->GetStatusCode())));
            }
        }
    }

    void Send(const std::string& text, int to, uint16_t port)
    {
        Ptr<Packet> p = Create<Packet>(reinterpret_cast<const uint8_t*>(text.data()), text.size());
        socket->SendTo(p, 0, InetSocketAddress(Ipv4Address(Ip(to).c_str()), port));
    }

    /// \return the responses received (by status code), in order, retransmissions left out
    std::vector<int> Codes() const
    {
        std::vector<int> codes;
        std::set<std::string> seen;
        for (const auto& m : rx)
        {
            std::string key = m.GetCallId() + "|" + m.GetCSeq().ToString() + "|" +
                              std::to_string(m.GetStatusCode());
            if (m.IsResponse() && seen.insert(key).second)
            {
                codes.push_back(m.GetStatusCode());
            }
        }
        return codes;
    }

    /// \return the last response with this CSeq number, or a default message
    SipMessage Last(int code) const
    {
        for (auto it = rx.rbegin(); it != rx.rend(); ++it)
        {
            if (it->IsResponse() && it->GetStatusCode() == code)
            {
                return *it;
            }
        }
        return SipMessage();
    }

    /// \return the first request received with this method
    const SipMessage* Request(const std::string& method) const
    {
        for (const auto& m : rx)
        {
            if (m.IsRequest() && m.GetMethod() == method)
            {
                return &m;
            }
        }
        return nullptr;
    }
};

/// Fields of a hand-built request.
struct Req
{
    std::string method = "REGISTER";
    std::string ruri = "sip:net1.example.org";
    std::string from = "sip:1001@net1.example.org";
    std::string to = "sip:1001@net1.example.org";
    std::string callId = "call-1";
    int cseq = 1;
    std::string contact; ///< full Contact value, "" for none
    std::string expires; ///< Expires value, "" for none
    std::string extra;   ///< extra header lines (CRLF-terminated)
    int maxForwards = 70;
    std::string branch = "z9hG4bK-t";
    std::string toTag;
};

/// \return the request text sent from \p ua
std::string
Build(const TestUa& ua, const Req& r)
{
    std::ostringstream os;
    os << r.method << " " << r.ruri << " SIP/2.0\r\n"
       << "Via: SIP/2.0/UDP " << ua.ip << ":5060;branch=" << r.branch << r.cseq << r.callId
       << ";rport\r\n"
       << "Max-Forwards: " << r.maxForwards << "\r\n"
       << "From: <" << r.from << ">;tag=ft-" << r.callId << "\r\n"
       << "To: <" << r.to << ">" << (r.toTag.empty() ? "" : ";tag=" + r.toTag) << "\r\n"
       << "Call-ID: " << r.callId << "\r\n"
       << "CSeq: " << r.cseq << " " << r.method << "\r\n";
    if (!r.contact.empty())
    {
        os << "Contact: " << r.contact << "\r\n";
    }
    if (!r.expires.empty())
    {
        os << "Expires: " << r.expires << "\r\n";
    }
    os << r.extra << "Content-Length: 0\r\n\r\n";
    return os.str();
}

/// A response of the test UA to a received request.
std::string
Answer(const SipMessage& request, int code, const std::string& contact = "")
{
    SipMessage response = SipProxyCore::MakeFinal(request, code);
    if (!contact.empty())
    {
        response.AddHeader("Contact", contact);
    }
    return response.Serialize();
}

/// Two SIP networks on one LAN: servers, gateways and three test UAs.
class Testbed
{
public:
    NodeContainer nodes;
    Ptr<RedirectServer> rs1, rs2;
    Ptr<MarshalServer> ms1, ms2;
    Ptr<MarshalGateway> gw1, gw2;
    TestUa ua[3]; ///< UA_A, UA_B, UA_C
    std::vector<std::string> events;

    Testbed()
    {
        nodes.Create(N_NODES);
        CsmaHelper csma;
        csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
        csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(50)));
        NetDeviceContainer devices = csma.Install(nodes);
        InternetStackHelper internet;
        internet.Install(nodes);
        Ipv4AddressHelper ipv4("10.0.0.0", "255.255.255.0");
        ipv4.Assign(devices);
        InstallNetwork(1);
        InstallNetwork(2);
        for (int i = 0; i < 3; ++i)
        {
            ua[i].Open(nodes.Get(UA_A + i), UA_A + i, &events);
        }
        Trace();
    }

    ~Testbed()
    {
        Simulator::Destroy();
    }

    TestUa& A()
    {
        return ua[0];
    }

    TestUa& B()
    {
        return ua[1];
    }

    TestUa& C()
    {
        return ua[2];
    }

    /// \param t when \param ua who \param text what \param to node \param port port
    void At(double t, TestUa& u, const std::string& text, int to, uint16_t port = 5060)
    {
        Simulator::Schedule(Seconds(t), [&u, text, to, port]() { u.Send(text, to, port); });
    }

    void Run(double until)
    {
        Simulator::Stop(Seconds(until));
        Simulator::Run();
    }

private:
    void InstallNetwork(int n)
    {
        std::string domain = "net" + std::to_string(n) + ".example.org";
        std::string other = n == 1 ? "net2.example.org" : "net1.example.org";
        int base = n == 1 ? RS1 : RS2;
        int peerBase = n == 1 ? RS2 : RS1;
        auto store = std::make_shared<SubscriberStore>();
        auto plan = std::make_shared<DialPlan>();
        std::string hop = n == 1 ? "gw-1-2" : "gw-2-1";
        plan->Add({n == 1 ? "1xxx" : "2xxx", DialPlan::LOCAL});
        plan->Add({n == 1 ? "2xxx" : "1xxx", hop});
        if (n == 1)
        {
            store->Add({"1001", domain, ""});
            store->Add({"1002", domain, "secret"});
            store->Add({"1003", domain, ""});
        }
        else
        {
            store->Add({"2001", domain, ""});
        }
        uint16_t gwPort = n == 1 ? 5065 : 5066;
        uint16_t peerGwPort = n == 1 ? 5066 : 5065;
        Ipv4Address gw(Ip(base + 2).c_str());

        RedirectServerHelper rsh;
        rsh.SetAttribute("Domain", StringValue(domain));
        rsh.SetDialPlan(plan);
        rsh.AddPeerNetwork(
            {hop, other, InetSocketAddress(gw, gwPort), Ipv4Address(Ip(peerBase + 1).c_str())});
        auto rs = DynamicCast<RedirectServer>(rsh.Install(nodes.Get(base)).Get(0));

        MarshalServerHelper msh;
        msh.SetAttribute("Domain", StringValue(domain));
        msh.SetAttribute("Realm", StringValue(domain));
        msh.SetAttribute("RedirectServerAddress", Ipv4AddressValue(Ip(base).c_str()));
        msh.SetAttribute("DigestEnabled", BooleanValue(true));
        msh.SetAttribute("AllowForeignRegister", BooleanValue(true));
        msh.SetSubscriberStore(store);
        msh.AddTrustedPeer(gw);
        auto ms = DynamicCast<MarshalServer>(msh.Install(nodes.Get(base + 1)).Get(0));

        MarshalGatewayHelper gwh;
        gwh.SetAttribute("Port", UintegerValue(gwPort));
        gwh.SetEnds(InetSocketAddress(Ipv4Address(Ip(base + 1).c_str()), 5060),
                    InetSocketAddress(Ipv4Address(Ip(peerBase + 2).c_str()), peerGwPort));
        auto g = DynamicCast<MarshalGateway>(gwh.Install(nodes.Get(base + 2)).Get(0));
        (n == 1 ? rs1 : rs2) = rs;
        (n == 1 ? ms1 : ms2) = ms;
        (n == 1 ? gw1 : gw2) = g;
    }

    void Trace()
    {
        for (auto [rs, name] : {std::make_pair(rs1, "rs1"), std::make_pair(rs2, "rs2")})
        {
            std::string n = name;
            for (const char* src :
                 {"BindingAdded", "BindingRefreshed", "BindingRemoved", "BindingExpired"})
            {
                std::string s = src;
                rs->TraceConnectWithoutContext(
                    src,
                    Callback<void, const std::string&, const std::string&, uint32_t>(
                        [this, n, s](const std::string& aor, const std::string& c, uint32_t e) {
                            events.push_back(n + " " + s + " " + aor + " " + c + " " +
                                             std::to_string(e));
                        }));
            }
        }
        for (auto [ms, name] : {std::make_pair(ms1, "ms1"), std::make_pair(ms2, "ms2")})
        {
            std::string n = name;
            for (const char* src : {"VisitorCreated", "VisitorRemoved"})
            {
                std::string s = src;
                ms->TraceConnectWithoutContext(
                    src, Callback<void, const std::string&, const std::string&, uint32_t>(
                             [this, n, s](const std::string& id, const std::string& c, uint32_t e) {
                                 events.push_back(n + " " + s + " " + id + " " + c + " " +
                                                  std::to_string(e));
                             }));
            }
            ms->TraceConnectWithoutContext(
                "Forwarded", Callback<void, const SipMessage&, const InetSocketAddress&>(
                                 [this, n](const SipMessage& m, const InetSocketAddress& to)
                                 {
                                     std::ostringstream os;
                                     os << n << " Forwarded " << m.GetMethod() << " "
                                        << to.GetIpv4() << ":" << to.GetPort();
                                     events.push_back(os.str());
                                 }));
            ms->TraceConnectWithoutContext(
                "AuthFailed", Callback<void, const std::string&, const std::string&>(
                                  [this, n](const std::string& u, const std::string& why)
                                  { events.push_back(n + " AuthFailed " + u + " " + why); }));
        }
    }
};

/// \return the index of the first event starting with \p prefix, or -1
int
Find(const std::vector<std::string>& events, const std::string& prefix)
{
    for (std::size_t i = 0; i < events.size(); ++i)
    {
        if (events[i].rfind(prefix, 0) == 0)
        {
            return static_cast<int>(i);
        }
    }
    return -1;
}

/// \return a REGISTER of 1001 from \p ua with contact and expires
Req
Register(const TestUa& ua, int cseq, const std::string& expires, const std::string& callId = "reg")
{
    Req r;
    r.callId = callId;
    r.cseq = cseq;
    r.contact = "<sip:1001@" + ua.ip + ":5060>";
    r.expires = expires;
    return r;
}

} // namespace

TEST(RedirectServer, RegistrarSteps)
{
    Testbed tb;
    TestUa& a = tb.A();
    tb.At(1.0, a, Build(a, Register(a, 1, "3600")), RS1, 5070);
    tb.At(2.0, a, Build(a, Register(a, 2, "120")), RS1, 5070); // refresh
    tb.At(3.0, a, Build(a, Register(a, 3, "30")), RS1, 5070);  // too brief
    Req second = Register(a, 4, "600");
    second.contact = "<sip:1001@10.0.0.99:5060>;expires=300";
    tb.At(4.0, a, Build(a, second), RS1, 5070);
    Req query = Register(a, 5, "");
    query.contact = "";
    tb.At(5.0, a, Build(a, query), RS1, 5070);
    Req star = Register(a, 6, "0");
    star.contact = "*";
    tb.At(6.0, a, Build(a, star), RS1, 5070);
    tb.Run(7.0);

    ASSERT_EQ(a.Codes(), (std::vector<int>{200, 200, 423, 200, 200, 200}));
    auto contactsOf = [&a](int i)
    {
        int n = -1;
        for (const auto& m : a.rx)
        {
            if (m.IsResponse() && ++n == i)
            {
                return m.GetContacts();
            }
        }
        return std::vector<sipmob::SipNameAddr>();
    };
    ASSERT_EQ(contactsOf(0).size(), 1u);
    EXPECT_EQ(contactsOf(0)[0].uri.ToString(), "sip:1001@" + a.ip + ":5060");
    EXPECT_EQ(contactsOf(0)[0].GetParam("expires").value_or(""), "3600");
    EXPECT_EQ(contactsOf(1)[0].GetParam("expires").value_or(""), "120");
    EXPECT_EQ(a.Last(423).GetHeader("Min-Expires").value_or(""), "60");
    EXPECT_EQ(contactsOf(3).size(), 2u);
    EXPECT_EQ(contactsOf(4).size(), 2u); // query lists the current bindings
    EXPECT_TRUE(contactsOf(5).empty());  // * removed all
    EXPECT_EQ(tb.rs1->GetLocationService()->Lookup("sip:1001@net1.example.org", 7.0).size(), 0u);
    EXPECT_GE(
        Find(tb.events, "rs1 BindingAdded sip:1001@net1.example.org sip:1001@10.0.0.7:5060 3600"),
        0);
    EXPECT_GE(Find(tb.events, "rs1 BindingRefreshed sip:1001@net1.example.org"), 0);
    EXPECT_GE(Find(tb.events, "rs1 BindingRemoved sip:1001@net1.example.org sip:1001@10.0.0.99"),
              0);
}

TEST(RedirectServer, ExpiryAndRoutes)
{
    Testbed tb;
    TestUa& a = tb.A();
    TestUa& b = tb.B();
    tb.At(1.0, a, Build(a, Register(a, 1, "60")), RS1, 5070);
    Req invite;
    invite.method = "INVITE";
    invite.ruri = "sip:1001@net1.example.org";
    invite.from = "sip:1003@net1.example.org";
    invite.contact = "<sip:1003@" + b.ip + ":5060>";
    invite.callId = "inv-1";
    tb.At(30.0, b, Build(b, invite), RS1, 5070); // registered: 302 to the contact
    invite.callId = "inv-2";
    tb.At(62.0, b, Build(b, invite), RS1, 5070); // expired: 404
    invite.callId = "inv-3";
    invite.ruri = "sip:2001@net1.example.org"; // dial plan 2xxx -> gateway
    tb.At(63.0, b, Build(b, invite), RS1, 5070);
    Req foreign = Register(b, 1, "3600", "reg-f");
    foreign.to = "sip:2001@net2.example.org";
    tb.At(64.0, b, Build(b, foreign), RS1, 5070);
    // Outbound-proxy binding: the home binds 1001 to net2's marshal.
    Req viaPeer = Register(a, 2, "3600", "reg-p");
    viaPeer.contact = "<sip:1001%40net1.example.org@" + Ip(MS2) + ":5060>";
    tb.At(65.0, a, Build(a, viaPeer), RS1, 5070);
    invite.callId = "inv-4";
    invite.ruri = "sip:1001@net1.example.org";
    tb.At(66.0, b, Build(b, invite), RS1, 5070);
    tb.Run(67.0);

    ASSERT_EQ(b.Codes(), (std::vector<int>{302, 404, 302, 302, 302}));
    std::vector<SipMessage> responses; // first copy of each response
    std::set<std::string> seen;
    for (const auto& m : b.rx)
    {
        if (seen.insert(m.GetCallId()).second)
        {
            responses.push_back(m);
        }
    }
    EXPECT_EQ(responses[0].GetContacts().at(0).uri.ToString(), "sip:1001@" + a.ip + ":5060");
    EXPECT_EQ(responses[2].GetContacts().at(0).uri.ToString(), "sip:2001@10.0.0.3:5065");
    EXPECT_EQ(responses[3].GetContacts().at(0).uri.HostPort(), "10.0.0.3:5065");
    sipmob::SipUri peer = responses[4].GetContacts().at(0).uri;
    EXPECT_EQ(peer.GetUser(), "1001@net1.example.org");
    EXPECT_EQ(peer.HostPort(), Ip(MS2) + ":5060");
    ASSERT_EQ(peer.GetHeaders().size(), 1u);
    EXPECT_EQ(peer.GetHeaders()[0].second, "<sip:10.0.0.3:5065;lr>");
    int expired = Find(tb.events, "rs1 BindingExpired sip:1001@net1.example.org");
    EXPECT_GE(expired, 0);
}

TEST(RedirectServer, VisitorIdLookup)
{
    Testbed tb;
    TestUa& a = tb.A();
    Req reg = Register(a, 1, "3600");
    reg.to = reg.from = "sip:1001%40net1.example.org@net2.example.org";
    reg.ruri = "sip:net2.example.org";
    tb.At(1.0, a, Build(a, reg), RS2, 5070);
    Req invite;
    invite.method = "INVITE";
    invite.ruri = "sip:1001%40net1.example.org@" + Ip(MS2) + ":5060";
    invite.callId = "inv-v";
    tb.At(2.0, a, Build(a, invite), RS2, 5070);
    tb.Run(3.0);
    ASSERT_EQ(a.Codes(), (std::vector<int>{200, 302}));
    EXPECT_EQ(a.Last(302).GetContacts().at(0).uri.ToString(), "sip:1001@" + a.ip + ":5060");
    EXPECT_EQ(tb.rs2->GetLocationService()
                  ->Lookup("sip:1001%40net1.example.org@net2.example.org", 2.0)
                  .size(),
              1u);
}

TEST(MarshalServer, RegisterAuthentication)
{
    Testbed tb;
    TestUa& a = tb.A();
    tb.At(1.0, a, Build(a, Register(a, 1, "3600")), MS1); // subscriber, no password
    Req stranger = Register(a, 1, "3600", "reg-x");
    stranger.to = stranger.from = "sip:1999@net1.example.org";
    tb.At(2.0, a, Build(a, stranger), MS1);
    Req secret = Register(a, 1, "3600", "reg-s");
    secret.to = secret.from = "sip:1002@net1.example.org";
    tb.At(3.0, a, Build(a, secret), MS1); // 401 challenge
    tb.Run(4.0);
    ASSERT_EQ(a.Codes(), (std::vector<int>{200, 403, 401}));
    auto challenge = a.Last(401).GetDigest("WWW-Authenticate");
    ASSERT_TRUE(challenge.has_value());
    std::string nonce = challenge->Get("nonce").value_or("");
    auto credentials = [&](const std::string& password)
    {
        std::string response =
            sipmob::DigestResponse("1002", "net1.example.org", password, "REGISTER",
                                   "sip:net1.example.org", nonce, "00000001", "abcd", "auth");
        return "Authorization: Digest username=\"1002\", realm=\"net1.example.org\", nonce=\"" +
               nonce + "\", uri=\"sip:net1.example.org\", response=\"" + response +
               "\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"abcd\"\r\n";
    };
    secret.cseq = 2;
    secret.extra = credentials("secret");
    tb.At(5.0, a, Build(a, secret), MS1);
    secret.cseq = 3;
    secret.extra = credentials("wrong");
    tb.At(6.0, a, Build(a, secret), MS1);
    tb.Run(7.0);
    ASSERT_EQ(a.Codes(), (std::vector<int>{200, 403, 401, 200, 403}));
    EXPECT_EQ(a.rx[3].GetContacts().size(), 1u);
    EXPECT_EQ(tb.rs1->GetLocationService()->Lookup("sip:1002@net1.example.org", 7.0).size(), 1u);
    EXPECT_GE(Find(tb.events, "ms1 AuthFailed 1999@net1.example.org"), 0);
    EXPECT_GE(Find(tb.events, "ms1 AuthFailed 1002@net1.example.org wrong credentials"), 0);
}

TEST(MarshalServer, LocalInviteForwardedWithViaAndRecordRoute)
{
    Testbed tb;
    TestUa& a = tb.A();
    TestUa& b = tb.B();
    tb.At(1.0, a, Build(a, Register(a, 1, "3600")), MS1);
    Req invite;
    invite.method = "INVITE";
    invite.ruri = "sip:1001@net1.example.org";
    invite.from = "sip:1003@net1.example.org";
    invite.contact = "<sip:1003@" + b.ip + ":5060>";
    invite.callId = "inv-local";
    tb.At(2.0, b, Build(b, invite), MS1);
    tb.Run(2.5);
    const SipMessage* in = a.Request("INVITE");
    ASSERT_NE(in, nullptr);
    EXPECT_EQ(in->GetRequestUri().ToString(), "sip:1001@" + a.ip + ":5060");
    ASSERT_EQ(in->GetVias().size(), 2u);
    EXPECT_EQ(in->GetTopVia().SentBy(), Ip(MS1) + ":5060");
    ASSERT_EQ(in->GetRecordRoutes().size(), 1u);
    EXPECT_EQ(in->GetRecordRoutes()[0].uri.HostPort(), Ip(MS1) + ":5060");
    EXPECT_TRUE(in->GetRecordRoutes()[0].uri.HasParam("lr"));
    EXPECT_EQ(in->GetMaxForwards().value_or(0), 69);
    SipMessage copy = *in;
    Simulator::Schedule(Seconds(0.1),
                        [&a, copy]()
                        {
                            a.Send(Answer(copy, 180), MS1, 5060);
                            a.Send(Answer(copy, 200, "<sip:1001@10.0.0.7:5060>"), MS1, 5060);
                        });
    tb.Run(3.5);
    std::vector<int> codes = b.Codes();
    ASSERT_GE(codes.size(), 2u);
    EXPECT_EQ(codes[codes.size() - 2], 180);
    EXPECT_EQ(codes.back(), 200);
    EXPECT_EQ(b.Last(200).GetVias().size(), 1u);
    EXPECT_EQ(b.Last(200).GetTopVia().SentBy(), b.ip + ":5060");
}

TEST(MarshalServer, ErrorsAndRobustness)
{
    Testbed tb;
    TestUa& b = tb.B();
    Req invite;
    invite.method = "INVITE";
    invite.from = "sip:1003@net1.example.org";
    invite.ruri = "sip:1777@net1.example.org"; // nobody
    invite.callId = "inv-404";
    tb.At(1.0, b, Build(b, invite), MS1);
    invite.ruri = "sip:1001@net1.example.org";
    invite.maxForwards = 0;
    invite.callId = "inv-483";
    tb.At(2.0, b, Build(b, invite), MS1);
    tb.At(3.0, b,
          "INVITE sip:1001@net1.example.org SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.8:5060;branch="
          "z9hG4bKbad\r\nthis line is no header\r\nCall-ID: bad\r\n\r\n",
          MS1);
    Req options;
    options.method = "OPTIONS";
    options.from = "sip:1003@net1.example.org";
    options.ruri = "sip:1777@net1.example.org";
    options.callId = "after-bad";
    tb.At(4.0, b, Build(b, options), MS1);
    // Loop: 1004 is bound to the marshal itself.
    TestUa& a = tb.A();
    Req loopReg = Register(a, 1, "3600", "reg-loop");
    loopReg.to = loopReg.from = "sip:1004@net1.example.org";
    loopReg.contact = "<sip:1004@" + Ip(MS1) + ":5060>";
    tb.At(5.0, a, Build(a, loopReg), RS1, 5070);
    invite.maxForwards = 70;
    invite.ruri = "sip:1004@net1.example.org";
    invite.callId = "inv-loop";
    tb.At(6.0, b, Build(b, invite), MS1);
    tb.Run(8.0);
    std::vector<int> codes;
    for (int c : b.Codes())
    {
        if (c != 100)
        {
            codes.push_back(c);
        }
    }
    EXPECT_EQ(codes, (std::vector<int>{404, 483, 400, 404, 482}));
}

TEST(MarshalGateway, CrossNetworkInvite)
{
    Testbed tb;
    TestUa& a = tb.A();
    TestUa& c = tb.C();
    Req reg = Register(c, 1, "3600", "reg-c");
    reg.ruri = "sip:net2.example.org";
    reg.to = reg.from = "sip:2001@net2.example.org";
    reg.contact = "<sip:2001@" + c.ip + ":5060>";
    tb.At(1.0, c, Build(c, reg), MS2);
    Req invite;
    invite.method = "INVITE";
    invite.ruri = "sip:2001@net1.example.org";
    invite.from = "sip:1001@net1.example.org";
    invite.contact = "<sip:1001@" + a.ip + ":5060>";
    invite.callId = "inv-x";
    tb.At(2.0, a, Build(a, invite), MS1);
    tb.Run(2.5);
    ASSERT_EQ(c.Codes(), (std::vector<int>{200}));
    const SipMessage* in = c.Request("INVITE");
    ASSERT_NE(in, nullptr);
    EXPECT_EQ(in->GetRequestUri().ToString(), "sip:2001@" + c.ip + ":5060");
    std::vector<std::string> path;
    for (const auto& v : in->GetVias())
    {
        path.push_back(v.SentBy());
    }
    EXPECT_EQ(path,
              (std::vector<std::string>{Ip(MS2) + ":5060", Ip(GW2) + ":5066", Ip(GW1) + ":5065",
                                        Ip(MS1) + ":5060", a.ip + ":5060"}));
    EXPECT_EQ(in->GetMaxForwards().value_or(0), 66);
    SipMessage copy = *in;
    Simulator::Schedule(Seconds(0.1), [&c, copy]()
                        { c.Send(Answer(copy, 200, "<sip:2001@10.0.0.9:5060>"), MS2, 5060); });
    tb.Run(3.5);
    EXPECT_EQ(a.Codes().back(), 200);
    EXPECT_EQ(a.Last(200).GetVias().size(), 1u);
}

TEST(MarshalServer, OutboundProxyRegisterCreatesVisitor)
{
    Testbed tb;
    TestUa& a = tb.A(); // 1001@net1, roaming in net2
    TestUa& b = tb.B(); // 1003@net1 at home
    Req reg = Register(a, 1, "600", "reg-roam");
    tb.At(1.0, a, Build(a, reg), MS2);
    tb.Run(2.0);
    ASSERT_EQ(a.Codes(), (std::vector<int>{200}));
    EXPECT_EQ(a.Last(200).GetContacts().at(0).uri.ToString(), "sip:1001@" + a.ip + ":5060");
    auto visitor = tb.ms2->GetVisitorRegistry()->Find("1001%40net1.example.org", 2.0);
    ASSERT_TRUE(visitor.has_value());
    EXPECT_EQ(visitor->contact, "sip:1001@" + a.ip + ":5060");
    auto home = tb.rs1->GetLocationService()->Lookup("sip:1001@net1.example.org", 2.0);
    ASSERT_EQ(home.size(), 1u);
    EXPECT_EQ(home[0].contact, "sip:1001%40net1.example.org@" + Ip(MS2) + ":5060");
    auto local =
        tb.rs2->GetLocationService()->Lookup("sip:1001%40net1.example.org@net2.example.org", 2.0);
    ASSERT_EQ(local.size(), 1u);
    EXPECT_EQ(local[0].contact, "sip:1001@" + a.ip + ":5060");
    // Order: forwarded to the gateway, home binding, visitor, local binding, 200 at the UA.
    int fwd = Find(tb.events, "ms2 Forwarded REGISTER " + Ip(GW2) + ":5066");
    int homeBinding = Find(tb.events, "rs1 BindingAdded sip:1001@net1.example.org");
    int created = Find(tb.events, "ms2 VisitorCreated 1001%40net1.example.org sip:1001@10.0.0.7");
    int localBinding = Find(tb.events, "rs2 BindingAdded sip:1001%40net1.example.org@net2");
    int ok = Find(tb.events, "ua 10.0.0.7 rx 200");
    EXPECT_GE(fwd, 0);
    EXPECT_LT(fwd, homeBinding);
    EXPECT_LT(homeBinding, created);
    EXPECT_LT(created, localBinding);
    EXPECT_LT(localBinding, ok);

    // A call from home reaches the visitor through the gateways and net2's marshal.
    Req invite;
    invite.method = "INVITE";
    invite.ruri = "sip:1001@net1.example.org";
    invite.from = "sip:1003@net1.example.org";
    invite.contact = "<sip:1003@" + b.ip + ":5060>";
    invite.callId = "inv-roam";
    tb.At(3.0, b, Build(b, invite), MS1);
    tb.Run(3.5);
    const SipMessage* in = a.Request("INVITE");
    ASSERT_NE(in, nullptr);
    EXPECT_EQ(in->GetRequestUri().ToString(), "sip:1001@" + a.ip + ":5060");
    EXPECT_EQ(in->GetTopVia().SentBy(), Ip(MS2) + ":5060");

    // De-registration removes the visitor.
    Req bye = Register(a, 2, "0", "reg-roam");
    tb.At(4.0, a, Build(a, bye), MS2);
    tb.Run(5.0);
    EXPECT_FALSE(tb.ms2->GetVisitorRegistry()->Find("1001%40net1.example.org", 5.0).has_value());
    EXPECT_GE(Find(tb.events, "ms2 VisitorRemoved 1001%40net1.example.org"), 0);
}

TEST(MarshalServer, HomeRejectionCreatesNoVisitor)
{
    Testbed tb;
    TestUa& a = tb.A();
    Req reg = Register(a, 1, "600", "reg-rej");
    reg.to = reg.from = "sip:1999@net1.example.org"; // not provisioned at home
    tb.At(1.0, a, Build(a, reg), MS2);
    tb.Run(2.0);
    ASSERT_EQ(a.Codes(), (std::vector<int>{403}));
    EXPECT_EQ(tb.ms2->GetVisitorRegistry()->Count(), 0u);
    EXPECT_EQ(Find(tb.events, "ms2 VisitorCreated"), -1);
    EXPECT_GE(Find(tb.events, "ms1 AuthFailed 1999@net1.example.org"), 0);
}

TEST(MarshalServer, CancelAndAckForwarded)
{
    Testbed tb;
    TestUa& a = tb.A();
    TestUa& b = tb.B();
    tb.At(1.0, a, Build(a, Register(a, 1, "3600")), MS1);
    Req invite;
    invite.method = "INVITE";
    invite.ruri = "sip:1001@net1.example.org";
    invite.from = "sip:1003@net1.example.org";
    invite.contact = "<sip:1003@" + b.ip + ":5060>";
    invite.callId = "inv-cancel";
    tb.At(2.0, b, Build(b, invite), MS1);
    tb.Run(2.1);
    const SipMessage* in = a.Request("INVITE");
    ASSERT_NE(in, nullptr);
    SipMessage copy = *in;
    a.Send(Answer(copy, 180), MS1, 5060);
    Req cancel = invite;
    cancel.method = "CANCEL";
    tb.At(2.5, b, Build(b, cancel), MS1);
    tb.Run(2.6);
    const SipMessage* forwardedCancel = a.Request("CANCEL");
    ASSERT_NE(forwardedCancel, nullptr);
    EXPECT_EQ(forwardedCancel->GetTopVia().GetBranch(), copy.GetTopVia().GetBranch());
    a.Send(Answer(*forwardedCancel, 200), MS1, 5060);
    a.Send(Answer(copy, 487), MS1, 5060);
    tb.Run(3.0);
    std::vector<int> codes = b.Codes();
    EXPECT_NE(std::find(codes.begin(), codes.end(), 180), codes.end());
    EXPECT_NE(std::find(codes.begin(), codes.end(), 200), codes.end()); // to the CANCEL
    EXPECT_EQ(codes.back(), 487);
    EXPECT_NE(a.Request("ACK"), nullptr); // the marshal's INVITE client transaction ACKs 487

    // A 2xx call: the end-to-end ACK follows the Record-Route through the marshal.
    invite.callId = "inv-ack";
    tb.At(3.5, b, Build(b, invite), MS1);
    tb.Run(3.6);
    SipMessage second;
    for (const auto& m : a.rx)
    {
        if (m.IsRequest() && m.GetCallId() == "inv-ack")
        {
            second = m;
        }
    }
    ASSERT_EQ(second.GetMethod(), "INVITE");
    a.Send(Answer(second, 200, "<sip:1001@10.0.0.7:5060>"), MS1, 5060);
    tb.Run(3.7);
    SipMessage ok = b.Last(200);
    ASSERT_EQ(ok.GetCallId(), "inv-ack");
    Req ack = invite;
    ack.method = "ACK";
    ack.ruri = "sip:1001@10.0.0.7:5060";
    ack.toTag = ok.GetTo().GetTag();
    ack.branch = "z9hG4bK-ack";
    ack.extra = "Route: <sip:" + Ip(MS1) + ":5060;lr>\r\n";
    tb.At(3.8, b, Build(b, ack), MS1);
    tb.Run(4.0);
    int acks = 0;
    for (const auto& m : a.rx)
    {
        acks += m.IsRequest() && m.GetMethod() == "ACK" && m.GetCallId() == "inv-ack";
    }
    EXPECT_EQ(acks, 1);
}

TEST(MarshalServer, VisitorCallsHome)
{
    Testbed tb;
    TestUa& a = tb.A(); // 1001@net1 roaming in net2
    TestUa& b = tb.B(); // 1003@net1 at home
    Req regB = Register(b, 1, "3600", "reg-b");
    regB.to = regB.from = "sip:1003@net1.example.org";
    regB.contact = "<sip:1003@" + b.ip + ":5060>";
    tb.At(1.0, b, Build(b, regB), MS1);
    tb.At(1.0, a, Build(a, Register(a, 1, "600", "reg-roam")), MS2);
    Req invite;
    invite.method = "INVITE";
    invite.ruri = "sip:1003@net1.example.org";
    invite.from = "sip:1001@net1.example.org";
    invite.contact = "<sip:1001@" + a.ip + ":5060>";
    invite.callId = "inv-visitor";
    tb.At(2.0, a, Build(a, invite), MS2); // authenticated as a visitor of net2
    invite.callId = "inv-stranger";
    invite.from = "sip:1999@net1.example.org";
    tb.At(2.1, a, Build(a, invite), MS2); // neither subscriber nor visitor
    tb.Run(3.0);
    const SipMessage* in = b.Request("INVITE");
    ASSERT_NE(in, nullptr);
    EXPECT_EQ(in->GetCallId(), "inv-visitor");
    EXPECT_EQ(in->GetRequestUri().ToString(), "sip:1003@" + b.ip + ":5060");
    EXPECT_EQ(a.Last(403).GetCallId(), "inv-stranger");
}

TEST(MarshalServer, ChainIsDocumented)
{
    // doc/marshal-chain.md lists the processors in order between its chain markers; the table and
    // MarshalServer::BuildChain must agree.
    std::ifstream doc(std::string(SIPMOB_SOURCE_DIR) + "/doc/marshal-chain.md");
    ASSERT_TRUE(doc.good());
    std::vector<std::string> documented;
    bool inTable = false;
    for (std::string line; std::getline(doc, line);)
    {
        if (line.find("<!-- chain:") != std::string::npos)
        {
            inTable = true;
        }
        else if (line.find("<!-- /chain -->") != std::string::npos)
        {
            inTable = false;
        }
        else if (inTable && line.rfind("| ", 0) == 0)
        {
            auto first = line.find('`');
            auto second = first == std::string::npos ? first : line.find('`', first + 1);
            if (second != std::string::npos)
            {
                documented.push_back(line.substr(first + 1, second - first - 1));
            }
        }
    }
    Ptr<MarshalServer> ms = CreateObject<MarshalServer>();
    EXPECT_EQ(ms->GetProcessorNames(), documented);
    EXPECT_EQ(documented.size(), 11u);
    ms->Dispose();
}
