// SPDX-License-Identifier: GPL-2.0-only
// Issue 10: routing in every call direction while a mobile roams, under both registration models.
// 1001 (home net1) walks from net1's access point to net2's mid-call and stays there; users of its
// home, of the visited and of a third network call it, and it calls each of them by bare number and
// by full address. Every call must be answered and torn down at its scheduled time with BYE/200, no
// element may answer 482/483, and each INVITE must cross exactly the elements the seed describes.
// Under Home-Registration-Only the mobile's INVITE asks its home marshal for a redirect (302 with
// the callee's contact) and then goes, with the whole dialog, directly to the callee.
#include "sent-messages.h"

#include "proxy/redirect-server.h"
#include "scenario/simulation-runner.h"
#include "testbed/seed-networks.h"
#include "testbed/sip-testbed.h"
#include "ua/sip-user-agent.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// One SIP message sent by an element.
struct Sent
{
    double t;           ///< simulated time (s)
    std::string from;   ///< role of the sender
    std::string to;     ///< destination "ip:port", a role after the run
    std::string label;  ///< "INVITE" or "200 INVITE"
    std::string callId; ///< Call-ID
    uint32_t cseq;      ///< CSeq number
};

/// A planned call: who calls whom, when, for how long, and the elements its INVITE must cross.
struct Planned
{
    std::string caller; ///< user ID
    double at;          ///< INVITE time (s)
    std::string callee; ///< as dialled
    double duration;    ///< talk time (s)
};

/// The matrix: the mobile's call spanning the hand-off, then calls to it from its home, the
/// visited and a third network, then its calls to each network by bare number and full address.
const std::vector<Planned> kCalls = {
    {"1001", 3, "3001@net3.example.org", 20}, // spans the hand-off (~8 s)
    {"1000", 26, "1001", 3},                  // home network, bare number
    {"2001", 31, "1001@net1.example.org", 3}, // visited network, full address
    {"2002", 36, "1001", 3},                  // visited network, bare number
    {"3002", 41, "1001", 3},                  // third network, bare number
    {"1001", 46, "1000", 3},
    {"1001", 51, "1000@net1.example.org", 3},
    {"1001", 56, "2001", 3},
    {"1001", 61, "2001@net2.example.org", 3},
    {"1001", 66, "3001", 3},
    {"1001", 71, "3001@net3.example.org", 3},
};

/// Runs the matrix under one model and records every SIP message by role.
class CallMatrix
{
public:
    explicit CallMatrix(const std::string& model)
    {
        m_cfg = MakeSeedNetworks(10);
        m_cfg.name = "call-matrix";
        m_cfg.duration = 78;
        m_cfg.model = model;
        m_cfg.networks[0].accessPoints.push_back({0, 0});
        m_cfg.networks[1].accessPoints.push_back({100, 0});
        m_cfg.attributes["dhcp.Collect"] = "50ms";
        m_cfg.attributes["dhcp.RTRS"] = "1s";
        m_cfg.attributes["ua.DetectionMode"] = "event";
        m_cfg.wifiMaxMissedBeacons = 3;
        std::map<std::string, UaConfig> uas;
        for (const auto& [user, net] :
             std::vector<std::pair<std::string, std::string>>{{"1000", "net1"},
                                                              {"2001", "net2"},
                                                              {"2002", "net2"},
                                                              {"3001", "net3"},
                                                              {"3002", "net3"},
                                                              {"1001", "net1"}})
        {
            uas[user].user = user;
            uas[user].network = net;
        }
        uas["1001"].mobile = true;
        uas["1001"].path = {{0, 5, 0}, {5, 5, 0}, {15, 95, 0}};
        for (const auto& c : kCalls)
        {
            uas[c.caller].calls.push_back({c.at, c.callee, c.duration});
        }
        for (const auto& [user, ua] : uas)
        {
            (void) user;
            m_cfg.uas.push_back(ua);
        }
    }

    void Run()
    {
        RunOptions opt;
        opt.onBuilt = [this](SipTestbed& tb) { OnBuilt(tb); };
        out = SimulationRunner::Run(m_cfg, opt);
        for (auto& s : sent)
        {
            auto it = m_roleOf.find(s.to);
            s.to = it != m_roleOf.end() ? it->second : s.to;
        }
    }

