// SPDX-License-Identifier: GPL-2.0-only
// TransactionManager: matching of responses (17.1.3) and requests (17.2.3, RFC 2543 fallback),
// CANCEL, stray messages, branch generation and stale timer events.
#include "message/sip-message.h"
#include "transaction-test-util.h"
#include "transaction/invite-client-transaction.h"
#include "transaction/transaction-event-loop.h"
#include "transaction/transaction-manager.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

using namespace sipmob;
using namespace std::chrono_literals;

using namespace sipmob::test;
using Fixture = TransactionFixture;

namespace
{

TransactionKey
LastDeliveredKey(const TransactionEventLoop& loop)
{
    auto d = loop.GetLog(TxActionKind::DeliverToTu);
    return d.empty() ? TransactionKey() : d.back().action.key;
}

/// \p req with its top Via replaced by \p via (text).
SipMessage
WithVia(SipMessage req, const std::string& via)
{
    req.SetTopVia(*SipVia::Parse(via));
    return req;
}

/// \p req with its To tag set to \p tag.
SipMessage
WithToTag(SipMessage m, const std::string& tag)
{
    SipNameAddr to = m.GetTo();
    to.SetTag(tag);
    m.SetTo(to);
    return m;
}

const std::string kOldVia = "SIP/2.0/UDP pc33.atlanta.example.com:5060"; // RFC 2543: no branch

} // namespace

TEST_F(Fixture, ResponseMatchesByBranchAndCSeqMethod)
{
    SipMessage inv = MakeReq("INVITE", "z9hG4bKm1");
    TransactionKey ki = loop.SendRequest(inv, kProxy, false);
    SipMessage cancel = MakeReq("CANCEL", "z9hG4bKm1"); // same branch, own transaction
    TransactionKey kc = loop.SendRequest(cancel, kProxy, false);
    ASSERT_NE(ki, kc);
    EXPECT_EQ(manager.GetTransactionCount(), 2u);
    loop.Receive(MakeResp(cancel, 200), kProxy, false);
    auto d = loop.GetLog(TxActionKind::DeliverToTu);
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].action.key, kc);
    EXPECT_EQ(StateOf(manager, kc), TransactionState::Completed);
    EXPECT_EQ(StateOf(manager, ki), TransactionState::Calling);
    loop.Receive(MakeResp(inv, 487), kProxy, false);
    EXPECT_EQ(LastDeliveredKey(loop), ki);
    EXPECT_EQ(StateOf(manager, ki), TransactionState::Completed);
}

TEST_F(Fixture, UnmatchedResponsesAreStray)
{
    SipMessage inv = MakeReq("INVITE", "z9hG4bKm2");
    loop.SendRequest(inv, kProxy, false);
    loop.AdvanceTo(10ms);
    loop.Receive(MakeResp(MakeReq("INVITE", "z9hG4bKother"), 200), kProxy, false); // branch
    loop.Receive(MakeResp(MakeReq("BYE", "z9hG4bKm2"), 200), kProxy, false);       // method
    auto s = loop.GetLog(TxActionKind::DeliverStray);
    ASSERT_EQ(s.size(), 2u);
    EXPECT_TRUE(s[0].action.key.IsEmpty());
    EXPECT_EQ(s[0].time, 10ms);
    EXPECT_EQ(s[0].action.message->GetStatusCode(), 200);
    EXPECT_TRUE(loop.GetLog(TxActionKind::DeliverToTu).empty());
    EXPECT_EQ(manager.GetTransactionCount(), 1u);
}

TEST_F(Fixture, RequestMatchingUsesBranchSentByAndMethod)
{
    SipMessage reg = MakeReq("REGISTER", "z9hG4bKm3");
    loop.Receive(reg, kProxy, false);
    loop.Receive(reg, kProxy, false); // retransmission: same transaction
    EXPECT_EQ(manager.GetTransactionCount(), 1u);
    // same branch from another sent-by: a different transaction
    loop.Receive(WithVia(reg, "SIP/2.0/UDP other.example.com:5060;branch=z9hG4bKm3"), kProxy,
                 false);
    EXPECT_EQ(manager.GetTransactionCount(), 2u);
    // same branch, other method: a different transaction
    loop.Receive(MakeReq("OPTIONS", "z9hG4bKm3"), kProxy, false);
    EXPECT_EQ(manager.GetTransactionCount(), 3u);
    EXPECT_EQ(loop.GetLog(TxActionKind::DeliverToTu).size(), 3u);
}

