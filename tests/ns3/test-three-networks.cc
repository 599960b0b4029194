// SPDX-License-Identifier: GPL-2.0-only
// The three-network wired testbed through the full stack (SimulationRunner): message sequences of
// calls within a network, across networks and to unknown users, registrar semantics, security at
// the marshal server, and media delay against the configured links.
#include "sent-messages.h"

#include "media/rtp-media-stream.h"
#include "scenario/simulation-runner.h"
#include "testbed/seed-networks.h"
#include "testbed/sip-testbed.h"
#include "ua/sip-user-agent.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

const char* const kNets[] = {"net1", "net2", "net3"};

/// The three wired networks of the seed: subscribers N000-N009, a gateway pair per pair of
/// networks (5065 in the first, 5066 in the second), dial plans towards the other two networks.
TestbedConfig
ThreeNetworks(double duration)
{
    TestbedConfig cfg = MakeSeedNetworks(10);
    cfg.name = "three-networks-test";
    cfg.duration = duration;
    return cfg;
}

/// A wired user agent with optional calls.
UaConfig
Ua(const std::string& user, const std::string& network, std::vector<CallConfig> calls = {})
{
    UaConfig ua;
    ua.user = user;
    ua.network = network;
    ua.calls = std::move(calls);
    return ua;
}

/// One SIP message sent by an entity.
struct Sent
{
    double t;           ///< simulated time (s)
    std::string from;   ///< role of the sender
    std::string to;     ///< destination "ip:port" (a role after Resolve())
    std::string label;  ///< Label()
    std::string callId; ///< Call-ID
    sipmob::SipMessage msg;
};

/**
 * Runs a testbed through SimulationRunner and records every SIP message every entity sent, with
 * role names (ua-1001, ms-net1, rs-net1, gw-net1-net2), plus the entities themselves so tests can
 * connect further traces or change attributes before the simulator runs.
 */
class Harness
{
public:
    TestbedConfig cfg;
    RunOptions options;
    std::vector<Sent> sent;
    RunOutput out;
    std::map<std::string, std::string> roleOf; ///< "ip:port" -> role
    std::map<std::string, Ptr<SipUserAgent>> uas;
    std::map<std::string, Ptr<MarshalServer>> marshals; ///< network -> marshal
    std::map<std::string, Ptr<RedirectServer>> redirects;
    /// Called after the entities are found (before the simulator runs).
    std::function<void(Harness&, SipTestbed&)> setup;
    /// Called at 0.5 s, once the servers' stacks exist.
    std::function<void(Harness&)> atStart;

    explicit Harness(double duration)
        : cfg(ThreeNetworks(duration))
    {
    }

    void Run()
    {
        options.onBuilt = [this](SipTestbed& tb) { OnBuilt(tb); };
        out = SimulationRunner::Run(cfg, options);
        for (auto& s : sent)
        {
            auto it = roleOf.find(s.to);
            if (it != roleOf.end())
            {
                s.to = it->second;
            }
        }
        uas.clear();
        marshals.clear();
        redirects.clear();
    }

    /// \return "from -> to label" of the messages of one Call-ID, in order
    std::vector<std::string> Flow(const std::string& callId) const
    {
        std::vector<std::string> flow;
        for (const auto& s : sent)
        {
            if (s.callId == callId)
            {
                flow.push_back(s.from + " -> " + s.to + " " + s.label);
            }
        }
        return flow;
    }

    /// \return the Call-ID of the first INVITE a role sent
    std::string FirstInviteFrom(const std::string& role) const
    {
        for (const auto& s : sent)
        {
            if (s.from == role && s.label == "INVITE")
            {
                return s.callId;
            }
        }
        return "";
    }

    /// \return the messages of a role with this label
    std::vector<Sent> From(const std::string& role, const std::string& label) const
    {
        std::vector<Sent> r;
        std::copy_if(sent.begin(), sent.end(), std::back_inserter(r),
                     [&](const Sent& s) { return s.from == role && s.label == label; });
        return r;
    }

    /// \return the call record of one end
    const sipmob::CallRecord* CallOf(const std::string& aor, const std::string& callId) const
    {
        for (const auto& c : out.results.calls)
        {
            if (c.ua == aor && c.callId == callId)
            {
                return &c;
            }
        }
        return nullptr;
    }

private:
    void Watch(Ptr<SipStack> stack, const std::string& role)
    {
        OnSent(stack,
               [this, role](const sipmob::SipMessage& m, const InetSocketAddress&,
                            const InetSocketAddress& to) {
                   sent.push_back(
                       {Simulator::Now().GetSeconds(), role, Text(to), Label(m), m.GetCallId(), m});
               });
    }

