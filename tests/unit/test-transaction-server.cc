// SPDX-License-Identifier: GPL-2.0-only
// RFC 3261 17.2 server transactions (INVITE with RFC 6026 Accepted, non-INVITE) on a virtual clock:
// 100 Trying after 200 ms, response retransmission (G), ACK absorption, Timers H, I, J, L.
#include "message/sip-message.h"
#include "transaction-test-util.h"
#include "transaction/invite-client-transaction.h"
#include "transaction/transaction-event-loop.h"
#include "transaction/transaction-manager.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace sipmob;
using namespace std::chrono_literals;

using namespace sipmob::test;
using Fixture = TransactionFixture;

namespace
{

/// The key of the server transaction created by the last DeliverToTu.
TransactionKey
LastDeliveredKey(const TransactionEventLoop& loop)
{
    auto d = loop.GetLog(TxActionKind::DeliverToTu);
    return d.empty() ? TransactionKey() : d.back().action.key;
}

} // namespace

// ---------------------------------------------------------------- INVITE server (17.2.1, 6026)

TEST_F(Fixture, InviteServerSends100TryingAfter200msWhenTuIsSilent)
{
    SipMessage inv = MakeReq("INVITE", "z9hG4bKs1");
    loop.Receive(inv, kProxy, false);
    TransactionKey k = LastDeliveredKey(loop);
    ASSERT_FALSE(k.IsEmpty());
    EXPECT_EQ(StateOf(manager, k), TransactionState::Proceeding);
    EXPECT_EQ(Times(loop, TxActionKind::DeliverToTu, "INVITE"), (std::vector<long long>{0}));
    loop.AdvanceTo(199ms);
    EXPECT_TRUE(loop.GetLog(TxActionKind::Send).empty());
    loop.AdvanceTo(1000ms);
    EXPECT_EQ(Times(loop, TxActionKind::Send, "100"), (std::vector<long long>{200}));
    const auto trying = loop.GetLog(TxActionKind::Send).back().action;
    EXPECT_EQ(trying.endpoint, kProxy); // responses go back to the request's source
    EXPECT_EQ(trying.message->GetTopVia().GetBranch(), "z9hG4bKs1");
    EXPECT_EQ(trying.message->GetCSeq().method, "INVITE");
    loop.AdvanceTo(1500ms);
    loop.Receive(inv, kProxy, false); // retransmitted INVITE: last provisional re-sent
    EXPECT_EQ(Times(loop, TxActionKind::Send, "100"), (std::vector<long long>{200, 1500}));
    EXPECT_EQ(loop.GetLog(TxActionKind::DeliverToTu).size(), 1u);
    EXPECT_EQ(manager.GetTransactionCount(), 1u);
}

TEST_F(Fixture, InviteServerTuProvisionalWithin200msSuppresses100Trying)
{
    SipMessage inv = MakeReq("INVITE", "z9hG4bKs2");
    loop.Receive(inv, kProxy, false);
    TransactionKey k = LastDeliveredKey(loop);
    loop.AdvanceTo(100ms);
    loop.Receive(inv, kProxy, false); // retransmission before any response: nothing to re-send
    EXPECT_TRUE(loop.GetLog(TxActionKind::Send).empty());
    ASSERT_TRUE(loop.SendResponse(k, MakeResp(inv, 180)));
    EXPECT_FALSE(loop.GetDeadline(k, TimerName::Trying));
    loop.AdvanceTo(5s);
    loop.Receive(inv, kProxy, false);
    EXPECT_EQ(Times(loop, TxActionKind::Send, "180"), (std::vector<long long>{100, 5000}));
    EXPECT_TRUE(Times(loop, TxActionKind::Send, "100").empty());
}

TEST_F(Fixture, InviteServerTryingDelayZeroSends100AtOnce)
{
    TransactionTimers t;
    t.trying = 0ms;
    TransactionManager m(t);
    TransactionEventLoop l(m);
    l.Receive(MakeReq("INVITE", "z9hG4bKs3"), kProxy, false);
    EXPECT_EQ(Times(l, TxActionKind::Send, "100"), (std::vector<long long>{0}));
    EXPECT_EQ(l.GetPendingTimerCount(), 0u);
}

