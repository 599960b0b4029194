// SPDX-License-Identifier: GPL-2.0-only
// In-dialog requests through the marshal servers (trial finding 1): the marshal authenticates an
// in-dialog request by the dialog token of its own Record-Route (RFC 3261 §16.6 step 4,
// §12.2.1.1), not by the From URI, which for the callee is whatever form of its number the
// caller dialled. A forged in-dialog request (no Route, a Route without token or with a wrong
// one, a token of another dialog) is still refused with 403.
#include "servers-fixture.h"

#include <functional>
#include <string>
#include <vector>

namespace
{

/// \return the Record-Route value of a request that names \p ip ("" when none)
std::string
RecordRouteOf(const SipMessage* request, const std::string& ip)
{
    if (!request)
    {
        return "";
    }
    for (const auto& rr : request->GetRecordRoutes())
    {
        if (rr.uri.GetHost() == ip)
        {
            return rr.ToString();
        }
    }
    return "";
}

/// \return the requests of a method and Call-ID a test UA received, retransmissions included
int
Received(const TestUa& ua, const std::string& method, const std::string& callId)
{
    int n = 0;
    for (const auto& m : ua.rx)
    {
        n += m.IsRequest() && m.GetMethod() == method && m.GetCallId() == callId ? 1 : 0;
    }
    return n;
}

/**
 * \brief An in-dialog INVITE of the callee A back to the caller B: From is the URI the caller
 *        dialled (here in another domain, as `1001` qualified by net3), its tag A's own, To the
 *        caller with the initial From tag (RFC 3261 §12.2.1.1).
 */
std::string
CalleeRequest(const TestUa& a, const TestUa& b, const std::string& callId, const std::string& route,
              const std::string& callerTag, int cseq)
{
    Req r = Invite(a, "sip:1003@" + b.ip + ":5060", "sip:1001@net3.example.org", callId);
    r.to = "sip:1003@net1.example.org";
    r.cseq = cseq;
    r.toTag = callerTag;
    r.branch = "z9hG4bK-in" + std::to_string(cseq);
    r.extra = route.empty() ? "" : "Route: " + route + "\r\n";
    std::string text = Build(a, r);
    auto msg = SipMessage::Parse(text);
    sipmob::SipNameAddr from = msg->GetFrom();
    from.SetTag("callee-tag");
    msg->SetFrom(from);
    return msg->Serialize();
}

} // namespace