    void OnBuilt(SipTestbed& tb)
    {
        std::map<Ptr<Node>, std::string> nodeRole; // node -> "net1" (server) or a role
        for (const auto& net : tb.GetNetworks())
        {
            const std::string& name = net.config.name;
            roleOf[Text(net.serverAddress, net.config.marshalPort)] = "ms-" + name;
            roleOf[Text(net.serverAddress, net.config.redirectPort)] = "rs-" + name;
            nodeRole[net.server] = name;
            for (const auto& [peer, node] : net.gateways)
            {
                std::string role = "gw-" + name + "-" + peer;
                roleOf[Text(net.gatewayAddress.at(peer), net.gatewayPort.at(peer))] = role;
                nodeRole[node] = role;
            }
        }
        for (const auto& ua : cfg.uas)
        {
            Ptr<Node> node = tb.GetUaNode(ua.user);
            Ipv4Address a = node->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
            roleOf[Text(a, 5060)] = "ua-" + ua.user;
            nodeRole[node] = "ua-" + ua.user;
        }
        std::vector<RoledApp> entities;
        for (const auto& [node, role] : nodeRole)
        {
            for (uint32_t i = 0; i < node->GetNApplications(); ++i)
            {
                Ptr<Application> app = node->GetApplication(i);
                if (auto ua = DynamicCast<SipUserAgent>(app))
                {
                    uas[role.substr(3)] = ua;
                    Watch(ua->GetStack(), role);
                }
                else if (auto ms = DynamicCast<MarshalServer>(app))
                {
                    marshals[role] = ms;
                    entities.emplace_back(app, "ms-" + role);
                }
                else if (auto rs = DynamicCast<RedirectServer>(app))
                {
                    redirects[role] = rs;
                    entities.emplace_back(app, "rs-" + role);
                }
                else if (DynamicCast<MarshalGateway>(app))
                {
                    entities.emplace_back(app, role);
                }
            }
        }
        WatchServersAtHalfSecond(
            entities, [this](Ptr<SipStack> stack, const std::string& role) { Watch(stack, role); },
            [this]()
            {
                if (atStart)
                {
                    atStart(*this);
                }
            });
        if (setup)
        {
            setup(*this, tb);
        }
    }
};