TEST_F(Fixture, AckForNon2xxMatchesInviteServerAckFor2xxIsStray)
{
    SipMessage inv = MakeReq("INVITE", "z9hG4bKm4");
    loop.Receive(inv, kProxy, false);
    TransactionKey k = LastDeliveredKey(loop);
    loop.SendResponse(k, MakeResp(inv, 486));
    loop.Receive(InviteClientTransaction::MakeAck(inv, MakeResp(inv, 486)), kProxy, false);
    EXPECT_EQ(StateOf(manager, k), TransactionState::Confirmed);
    EXPECT_TRUE(loop.GetLog(TxActionKind::DeliverStray).empty());

    // a 2xx ACK is its own transaction with a new branch: stray, handed to the TU
    SipMessage inv2 = MakeReq("INVITE", "z9hG4bKm5");
    loop.Receive(inv2, kProxy, false);
    TransactionKey k2 = LastDeliveredKey(loop);
    loop.SendResponse(k2, MakeResp(inv2, 200));
    SipMessage ack2 = WithVia(InviteClientTransaction::MakeAck(inv2, MakeResp(inv2, 200)),
                              "SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bKack2");
    loop.Receive(ack2, kProxy, false);
    auto s = loop.GetLog(TxActionKind::DeliverStray);
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].action.message->GetMethod(), "ACK");
    EXPECT_EQ(StateOf(manager, k2), TransactionState::Accepted);
    EXPECT_EQ(manager.GetTransactionCount(), 2u); // no transaction is made for an ACK
}

TEST_F(Fixture, CancelHasItsOwnTransactionAndFindsTheInvite)
{
    SipMessage inv = MakeReq("INVITE", "z9hG4bKm6");
    loop.Receive(inv, kProxy, false);
    TransactionKey ki = LastDeliveredKey(loop);
    SipMessage cancel = MakeReq("CANCEL", "z9hG4bKm6");
    loop.Receive(cancel, kProxy, false);
    TransactionKey kc = LastDeliveredKey(loop);
    EXPECT_NE(kc, ki);
    EXPECT_EQ(manager.GetTransactionCount(), 2u);
    EXPECT_EQ(StateOf(manager, ki), TransactionState::Proceeding); // not touched by the CANCEL
    auto found = manager.FindInviteForCancel(cancel);
    ASSERT_TRUE(found);
    EXPECT_EQ(*found, ki);
    EXPECT_FALSE(manager.FindInviteForCancel(MakeReq("CANCEL", "z9hG4bKnope")));
    EXPECT_FALSE(manager.FindInviteForCancel(
        WithVia(cancel, "SIP/2.0/UDP elsewhere.example.com;branch=z9hG4bKm6")));
    // the TU answers the CANCEL in its own transaction and 487s the INVITE
    loop.SendResponse(kc, MakeResp(cancel, 200));
    loop.SendResponse(ki, MakeResp(inv, 487));
    EXPECT_EQ(StateOf(manager, kc), TransactionState::Completed);
    EXPECT_EQ(StateOf(manager, ki), TransactionState::Completed);
}

