// SPDX-License-Identifier: GPL-2.0-only
// Issue 11 regression tests on the servers testbed (tests/ns3/servers-fixture.h): trust boundaries,
// responses only from where the request went, OPTIONS to the server itself, "is this me", reasons
// on every rejection, unsupported URI schemes. Each test is named with the RFC 3261 section it
// defends; UA C (10.0.0.9) plays a host on the LAN that nobody trusts.
#include "servers-fixture.h"

#include <string>
#include <vector>

namespace
{

/// \return the Warning header of a response ("" when none)
std::string
WarningOf(const SipMessage& response)
{
    return response.GetHeader("Warning").value_or("");
}

} // namespace

TEST(Security, Rfc3261_26_RedirectServerAnswersOnlyItsMarshal)
{
    Testbed tb;
    TestUa& c = tb.C();
    int refused = 0;
    tb.rs1->TraceConnectWithoutContext(
        "Refused", Callback<void, const SipMessage&, const InetSocketAddress&>(
                       [&refused](const SipMessage&, const InetSocketAddress&) { ++refused; }));
    // The attack of issue 11: REGISTER an unprovisioned user straight at the registrar's port.
    Req reg;
    reg.from = reg.to = "sip:1888@net1.example.org";
    reg.contact = "<sip:1888@" + c.ip + ":5060>";
    reg.expires = "3600";
    tb.At(1.0, c, Build(c, reg), RS1, 5070);
    Req visitor = reg;
    visitor.callId = "visitor-id";
    visitor.from = visitor.to = "sip:2001%40net2.example.org@net1.example.org";
    tb.At(1.5, c, Build(c, visitor), RS1, 5070);
    tb.At(2.0, c, Build(c, Invite(c, "sip:1001@net1.example.org", "sip:1888@x", "q")), RS1, 5070);
    tb.Run(3.0);
    ASSERT_EQ(c.Codes(), (std::vector<int>{403, 403, 403}));
    EXPECT_NE(WarningOf(c.Last(403)).find("answers only its marshal server"), std::string::npos);
    EXPECT_EQ(refused, 3);
    EXPECT_TRUE(tb.rs1->GetLocationService()->Lookup("sip:1888@net1.example.org", 3.0).empty());
    EXPECT_TRUE(tb.rs1->GetLocationService()
                    ->Lookup("sip:2001%40net2.example.org@net1.example.org", 3.0)
                    .empty());
}

TEST(Security, Rfc3261_26_GatewayForwardsOnlyItsMarshalAndPeer)
{
    Testbed tb;
    TestUa& c = tb.C();
    int refused = 0;
    tb.gw1->TraceConnectWithoutContext(
        "Refused", Callback<void, const SipMessage&, const InetSocketAddress&>(
                       [&refused](const SipMessage&, const InetSocketAddress&) { ++refused; }));
    // Straight at the gateway: it would reach net2's marshal server, which trusts the gateway.
    tb.At(1.0, c,
          Build(c, Invite(c, "sip:2001@net2.example.org", "sip:1888@net1.example.org", "g")), GW1,
          5065);
    Req ack = Invite(c, "sip:2001@net2.example.org", "sip:1888@net1.example.org", "g2");
    ack.method = "ACK";
    tb.At(1.5, c, Build(c, ack), GW1, 5065);
    tb.Run(3.0);
    ASSERT_EQ(c.Codes(), (std::vector<int>{403}));
    EXPECT_NE(WarningOf(c.Last(403)).find("only its marshal server and its peer gateway"),
              std::string::npos);
    EXPECT_EQ(refused, 2);
    EXPECT_EQ(Find(tb.events, "ms2 Forwarded"), -1);
}

