// SPDX-License-Identifier: GPL-2.0-only
// SipUserAgent registration and mobility: REGISTER refresh timing and de-REGISTER, digest answer
// to a 401, silence while the node has no address, stale REGISTER results after two quick moves,
// outbound-proxy vs home-only next hops, and the AddressWatcher's poll and event timing.
#include "install/redirect-server-helper.h"
#include "install/sip-user-agent-helper.h"
#include "install/wifi-access-helper.h"
#include "message/sip-digest-auth.h"
#include "mobility/address-watcher.h"
#include "mobility/home-registration-model.h"
#include "mobility/outbound-proxy-registration-model.h"
#include "mobility/registration-model-registry.h"
#include "proxy/redirect-server.h"
#include "ua/sip-user-agent.h"

#include "csma-lan.h"

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/mobility-module.h"
#include "ns3/network-module.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// A minimal registrar on a bare SipStack: optional 401 challenge, optional answer delay.
struct StubRegistrar
{
    Ptr<SipStack> stack;
    bool challenge = false;
    Time delay = Seconds(0);
    std::vector<sipmob::SipMessage> registers; ///< every REGISTER received
    std::vector<double> times;                 ///< when
    std::vector<InetSocketAddress> sources;    ///< from where
    int authOk = -1;                           ///< digest check of the last credentials

    StubRegistrar(Ptr<Node> node, uint16_t port)
    {
        stack = CreateObject<SipStack>();
        stack->Start(node, port);
        stack->SetRequestHandler([this](const sipmob::SipMessage& req, const std::string& id,
                                        const InetSocketAddress& from)
                                 { OnRequest(req, id, from); });
    }

    ~StubRegistrar()
    {
        stack->Dispose();
    }

    void OnRequest(const sipmob::SipMessage& req, const std::string& id,
                   const InetSocketAddress& from)
    {
        if (req.GetMethod() != "REGISTER")
        {
            stack->SendResponse(id, sipmob::SipMessage::MakeResponse(req, 486));
            return;
        }
        registers.push_back(req);
        times.push_back(Simulator::Now().GetSeconds());
        sources.push_back(from);
        auto cred = req.GetDigest("Authorization");
        if (challenge && !cred)
        {
            auto r = sipmob::SipMessage::MakeResponse(req, 401);
            r.SetHeader("WWW-Authenticate",
                        "Digest realm=\"net1.example.org\", nonce=\"n0nce\", qop=\"auth\", "
                        "algorithm=MD5");
            stack->SendResponse(id, r);
            return;
        }
        if (cred)
        {
            std::string expect = sipmob::DigestResponse(
                "1001", "net1.example.org", "secret", "REGISTER", *cred->Get("uri"), "n0nce",
                cred->Get("nc").value_or(""), cred->Get("cnonce").value_or(""),
                cred->Get("qop").value_or(""));
            authOk = expect == cred->Get("response").value_or("") ? 1 : 0;
        }
        auto ok = sipmob::SipMessage::MakeResponse(req, 200);
        ok.SetHeader("Contact", req.GetContacts().at(0).ToString() +
                                    ";expires=" + std::to_string(req.GetExpires().value_or(3600)));
        Simulator::Schedule(delay, [this, id, ok]() { stack->SendResponse(id, ok); });
    }
};

/// Node 0 (the UA) and node 1 (servers) on a CSMA LAN; node 1 also has 10.0.1.2.
struct Net
{
    NodeContainer nodes;
    NetDeviceContainer devs;
    Ipv4InterfaceContainer ifs;
    Ptr<SipUserAgent> ua;
    std::vector<sipmob::RegistrationRecord> records;
    std::vector<std::string> regStates;
    std::vector<std::pair<double, std::string>> tx; ///< UA transmissions: time, label
    std::vector<sipmob::SipMessage> txMsgs;
    std::vector<InetSocketAddress> txFrom;