    /// \return the roles an INVITE with this Call-ID and CSeq visited, sender first
    std::vector<std::string> InvitePath(const std::string& callId, uint32_t cseq) const
    {
        std::vector<std::string> path;
        for (const auto& s : sent)
        {
            if (s.callId == callId && s.cseq == cseq && s.label == "INVITE" &&
                s.to.rfind("rs-", 0) != 0)
            {
                if (path.empty())
                {
                    path.push_back(s.from);
                }
                path.push_back(s.to);
            }
        }
        return path;
    }

    /// \return the roles a response with this label (e.g. "302 INVITE") crossed, sender first
    std::vector<std::string> ResponsePath(const std::string& callId, const std::string& label) const
    {
        std::vector<std::string> path;
        for (const auto& s : sent)
        {
            if (s.callId == callId && s.label == label && s.from.rfind("rs-", 0) != 0 &&
                s.to.rfind("rs-", 0) != 0 && (path.empty() || path.back() == s.from))
            {
                if (path.empty())
                {
                    path.push_back(s.from);
                }
                path.push_back(s.to);
            }
        }
        return path;
    }

    /// \return the Call-ID of the call its caller placed at `at`
    std::string CallIdAt(const std::string& caller, double at) const
    {
        for (const auto& c : out.results.calls)
        {
            if (c.outgoing &&
                c.ua == "sip:" + caller + "@net" + caller.substr(0, 1) + ".example.org" &&
                std::abs(c.tInvite - at) < 0.5)
            {
                return c.callId;
            }
        }
        return "";
    }

    RunOutput out;
    std::vector<Sent> sent;

private:
    void Watch(Ptr<SipStack> stack, const std::string& role)
    {
        OnSent(stack,
               [this, role](const sipmob::SipMessage& m, const InetSocketAddress& from,
                            const InetSocketAddress& to)
               {
                   if (role.rfind("ua-", 0) == 0)
                   {
                       m_roleOf[Text(from)] = role; // any address it sends from
                   }
                   sent.push_back({Simulator::Now().GetSeconds(), role, Text(to), Label(m),
                                   m.GetCallId(), m.GetCSeq().seq});
               });
    }

    void OnBuilt(SipTestbed& tb)
    {
        std::vector<RoledApp> servers;
        for (const auto& net : tb.GetNetworks())
        {
            const std::string& name = net.config.name;
            m_roleOf[Text(net.serverAddress, net.config.marshalPort)] = "ms-" + name;
            m_roleOf[Text(net.serverAddress, net.config.redirectPort)] = "rs-" + name;
            for (uint32_t i = 0; i < net.server->GetNApplications(); ++i)
            {
                Ptr<Application> app = net.server->GetApplication(i);
                servers.emplace_back(app,
                                     (DynamicCast<RedirectServer>(app) ? "rs-" : "ms-") + name);
            }
            for (const auto& [peer, node] : net.gateways)
            {
                std::string role = "gw-" + name + "-" + peer;
                m_roleOf[Text(net.gatewayAddress.at(peer), net.gatewayPort.at(peer))] = role;
                servers.emplace_back(node->GetApplication(0), role);
            }
        }
        for (const auto& ua : m_cfg.uas)
        {
            Ptr<Node> node = tb.GetUaNode(ua.user);
            for (uint32_t i = 0; i < node->GetNApplications(); ++i)
            {
                if (auto app = DynamicCast<SipUserAgent>(node->GetApplication(i)))
                {
                    Watch(app->GetStack(), "ua-" + ua.user);
                    std::string role = "ua-" + ua.user;
                    app->TraceConnectWithoutContext("AddressChange",
                                                    Callback<void, Ipv4Address, Ipv4Address>(
                                                        [this, role](Ipv4Address, Ipv4Address a)
                                                        { m_roleOf[Text(a, 5060)] = role; }));
                }
            }
            if (!ua.mobile)
            {
                m_roleOf[Text(node->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal(), 5060)] =
                    "ua-" + ua.user;
            }
        }
        WatchServersAtHalfSecond(servers, [this](Ptr<SipStack> stack, const std::string& role)
                                 { Watch(stack, role); });
    }

    TestbedConfig m_cfg;
    std::map<std::string, std::string> m_roleOf;
};

std::string
Join(const std::vector<std::string>& v)
{
    std::string s;
    for (const auto& x : v)
    {
        s += (s.empty() ? "" : " > ") + x;
    }
    return s;
}