/// Prints a flow when an assertion about it fails.
std::string
Dump(const std::vector<std::string>& flow)
{
    std::string s;
    for (const auto& line : flow)
    {
        s += "  " + line + "\n";
    }
    return s;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Calls: message sequences and final states

TEST(ThreeNetworks, CallWithinANetwork)
{
    Harness h(12);
    h.cfg.uas = {Ua("1001", "net1", {{3, "1002", 2}}), Ua("1002", "net1")};
    h.Run();

    std::string callId = h.FirstInviteFrom("ua-1001");
    ASSERT_FALSE(callId.empty());
    std::vector<std::string> expected = {
        "ua-1001 -> ms-net1 INVITE",     "ms-net1 -> rs-net1 INVITE",
        "rs-net1 -> ms-net1 302 INVITE", "ms-net1 -> rs-net1 ACK",
        "ms-net1 -> ua-1002 INVITE",     "ua-1002 -> ms-net1 180 INVITE",
        "ms-net1 -> ua-1001 180 INVITE", "ua-1002 -> ms-net1 200 INVITE",
        "ms-net1 -> ua-1001 200 INVITE", "ua-1001 -> ms-net1 ACK",
        "ms-net1 -> ua-1002 ACK",        "ua-1001 -> ms-net1 BYE",
        "ms-net1 -> ua-1002 BYE",        "ua-1002 -> ms-net1 200 BYE",
        "ms-net1 -> ua-1001 200 BYE",
    };
    auto flow = h.Flow(callId);
    EXPECT_EQ(flow, expected) << Dump(flow);

    const sipmob::CallRecord* caller = h.CallOf("sip:1001@net1.example.org", callId);
    const sipmob::CallRecord* callee = h.CallOf("sip:1002@net1.example.org", callId);
    ASSERT_NE(caller, nullptr);
    ASSERT_NE(callee, nullptr);
    EXPECT_EQ(caller->finalStatus, 200);
    EXPECT_EQ(caller->endReason, "bye-sent");
    EXPECT_EQ(callee->endReason, "bye-received");
    EXPECT_NEAR(caller->tInvite, 3.0, 1e-9);
    // AnswerDelay 1 s, then 2 s of talk before the BYE.
    ASSERT_TRUE(caller->tAnswered && caller->tEnded);
    EXPECT_NEAR(*caller->tAnswered - caller->tInvite, 1.0, 0.01);
    EXPECT_NEAR(*caller->tEnded - *caller->tAnswered, 2.0, 0.01);
}

TEST(ThreeNetworks, CallAcrossTwoNetworks)
{
    Harness h(14);
    h.cfg.uas = {Ua("1001", "net1", {{3, "2001", 2}}), Ua("2001", "net2")};
    std::vector<std::pair<std::string, std::string>> states1001, states2001;
    h.setup = [&](Harness& hh, SipTestbed&)
    {
        hh.uas.at("1001")->TraceConnectWithoutContext(
            "CallState", Callback<void, const std::string&, const std::string&, const std::string&>(
                             [&](const std::string& id, const std::string&, const std::string& s)
                             { states1001.emplace_back(id, s); }));
        hh.uas.at("2001")->TraceConnectWithoutContext(
            "CallState", Callback<void, const std::string&, const std::string&, const std::string&>(
                             [&](const std::string& id, const std::string&, const std::string& s)
                             { states2001.emplace_back(id, s); }));
    };
    h.Run();

    std::string callId = h.FirstInviteFrom("ua-1001");
    ASSERT_FALSE(callId.empty());
    auto flow = h.Flow(callId);
    // The INVITE goes ua -> ms-net1 -> rs-net1 (302 to the gateway) -> gw-net1-net2 -> WAN ->
    // gw-net2-net1 -> ms-net2 -> rs-net2 (302 to 2001) -> ua-2001; responses come back the same
    // way. In-dialog requests follow the Record-Route: the marshal servers and the gateway pair
    // record-route (the testbed sets MarshalGateway::RecordRoute, as in VOCAL), so ACK and BYE
    // cross the gateways like the INVITE.
    auto index = [&flow](const std::string& line)
    {
        auto it = std::find(flow.begin(), flow.end(), line);
        return it == flow.end() ? -1 : static_cast<int>(it - flow.begin());
    };
    std::vector<std::string> path = {
        "ua-1001 -> ms-net1 INVITE",
        "ms-net1 -> rs-net1 INVITE",
        "rs-net1 -> ms-net1 302 INVITE",
        "ms-net1 -> gw-net1-net2 INVITE",
        "gw-net1-net2 -> gw-net2-net1 INVITE",
        "gw-net2-net1 -> ms-net2 INVITE",
        "ms-net2 -> rs-net2 INVITE",
        "rs-net2 -> ms-net2 302 INVITE",
        "ms-net2 -> ua-2001 INVITE",
        "ua-2001 -> ms-net2 200 INVITE",
        "ms-net2 -> gw-net2-net1 200 INVITE",
        "gw-net2-net1 -> gw-net1-net2 200 INVITE",
        "gw-net1-net2 -> ms-net1 200 INVITE",
        "ms-net1 -> ua-1001 200 INVITE",
        "ua-1001 -> ms-net1 ACK",
        "ms-net1 -> gw-net1-net2 ACK",
        "gw-net1-net2 -> gw-net2-net1 ACK",
        "gw-net2-net1 -> ms-net2 ACK",
        "ms-net2 -> ua-2001 ACK",
        "ua-1001 -> ms-net1 BYE",
        "ms-net1 -> gw-net1-net2 BYE",
        "gw-net1-net2 -> gw-net2-net1 BYE",
        "gw-net2-net1 -> ms-net2 BYE",
        "ms-net2 -> ua-2001 BYE",
        "ua-2001 -> ms-net2 200 BYE",
        "ms-net2 -> gw-net2-net1 200 BYE",
        "gw-net2-net1 -> gw-net1-net2 200 BYE",
        "gw-net1-net2 -> ms-net1 200 BYE",
        "ms-net1 -> ua-1001 200 BYE",
    };
    int last = -1;
    for (const auto& line : path)
    {
        int i = index(line);
        EXPECT_GT(i, last) << line << " missing or out of order\n" << Dump(flow);
        last = std::max(last, i);
    }
    // Nothing reaches the third network, and each INVITE crosses the WAN once.
    for (const auto& line : flow)
    {
        EXPECT_EQ(line.find("net3"), std::string::npos) << line;
    }
    EXPECT_EQ(std::count(flow.begin(), flow.end(), "gw-net1-net2 -> gw-net2-net1 INVITE"), 1)
        << Dump(flow);
    // Final states at both ends.
    ASSERT_FALSE(states1001.empty());
    ASSERT_FALSE(states2001.empty());
    std::vector<std::string> s1, s2;
    for (const auto& [id, s] : states1001)
    {
        if (id == callId)
        {
            s1.push_back(s);
        }
    }
    for (const auto& [id, s] : states2001)
    {
        if (id == callId)
        {
            s2.push_back(s);
        }
    }
    EXPECT_EQ(s1, (std::vector<std::string>{"calling", "ringing", "confirmed", "terminating",
                                            "terminated"}));
    EXPECT_EQ(s2, (std::vector<std::string>{"incoming", "ringing", "answered", "confirmed",
                                            "terminated"}));
    const sipmob::CallRecord* caller = h.CallOf("sip:1001@net1.example.org", callId);
    const sipmob::CallRecord* callee = h.CallOf("sip:2001@net2.example.org", callId);
    ASSERT_NE(caller, nullptr);
    ASSERT_NE(callee, nullptr);
    EXPECT_EQ(caller->finalStatus, 200);
    EXPECT_EQ(callee->finalStatus, 200);
    EXPECT_EQ(caller->endReason, "bye-sent");
    EXPECT_EQ(callee->endReason, "bye-received");
}

TEST(ThreeNetworks, CallToUnknownUsers)
{
    Harness h(10);
    // 1099 is provisioned but never registered; 9001 matches no dial-plan pattern; 2099 is a
    // net2 pattern with nobody registered there.
    h.cfg.uas = {Ua("1001", "net1", {{3, "1099", 2}, {4, "9001", 2}, {5, "2099", 2}})};
    h.Run();

    std::vector<std::string> callIds;
    for (const auto& s : h.From("ua-1001", "INVITE"))
    {
        if (std::find(callIds.begin(), callIds.end(), s.callId) == callIds.end())
        {
            callIds.push_back(s.callId);
        }
    }
    ASSERT_EQ(callIds.size(), 3u);
    std::vector<std::string> local = {
        "ua-1001 -> ms-net1 INVITE",     "ms-net1 -> rs-net1 INVITE",
        "rs-net1 -> ms-net1 404 INVITE", "ms-net1 -> rs-net1 ACK",
        "ms-net1 -> ua-1001 404 INVITE", "ua-1001 -> ms-net1 ACK",
    };
    EXPECT_EQ(h.Flow(callIds[0]), local) << Dump(h.Flow(callIds[0]));
    EXPECT_EQ(h.Flow(callIds[1]), local) << Dump(h.Flow(callIds[1]));
    auto remote = h.Flow(callIds[2]);
    EXPECT_NE(std::find(remote.begin(), remote.end(), "rs-net2 -> ms-net2 404 INVITE"),
              remote.end())
        << Dump(remote);
    EXPECT_EQ(remote.back(), "ua-1001 -> ms-net1 ACK") << Dump(remote);
    EXPECT_NE(std::find(remote.begin(), remote.end(), "ms-net1 -> ua-1001 404 INVITE"),
              remote.end())
        << Dump(remote);
    for (const auto& id : callIds)
    {
        const sipmob::CallRecord* c = h.CallOf("sip:1001@net1.example.org", id);
        ASSERT_NE(c, nullptr);
        EXPECT_EQ(c->finalStatus, 404);
        EXPECT_EQ(c->endReason, "failed");
        EXPECT_FALSE(c->tAnswered.has_value());
    }
}

// ---------------------------------------------------------------------------------------------
// Registrar semantics through the full stack

TEST(ThreeNetworks, RegistrarRefreshExpiryAndDeregister)
{
    Harness h(110);
    h.cfg.attributes["ua.RegisterExpires"] = "60";
    h.cfg.attributes["ua.RegisterRefreshFraction"] = "0.8";
    h.cfg.uas = {Ua("1001", "net1"), Ua("1002", "net1")};
    std::vector<std::pair<double, std::string>> added, refreshed, removed, expired;
    auto record = [](std::vector<std::pair<double, std::string>>* v)
    {
        return Callback<void, const std::string&, const std::string&, uint32_t>(
            [v](const std::string& aor, const std::string&, uint32_t)
            { v->emplace_back(Simulator::Now().GetSeconds(), aor); });
    };
    h.setup = [&](Harness& hh, SipTestbed&)
    {
        // Both stop at 70 s: 1001 silently (its binding must expire), 1002 with a de-REGISTER.
        Ptr<SipUserAgent> quiet = hh.uas.at("1001");
        quiet->SetAttribute("UnregisterOnStop", BooleanValue(false));
        quiet->SetStopTime(Seconds(70));
        hh.uas.at("1002")->SetStopTime(Seconds(70));
    };
    h.atStart = [&](Harness& hh)
    {
        Ptr<RedirectServer> rs = hh.redirects.at("net1");
        rs->TraceConnectWithoutContext("BindingAdded", record(&added));
        rs->TraceConnectWithoutContext("BindingRefreshed", record(&refreshed));
        rs->TraceConnectWithoutContext("BindingRemoved", record(&removed));
        rs->TraceConnectWithoutContext("BindingExpired", record(&expired));
    };
    h.Run();

    const std::string a1 = "sip:1001@net1.example.org";
    const std::string a2 = "sip:1002@net1.example.org";
    // Each UA: initial REGISTER (200, 60 s) and one refresh at 0.8 x 60 = 48 s after the 200.
    for (const std::string& aor : {a1, a2})
    {
        std::vector<sipmob::RegistrationRecord> regs;
        for (const auto& r : h.out.results.registrations)
        {
            if (r.ua == aor)
            {
                regs.push_back(r);
            }
        }
        ASSERT_GE(regs.size(), 2u) << aor;
        EXPECT_EQ(regs[0].status, 200);
        EXPECT_EQ(regs[0].expires, 60u);
        EXPECT_EQ(regs[0].via, "10.1.0.10:5060");
        ASSERT_TRUE(regs[0].tFinal.has_value());
        EXPECT_NEAR(regs[1].tSent, *regs[0].tFinal + 48.0, 1e-6) << aor;
        EXPECT_EQ(regs[1].status, 200);
        // 1 s start + 48 s + 48 s = 97 s > 70 s: no second refresh.
        if (aor == a1)
        {
            EXPECT_EQ(regs.size(), 2u);
        }
        else
        {
            ASSERT_EQ(regs.size(), 3u);
            EXPECT_NEAR(regs[2].tSent, 70.0, 1e-9);
            EXPECT_EQ(regs[2].status, 200);
            EXPECT_EQ(regs[2].expires, 0u);
        }
    }
    auto times = [](const std::vector<std::pair<double, std::string>>& v, const std::string& aor)
    {
        std::vector<double> t;
        for (const auto& [time, a] : v)
        {
            if (a == aor)
            {
                t.push_back(time);
            }
        }
        return t;
    };
    EXPECT_EQ(times(added, a1).size(), 1u);
    EXPECT_EQ(times(refreshed, a1).size(), 1u);
    EXPECT_EQ(times(refreshed, a2).size(), 1u);
    // 1002's de-REGISTER removes the binding at once; it never expires.
    ASSERT_EQ(times(removed, a2).size(), 1u);
    EXPECT_NEAR(times(removed, a2)[0], 70.0, 0.01);
    EXPECT_TRUE(times(expired, a2).empty());
    // 1001's binding, last refreshed at about 49 s for 60 s, expires at the next purge tick
    // (1 s period) after 109 s.
    EXPECT_TRUE(times(removed, a1).empty());
    ASSERT_EQ(times(expired, a1).size(), 1u);
    double refreshedAt = times(refreshed, a1)[0];
    EXPECT_GE(times(expired, a1)[0], refreshedAt + 60.0);
    EXPECT_LE(times(expired, a1)[0], refreshedAt + 61.0);
}

// ---------------------------------------------------------------------------------------------
// Security through the full stack

TEST(ThreeNetworks, UnprovisionedUserCannotRegisterOrCall)
{
    Harness h(8);
    // 1050 claims net1 but is not one of its subscribers.
    h.cfg.uas = {Ua("1050", "net1", {{3, "1001", 2}}), Ua("1001", "net1")};
    std::vector<std::string> authFailed;
    h.atStart = [&](Harness& hh)
    {
        hh.marshals.at("net1")->TraceConnectWithoutContext(
            "AuthFailed", Callback<void, const std::string&, const std::string&>(
                              [&](const std::string& user, const std::string& why)
                              { authFailed.push_back(user + " " + why); }));
    };
    h.Run();

    auto regs = h.From("ms-net1", "403 REGISTER");
    ASSERT_EQ(regs.size(), 1u);
    EXPECT_EQ(regs[0].to, "ua-1050");
    for (const auto& s : h.From("ms-net1", "REGISTER"))
    {
        EXPECT_NE(s.msg.GetTo().uri.GetUser(), "1050") << "the REGISTER reached the registrar";
    }
    std::string callId = h.FirstInviteFrom("ua-1050");
    ASSERT_FALSE(callId.empty());
    auto flow = h.Flow(callId);
    EXPECT_EQ(flow,
              (std::vector<std::string>{"ua-1050 -> ms-net1 INVITE",
                                        "ms-net1 -> ua-1050 403 INVITE", "ua-1050 -> ms-net1 ACK"}))
        << Dump(flow);
    const sipmob::CallRecord* c = h.CallOf("sip:1050@net1.example.org", callId);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->finalStatus, 403);
    EXPECT_TRUE(h.From("ua-1001", "180 INVITE").empty());
    EXPECT_EQ(
        std::count(authFailed.begin(), authFailed.end(), "1050@net1.example.org not provisioned"),
        2);
    // 1001, provisioned, registered normally.
    bool ok1001 = false;
    for (const auto& r : h.out.results.registrations)
    {
        ok1001 = ok1001 || (r.ua == "sip:1001@net1.example.org" && r.status == 200);
    }
    EXPECT_TRUE(ok1001);
}

