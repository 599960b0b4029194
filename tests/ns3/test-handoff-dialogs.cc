// SPDX-License-Identifier: GPL-2.0-only
// Hand-offs of dialogs whose in-dialog requests the marshal servers cannot authenticate by From
// (trial finding 1), and of two mobiles that move at the same time (trial finding 3).
#include "mobility-fixture.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace ns3;
using namespace mobtest;

namespace
{

bool
IsReinvite(const SipEvent& e)
{
    return e.msg.IsRequest() && e.msg.GetMethod() == "INVITE" && !e.msg.GetTo().GetTag().empty();
}

/// \return the hand-off record of \p ua into \p network (nullptr when none)
const sipmob::HandoffRecord*
HandoffInto(const MobilityRun& r, const std::string& ua, const std::string& network)
{
    for (const auto& h : r.out.results.handoffs)
    {
        if (h.ua == ua && h.toNetwork == network)
        {
            return &h;
        }
    }
    return nullptr;
}

/**
 * 3001 in net3 dials the bare number `1001`, qualified with its own domain: the mobile's
 * re-INVITE after its move has From <sip:1001@net3.example.org> (the dialog's local URI, RFC 3261
 * §12.2.1.1). Its home marshal passes it by the dialog token of its Record-Route, and the
 * hand-off completes with the re-INVITE's 200 within one WAN round trip or two.
 */
void
CheckBareNumberCallee(const std::string& model)
{
    TestbedConfig cfg = TwoNetworks(model, 4, 12, 24, true);
    Ua(cfg, "3001").calls.push_back({2, "1001", 18});
    MobilityRun r(cfg);
    r.Run();
    const sipmob::HandoffRecord* h = HandoffInto(r, "sip:1001@net1.example.org", "net2");
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(h->status, "completed");
    ASSERT_TRUE(h->tRegisterOk.has_value());
    ASSERT_TRUE(h->tReinviteSent.has_value());
    ASSERT_TRUE(h->tReinviteOk.has_value());
    EXPECT_GE(*h->tReinviteSent, *h->tRegisterOk);
    // The WANs are 10 ms each way: the 200 comes back well within half a second.
    EXPECT_GT(*h->tReinviteOk, *h->tReinviteSent);
    EXPECT_LT(*h->tReinviteOk - *h->tReinviteSent, 0.5);
    ASSERT_TRUE(h->tMediaDown.has_value());
    EXPECT_LT(*h->tMediaDown - *h->tReinviteSent, 0.5);

    // The re-INVITE and its 200 at the mobile: From as the caller dialled, answered 200.
    const SipEvent* re = nullptr;
    const SipEvent* ok = nullptr;
    for (const auto& e : r.sip)
    {
        if (!re && e.tx && e.at == "ua-1001" && IsReinvite(e) && e.t >= *h->tRegisterOk)
        {
            re = &e;
        }
        if (re && !ok && !e.tx && e.at == "ua-1001" && e.label == "200/INVITE" &&
            e.msg.GetCallId() == re->msg.GetCallId() &&
            e.msg.GetCSeq().seq == re->msg.GetCSeq().seq)
        {
            ok = &e;
        }
    }
    ASSERT_NE(re, nullptr);
    EXPECT_EQ(re->msg.GetFrom().uri.ToString(), "sip:1001@net3.example.org");
    ASSERT_FALSE(re->msg.GetRoutes().empty());
    EXPECT_TRUE(re->msg.GetRoutes().back().uri.HasParam("dlg")) << re->msg.Serialize();
    ASSERT_NE(ok, nullptr);
    EXPECT_DOUBLE_EQ(ok->t, *h->tReinviteOk);
    // No marshal refused anything in the run.
    for (const auto& e : r.sip)
    {
        EXPECT_FALSE(e.msg.IsResponse() && e.msg.GetStatusCode() == 403)
            << e.at << " " << e.msg.Serialize();
    }
    // The call ended as scheduled by 3001's BYE.
    int calls = 0;
    for (const auto& c : r.out.results.calls)
    {
        if (c.ua == "sip:3001@net3.example.org")
        {
            ++calls;
            EXPECT_EQ(c.finalStatus, 200);
            EXPECT_EQ(c.endReason, "bye-sent");
        }
    }
    EXPECT_EQ(calls, 1);
}

} // namespace

TEST(HandoffDialogs, BareNumberCalleeHandsOffHomeOnly)
{
    CheckBareNumberCallee("home-only");
}

TEST(HandoffDialogs, BareNumberCalleeHandsOffOutboundProxy)
{
    CheckBareNumberCallee("outbound-proxy");
}