TEST(Security, Rfc3261_16_4_NoLooseRoutingForStrangers)
{
    Testbed tb;
    TestUa& c = tb.C();
    // A pre-loaded Route through the gateway from an unknown sender: authenticated first, so
    // refused, never relayed to the gateway.
    Req inv = Invite(c, "sip:2001@net2.example.org", "sip:1888@net1.example.org", "lr");
    inv.extra = "Route: <sip:" + Ip(MS1) + ";lr>, <sip:" + Ip(GW1) + ":5065;lr>\r\n";
    tb.At(1.0, c, Build(c, inv), MS1);
    // The same with a To tag (as if in a dialog).
    Req inDialog = Invite(c, "sip:2001@" + Ip(GW1) + ":5065", "sip:1888@net1.example.org", "lr2");
    inDialog.toTag = "x1";
    tb.At(1.5, c, Build(c, inDialog), MS1);
    tb.Run(3.0);
    ASSERT_EQ(c.Codes(), (std::vector<int>{403, 403}));
    EXPECT_EQ(Find(tb.events, "ms1 Forwarded"), -1);
    EXPECT_NE(WarningOf(c.Last(403)).find("1888 is not a subscriber of net1.example.org"),
              std::string::npos);
}

TEST(Security, Rfc3261_17_1_3_ForgedHomeAnswerFromSpoofedSourceIgnored)
{
    Testbed tb;
    TestUa& a = tb.A(); // roaming in net2, claims 1999@net1 (not provisioned there)
    TestUa& c = tb.C(); // the forger, who sees the branch of the marshal's forwarded REGISTER
    int discarded = 0;
    // The stack exists once the marshal server has started (time 0).
    Simulator::Schedule(Seconds(0.5),
                        [&tb, &discarded]()
                        {
                            tb.ms2->GetStack()->TraceConnectWithoutContext(
                                "Discarded",
                                Callback<void, const SipMessage&, const InetSocketAddress&>(
                                    [&discarded](const SipMessage&, const InetSocketAddress&)
                                    { ++discarded; }));
                        });
    bool forged = false;
    tb.ms2->TraceConnectWithoutContext(
        "Forwarded", Callback<void, const SipMessage&, const InetSocketAddress&>(
                         [&](const SipMessage& fwd, const InetSocketAddress&)
                         {
                             if (forged || fwd.GetMethod() != "REGISTER")
                             {
                                 return;
                             }
                             forged = true;
                             SipMessage ok = SipProxyCore::MakeFinal(fwd, 200);
                             ok.AddHeader("Contact",
                                          fwd.GetContacts().at(0).ToString() + ";expires=3600");
                             std::string text = ok.Serialize();
                             Simulator::ScheduleNow([&c, text]() { c.Send(text, MS2, 5060); });
                         }));
    Req reg = Register(a, 1, "600", "reg-forged");
    reg.from = reg.to = "sip:1999@net1.example.org";
    reg.contact = "<sip:1999@" + a.ip + ":5060>";
    tb.At(1.0, a, Build(a, reg), MS2);
    tb.Run(3.0);
    EXPECT_TRUE(forged);
    EXPECT_EQ(discarded, 1);
    // The UA gets the home's real answer, and no visitor exists.
    ASSERT_EQ(a.Codes(), (std::vector<int>{403}));
    EXPECT_FALSE(tb.ms2->GetVisitorRegistry()->Find("1999%40net1.example.org", 3.0).has_value());
    EXPECT_EQ(Find(tb.events, "ms2 VisitorCreated"), -1);
}