TEST(ThreeNetworks, DigestWrongPasswordRejected)
{
    Harness h(8);
    h.cfg.attributes["marshal.DigestEnabled"] = "true";
    h.cfg.networks[0].subscribers[1].password = "right-1001";
    h.cfg.networks[0].subscribers[2].password = "right-1002";
    UaConfig bad = Ua("1001", "net1", {{4, "1002", 1}});
    bad.password = "wrong";
    UaConfig good = Ua("1002", "net1");
    good.password = "right-1002";
    h.cfg.uas = {bad, good};
    h.Run();

    std::map<std::string, int> status;
    for (const auto& r : h.out.results.registrations)
    {
        if (!status.count(r.ua))
        {
            status[r.ua] = r.status;
        }
    }
    EXPECT_EQ(status["sip:1001@net1.example.org"], 403);
    EXPECT_EQ(status["sip:1002@net1.example.org"], 200);
    // Each UA: REGISTER, 401 challenge, REGISTER with credentials; then 403 or 200.
    std::vector<std::string> badFlow, goodFlow;
    for (const auto& s : h.sent)
    {
        if (s.msg.GetCSeq().method != "REGISTER" || s.t > 2)
        {
            continue;
        }
        if (s.from == "ua-1001" || s.to == "ua-1001")
        {
            badFlow.push_back(s.from + " -> " + s.to + " " + s.label);
        }
        if (s.from == "ua-1002" || s.to == "ua-1002")
        {
            goodFlow.push_back(s.from + " -> " + s.to + " " + s.label);
        }
    }
    EXPECT_EQ(badFlow, (std::vector<std::string>{
                           "ua-1001 -> ms-net1 REGISTER", "ms-net1 -> ua-1001 401 REGISTER",
                           "ua-1001 -> ms-net1 REGISTER", "ms-net1 -> ua-1001 403 REGISTER"}))
        << Dump(badFlow);
    ASSERT_GE(goodFlow.size(), 4u) << Dump(goodFlow);
    EXPECT_EQ(goodFlow[1], "ms-net1 -> ua-1002 401 REGISTER");
    EXPECT_EQ(goodFlow.back(), "ms-net1 -> ua-1002 200 REGISTER");
    // The wrong password cannot call either: INVITE, 407, INVITE with credentials, 403.
    std::string callId = h.FirstInviteFrom("ua-1001");
    std::vector<std::string> labels;
    for (const auto& line : h.Flow(callId))
    {
        if (line.find("ua-1001") != std::string::npos)
        {
            labels.push_back(line);
        }
    }
    EXPECT_NE(std::find(labels.begin(), labels.end(), "ms-net1 -> ua-1001 407 INVITE"),
              labels.end())
        << Dump(labels);
    EXPECT_NE(std::find(labels.begin(), labels.end(), "ms-net1 -> ua-1001 403 INVITE"),
              labels.end())
        << Dump(labels);
    const sipmob::CallRecord* c = h.CallOf("sip:1001@net1.example.org", callId);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->finalStatus, 403);
    EXPECT_TRUE(h.From("ms-net1", "INVITE").empty()) << "INVITE forwarded";
}