namespace
{

/**
 * 1001 (net1) calls 2001 (net2), both mobile, and both walk to the other network at the same
 * time: each re-INVITE goes to the other's old address and times out (Timer B, 64 x T1 = 32 s,
 * RFC 3261 §17.1.1.2, reported as 408, §8.1.3.1). Each is then sent again to the peer's AoR
 * through the dialog's route set or the outbound proxy, and the peer's home marshal routes it to
 * the new binding: both hand-offs complete, about 32 s late instead of never.
 */
void
CheckSimultaneousMoves(const std::string& model)
{
    TestbedConfig cfg = TwoNetworks(model, 4, 12, 60);
    UaConfig& peer = Ua(cfg, "2001");
    peer.mobile = true;
    peer.path = {{0, 95, 0}, {4, 95, 0}, {12, 5, 0}};
    Ua(cfg, "1001").calls.push_back({2, "2001@net2.example.org", 50});
    MobilityRun r(cfg);
    r.Run();
    for (const auto& [ua, into] :
         {std::make_pair(std::string("sip:1001@net1.example.org"), "net2"),
          std::make_pair(std::string("sip:2001@net2.example.org"), "net1")})
    {
        const sipmob::HandoffRecord* h = HandoffInto(r, ua, into);
        ASSERT_NE(h, nullptr) << ua;
        EXPECT_EQ(h->status, "completed") << ua;
        ASSERT_TRUE(h->tReinviteSent.has_value()) << ua;
        ASSERT_TRUE(h->tReinviteOk.has_value()) << ua;
        // Timer B of the first re-INVITE, then the retry's round trips (and at most one glare
        // back-off of up to 4 s, §14.1).
        double late = *h->tReinviteOk - *h->tReinviteSent;
        EXPECT_GT(late, 32.0) << ua;
        EXPECT_LT(late, 32.0 + 4.5) << ua;
        ASSERT_TRUE(h->tMediaDown.has_value()) << ua;
        ASSERT_TRUE(h->tMediaUp.has_value()) << ua;
    }
    // The retries: Request-URI = the peer's AoR (the dialog's remote URI), after a 408.
    std::vector<std::string> retried;
    for (const auto& e : r.sip)
    {
        if (e.tx && IsReinvite(e) &&
            e.msg.GetRequestUri().GetHost().find("example.org") != std::string::npos)
        {
            retried.push_back(e.at + " " + e.msg.GetRequestUri().ToString());
        }
    }
    EXPECT_NE(std::find(retried.begin(), retried.end(), "ua-1001 sip:2001@net2.example.org"),
              retried.end());
    EXPECT_NE(std::find(retried.begin(), retried.end(), "ua-2001 sip:1001@net1.example.org"),
              retried.end());
    // The call survived to its scheduled end.
    for (const auto& c : r.out.results.calls)
    {
        if (c.ua == "sip:1001@net1.example.org")
        {
            EXPECT_EQ(c.finalStatus, 200);
            EXPECT_EQ(c.endReason, "bye-sent");
        }
    }
}

} // namespace

TEST(HandoffDialogs, SimultaneousMovesRecoverThroughTheAorHomeOnly)
{
    CheckSimultaneousMoves("home-only");
}

TEST(HandoffDialogs, SimultaneousMovesRecoverThroughTheAorOutboundProxy)
{
    CheckSimultaneousMoves("outbound-proxy");
}

// Outbound-Proxy-Intercept: a call the mobile places while visiting net2 is record-routed by
// net2's marshal, which authorized it as a visitor's. When the mobile walks home, its re-INVITE
// comes to that marshal from the home address (through its home marshal, pre-loaded Route): no
// longer the visitor's registered address, so the From could not authenticate it; the dialog
// token of net2's Record-Route does, and the hand-off completes.
TEST(HandoffDialogs, CallPlacedWhileVisitingHandsOffHomeOutboundProxy)
{
    TestbedConfig cfg = TwoNetworks("outbound-proxy", 4, 12, 40);
    Ua(cfg, "1001").path = {{0, 5, 0}, {4, 5, 0}, {12, 95, 0}, {20, 95, 0}, {28, 5, 0}};
    Ua(cfg, "1001").calls.push_back({14, "2001", 20});
    MobilityRun r(cfg);
    r.Run();
    const sipmob::HandoffRecord* h = nullptr;
    for (const auto& rec : r.out.results.handoffs)
    {
        h = rec.toNetwork == "net1" && rec.tReinviteSent ? &rec : h;
    }
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(h->status, "completed");
    ASSERT_TRUE(h->tReinviteOk.has_value());
    EXPECT_LT(*h->tReinviteOk - *h->tReinviteSent, 0.5);
    for (const auto& e : r.sip)
    {
        EXPECT_FALSE(e.msg.IsResponse() && e.msg.GetStatusCode() == 403)
            << e.at << " " << e.msg.Serialize();
    }
}
