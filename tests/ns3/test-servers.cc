// SPDX-License-Identifier: GPL-2.0-only
// Redirect server, marshal server and gateway pair, driven by hand-built SIP over UDP sockets on
// one CSMA LAN that carries two SIP networks (net1, net2).
#include "servers-fixture.h"

#include <fstream>
#include <string>
#include <vector>

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
    Req invite = Invite(b, "sip:1001@net1.example.org", "sip:1003@net1.example.org", "inv-1");
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
    Req invite = Invite(b, "sip:1001@net1.example.org", "sip:1003@net1.example.org", "inv-local");
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
    Req invite = Invite(b, "sip:1001@net1.example.org", "sip:1003@net1.example.org", "inv-roam");
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
    Req invite = Invite(b, "sip:1001@net1.example.org", "sip:1003@net1.example.org", "inv-cancel");
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
    Req invite = Invite(a, "sip:1003@net1.example.org", "sip:1001@net1.example.org", "inv-visitor");
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

namespace
{
/// An INVITE from 1001 (at \p from) to \p ruri with extra header lines.
Req
RedirectQuery(const TestUa& from, const std::string& ruri, const std::string& callId,
              const std::string& extra)
{
    Req invite = Invite(from, ruri, "sip:1001@net1.example.org", callId);
    invite.extra = extra;
    return invite;
}

/// The ACK of a non-2xx final response to \p invite (RFC 3261 §17.1.1.3: same branch, To tag).
std::string
AckOf(const TestUa& ua, Req invite, const SipMessage& response)
{
    invite.method = "ACK";
    invite.toTag = response.GetTo().GetTag();
    invite.contact = "";
    invite.extra = "";
    return Build(ua, invite); // CSeq: n ACK, the INVITE's branch
}

/// \return the final responses of one call, by status code, retransmissions left out
std::vector<int>
CodesOf(const TestUa& ua, const std::string& callId)
{
    std::vector<int> codes;
    for (const auto& m : ua.rx)
    {
        if (m.IsResponse() && m.GetCallId() == callId && m.GetStatusCode() >= 200 &&
            (codes.empty() || codes.back() != m.GetStatusCode()))
        {
            codes.push_back(m.GetStatusCode());
        }
    }
    return codes;
}

/// \return how many copies of a final response of \p callId arrived after \p t
int
FinalsAfter(const TestUa& ua, const std::string& callId, double t)
{
    int n = 0;
    for (std::size_t i = 0; i < ua.rx.size(); ++i)
    {
        const SipMessage& m = ua.rx[i];
        n += m.IsResponse() && m.GetCallId() == callId && m.GetStatusCode() >= 200 &&
             ua.rxTimes[i] > t;
    }
    return n;
}

/// Records the Redirected trace of both marshal servers as "msN callId contact".
void
WatchRedirects(Testbed& tb)
{
    for (auto [ms, name] : {std::make_pair(tb.ms1, "ms1"), std::make_pair(tb.ms2, "ms2")})
    {
        std::string n = name;
        ms->TraceConnectWithoutContext(
            "Redirected",
            Callback<void, const SipMessage&, const std::string&>(
                [&tb, n](const SipMessage& m, const std::string& contact)
                { tb.events.push_back(n + " Redirected " + m.GetCallId() + " " + contact); }));
    }
}
} // namespace