namespace
{

/// A raw UDP socket playing a broken client on a UA node.
struct RawClient
{
    Ptr<Socket> socket;
    std::vector<std::pair<double, std::string>> rx; ///< (time, first line)
    std::string uri = "sip:1002@net1.example.org";  ///< Request-URI of the INVITEs

    void Open(Ptr<Node> node)
    {
        socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), 6000));
        socket->SetRecvCallback(MakeCallback(&RawClient::OnRead, this));
    }

    void OnRead(Ptr<Socket> s)
    {
        Address from;
        while (Ptr<Packet> p = s->RecvFrom(from))
        {
            std::string bytes(p->GetSize(), '\0');
            p->CopyData(reinterpret_cast<uint8_t*>(bytes.data()), bytes.size());
            rx.emplace_back(Simulator::Now().GetSeconds(), bytes.substr(0, bytes.find("\r\n")));
            // RFC 3261 17.1.1.3: ACK a non-2xx final response to INVITE, same branch.
            auto msg = sipmob::SipMessage::Parse(bytes);
            if (msg && msg->IsResponse() && msg->GetStatusCode() >= 300 &&
                msg->GetCSeq().method == "INVITE")
            {
                std::ostringstream ack;
                ack << "ACK " << uri << " SIP/2.0\r\n"
                    << "Via: " << msg->GetHeader("Via").value_or("") << "\r\n"
                    << "Max-Forwards: 70\r\n"
                    << "From: " << msg->GetHeader("From").value_or("") << "\r\n"
                    << "To: " << msg->GetHeader("To").value_or("") << "\r\n"
                    << "Call-ID: " << msg->GetCallId() << "\r\n"
                    << "CSeq: " << msg->GetCSeq().seq << " ACK\r\n"
                    << "Content-Length: 0\r\n\r\n";
                Send(ack.str(), InetSocketAddress::ConvertFrom(from).GetIpv4(),
                     InetSocketAddress::ConvertFrom(from).GetPort());
            }
        }
    }

    void Send(const std::string& text, Ipv4Address to, uint16_t port)
    {
        Ptr<Packet> p = Create<Packet>(reinterpret_cast<const uint8_t*>(text.data()), text.size());
        socket->SendTo(p, 0, InetSocketAddress(to, port));
    }
};