TEST_F(Fixture, Rfc2543FallbackMatching)
{
    SipMessage inv = WithVia(MakeReq("INVITE", "z9hG4bKx"), kOldVia);
    loop.Receive(inv, kProxy, false);
    TransactionKey k = LastDeliveredKey(loop);
    ASSERT_TRUE(k.IsRfc2543());
    SipMessage busy = MakeResp(inv, 486, "srvtag");
    loop.SendResponse(k, busy);
    loop.AdvanceTo(100ms);
    loop.Receive(inv, kProxy, false); // retransmission matched: final re-sent, no new transaction
    EXPECT_EQ(Times(loop, TxActionKind::Send, "486"), (std::vector<long long>{0, 100}));
    EXPECT_EQ(manager.GetTransactionCount(), 1u);
    // an ACK whose To tag differs from the response's does not match
    SipMessage ack = InviteClientTransaction::MakeAck(inv, busy);
    loop.Receive(WithToTag(ack, "wrong"), kProxy, false);
    EXPECT_EQ(loop.GetLog(TxActionKind::DeliverStray).size(), 1u);
    EXPECT_EQ(StateOf(manager, k), TransactionState::Completed);
    loop.Receive(ack, kProxy, false);
    EXPECT_EQ(StateOf(manager, k), TransactionState::Confirmed);
    // CANCEL without a cookie: Request-URI, From tag, Call-ID, CSeq number, top Via, To tag
    SipMessage cancel = WithVia(MakeReq("CANCEL", "z9hG4bKx"), kOldVia);
    ASSERT_TRUE(manager.FindInviteForCancel(cancel));
    EXPECT_EQ(*manager.FindInviteForCancel(cancel), k);
    SipMessage other = cancel;
    other.SetHeader("Call-ID", "different@x");
    EXPECT_FALSE(manager.FindInviteForCancel(other));
}

TEST_F(Fixture, SendRequestAddsBranchAndAckIsStateless)
{
    SipMessage reg = WithVia(MakeReq("REGISTER", "z9hG4bKx"), kOldVia);
    TransactionKey k = loop.SendRequest(reg, kProxy, false);
    auto sent = loop.GetLog(TxActionKind::Send);
    ASSERT_EQ(sent.size(), 1u);
    const std::string branch = sent[0].action.message->GetTopVia().GetBranch();
    EXPECT_TRUE(TransactionKey::HasMagicCookie(branch)) << branch;
    EXPECT_EQ(k, TransactionKey::ForClient(*sent[0].action.message));
    // a second request with the same key is refused
    EXPECT_TRUE(loop.SendRequest(*sent[0].action.message, kProxy, false).IsEmpty());
    // ACK (for a 2xx) is sent without a transaction
    SipMessage ack = MakeReq("ACK", "z9hG4bKack");
    EXPECT_TRUE(loop.SendRequest(ack, kProxy, false).IsEmpty());
    EXPECT_EQ(manager.GetTransactionCount(), 1u);
    auto last = loop.GetLog(TxActionKind::Send).back().action;
    EXPECT_EQ(last.message->GetMethod(), "ACK");
    EXPECT_TRUE(last.key.IsEmpty());
}

TEST_F(Fixture, BranchesAreUniqueAndDeterministicPerSeed)
{
    TransactionManager a(TransactionTimers(), 42);
    TransactionManager b(TransactionTimers(), 42);
    TransactionManager c(TransactionTimers(), 43);
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i)
    {
        const std::string x = a.NewBranch();
        EXPECT_EQ(x, b.NewBranch());
        EXPECT_NE(x, c.NewBranch());
        EXPECT_EQ(x.rfind("z9hG4bK", 0), 0u);
        EXPECT_TRUE(seen.insert(x).second) << x;
    }
}

TEST_F(Fixture, StaleTimerEventsAreIgnored)
{
    SipMessage req = MakeReq("OPTIONS", "z9hG4bKm7");
    TransactionKey k = loop.SendRequest(req, kProxy, false);
    loop.Receive(MakeResp(req, 200), kProxy, false); // cancels E and F
    TransactionActions out;
    manager.TimerExpired(k, TimerName::E, out); // fired after its cancel
    manager.TimerExpired(k, TimerName::F, out);
    manager.TimerExpired(k, TimerName::B, out); // never started
    manager.TimerExpired(TransactionKey("C|nope|OPTIONS"), TimerName::K, out);
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(StateOf(manager, k), TransactionState::Completed);
}