// The callee's in-dialog request carries a From of another domain (the form of its number the
// caller dialled): passed by the token of the marshal's own Record-Route, forgeries refused.
TEST(InDialogAuth, Rfc3261_16_6_DialogTokenAuthenticatesInDialogRequests)
{
    Testbed tb;
    TestUa& a = tb.A();
    TestUa& b = tb.B();
    TestUa& c = tb.C();
    tb.At(1.0, a, Build(a, Register(a, 1, "3600")), MS1);
    // B (1003) calls 1001 through net1's marshal: two dialogs, "dlg" and "dlg2".
    tb.At(1.5, b,
          Build(b, Invite(b, "sip:1001@net1.example.org", "sip:1003@net1.example.org", "dlg")),
          MS1);
    tb.At(1.6, b,
          Build(b, Invite(b, "sip:1001@net1.example.org", "sip:1003@net1.example.org", "dlg2")),
          MS1);
    std::string rr;
    std::string rr2;
    Simulator::Schedule(Seconds(2.0),
                        [&]()
                        {
                            const SipMessage* first = nullptr;
                            const SipMessage* second = nullptr;
                            for (const auto& m : a.rx)
                            {
                                if (m.IsRequest() && m.GetMethod() == "INVITE")
                                {
                                    (m.GetCallId() == "dlg" ? first : second) = &m;
                                }
                            }
                            rr = RecordRouteOf(first, Ip(MS1));
                            rr2 = RecordRouteOf(second, Ip(MS1));
                        });
    std::string forgedToken;
    // One request every 100 ms (ns-3's ARP queue holds only three packets per unresolved
    // neighbour). C forges with a Contact that names no subscriber (a stranger's device).
    auto send = [&](double t, TestUa& from, std::function<std::string()> text)
    { Simulator::Schedule(Seconds(t), [&from, text]() { from.Send(text(), MS1, 5060); }); };
    auto forged = [&](const std::string& callId, const std::string& route, int cseq)
    {
        std::string text = CalleeRequest(c, b, callId, route, "ft-dlg", cseq);
        std::string from = "<sip:1001@" + c.ip;
        return text.replace(text.find(from), from.size(), "<sip:1888@" + c.ip);
    };
    // The genuine callee request: its From names no subscriber or visitor of net1, but the Route
    // is the marshal's own, with the dialog token.
    send(2.1, a, [&]() { return CalleeRequest(a, b, "dlg", rr, "ft-dlg", 2); });
    // Forgeries with the same headers otherwise: no Route, our Route without token.
    send(2.2, c, [&]() { return forged("dlg", "", 3); });
    send(2.3, c, [&]() { return forged("dlg", "<sip:" + Ip(MS1) + ";lr>", 4); });
    // A wrong token (its last digit changed).
    send(2.4, c,
         [&]()
         {
             sipmob::SipUri uri = sipmob::SipNameAddr::Parse(rr)->uri;
             forgedToken = uri.GetParam("dlg").value_or("");
             std::string wrong = forgedToken;
             wrong.back() = wrong.back() == '0' ? '1' : '0';
             uri.SetParam("dlg", wrong);
             return forged("dlg", "<" + uri.ToString() + ">", 5);
         });
    // The token of dialog "dlg2" on a request of dialog "dlg", and the token of "dlg" with the
    // Call-ID of a dialog that never existed.
    send(2.5, c, [&]() { return forged("dlg", rr2, 6); });
    send(2.6, c, [&]() { return forged("other", rr, 7); });
    // A subscriber's From does not open the relay without a Route of ours either.
    send(2.7, c,
         [&]()
         {
             Req sub = Invite(c, "sip:1003@" + b.ip + ":5060", "sip:1003@net1.example.org", "dlg");
             sub.contact = "<sip:1888@" + c.ip + ":5060>";
             sub.toTag = "ft-dlg";
             sub.cseq = 8;
             return Build(c, sub);
         });
    tb.Run(4.0);

    ASSERT_FALSE(rr.empty());
    ASSERT_FALSE(rr2.empty());
    // RFC 3261 §16.6 step 4: our Record-Route, loose routing, with a token per dialog.
    EXPECT_NE(rr.find(";lr;dlg="), std::string::npos) << rr;
    EXPECT_EQ(forgedToken.size(), 16u) << rr;
    EXPECT_NE(rr, rr2);
    // Only the genuine request reached B (1003): the INVITE of dialog "dlg" with CSeq 2.
    int inDialog = 0;
    for (const auto& m : b.rx)
    {
        if (m.IsRequest() && m.GetMethod() == "INVITE" && !m.GetTo().GetTag().empty())
        {
            ++inDialog;
            EXPECT_EQ(m.GetCSeq().seq, 2u);
            EXPECT_EQ(m.GetCallId(), "dlg");
        }
    }
    EXPECT_GE(inDialog, 1);
    EXPECT_EQ(Received(b, "INVITE", "other"), 0);
    EXPECT_NE(Find(tb.events, "ms1 Forwarded"), -1);
    // Every forgery got 403 with a reason.
    std::vector<std::string> warnings;
    for (const auto& m : c.rx)
    {
        if (m.IsResponse() && m.GetStatusCode() == 403)
        {
            warnings.push_back(m.GetCSeq().ToString() + " " + m.GetHeader("Warning").value_or(""));
        }
    }
    ASSERT_EQ(c.Codes(), (std::vector<int>{403, 403, 403, 403, 403, 403}));
    std::string all;
    for (const auto& w : warnings)
    {
        all += w + "\n";
    }
    EXPECT_NE(all.find("3 INVITE 399 net1.example.org \"in-dialog request of a dialog not "
                       "routed here\""),
              std::string::npos)
        << all;
    EXPECT_NE(all.find("4 INVITE 399 net1.example.org \"1001@net3.example.org is neither a "
                       "subscriber nor a visitor here\""),
              std::string::npos)
        << all;
    for (int cseq : {5, 6, 7})
    {
        EXPECT_NE(all.find(std::to_string(cseq) +
                           " INVITE 399 net1.example.org \"in-dialog request with the route "
                           "token of another dialog\""),
                  std::string::npos)
            << all;
    }
    EXPECT_NE(all.find("8 INVITE 399 net1.example.org \"in-dialog request of a dialog not "
                       "routed here\""),
              std::string::npos)
        << all;
}