TEST(MarshalServer, RedirectDispositionAnswersWithTheCalleesContact)
{
    // RFC 3841 §9.1: a caller that asks for a redirect learns its callee's contact from its home
    // marshal (authenticated as usual) instead of having the INVITE proxied (issue 10 item 2).
    Testbed tb;
    WatchRedirects(tb);
    TestUa& a = tb.A(); // 1001@net1
    TestUa& b = tb.B(); // 1003@net1
    TestUa& c = tb.C(); // a stranger to net1
    Req regB = Register(b, 1, "3600", "reg-b");
    regB.to = regB.from = "sip:1003@net1.example.org";
    regB.contact = "<sip:1003@" + b.ip + ":5060>";
    tb.At(1.0, b, Build(b, regB), MS1);
    const std::string callee = "sip:1003@net1.example.org";
    Req query = RedirectQuery(a, callee, "rd-long", "Request-Disposition: redirect\r\n");
    tb.At(2.0, a, Build(a, query), MS1);
    tb.At(2.2, a, Build(a, RedirectQuery(a, callee, "rd-compact", "d: no-fork, Redirect\r\n")),
          MS1);
    tb.At(2.4, a,
          Build(a, RedirectQuery(a, callee, "rd-both",
                                 "Request-Disposition: proxy\r\n"
                                 "Request-Disposition: redirect\r\n")),
          MS1);
    tb.At(2.6, a, Build(a, RedirectQuery(a, callee, "rd-proxy", "Request-Disposition: proxy\r\n")),
          MS1);
    Req stranger = RedirectQuery(c, callee, "rd-stranger", "Request-Disposition: redirect\r\n");
    stranger.from = "sip:1999@net1.example.org";
    tb.At(2.8, c, Build(c, stranger), MS1);
    tb.Run(3.0);

    ASSERT_EQ(CodesOf(a, "rd-long"), (std::vector<int>{302}));
    SipMessage moved;
    for (const auto& m : a.rx)
    {
        if (m.IsResponse() && m.GetCallId() == "rd-long")
        {
            moved = m;
        }
    }
    ASSERT_EQ(moved.GetContacts().size(), 1u);
    EXPECT_EQ(moved.GetContacts()[0].uri.ToString(), "sip:1003@" + b.ip + ":5060");
    EXPECT_FALSE(moved.GetTo().GetTag().empty());
    EXPECT_EQ(moved.GetVias().size(), 1u);
    EXPECT_EQ(CodesOf(a, "rd-compact"), (std::vector<int>{302}));
    EXPECT_EQ(CodesOf(a, "rd-both"), (std::vector<int>{400}));
    EXPECT_NE(a.Last(400).GetHeader("Warning").value_or("").find("both proxy and redirect"),
              std::string::npos);
    EXPECT_EQ(CodesOf(c, "rd-stranger"), (std::vector<int>{403})); // authenticated first
    EXPECT_GE(Find(tb.events, "ms1 Redirected rd-long <sip:1003@" + b.ip + ":5060>"), 0);
    EXPECT_LT(Find(tb.events, "ms1 Redirected rd-stranger"), 0);
    // Only the INVITE that asked to be proxied reached the callee.
    std::vector<std::string> reached;
    for (const auto& m : b.rx)
    {
        if (m.IsRequest() && m.GetMethod() == "INVITE")
        {
            reached.push_back(m.GetCallId());
        }
    }
    EXPECT_EQ(reached, (std::vector<std::string>{"rd-proxy"}));

    // The caller ACKs the 302 hop by hop (§17.1.1.3); the marshal absorbs it.
    std::size_t events = tb.events.size();
    tb.At(0.1, a, AckOf(a, query, moved), MS1); // At and Run count from now (3.0 s)
    tb.Run(1.0);
    for (std::size_t i = events; i < tb.events.size(); ++i)
    {
        EXPECT_EQ(tb.events[i].find("Forwarded ACK"), std::string::npos) << tb.events[i];
    }
    EXPECT_EQ(FinalsAfter(a, "rd-long", 3.11), 0); // not retransmitted after the ACK
}