TEST(Security, Rfc3261_11_OptionsToTheServerItself)
{
    Testbed tb;
    TestUa& a = tb.A();
    Req options;
    options.method = "OPTIONS";
    options.from = "sip:1001@net1.example.org";
    int i = 0;
    for (const std::string& target : std::vector<std::string>{
             "sip:net1.example.org", "sip:" + Ip(MS1), "sip:" + Ip(MS1) + ":5060;transport=udp"})
    {
        options.ruri = options.to = target;
        options.callId = "opt-" + std::to_string(i);
        tb.At(1.0 + 0.1 * i++, a, Build(a, options), MS1);
    }
    Req dead = options; // Max-Forwards 0 is still 483 (§16.3 step 3 before §11)
    dead.callId = "opt-mf0";
    dead.maxForwards = 0;
    tb.At(2.0, a, Build(a, dead), MS1);
    Req user = options; // an OPTIONS to a user is proxied like any request
    user.callId = "opt-user";
    user.ruri = user.to = "sip:1003@net1.example.org";
    tb.At(2.5, a, Build(a, user), MS1);
    tb.Run(4.0);
    ASSERT_EQ(a.Codes(), (std::vector<int>{200, 200, 200, 483, 404}));
    const SipMessage ok = a.Last(200);
    EXPECT_EQ(ok.GetHeader("Allow").value_or(""), "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER");
    EXPECT_EQ(ok.GetHeader("Accept").value_or(""), "application/sdp");
    EXPECT_TRUE(ok.GetHeader("Supported").has_value());
    EXPECT_NE(WarningOf(a.Last(404)).find("not-found sip:1003@net1.example.org"),
              std::string::npos);
}

TEST(Security, Rfc3261_10_3_RegisterToTheMarshalAddressRegistersTheDomainUser)
{
    Testbed tb;
    TestUa& a = tb.A();
    Req reg = Register(a, 1, "600", "reg-ip");
    reg.ruri = "sip:" + Ip(MS1);
    reg.from = reg.to = "sip:1001@" + Ip(MS1);
    tb.At(1.0, a, Build(a, reg), MS1);
    tb.Run(2.0);
    ASSERT_EQ(a.Codes(), (std::vector<int>{200}));
    auto bindings = tb.rs1->GetLocationService()->Lookup("sip:1001@net1.example.org", 2.0);
    ASSERT_EQ(bindings.size(), 1u);
    EXPECT_EQ(bindings[0].contact, "sip:1001@" + a.ip + ":5060");
}

TEST(Security, Rfc3261_8_2_2_1_UnsupportedUriSchemeGets416)
{
    Testbed tb;
    TestUa& a = tb.A();
    int i = 0;
    for (const std::string target : {"urn:service:sos", "xmpp:alice@example.org", "tel:+1234"})
    {
        Req inv = Invite(a, target, "sip:1001@net1.example.org", "scheme-" + std::to_string(i));
        tb.At(1.0 + 0.1 * i++, a, Build(a, inv), MS1);
    }
    Req direct = Invite(a, "xmpp:bob@example.org", "sip:1001@net1.example.org", "scheme-rs");
    tb.At(2.0, a, Build(a, direct), RS1, 5070); // A plays net1's marshal for the RS
    tb.Run(3.0);
    ASSERT_EQ(a.Codes(), (std::vector<int>{416, 416, 416, 416}));
    bool named = false; // the redirect server's answer names the scheme too
    for (const auto& m : a.rx)
    {
        named = named ||
                (m.GetCallId() == "scheme-rs" && WarningOf(m).find("'xmpp:'") != std::string::npos);
    }
    EXPECT_TRUE(named);
}

TEST(Security, Rfc3261_20_43_EveryRejectionSaysWhy)
{
    Testbed tb;
    TestUa& a = tb.A();
    Req stranger = Register(a, 1, "600", "reg-stranger");
    stranger.from = stranger.to = "sip:1888@net1.example.org";
    tb.At(1.0, a, Build(a, stranger), MS1);
    Req foreign = Invite(a, "sip:1003@net1.example.org", "sip:7777@elsewhere.example", "who");
    tb.At(1.5, a, Build(a, foreign), MS1);
    Req hops = Invite(a, "sip:1003@net1.example.org", "sip:1001@net1.example.org", "hops");
    hops.maxForwards = 0;
    tb.At(2.0, a, Build(a, hops), MS1);
    tb.Run(3.0);
    ASSERT_EQ(a.Codes(), (std::vector<int>{403, 403, 483}));
    for (const auto& m : a.rx)
    {
        if (m.IsResponse() && m.GetStatusCode() >= 400)
        {
            EXPECT_EQ(WarningOf(m).rfind("399 net1.example.org \"", 0), 0u) << m.Serialize();
        }
    }
    bool said = false;
    for (const auto& m : a.rx)
    {
        said = said || (m.GetCallId() == "who" &&
                        WarningOf(m).find("7777@elsewhere.example is neither a subscriber nor a "
                                          "visitor here") != std::string::npos);
    }
    EXPECT_TRUE(said);
}

