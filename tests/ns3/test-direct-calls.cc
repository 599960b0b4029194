// SPDX-License-Identifier: GPL-2.0-only
// Issue 10 item 2, the user agent's side of direct calls: who asks for a redirect (DirectCalls:
// model / on / off), the redirect query to the proxy, the INVITE to the contact after the 302, and
// a query that gets no contact. The marshal's side is in test-servers.cc, the routing matrix in
// test-call-routing.cc.
#include "message/sip-request-disposition.h"
#include "mobility-fixture.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace ns3;
using namespace mobtest;

namespace
{
/// The mobile stays at home (its walk starts after the run): only the calls matter here.
TestbedConfig
AtHome(const std::string& model)
{
    return TwoNetworks(model, 100, 101, 12);
}

/// \return "from>to" of every INVITE received (any element), with "+d" when it asks for a redirect
std::vector<std::string>
Invites(const MobilityRun& r)
{
    std::vector<std::string> out;
    for (const auto& e : r.sip)
    {
        if (!e.tx && e.label == "INVITE" && e.to.rfind("rs-", 0) != 0)
        {
            bool query = sipmob::GetProxyDirective(e.msg) == sipmob::ProxyDirective::REDIRECT;
            out.push_back(e.from + ">" + e.to + (query ? " +d" : ""));
        }
    }
    return out;
}

/// \return the outgoing call record of \p user
const sipmob::CallRecord*
OutgoingCall(const MobilityRun& r, const std::string& aor)
{
    for (const auto& c : r.out.results.calls)
    {
        if (c.outgoing && c.ua == aor)
        {
            return &c;
        }
    }
    return nullptr;
}
} // namespace

TEST(DirectCalls, MobileUnderHomeOnlyAsksItsHomeMarshalThenCallsTheContact)
{
    TestbedConfig cfg = AtHome("home-only");
    Ua(cfg, "1001").calls.push_back({2, "2001", 3});
    MobilityRun r(cfg);
    r.Run();
    EXPECT_EQ(Invites(r), (std::vector<std::string>{"ua-1001>ms-net1 +d", "ms-net1>gw-net1-net2 +d",
                                                    "gw-net1-net2>gw-net2-net1 +d",
                                                    "gw-net2-net1>ms-net2 +d", "ua-1001>ua-2001"}));
    auto redirected = r.Of("CallRedirected", "ua-1001");
    ASSERT_EQ(redirected.size(), 1u);
    EXPECT_NE(redirected[0].b.find("sip:2001@10.2."), std::string::npos) << redirected[0].b;
    const sipmob::CallRecord* call = OutgoingCall(r, "sip:1001@net1.example.org");
    ASSERT_NE(call, nullptr);
    EXPECT_EQ(call->finalStatus, 200);
    EXPECT_EQ(call->endReason, "bye-sent");
    // t_invite is the query's: the call was placed at 2 s, the redirect costs set-up time.
    EXPECT_NEAR(call->tInvite, 2.0, 1e-6);
    ASSERT_TRUE(call->tAnswered.has_value());
    EXPECT_GT(*call->tAnswered - call->tInvite, 1.0); // AnswerDelay 1 s + two round trips
}

TEST(DirectCalls, WiredCallerAndDirectCallsOffAreProxied)
{
    // A wired user agent under home-only calls through its marshal (callers reach the mobile
    // through its home network), and so does the mobile with DirectCalls=off.
    TestbedConfig cfg = AtHome("home-only");
    Ua(cfg, "1001").attributes["DirectCalls"] = "off";
    Ua(cfg, "1001").calls.push_back({2, "2001", 3});
    Ua(cfg, "2001").calls.push_back({7, "1001@net1.example.org", 3});
    MobilityRun r(cfg);
    r.Run();
    const std::vector<std::string> proxied12 = {"ua-1001>ms-net1", "ms-net1>gw-net1-net2",
                                                "gw-net1-net2>gw-net2-net1", "gw-net2-net1>ms-net2",
                                                "ms-net2>ua-2001"};
    const std::vector<std::string> proxied21 = {"ua-2001>ms-net2", "ms-net2>gw-net2-net1",
                                                "gw-net2-net1>gw-net1-net2", "gw-net1-net2>ms-net1",
                                                "ms-net1>ua-1001"};
    std::vector<std::string> expected = proxied12;
    expected.insert(expected.end(), proxied21.begin(), proxied21.end());
    EXPECT_EQ(Invites(r), expected);
    EXPECT_TRUE(r.Of("CallRedirected").empty());
}

TEST(DirectCalls, OnForAWiredAgentUnderOutboundProxy)
{
    // DirectCalls=on overrides the model: 2001 (wired, net2) asks net2's marshal, which forwards
    // the query home to net1's marshal; the 302 names the mobile's contact.
    TestbedConfig cfg = AtHome("outbound-proxy");
    Ua(cfg, "2001").attributes["DirectCalls"] = "on";
    Ua(cfg, "2001").calls.push_back({2, "1001@net1.example.org", 3});
    Ua(cfg, "1001").calls.push_back({7, "2001", 3}); // the mobile: the model says proxy
    MobilityRun r(cfg);
    r.Run();
    EXPECT_EQ(Invites(r),
              (std::vector<std::string>{"ua-2001>ms-net2 +d", "ms-net2>gw-net2-net1 +d",
                                        "gw-net2-net1>gw-net1-net2 +d", "gw-net1-net2>ms-net1 +d",
                                        "ua-2001>ua-1001", "ua-1001>ms-net1",
                                        "ms-net1>gw-net1-net2", "gw-net1-net2>gw-net2-net1",
                                        "gw-net2-net1>ms-net2", "ms-net2>ua-2001"}));
    ASSERT_EQ(r.Of("CallRedirected", "ua-2001").size(), 1u);
    const sipmob::CallRecord* call = OutgoingCall(r, "sip:2001@net2.example.org");
    ASSERT_NE(call, nullptr);
    EXPECT_EQ(call->finalStatus, 200);
}

TEST(DirectCalls, AQueryForNobodyFailsLikeAProxiedCall)
{
    TestbedConfig cfg = AtHome("home-only");
    Ua(cfg, "1001").calls.push_back({2, "1777", 3});
    MobilityRun r(cfg);
    r.Run();
    const sipmob::CallRecord* call = OutgoingCall(r, "sip:1001@net1.example.org");
    ASSERT_NE(call, nullptr);
    EXPECT_EQ(call->finalStatus, 404);
    EXPECT_EQ(call->endReason, "failed");
    EXPECT_TRUE(r.Of("CallRedirected").empty());
    EXPECT_EQ(Invites(r), (std::vector<std::string>{"ua-1001>ms-net1 +d"}));
}