/// The path each initial INVITE of kCalls must take (issue 10, doc/mobility.md "Call routing").
std::map<double, std::string>
ExpectedPaths(const std::string& model)
{
    const std::string home = "ms-net1 > gw-net1-net2 > gw-net2-net1 > ms-net2";
    if (model == "outbound-proxy")
    {
        return {
            {3, "ua-1001 > ms-net1 > gw-net1-net3 > gw-net3-net1 > ms-net3 > ua-3001"},
            // to the visitor through its home, then inside the visited network
            {26, "ua-1000 > " + home + " > ua-1001"},
            // from the visited network: delivered inside it
            {31, "ua-2001 > ms-net2 > ua-1001"},
            {36, "ua-2002 > ms-net2 > ua-1001"},
            {41, "ua-3002 > ms-net3 > gw-net3-net1 > gw-net1-net3 > " + home + " > ua-1001"},
            // from the visitor: straight to the callee's network (bare: the visited dial plan)
            {46, "ua-1001 > ms-net2 > gw-net2-net1 > gw-net1-net2 > ms-net1 > ua-1000"},
            {51, "ua-1001 > ms-net2 > gw-net2-net1 > gw-net1-net2 > ms-net1 > ua-1000"},
            {56, "ua-1001 > ms-net2 > ua-2001"},
            {61, "ua-1001 > ms-net2 > ua-2001"},
            {66, "ua-1001 > ms-net2 > gw-net2-net3 > gw-net3-net2 > ms-net3 > ua-3001"},
            {71, "ua-1001 > ms-net2 > gw-net2-net3 > gw-net3-net2 > ms-net3 > ua-3001"},
        };
    }
    return {
        // the mobile's calls: the redirect query (CSeq 1) ends at the marshal that answers 302
        {3, "ua-1001 > ms-net1 > gw-net1-net3 > gw-net3-net1 > ms-net3"},
        // callers reach the mobile through its home network, which knows its contact
        {26, "ua-1000 > ms-net1 > ua-1001"},
        {31, "ua-2001 > ms-net2 > gw-net2-net1 > gw-net1-net2 > ms-net1 > ua-1001"},
        {36, "ua-2002 > ms-net2 > gw-net2-net1 > gw-net1-net2 > ms-net1 > ua-1001"},
        {41, "ua-3002 > ms-net3 > gw-net3-net1 > gw-net1-net3 > ms-net1 > ua-1001"},
        // home-only: the home marshal answers for its own users, else the query follows its
        // dial plan to the callee's network, whose marshal answers
        {46, "ua-1001 > ms-net1"},
        {51, "ua-1001 > ms-net1"},
        {56, "ua-1001 > ms-net1 > gw-net1-net2 > gw-net2-net1 > ms-net2"},
        {61, "ua-1001 > ms-net1 > gw-net1-net2 > gw-net2-net1 > ms-net2"},
        {66, "ua-1001 > ms-net1 > gw-net1-net3 > gw-net3-net1 > ms-net3"},
        {71, "ua-1001 > ms-net1 > gw-net1-net3 > gw-net3-net1 > ms-net3"},
    };
}

/// \return \p v reversed, joined
std::string
Reversed(std::vector<std::string> v)
{
    std::reverse(v.begin(), v.end());
    std::string s;
    for (const auto& x : v)
    {
        s += (s.empty() ? "" : " > ") + x;
    }
    return s;
}

/// Home-Registration-Only, a call of the mobile: the 302 came back the query's way, the ACK of
/// the 302 went to the home marshal only, and everything after it (the INVITE to the contact, its
/// ACK, re-INVITEs, BYE and their responses) went user agent to user agent.
void
ExpectDirectCall(const CallMatrix& m, const std::string& callId, const std::string& callee,
                 const std::string& where)
{
    auto query = m.InvitePath(callId, 1);
    EXPECT_EQ(Reversed(m.ResponsePath(callId, "302 INVITE")), Join(query)) << where;
    int queryAcks = 0;
    int direct = 0;
    for (const auto& s : m.sent)
    {
        if (s.callId != callId)
        {
            continue;
        }
        if (s.cseq == 1)
        {
            EXPECT_TRUE(s.label.rfind("200 ", 0) != 0) << where << ": the query was answered";
            if (s.label == "ACK" && s.from == "ua-1001")
            {
                ++queryAcks;
                EXPECT_EQ(s.to, "ms-net1") << where << ": ACK of the 302 (§17.1.1.3)";
            }
            continue;
        }
        ++direct;
        bool ends = (s.from == "ua-1001" && s.to == "ua-" + callee) ||
                    (s.from == "ua-" + callee && s.to == "ua-1001");
        EXPECT_TRUE(ends) << where << ": " << s.label << " CSeq " << s.cseq << " " << s.from
                          << " -> " << s.to << " at " << s.t;
    }
    EXPECT_EQ(queryAcks, 1) << where;
    EXPECT_EQ(Join(m.InvitePath(callId, 2)), "ua-1001 > ua-" + callee) << where;
    EXPECT_GE(direct, 6) << where << ": INVITE, 180, 200, ACK, BYE, 200 at least";
}