TEST_F(Fixture, InviteServerFailureRetransmittedByTimerGUntilAckThenTimerI)
{
    SipMessage inv = MakeReq("INVITE", "z9hG4bKs4");
    loop.Receive(inv, kProxy, false);
    TransactionKey k = LastDeliveredKey(loop);
    loop.AdvanceTo(50ms);
    loop.SendResponse(k, MakeResp(inv, 486));
    EXPECT_EQ(StateOf(manager, k), TransactionState::Completed);
    EXPECT_EQ(*loop.GetDeadline(k, TimerName::H), 32050ms);
    loop.AdvanceTo(8000ms);
    loop.Receive(inv, kProxy, false);         // INVITE retransmission in Completed: final re-sent
    loop.SendResponse(k, MakeResp(inv, 500)); // TU response after final: discarded
    EXPECT_EQ(Times(loop, TxActionKind::Send, "486"),
              (std::vector<long long>{50, 550, 1550, 3550, 7550, 8000}));
    EXPECT_EQ(Durations(loop, TimerName::G), (std::vector<long long>{500, 1000, 2000, 4000, 4000}));
    loop.AdvanceTo(9000ms);
    SipMessage ack = InviteClientTransaction::MakeAck(inv, MakeResp(inv, 486));
    loop.Receive(ack, kProxy, false);
    EXPECT_EQ(StateOf(manager, k), TransactionState::Confirmed);
    EXPECT_FALSE(loop.GetDeadline(k, TimerName::G));
    EXPECT_FALSE(loop.GetDeadline(k, TimerName::H));
    EXPECT_EQ(*loop.GetDeadline(k, TimerName::I), 14000ms);
    loop.AdvanceTo(10000ms);
    loop.Receive(ack, kProxy, false); // ACK retransmission absorbed
    loop.Receive(inv, kProxy, false); // so is a late INVITE retransmission
    loop.AdvanceTo(60s);
    EXPECT_EQ(Times(loop, TxActionKind::Send).size(), 6u);
    EXPECT_EQ(loop.GetLog(TxActionKind::DeliverToTu).size(), 1u); // the ACK is not passed up
    EXPECT_TRUE(loop.GetLog(TxActionKind::DeliverStray).empty());
    EXPECT_TRUE(loop.GetLog(TxActionKind::Timeout).empty());
    EXPECT_EQ(Times(loop, TxActionKind::Terminated), (std::vector<long long>{14000}));
}

TEST_F(Fixture, InviteServerTimerHReportsMissingAck)
{
    SipMessage inv = MakeReq("INVITE", "z9hG4bKs5");
    loop.Receive(inv, kProxy, false);
    TransactionKey k = LastDeliveredKey(loop);
    loop.SendResponse(k, MakeResp(inv, 404));
    loop.AdvanceTo(60s);
    EXPECT_EQ(Times(loop, TxActionKind::Send, "404"),
              (std::vector<long long>{0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500,
                                      31500}));
    auto timeouts = loop.GetLog(TxActionKind::Timeout);
    ASSERT_EQ(timeouts.size(), 1u);
    EXPECT_EQ(timeouts[0].time, 32000ms);
    EXPECT_EQ(timeouts[0].action.timer, TimerName::H);
    EXPECT_EQ(Times(loop, TxActionKind::Terminated), (std::vector<long long>{32000}));
    EXPECT_EQ(loop.GetPendingTimerCount(), 0u);
}

TEST_F(Fixture, InviteServer2xxEntersAcceptedUntilTimerL)
{
    SipMessage inv = MakeReq("INVITE", "z9hG4bKs6");
    loop.Receive(inv, kProxy, false);
    TransactionKey k = LastDeliveredKey(loop);
    loop.AdvanceTo(300ms); // 100 Trying sent at 200
    SipMessage ok = MakeResp(inv, 200);
    loop.SendResponse(k, ok);
    EXPECT_EQ(StateOf(manager, k), TransactionState::Accepted);
    EXPECT_EQ(*loop.GetDeadline(k, TimerName::L), 32300ms);
    EXPECT_FALSE(loop.GetDeadline(k, TimerName::G));
    loop.AdvanceTo(1000ms);
    loop.Receive(inv, kProxy, false); // INVITE retransmission absorbed (the TU re-sends 2xx)
    loop.SendResponse(k, ok);         // TU 2xx retransmission passes through
    loop.SendResponse(k, MakeResp(inv, 486)); // non-2xx after 2xx: discarded
    EXPECT_EQ(Times(loop, TxActionKind::Send, "200"), (std::vector<long long>{300, 1000}));
    EXPECT_EQ(Times(loop, TxActionKind::Send).size(), 3u);
    // an ACK that matches this transaction (same branch) is passed to the TU in Accepted
    loop.Receive(InviteClientTransaction::MakeAck(inv, ok), kProxy, false);
    EXPECT_EQ(Times(loop, TxActionKind::DeliverToTu, "ACK"), (std::vector<long long>{1000}));
    loop.AdvanceTo(60s);
    EXPECT_EQ(Times(loop, TxActionKind::Terminated), (std::vector<long long>{32300}));
    EXPECT_TRUE(loop.GetLog(TxActionKind::Timeout).empty());
}

