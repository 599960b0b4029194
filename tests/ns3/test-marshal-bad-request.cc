// SPDX-License-Identifier: GPL-2.0-only
// A marshal server on the servers testbed receives an INVITE that parses but lacks a mandatory
// header (RFC 3261 §8.1.1): it answers 400 with a Warning naming the header (§8.2.2, §16.3) and
// keeps no state: no transaction, nothing forwarded to the registrar or any user agent.
// The fixture's helpers serve several test files; those this one leaves unused are fine.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include "servers-fixture.h"
#pragma GCC diagnostic pop

namespace
{

/// @return @p text without its line starting with @p name (CRLF included)
std::string
WithoutHeader(std::string text, const std::string& name)
{
    const std::size_t at = text.find("\r\n" + name + ":");
    if (at != std::string::npos)
    {
        text.erase(at + 2, text.find("\r\n", at + 2) + 2 - (at + 2));
    }
    return text;
}

} // namespace

TEST(MarshalBadRequest, Rfc3261_8_2_2_InviteWithoutCallIdGets400AndLeavesNoState)
{
    Testbed tb;
    TestUa& c = tb.C();
    const std::string invite =
        Build(c, Invite(c, "sip:1001@net1.example.org", "sip:3001@net3.example.org", "bad-1"));
    const std::string bad = WithoutHeader(invite, "Call-ID");
    ASSERT_EQ(bad.find("Call-ID"), std::string::npos);
    tb.At(1.0, c, bad, MS1);
    std::size_t transactions = 99;
    Simulator::Schedule(Seconds(1.5),
                        [&] { transactions = tb.ms1->GetStack()->GetTransactionCount(); });
    tb.Run(3.0);
    ASSERT_EQ(c.Codes(), (std::vector<int>{400}));
    const SipMessage answer = c.Last(400);
    EXPECT_EQ(answer.GetReasonPhrase(), "Bad Request");
    EXPECT_EQ(answer.GetHeader("Warning").value_or(""),
              "399 sipmob \"missing Call-ID header (mandatory in every request, RFC 3261 "
              "§8.1.1)\"");
    EXPECT_EQ(answer.GetHeader("CSeq").value_or(""), "1 INVITE");
    EXPECT_EQ(transactions, 0u);
    EXPECT_TRUE(tb.A().rx.empty());
    EXPECT_TRUE(tb.B().rx.empty());
}

TEST(MarshalBadRequest, TheSameInviteWithItsCallIdIsProcessed)
{
    Testbed tb;
    TestUa& c = tb.C();
    tb.At(1.0, c,
          Build(c, Invite(c, "sip:1001@net1.example.org", "sip:3001@net3.example.org", "good-1")),
          MS1);
    std::size_t transactions = 0;
    Simulator::Schedule(Seconds(1.5),
                        [&] { transactions = tb.ms1->GetStack()->GetTransactionCount(); });
    tb.Run(3.0);
    ASSERT_FALSE(c.Codes().empty());
    EXPECT_NE(c.Codes().front(), 400);
    EXPECT_GT(transactions, 0u);
}