    Net()
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        CsmaLan lan = BuildCsmaLan(nodes, 2);
        devs = lan.devices;
        ifs = lan.interfaces;
        Ptr<Ipv4> ipv4 = nodes.Get(1)->GetObject<Ipv4>();
        ipv4->AddAddress(ipv4->GetInterfaceForDevice(devs.Get(1)),
                         Ipv4InterfaceAddress("10.0.1.2", "255.255.255.0"));
    }

    ~Net()
    {
        Simulator::Destroy();
    }

    void MakeUa(SipUserAgentHelper& helper)
    {
        ua = DynamicCast<SipUserAgent>(
            helper.Install(nodes.Get(0), "1001", "net1.example.org").Get(0));
        ua->AssignStreams(5);
        ua->TraceConnectWithoutContext("Registration", MakeCallback(&Net::OnRecord, this));
        ua->TraceConnectWithoutContext("RegistrationState", MakeCallback(&Net::OnState, this));
        ua->GetStack()->GetTransport()->TraceConnectWithoutContext("Tx",
                                                                   MakeCallback(&Net::OnTx, this));
    }

    void OnRecord(const sipmob::RegistrationRecord& r)
    {
        records.push_back(r);
    }

    void OnState(const std::string&, const std::string& n)
    {
        regStates.push_back(n);
    }

    void OnTx(const sipmob::SipMessage& m, const InetSocketAddress& from, const InetSocketAddress&,
              uint32_t)
    {
        tx.emplace_back(Simulator::Now().GetSeconds(), m.IsRequest() ? m.GetMethod() : "resp");
        txMsgs.push_back(m);
        txFrom.push_back(from);
    }

    /// Replace node 0's address at t (nothing when \p to is 0.0.0.0).
    void SetAddressAt(Time t, Ipv4Address to, Ipv4Mask mask = Ipv4Mask("255.255.255.0"))
    {
        Simulator::Schedule(t,
                            [this, to, mask]()
                            {
                                Ptr<Ipv4> ipv4 = nodes.Get(0)->GetObject<Ipv4>();
                                int32_t i = ipv4->GetInterfaceForDevice(devs.Get(0));
                                while (ipv4->GetNAddresses(i) > 0)
                                {
                                    ipv4->RemoveAddress(i, 0);
                                }
                                if (to != Ipv4Address::GetAny())
                                {
                                    ipv4->AddAddress(i, Ipv4InterfaceAddress(to, mask));
                                }
                            });
    }
};

SipUserAgentHelper
RegisteringHelper(Ipv4Address registrar, uint16_t port)
{
    SipUserAgentHelper helper;
    helper.SetAttribute("HomeProxyAddress", Ipv4AddressValue(registrar));
    helper.SetAttribute("HomeProxyPort", UintegerValue(port));
    return helper;
}

} // namespace

TEST(SipUserAgentRegistration, RefreshesBeforeExpiryAndUnregistersOnStop)
{
    Net net;
    StubRegistrar reg(net.nodes.Get(1), 5070);
    SipUserAgentHelper helper = RegisteringHelper(net.ifs.GetAddress(1), 5070);
    helper.SetAttribute("RegisterExpires", UintegerValue(100));
    helper.SetAttribute("RegisterRefreshFraction", DoubleValue(0.5));
    net.MakeUa(helper);
    net.ua->SetStartTime(Seconds(1));
    net.ua->SetStopTime(Seconds(120));
    Simulator::Stop(Seconds(125));
    Simulator::Run();

    // Sent at 1 s, refreshed 50 s after each 200 (granted 100 s), Expires 0 at the stop.
    ASSERT_EQ(reg.times.size(), 4u);
    EXPECT_NEAR(reg.times[0], 1.0, 0.02); // + ARP
    EXPECT_NEAR(reg.times[1], reg.times[0] + 50.0, 0.01);
    EXPECT_NEAR(reg.times[2], reg.times[1] + 50.0, 0.01);
    EXPECT_NEAR(reg.times[3], 120.0, 0.01);
    EXPECT_EQ(reg.registers[0].GetExpires().value_or(0), 100u);
    EXPECT_EQ(reg.registers[3].GetExpires().value_or(99), 0u);
    EXPECT_EQ(reg.registers[0].GetTo().uri.ToString(), "sip:1001@net1.example.org");
    EXPECT_EQ(reg.registers[0].GetContacts().at(0).uri.ToString(), "sip:1001@10.0.0.1:5060");
    EXPECT_EQ(reg.registers[0].GetRequestUri().ToString(), "sip:net1.example.org");
    // Same Call-ID, growing CSeq (RFC 3261 §10.2.4).
    for (size_t i = 1; i < reg.registers.size(); ++i)
    {
        EXPECT_EQ(reg.registers[i].GetCallId(), reg.registers[0].GetCallId());
        EXPECT_GT(reg.registers[i].GetCSeq().seq, reg.registers[i - 1].GetCSeq().seq);
    }
    ASSERT_EQ(net.records.size(), 4u);
    EXPECT_EQ(net.records[0].status, 200);
    EXPECT_EQ(net.records[0].expires, 100u);
    EXPECT_EQ(net.records[0].via, "10.0.0.2:5070");
    EXPECT_EQ(net.records[0].model, "home-only");
    EXPECT_EQ(net.records[0].ua, "sip:1001@net1.example.org");
    EXPECT_EQ(net.records[0].contact, "sip:1001@10.0.0.1:5060");
    EXPECT_NEAR(net.records[0].tSent, 1.0, 1e-9);
    ASSERT_TRUE(net.records[0].tFinal.has_value());
    EXPECT_GT(*net.records[0].tFinal, 1.0);
    // Refreshes of the same binding keep the state.
    EXPECT_EQ(net.regStates,
              (std::vector<std::string>{"registering", "registered", "unregistered"}));
}