TEST_F(Fixture, InviteServerReliableNoTimerGAndNoTimerI)
{
    SipMessage inv = MakeReq("INVITE", "z9hG4bKs7");
    loop.Receive(inv, kProxy, true);
    TransactionKey k = LastDeliveredKey(loop);
    loop.SendResponse(k, MakeResp(inv, 480));
    EXPECT_FALSE(loop.GetDeadline(k, TimerName::G));
    EXPECT_EQ(*loop.GetDeadline(k, TimerName::H), 32000ms);
    loop.AdvanceTo(700ms);
    loop.Receive(InviteClientTransaction::MakeAck(inv, MakeResp(inv, 480)), kProxy, true);
    EXPECT_EQ(Times(loop, TxActionKind::Terminated), (std::vector<long long>{700}));
    EXPECT_EQ(Times(loop, TxActionKind::Send), (std::vector<long long>{0}));
}

TEST_F(Fixture, InviteServerTransportErrorTerminates)
{
    SipMessage inv = MakeReq("INVITE", "z9hG4bKs8");
    loop.Receive(inv, kProxy, false);
    TransactionKey k = LastDeliveredKey(loop);
    loop.SendResponse(k, MakeResp(inv, 486));
    loop.AdvanceTo(100ms);
    loop.TransportError(k);
    EXPECT_EQ(Times(loop, TxActionKind::TransportError), (std::vector<long long>{100}));
    EXPECT_EQ(loop.GetPendingTimerCount(), 0u);
    EXPECT_EQ(manager.GetTransactionCount(), 0u);
}

// ---------------------------------------------------------------- non-INVITE server (17.2.2)

TEST_F(Fixture, NonInviteServerEveryState)
{
    SipMessage reg = MakeReq("REGISTER", "z9hG4bKn1");
    loop.Receive(reg, kProxy, false);
    TransactionKey k = LastDeliveredKey(loop);
    EXPECT_EQ(StateOf(manager, k), TransactionState::Trying);
    EXPECT_EQ(loop.GetPendingTimerCount(), 0u); // no 100 Trying timer for non-INVITE
    loop.AdvanceTo(500ms);
    loop.Receive(reg, kProxy, false); // Trying: absorbed
    EXPECT_TRUE(loop.GetLog(TxActionKind::Send).empty());
    EXPECT_EQ(loop.GetLog(TxActionKind::DeliverToTu).size(), 1u);
    loop.SendResponse(k, MakeResp(reg, 100));
    EXPECT_EQ(StateOf(manager, k), TransactionState::Proceeding);
    loop.AdvanceTo(1500ms);
    loop.Receive(reg, kProxy, false); // Proceeding: last provisional re-sent
    loop.AdvanceTo(2000ms);
    loop.SendResponse(k, MakeResp(reg, 200));
    EXPECT_EQ(StateOf(manager, k), TransactionState::Completed);
    EXPECT_EQ(*loop.GetDeadline(k, TimerName::J), 34000ms);
    loop.AdvanceTo(3000ms);
    loop.Receive(reg, kProxy, false);         // Completed: final re-sent
    loop.SendResponse(k, MakeResp(reg, 500)); // Completed: TU response discarded
    EXPECT_EQ(Times(loop, TxActionKind::Send, "100"), (std::vector<long long>{500, 1500}));
    EXPECT_EQ(Times(loop, TxActionKind::Send, "200"), (std::vector<long long>{2000, 3000}));
    EXPECT_TRUE(Times(loop, TxActionKind::Send, "500").empty());
    loop.AdvanceTo(33999ms);
    EXPECT_EQ(manager.GetTransactionCount(), 1u);
    loop.AdvanceTo(34000ms);
    EXPECT_EQ(Times(loop, TxActionKind::Terminated), (std::vector<long long>{34000}));
    // after Timer J the same request is new again
    loop.Receive(reg, kProxy, false);
    EXPECT_EQ(Times(loop, TxActionKind::DeliverToTu, "REGISTER"),
              (std::vector<long long>{0, 34000}));
}

TEST_F(Fixture, NonInviteServerReliableFinalTerminatesAtOnce)
{
    SipMessage reg = MakeReq("REGISTER", "z9hG4bKn2");
    loop.Receive(reg, kProxy, true);
    TransactionKey k = LastDeliveredKey(loop);
    loop.AdvanceTo(40ms);
    loop.SendResponse(k, MakeResp(reg, 401));
    EXPECT_EQ(Times(loop, TxActionKind::Terminated), (std::vector<long long>{40}));
    EXPECT_FALSE(loop.SendResponse(k, MakeResp(reg, 200))); // gone
}