/// An INVITE from 1001's node (port 6000) with this Max-Forwards.
std::string
RawInvite(const std::string& ip, int maxForwards, const std::string& callId)
{
    std::ostringstream os;
    os << "INVITE sip:1002@net1.example.org SIP/2.0\r\n"
       << "Via: SIP/2.0/UDP " << ip << ":6000;branch=z9hG4bK-" << callId << ";rport\r\n"
       << "Max-Forwards: " << maxForwards << "\r\n"
       << "From: <sip:1001@net1.example.org>;tag=raw\r\n"
       << "To: <sip:1002@net1.example.org>\r\n"
       << "Call-ID: " << callId << "\r\n"
       << "CSeq: 1 INVITE\r\n"
       << "Contact: <sip:1001@" << ip << ":6000>\r\n"
       << "Content-Length: 0\r\n\r\n";
    return os.str();
}

} // namespace

TEST(ThreeNetworks, MaxForwardsZeroAndMalformedRequest)
{
    Harness h(8);
    // 1001 calls 1002 at 5 s, after the marshal has seen both broken requests.
    h.cfg.uas = {Ua("1001", "net1", {{5, "1002", 1}}), Ua("1002", "net1")};
    RawClient raw;
    std::string ip;
    Ipv4Address marshal;
    h.setup = [&](Harness&, SipTestbed& tb)
    {
        Ptr<Node> node = tb.GetUaNode("1001");
        std::ostringstream os;
        os << node->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
        ip = os.str();
        marshal = tb.GetNetwork("net1").serverAddress;
        raw.Open(node);
        Simulator::Schedule(Seconds(3),
                            [&]() { raw.Send(RawInvite(ip, 0, "mf0"), marshal, 5060); });
        // A request line without SIP version and a broken CSeq: unparsable.
        Simulator::Schedule(Seconds(4),
                            [&]()
                            {
                                raw.Send("INVITE sip:1002@net1.example.org\r\nVia: SIP/2.0/UDP " +
                                             ip +
                                             ":6000;branch=z9hG4bK-bad\r\nCSeq: x\r\n"
                                             "Call-ID: bad\r\nContent-Length: 0\r\n\r\n",
                                         marshal, 5060);
                            });
    };
    h.Run();

    // One 483 (the ACK stops its retransmission) and one 400 (no transaction for garbage).
    ASSERT_EQ(raw.rx.size(), 2u);
    EXPECT_NEAR(raw.rx[0].first, 3.0, 0.01);
    EXPECT_EQ(raw.rx[0].second, "SIP/2.0 483 Too Many Hops");
    EXPECT_NEAR(raw.rx[1].first, 4.0, 0.01);
    EXPECT_EQ(raw.rx[1].second.substr(0, 12), "SIP/2.0 400 ");
    // Neither reached the registrar or the callee.
    std::vector<std::string> mf0;
    for (const auto& s : h.sent)
    {
        if (s.callId == "mf0")
        {
            mf0.push_back(s.from + " -> " + s.to + " " + s.label);
        }
        if (s.from == "ms-net1" && s.label == "INVITE")
        {
            EXPECT_GE(s.t, 5.0);
        }
    }
    EXPECT_EQ(mf0, (std::vector<std::string>{"ms-net1 -> " + ip + ":6000 483 INVITE"}));
    // The marshal keeps working: the real call at 5 s completes.
    std::string callId = h.FirstInviteFrom("ua-1001");
    const sipmob::CallRecord* c = h.CallOf("sip:1001@net1.example.org", callId);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->finalStatus, 200);
    EXPECT_EQ(c->endReason, "bye-sent");
}