TEST(MarshalGateway, RedirectQueryIsAnsweredByTheCalleesNetwork)
{
    // A callee of another network: the home marshal forwards the redirect-requesting INVITE
    // through the gateway pair; the callee network's marshal answers 302 from its redirect server
    // and the 302 comes back along the Via path. No INVITE reaches the callee.
    Testbed tb;
    WatchRedirects(tb);
    TestUa& a = tb.A();
    TestUa& c = tb.C();
    Req reg = Register(c, 1, "3600", "reg-c");
    reg.ruri = "sip:net2.example.org";
    reg.to = reg.from = "sip:2001@net2.example.org";
    reg.contact = "<sip:2001@" + c.ip + ":5060>";
    tb.At(1.0, c, Build(c, reg), MS2);
    Req query =
        RedirectQuery(a, "sip:2001@net2.example.org", "rd-x", "Request-Disposition: redirect\r\n");
    tb.At(2.0, a, Build(a, query), MS1);
    Req bare = RedirectQuery(a, "sip:2001@net1.example.org", "rd-bare",
                             "Request-Disposition: redirect\r\n"); // by the home dial plan
    tb.At(2.2, a, Build(a, bare), MS1);
    tb.Run(2.5);

    EXPECT_EQ(c.Request("INVITE"), nullptr);
    for (const std::string id : {"rd-x", "rd-bare"})
    {
        ASSERT_EQ(CodesOf(a, id), (std::vector<int>{302})) << id;
        EXPECT_GE(Find(tb.events, "ms2 Redirected " + id + " <sip:2001@" + c.ip + ":5060>"), 0)
            << id;
        EXPECT_LT(Find(tb.events, "ms1 Redirected " + id), 0) << id;
    }
    SipMessage moved = a.Last(302);
    ASSERT_EQ(moved.GetContacts().size(), 1u);
    EXPECT_EQ(moved.GetContacts()[0].uri.ToString(), "sip:2001@" + c.ip + ":5060");
    EXPECT_EQ(moved.GetVias().size(), 1u);
    EXPECT_EQ(moved.GetTopVia().SentBy(), a.ip + ":5060");
    EXPECT_GE(Find(tb.events, "ms1 Forwarded INVITE " + Ip(GW1) + ":5065"), 0);
    EXPECT_LT(Find(tb.events, "ms2 Forwarded INVITE"), 0);

    std::size_t events = tb.events.size();
    tb.At(0.1, a, AckOf(a, query, moved), MS1); // At and Run count from now (2.5 s)
    tb.Run(1.5);
    for (std::size_t i = events; i < tb.events.size(); ++i)
    {
        EXPECT_EQ(tb.events[i].find("Forwarded ACK"), std::string::npos) << tb.events[i];
    }
    EXPECT_EQ(FinalsAfter(a, "rd-x", 2.61), 0);
}

TEST(MarshalGateway, RedirectQueryForAVisitorIsAnsweredWhereItIs)
{
    // 1001 registered through net2's marshal (Outbound-Proxy-Intercept): its home binding points
    // at net2's marshal through the gateway (`?Route=`), so net1 does not answer the query itself;
    // net2's marshal answers 302 with the visitor's real contact.
    Testbed tb;
    WatchRedirects(tb);
    TestUa& a = tb.A(); // 1001@net1, roaming in net2
    TestUa& b = tb.B(); // 1003@net1 at home
    tb.At(1.0, a, Build(a, Register(a, 1, "600", "reg-roam")), MS2);
    tb.Run(2.0);
    ASSERT_EQ(a.Codes(), (std::vector<int>{200}));
    Req query = RedirectQuery(b, "sip:1001@net1.example.org", "rd-visitor",
                              "Request-Disposition: redirect\r\n");
    query.from = "sip:1003@net1.example.org";
    tb.At(0.5, b, Build(b, query), MS1);
    tb.Run(1.0);
    ASSERT_EQ(CodesOf(b, "rd-visitor"), (std::vector<int>{302}));
    SipMessage moved = b.Last(302);
    ASSERT_EQ(moved.GetContacts().size(), 1u);
    EXPECT_EQ(moved.GetContacts()[0].uri.ToString(), "sip:1001@" + a.ip + ":5060");
    EXPECT_GE(Find(tb.events, "ms2 Redirected rd-visitor"), 0);
    EXPECT_LT(Find(tb.events, "ms1 Redirected rd-visitor"), 0);
    EXPECT_EQ(a.Request("INVITE"), nullptr);
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
    EXPECT_EQ(documented.size(), 15u);
    ms->Dispose();
}