TEST(SipUserAgentRegistration, AnswersA401WithDigestCredentials)
{
    Net net;
    StubRegistrar reg(net.nodes.Get(1), 5070);
    reg.challenge = true;
    SipUserAgentHelper helper = RegisteringHelper(net.ifs.GetAddress(1), 5070);
    helper.SetAttribute("Password", StringValue("secret"));
    net.MakeUa(helper);
    net.ua->SetStartTime(Seconds(1));
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    ASSERT_EQ(reg.registers.size(), 2u);
    EXPECT_FALSE(reg.registers[0].GetDigest("Authorization").has_value());
    EXPECT_TRUE(reg.registers[1].GetDigest("Authorization").has_value());
    EXPECT_EQ(reg.registers[1].GetCSeq().seq, reg.registers[0].GetCSeq().seq + 1);
    EXPECT_EQ(reg.authOk, 1);
    ASSERT_EQ(net.records.size(), 1u); // one chain, auth retry included
    EXPECT_EQ(net.records[0].status, 200);
    EXPECT_NEAR(net.records[0].tSent, 1.0, 1e-9);
    EXPECT_EQ(net.ua->GetRegistrationState(), "registered");
}

TEST(SipUserAgentRegistration, WorksAgainstTheRedirectServer)
{
    Net net;
    RedirectServerHelper rsHelper;
    rsHelper.SetAttribute("Domain", StringValue("net1.example.org"));
    // The redirect server answers only its marshal server (doc/security.md): here the user agent
    // plays that part, so that its registration client meets the registrar directly.
    rsHelper.AddTrustedPeer(net.ifs.GetAddress(0), 5060);
    ApplicationContainer rs = rsHelper.Install(net.nodes.Get(1));
    std::vector<std::string> bindings;
    rs.Get(0)->TraceConnectWithoutContext(
        "BindingAdded",
        MakeBoundCallback(
            +[](std::vector<std::string>* out, const std::string& aor, const std::string& contact,
                uint32_t) { out->push_back(aor + " " + contact); },
            &bindings));
    SipUserAgentHelper helper = RegisteringHelper(net.ifs.GetAddress(1), 5070);
    helper.SetAttribute("RegisterExpires", UintegerValue(600));
    net.MakeUa(helper);
    net.ua->SetStartTime(Seconds(1));
    net.ua->SetStopTime(Seconds(5));
    Simulator::Stop(Seconds(8));
    Simulator::Run();
    ASSERT_EQ(net.records.size(), 2u);
    EXPECT_EQ(net.records[0].status, 200);
    EXPECT_EQ(net.records[0].expires, 600u);
    EXPECT_EQ(net.records[1].status, 200); // de-REGISTER
    ASSERT_EQ(bindings.size(), 1u);
    EXPECT_NE(bindings[0].find("10.0.0.1:5060"), std::string::npos);
    EXPECT_TRUE(DynamicCast<RedirectServer>(rs.Get(0))
                    ->GetLocationService()
                    ->Lookup("sip:1001@net1.example.org", 6.0)
                    .empty());
}