TEST(Security, Rfc3261_8_2_6_2_ServerTagsAreKeyedAndStablePerRequest)
{
    // A server's error response carries a To tag that is the same for every response to one
    // request, even when the request comes again after its server transaction ended (Timer J,
    // 64 T1 = 32 s), and that only the server can compute (keyed by its run secret; it used to be
    // an MD5 of Call-ID and branch that anyone could compute).
    Testbed tb;
    TestUa& c = tb.C();
    Req reg;
    reg.from = reg.to = "sip:1888@net1.example.org";
    reg.contact = "<sip:1888@" + c.ip + ":5060>";
    reg.expires = "3600";
    Req other = reg;
    other.callId = "other-call";
    tb.At(1.0, c, Build(c, reg), RS1, 5070);
    tb.At(40.0, c, Build(c, reg), RS1, 5070);
    tb.At(41.0, c, Build(c, other), RS1, 5070);
    tb.Run(42.0);
    std::vector<std::string> tags;
    for (const auto& m : c.rx)
    {
        if (m.IsResponse() && m.GetStatusCode() == 403)
        {
            tags.push_back(m.GetTo().GetTag());
        }
    }
    ASSERT_EQ(tags.size(), 3u);
    EXPECT_EQ(tags[0].size(), 8u);
    EXPECT_EQ(tags[0], tags[1]); // the same request again, a new transaction: the same tag
    EXPECT_NE(tags[0], tags[2]); // another request: another tag
    SipMessage first = c.rx.front();
    EXPECT_EQ(tags[0], tb.rs1->GetStack()->ResponseTag(first));
    EXPECT_NE(tags[0],
              sipmob::Md5Hex(first.GetCallId() + first.GetTopVia().GetBranch()).substr(0, 8));
}

TEST(Security, Rfc3261_19_1_4_VisitorContactComparedAsEquivalentUris)
{
    // A visitor's requests carry the contact it registered: accepted in a §19.1.4-equivalent form
    // (an extra parameter that only one side has, other than user/ttl/method/maddr/transport,
    // does not count), refused with another port even from the visitor's own address (not the
    // device that registered).
    Testbed tb;
    TestUa& a = tb.A(); // 1001@net1 roaming in net2, registered <sip:1001@IP:5060>
    TestUa& b = tb.B(); // 1003@net1 at home
    Req regB = Register(b, 1, "3600", "reg-b");
    regB.to = regB.from = "sip:1003@net1.example.org";
    regB.contact = "<sip:1003@" + b.ip + ":5060>";
    tb.At(1.0, b, Build(b, regB), MS1);
    tb.At(1.0, a, Build(a, Register(a, 1, "600", "reg-roam")), MS2);
    Req invite =
        Invite(a, "sip:1003@net1.example.org", "sip:1001@net1.example.org", "inv-equivalent");
    invite.contact = "<SIP:1001@" + a.ip + ":5060;ob>";
    tb.At(2.0, a, Build(a, invite), MS2);
    invite.contact = "<sip:1001@" + a.ip + ":5062>";
    invite.callId = "inv-other-port";
    tb.At(2.1, a, Build(a, invite), MS2);
    tb.Run(3.0);
    const SipMessage* in = b.Request("INVITE");
    ASSERT_NE(in, nullptr);
    EXPECT_EQ(in->GetCallId(), "inv-equivalent");
    SipMessage refused = a.Last(403);
    EXPECT_EQ(refused.GetCallId(), "inv-other-port");
    EXPECT_NE(WarningOf(refused).find("registered another contact"), std::string::npos)
        << WarningOf(refused);
}
