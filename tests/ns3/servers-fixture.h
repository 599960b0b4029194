// SPDX-License-Identifier: GPL-2.0-only
// The servers testbed of tests/ns3: two SIP networks (redirect server, marshal server, gateway
// each) and three hand-driven UDP user agents on one CSMA LAN. Shared by test-servers.cc and
// test-security.cc (each test file is its own executable, so the helpers stay file-local).
#ifndef SIPMOB_TESTS_SERVERS_FIXTURE_H
#define SIPMOB_TESTS_SERVERS_FIXTURE_H

#include "dialog/sip-proxy-core.h"
#include "install/marshal-gateway-helper.h"
#include "install/marshal-server-helper.h"
#include "install/redirect-server-helper.h"
#include "message/sip-digest-auth.h"
#include "message/sip-message.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include <algorithm>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
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

/**
 * \return an INVITE from \p from (a sip: URI with a user part) to \p ruri, sent by \p ua: To is
 *         the Request-URI, Contact the From user at \p ua's address, port 5060
 */
[[maybe_unused]] Req
Invite(const TestUa& ua, const std::string& ruri, const std::string& from,
       const std::string& callId)
{
    Req r;
    r.method = "INVITE";
    r.ruri = ruri;
    r.to = ruri;
    r.from = from;
    r.callId = callId;
    r.contact = "<sip:" + from.substr(4, from.find('@') - 4) + "@" + ua.ip + ":5060>";
    return r;
}

/// A response of the test UA to a received request.
[[maybe_unused]] std::string
Answer(const SipMessage& request, int code, const std::string& contact = "")
{
    SipMessage response = SipProxyCore::MakeFinal(request, code);
    if (code > 100)
    {
        // The test UA's own tag, the same for every response to one request (§8.2.6.2).
        sipmob::SipNameAddr to = response.GetTo();
        to.SetTag("t" + std::to_string(std::hash<std::string>{}(request.GetCallId() + "|" +
                                                                request.GetTopVia().GetBranch()) %
                                       1000000007u));
        response.SetTo(to);
    }
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
        auto store = std::make_shared<sipmob::SubscriberStore>();
        auto plan = std::make_shared<sipmob::DialPlan>();
        std::string hop = n == 1 ? "gw-1-2" : "gw-2-1";
        plan->Add({n == 1 ? "1xxx" : "2xxx", sipmob::DialPlan::LOCAL});
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
        rsh.AddTrustedPeer(Ipv4Address(Ip(base + 1).c_str()), 5060); // its marshal server
        rsh.SetAttribute("DomainAliases", StringValue(Ip(base + 1)));
        // The RedirectServer tests let A and B play marshal servers; C stays an untrusted host.
        rsh.AddTrustedPeer(Ipv4Address(Ip(UA_A).c_str()), 5060);
        rsh.AddTrustedPeer(Ipv4Address(Ip(UA_B).c_str()), 5060);
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
        msh.AddTrustedPeer(gw, gwPort);
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

#endif