TEST(SipUserAgentMobility, SilentWithoutAddressThenRegistersFromTheNewOne)
{
    Net net;
    StubRegistrar reg(net.nodes.Get(1), 5070);
    SipUserAgentHelper helper = RegisteringHelper(net.ifs.GetAddress(1), 5070);
    helper.SetAttribute("RegisterExpires", UintegerValue(6)); // refresh every 3 s
    net.MakeUa(helper);
    net.ua->AddCall(Seconds(6), "3001", Seconds(5)); // due while there is no address
    net.SetAddressAt(Seconds(4.5), Ipv4Address::GetAny());
    net.SetAddressAt(Seconds(8.2), Ipv4Address("10.0.0.21"));
    std::vector<std::pair<double, Ipv4Address>> changes;
    net.ua->TraceConnectWithoutContext(
        "AddressChange",
        MakeBoundCallback(
            +[](std::vector<std::pair<double, Ipv4Address>>* out, Ipv4Address, Ipv4Address n)
            { out->emplace_back(Simulator::Now().GetSeconds(), n); },
            &changes));
    Simulator::Stop(Seconds(12));
    Simulator::Run();

    ASSERT_EQ(changes.size(), 2u);
    EXPECT_NEAR(changes[0].first, 5.0, 1e-9); // poll ticks every second
    EXPECT_EQ(changes[0].second, Ipv4Address::GetAny());
    EXPECT_NEAR(changes[1].first, 9.0, 1e-9);
    for (const auto& [t, what] : net.tx)
    {
        EXPECT_FALSE(t > 4.5 && t < 9.0) << what << " sent at " << t << " without an address";
    }
    // After the address came back: REGISTER from it first, then the deferred INVITE.
    size_t firstAfter = 0;
    while (firstAfter < net.tx.size() && net.tx[firstAfter].first < 9.0)
    {
        ++firstAfter;
    }
    ASSERT_LT(firstAfter + 1, net.tx.size());
    EXPECT_EQ(net.tx[firstAfter].second, "REGISTER");
    EXPECT_NEAR(net.tx[firstAfter].first, 9.0, 1e-9);
    EXPECT_EQ(net.txFrom[firstAfter].GetIpv4(), Ipv4Address("10.0.0.21"));
    EXPECT_EQ(net.txMsgs[firstAfter].GetContacts().at(0).uri.GetHost(), "10.0.0.21");
    EXPECT_EQ(net.txMsgs[firstAfter].GetTopVia().host, "10.0.0.21");
    size_t invite = firstAfter + 1;
    while (invite < net.tx.size() && net.tx[invite].second != "INVITE")
    {
        ++invite;
    }
    ASSERT_LT(invite, net.tx.size());
    EXPECT_GT(net.tx[invite].first, reg.times.back() - 1e-9); // after the REGISTER got through
    auto sdp = sipmob::Sdp::Parse(net.txMsgs[invite].GetBody());
    ASSERT_TRUE(sdp.has_value());
    EXPECT_EQ(sdp->GetConnectionAddress(), "10.0.0.21");
    EXPECT_EQ(net.ua->GetRegistrationState(), "registered");
}

TEST(SipUserAgentMobility, SecondMoveDuringPendingRegisterWins)
{
    Net net;
    StubRegistrar reg(net.nodes.Get(1), 5070);
    reg.delay = Seconds(1.5); // every 200 comes 1.5 s late
    SipUserAgentHelper helper = RegisteringHelper(net.ifs.GetAddress(1), 5070);
    helper.SetAttribute("PollInterval", TimeValue(MilliSeconds(500)));
    net.MakeUa(helper);
    net.SetAddressAt(Seconds(2.2), Ipv4Address("10.0.0.21")); // detected 2.5
    net.SetAddressAt(Seconds(2.7), Ipv4Address("10.0.0.22")); // detected 3.0, first 200 at ~4
    Simulator::Stop(Seconds(40)); // past Timer F of the REGISTER sent from 10.0.0.21
    Simulator::Run();
    ASSERT_GE(reg.registers.size(), 3u);
    EXPECT_EQ(reg.registers[1].GetContacts().at(0).uri.GetHost(), "10.0.0.21");
    EXPECT_EQ(reg.registers[2].GetContacts().at(0).uri.GetHost(), "10.0.0.22");
    EXPECT_NEAR(reg.times[1], 2.5, 0.02);
    EXPECT_NEAR(reg.times[2], 3.0, 0.02);
    // All three chains are reported; the stale one (10.0.0.21) does not decide the state.
    ASSERT_EQ(net.records.size(), 3u);
    int stale = 0;
    for (const auto& r : net.records)
    {
        stale += r.contact == "sip:1001@10.0.0.21:5060";
    }
    EXPECT_EQ(stale, 1);
    std::vector<std::string> expect{"registering", "registered", "registering", "registered"};
    EXPECT_EQ(net.regStates, expect);
    EXPECT_EQ(net.ua->GetRegistrationState(), "registered");
}