class CallRouting : public ::testing::TestWithParam<std::string>
{
};

TEST_P(CallRouting, EveryDirectionAnsweredTornDownOnTimeWithoutLoops)
{
    const std::string model = GetParam();
    CallMatrix m(model);
    m.Run();
    ASSERT_FALSE(m.out.results.handoffs.empty()) << "the mobile never moved";
    const sipmob::HandoffRecord& h = m.out.results.handoffs.front();
    EXPECT_EQ(h.fromNetwork, "net1");
    EXPECT_EQ(h.toNetwork, "net2");
    ASSERT_TRUE(h.tReinviteOk.has_value()) << "the call spanning the hand-off was not moved";
    EXPECT_EQ(h.status, "completed");
    // The hand-off re-INVITE: through the new outbound proxy (pre-loaded Route) under
    // Outbound-Proxy-Intercept, then the dialog's route set; under Home-Registration-Only straight
    // to the callee (the dialog has no route set; CSeq 1 was the redirect query).
    if (model == "outbound-proxy")
    {
        EXPECT_EQ(Join(m.InvitePath(m.CallIdAt("1001", 3), 2)),
                  "ua-1001 > ms-net2 > ms-net1 > gw-net1-net3 > gw-net3-net1 > ms-net3 > ua-3001");
    }
    else
    {
        EXPECT_EQ(Join(m.InvitePath(m.CallIdAt("1001", 3), 3)), "ua-1001 > ua-3001");
    }

    for (const auto& s : m.sent)
    {
        EXPECT_NE(s.label.substr(0, 4), "482 ") << s.from << " -> " << s.to << " at " << s.t;
        EXPECT_NE(s.label.substr(0, 4), "483 ") << s.from << " -> " << s.to << " at " << s.t;
    }
    auto expected = ExpectedPaths(model);
    for (const auto& c : kCalls)
    {
        std::string where = c.caller + " -> " + c.callee + " at " + std::to_string(c.at);
        std::string callId = m.CallIdAt(c.caller, c.at);
        ASSERT_FALSE(callId.empty()) << where << ": no call record";
        int ends = 0;
        for (const auto& r : m.out.results.calls)
        {
            if (r.callId != callId)
            {
                continue;
            }
            ++ends;
            EXPECT_EQ(r.finalStatus, 200) << where << " at " << r.ua;
            ASSERT_TRUE(r.tAnswered && r.tEnded) << where << " at " << r.ua;
            // The caller hangs up after `duration`; the callee sees the BYE one path later.
            EXPECT_NEAR(*r.tEnded - *r.tAnswered, c.duration, 0.5) << where << " at " << r.ua;
            EXPECT_EQ(r.endReason, r.outgoing ? "bye-sent" : "bye-received") << where;
        }
        EXPECT_EQ(ends, 2) << where << ": both ends must record the call";
        // The caller's BYE got a 200 (BYE/200 at the callee).
        bool byeOk = false;
        for (const auto& s : m.sent)
        {
            byeOk = byeOk || (s.callId == callId && s.label == "200 BYE" &&
                              s.from == "ua-" + (c.caller == "1001" ? c.callee.substr(0, 4)
                                                                    : std::string("1001")));
        }
        EXPECT_TRUE(byeOk) << where << ": the callee never answered the BYE";
        EXPECT_EQ(Join(m.InvitePath(callId, 1)), expected.at(c.at)) << where;
        if (model == "home-only" && c.caller == "1001")
        {
            ExpectDirectCall(m, callId, c.callee.substr(0, 4), where);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(BothModels, CallRouting, ::testing::Values("home-only", "outbound-proxy"));

} // namespace