// ---------------------------------------------------------------------------------------------
// Media: loss and one-way delay against the configured links

namespace
{

/// Serialisation time (ms) of an RTP packet (payload + 12 RTP + 8 UDP + 20 IP) plus link framing.
double
TxMs(uint32_t payload, uint32_t framing, double bitsPerSecond)
{
    return (payload + 12 + 8 + 20 + framing) * 8.0 / bitsPerSecond * 1000.0;
}

} // namespace

TEST(ThreeNetworks, MediaLosslessWithConfiguredDelays)
{
    Harness h(17);
    h.cfg.lanDelayMs = 0.5;
    h.cfg.wanLinks[1].delayMs = 25; // net1 <-> net3
    // One call at a time: concurrent streams on a CSMA LAN collide and back off (random slots).
    h.cfg.uas = {Ua("1001", "net1", {{3, "1002", 4}, {10, "3001", 4}}), Ua("1002", "net1"),
                 Ua("3001", "net3")};
    // Per-packet one-way delays, (call, receiving user) -> delays in sequence order.
    std::map<std::pair<std::string, std::string>, std::vector<double>> delays;
    h.setup = [&delays](Harness& hh, SipTestbed&)
    {
        for (const auto& [user, ua] : hh.uas)
        {
            // A raw pointer: the callback is stored in the user agent's own trace source, so a
            // Ptr captured here would keep the user agent (and its node) alive for ever (a cycle
            // that LeakSanitizer reports). The user agent outlives every call of the callback.
            SipUserAgent* p = PeekPointer(ua);
            std::string u = user;
            ua->TraceConnectWithoutContext(
                "CallState",
                Callback<void, const std::string&, const std::string&, const std::string&>(
                    [p, u, &delays](const std::string& id, const std::string&,
                                    const std::string& state)
                    {
                        Ptr<RtpMediaStream> stream = p->GetMediaStream(id);
                        if (state != "confirmed" || !stream)
                        {
                            return;
                        }
                        stream->TraceConnectWithoutContext(
                            "Rx", Callback<void, Ptr<const Packet>, Ipv4Address, Ipv4Address,
                                           uint16_t, Time>(
                                      [&delays, id, u](Ptr<const Packet>, Ipv4Address, Ipv4Address,
                                                       uint16_t, Time d) {
                                          delays[{id, u}].push_back(d.GetSeconds() * 1e3);
                                      }));
                    }));
        }
    };
    h.Run();

    // CSMA frame: Ethernet header 14 + FCS 4 at 100 Mb/s; PPP: 2-octet header at 10 Mb/s.
    // Switched LAN: host -> switch -> host is two links, and the switch stores the whole frame
    // before forwarding it, so each crossing of a LAN pays delay and serialisation twice.
    const double lanLink = h.cfg.lanDelayMs + TxMs(160, 18, 100e6);
    const double lanHop = 2 * lanLink;
    const double wanHop = 25 + TxMs(160, 2, 10e6);
    const double sameLan = lanHop;                  // UA -> switch -> UA on one LAN
    const double across = lanHop + wanHop + lanHop; // UA -> router -> WAN -> router -> UA
    std::string local = h.FirstInviteFrom("ua-1001");
    int seen = 0;
    for (const auto& m : h.out.results.media)
    {
        SCOPED_TRACE(m.ua + " " + m.callId);
        ++seen;
        EXPECT_EQ(m.lost, 0u);
        // 4 s of talk at 20 ms: about 200 packets, both ends sent about as many as received.
        EXPECT_GE(m.received, 190u);
        // The callee sends from its 200 OK until the BYE reaches it, the caller from the 200 OK's
        // arrival until its BYE: the two ends' counts differ by the packets sent during the 200
        // OK's and the BYE's signalling paths. Within net1 those are 2 LAN crossings each (~2 ms):
        // under one 20 ms packet, 3 allowed as before. Across the WAN they are 6 LAN crossings
        // (two 0.5 ms links each, switched) + 25 ms WAN each way (~31-33 ms, incl. serialisation
        // of ~1 kB messages): 62-66 ms, at most 4 packets.
        const uint64_t slack = m.callId == local ? 3 : 4;
        EXPECT_LE(m.received, m.sent + slack);
        EXPECT_GE(m.received + slack, m.sent);
        double expected = m.callId == local ? sameLan : across;
        // Once ARP is resolved and the call set-up traffic is over, every packet takes exactly
        // the links' propagation plus serialisation time.
        std::string user = m.ua.substr(4, 4);
        const auto& d = delays[{m.callId, user}];
        ASSERT_EQ(d.size(), m.received);
        for (size_t i = 5; i < d.size(); ++i)
        {
            EXPECT_NEAR(d[i], expected, 1e-4) << "packet " << i;
        }
        // The mean: never below the links' delay; the first packets (ARP, contention with the
        // ACK) add well under 0.1 ms to the mean of ~200 packets.
        EXPECT_GE(m.meanDelayMs, expected - 1e-4);
        EXPECT_LT(m.meanDelayMs, expected + 0.1) << "expected " << expected;
    }
    EXPECT_EQ(seen, 4); // two calls, two ends each
}