TEST(SipUserAgentMobility, OutboundProxyModelRegistersThroughTheVisitedNetwork)
{
    Net net;
    StubRegistrar home(net.nodes.Get(1), 5060);    // 10.0.0.2:5060, net1's marshal
    StubRegistrar foreign(net.nodes.Get(1), 5061); // 10.0.1.2:5061, net2's marshal
    Ptr<ProxyDiscovery> discovery = CreateObject<ProxyDiscovery>();
    discovery->SetAttribute("UseDns", BooleanValue(false));
    discovery->AddStaticRange("10.0.0.0", "255.255.255.0", "net1.example.org");
    discovery->AddStaticRange("10.0.1.0", "255.255.255.0", "net2.example.org");
    discovery->AddStaticDomain("net1.example.org", "10.0.0.2", 5060);
    discovery->AddStaticDomain("net2.example.org", "10.0.1.2", 5061);
    SipUserAgentHelper helper;
    helper.SetAttribute("RegistrationModel", StringValue("outbound-proxy"));
    net.MakeUa(helper);
    net.ua->SetProxyDiscovery(discovery);
    std::vector<std::string> found;
    net.ua->TraceConnectWithoutContext(
        "ProxyDiscovered",
        MakeBoundCallback(
            +[](std::vector<std::string>* out, const std::string& d, Ipv4Address a, uint16_t p)
            {
                std::ostringstream os;
                os << d << " " << a << ":" << p;
                out->push_back(os.str());
            },
            &found));
    net.SetAddressAt(Seconds(2.5), Ipv4Address("10.0.1.7"));
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    EXPECT_EQ(found, (std::vector<std::string>{"net1.example.org 10.0.0.2:5060",
                                               "net2.example.org 10.0.1.2:5061"}));
    ASSERT_EQ(home.registers.size(), 1u);
    ASSERT_EQ(foreign.registers.size(), 1u);
    // Still the home AoR, now through net2's proxy, from the new address.
    EXPECT_EQ(foreign.registers[0].GetTo().uri.ToString(), "sip:1001@net1.example.org");
    EXPECT_EQ(foreign.registers[0].GetContacts().at(0).uri.GetHost(), "10.0.1.7");
    EXPECT_NEAR(foreign.times[0], 3.0, 0.01);
    ASSERT_EQ(net.records.size(), 2u);
    EXPECT_EQ(net.records[1].via, "10.0.1.2:5061");
    EXPECT_EQ(net.records[1].model, "outbound-proxy");
}

TEST(RegistrationModels, HomeOnlyKeepsTheHomeProxyOutboundFollowsTheAddress)
{
    Ptr<ProxyDiscovery> discovery = CreateObject<ProxyDiscovery>();
    discovery->SetAttribute("UseDns", BooleanValue(false));
    discovery->AddStaticRange("10.1.0.0", "255.255.0.0", "net1.example.org");
    discovery->AddStaticRange("10.2.0.0", "255.255.0.0", "net2.example.org");
    discovery->AddStaticDomain("net1.example.org", "10.1.0.1", 5060);
    discovery->AddStaticDomain("net2.example.org", "10.2.0.1", 5060);
    std::vector<std::string> hops;
    auto record = [&hops](bool ok, const std::string& domain, const InetSocketAddress& hop)
    {
        std::ostringstream os;
        os << ok << " " << domain << " " << hop.GetIpv4();
        hops.push_back(os.str());
    };
    for (const std::string name : {"home-only", "outbound-proxy"})
    {
        Ptr<RegistrationModel> model = RegistrationModelRegistry::Create(name);
        ASSERT_TRUE(model);
        EXPECT_EQ(model->GetName(), name);
        model->SetHomeDomain("net1.example.org");
        model->SetProxyDiscovery(discovery);
        model->Resolve("10.2.0.50", record);
    }
    EXPECT_EQ(hops, (std::vector<std::string>{"1 net1.example.org 10.1.0.1",
                                              "1 net2.example.org 10.2.0.1"}));
    EXPECT_FALSE(RegistrationModelRegistry::Create("no-such-model"));
    // Without discovery the static home proxy is used; without one either, nothing.
    Ptr<RegistrationModel> bare = RegistrationModelRegistry::Create("outbound-proxy");
    bare->Resolve("10.2.0.50", record);
    bare->SetStaticHomeProxy("10.1.0.9", 5060);
    bare->Resolve("10.2.0.50", record);
    EXPECT_EQ(hops[2].substr(0, 1), "0");
    EXPECT_EQ(hops[3], "1  10.1.0.9");
    Simulator::Destroy();
}

TEST(AddressWatcher, PollDetectsAtTheNextTick)
{
    Net net;
    std::vector<Ptr<AddressWatcher>> watchers;
    std::vector<std::vector<double>> seen(2);
    std::vector<Time> intervals{Seconds(1), MilliSeconds(250)};
    for (size_t i = 0; i < intervals.size(); ++i)
    {
        Ptr<AddressWatcher> w = CreateObject<AddressWatcher>();
        w->SetAttribute("PollInterval", TimeValue(intervals[i]));
        w->SetNode(net.nodes.Get(0));
        w->TraceConnectWithoutContext("AddressChange",
                                      MakeBoundCallback(
                                          +[](std::vector<double>* out, Ipv4Address, Ipv4Address)
                                          { out->push_back(Simulator::Now().GetSeconds()); },
                                          &seen[i]));
        w->Start(); // at 0: ticks at k * interval
        watchers.push_back(w);
    }
    net.SetAddressAt(Seconds(2.3), Ipv4Address("10.0.0.31"));
    net.SetAddressAt(Seconds(4.05), Ipv4Address::GetAny());
    Simulator::Stop(Seconds(6));
    Simulator::Run();
    EXPECT_EQ(seen[0], (std::vector<double>{3.0, 5.0}));
    EXPECT_EQ(seen[1], (std::vector<double>{2.5, 4.25}));
    EXPECT_EQ(watchers[0]->GetAddress(), Ipv4Address::GetAny());
    for (auto& w : watchers)
    {
        w->Dispose();
    }
}

TEST(AddressWatcher, EventModeDetectsAtTheLeaseAndTheUaRegistersAtOnce)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    WifiAccessHelper access;
    access.InstallAccessPoints({Vector(0, 0, 0)});
    Ptr<Node> sta = CreateObject<Node>();
    MobilityHelper mobility;
    mobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
    mobility.Install(sta);
    sta->GetObject<MobilityModel>()->SetPosition(Vector(10, 0, 0));
    Ptr<RoamingDhcpClient> dhcp = access.InstallStation(sta);
    std::vector<double> leases;
    dhcp->TraceConnectWithoutContext("NewLease",
                                     MakeBoundCallback(
                                         +[](std::vector<double>* out, const Ipv4Address&)
                                         { out->push_back(Simulator::Now().GetSeconds()); },
                                         &leases));
    // A registrar on the AP node (router and DHCP server of the cell).
    StubRegistrar reg(access.GetApNode(0), 5070);
    SipUserAgentHelper helper = RegisteringHelper(access.GetApAddress(0), 5070);
    helper.SetAttribute("DetectionMode", StringValue("event"));
    helper.SetAttribute("PollInterval", TimeValue(Seconds(5))); // would be slow if used
    Ptr<SipUserAgent> ua = DynamicCast<SipUserAgent>(helper.Install(sta).Get(0));
    ua->SetDhcpClient(dhcp);
    std::vector<double> detected;
    ua->TraceConnectWithoutContext("AddressChange",
                                   MakeBoundCallback(
                                       +[](std::vector<double>* out, Ipv4Address, Ipv4Address)
                                       { out->push_back(Simulator::Now().GetSeconds()); },
                                       &detected));
    Simulator::Stop(Seconds(6));
    Simulator::Run();
    ASSERT_EQ(leases.size(), 1u);
    ASSERT_EQ(detected.size(), 1u);
    EXPECT_DOUBLE_EQ(detected[0], leases[0]); // no detection delay
    ASSERT_GE(reg.times.size(), 1u);
    EXPECT_LT(reg.times[0] - leases[0], 0.05); // REGISTER on its way at once
    EXPECT_EQ(ua->GetRegistrationState(), "registered");
    Simulator::Destroy();
}
