// SPDX-License-Identifier: GPL-2.0-only
// RFC 3261 17.1 client transactions (INVITE with RFC 6026 Accepted, non-INVITE) on a virtual clock:
// every transition, every retransmission time, timeouts, and the ACK built for non-2xx responses.
#include "message/sip-message.h"
#include "transaction-test-util.h"
#include "transaction/transaction-event-loop.h"
#include "transaction/transaction-manager.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace sipmob;
using namespace std::chrono_literals;

using namespace sipmob::test;
using ClientFixture = TransactionFixture;

// ---------------------------------------------------------------- non-INVITE client (17.1.2)

TEST_F(ClientFixture, NonInviteRetransmitsDoublingCappedAtT2ThenTimerFTimesOut)
{
    TransactionKey k = loop.SendRequest(MakeReq("REGISTER", "z9hG4bKreg1"), kProxy, false);
    ASSERT_FALSE(k.IsEmpty());
    EXPECT_EQ(StateOf(manager, k), TransactionState::Trying);
    EXPECT_EQ(*loop.GetDeadline(k, TimerName::F), 32000ms);
    loop.AdvanceTo(31999ms);
    EXPECT_EQ(Times(loop, TxActionKind::Send),
              (std::vector<long long>{0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500,
                                      31500}));
    EXPECT_EQ(
        Durations(loop, TimerName::E),
        (std::vector<long long>{500, 1000, 2000, 4000, 4000, 4000, 4000, 4000, 4000, 4000, 4000}));
    EXPECT_TRUE(loop.GetLog(TxActionKind::Timeout).empty());
    loop.AdvanceTo(60s);
    auto timeouts = loop.GetLog(TxActionKind::Timeout);
    ASSERT_EQ(timeouts.size(), 1u);
    EXPECT_EQ(timeouts[0].time, 32000ms);
    EXPECT_EQ(timeouts[0].action.timer, TimerName::F);
    EXPECT_EQ(Times(loop, TxActionKind::Terminated), (std::vector<long long>{32000}));
    EXPECT_EQ(Times(loop, TxActionKind::Send).size(), 11u); // E was cancelled with the transaction
    EXPECT_EQ(loop.GetPendingTimerCount(), 0u);
    EXPECT_EQ(manager.GetTransactionCount(), 0u);
    // every send goes to the destination given by the TU, with the request unchanged
    for (const auto& r : loop.GetLog(TxActionKind::Send))
    {
        EXPECT_EQ(r.action.endpoint, kProxy);
        EXPECT_EQ(r.action.message->GetTopVia().GetBranch(), "z9hG4bKreg1");
    }
}

TEST_F(ClientFixture, NonInviteProceedingRetransmitsAtT2UntilFinalThenTimerK)
{
    SipMessage req = MakeReq("REGISTER", "z9hG4bKreg2");
    TransactionKey k = loop.SendRequest(req, kProxy, false);
    loop.AdvanceTo(600ms);
    loop.Receive(MakeResp(req, 100), kProxy, false);
    EXPECT_EQ(StateOf(manager, k), TransactionState::Proceeding);
    EXPECT_EQ(Times(loop, TxActionKind::DeliverToTu, "100"), (std::vector<long long>{600}));
    loop.AdvanceTo(10000ms);
    // 0 and 500 in Trying; the E armed at 500 (1 s) fires at 1500 in Proceeding -> T2 from then on
    EXPECT_EQ(Times(loop, TxActionKind::Send), (std::vector<long long>{0, 500, 1500, 5500, 9500}));
    loop.Receive(MakeResp(req, 180), kProxy, false); // further provisional: delivered
    loop.Receive(MakeResp(req, 200), kProxy, false);
    EXPECT_EQ(StateOf(manager, k), TransactionState::Completed);
    EXPECT_EQ(Times(loop, TxActionKind::DeliverToTu, "200"), (std::vector<long long>{10000}));
    EXPECT_EQ(Times(loop, TxActionKind::DeliverToTu, "180"), (std::vector<long long>{10000}));
    EXPECT_FALSE(loop.GetDeadline(k, TimerName::E));
    EXPECT_FALSE(loop.GetDeadline(k, TimerName::F));
    EXPECT_EQ(*loop.GetDeadline(k, TimerName::K), 15000ms);
    loop.AdvanceTo(12000ms);
    loop.Receive(MakeResp(req, 200), kProxy, false); // retransmission absorbed in Completed
    loop.Receive(MakeResp(req, 180), kProxy, false);
    EXPECT_EQ(loop.GetLog(TxActionKind::DeliverToTu).size(), 3u);
    EXPECT_EQ(loop.GetLog(TxActionKind::DeliverStray).size(), 0u);
    loop.AdvanceTo(20000ms);
    EXPECT_EQ(Times(loop, TxActionKind::Terminated), (std::vector<long long>{15000}));
    EXPECT_EQ(Times(loop, TxActionKind::Send).size(), 5u);
    EXPECT_TRUE(loop.GetLog(TxActionKind::Timeout).empty());
    // after termination a retransmitted 200 no longer matches: stray
    loop.Receive(MakeResp(req, 200), kProxy, false);
    EXPECT_EQ(Times(loop, TxActionKind::DeliverStray), (std::vector<long long>{20000}));
}

TEST_F(ClientFixture, NonInviteFinalInTryingCompletes)
{
    SipMessage req = MakeReq("OPTIONS", "z9hG4bKopt");
    TransactionKey k = loop.SendRequest(req, kProxy, false);
    loop.AdvanceTo(100ms);
    loop.Receive(MakeResp(req, 404), kProxy, false);
    EXPECT_EQ(StateOf(manager, k), TransactionState::Completed);
    EXPECT_EQ(*loop.GetDeadline(k, TimerName::K), 5100ms);
    loop.AdvanceTo(5099ms);
    EXPECT_EQ(manager.GetTransactionCount(), 1u);
    loop.AdvanceTo(5100ms);
    EXPECT_EQ(manager.GetTransactionCount(), 0u);
    EXPECT_EQ(Times(loop, TxActionKind::Send), (std::vector<long long>{0}));
}

TEST_F(ClientFixture, NonInviteReliableNeitherRetransmitsNorWaits)
{
    SipMessage req = MakeReq("REGISTER", "z9hG4bKtcp");
    TransactionKey k = loop.SendRequest(req, kProxy, true);
    EXPECT_FALSE(loop.GetDeadline(k, TimerName::E));
    EXPECT_EQ(*loop.GetDeadline(k, TimerName::F), 32000ms);
    loop.AdvanceTo(2000ms);
    loop.Receive(MakeResp(req, 200), kProxy, true);
    EXPECT_EQ(Times(loop, TxActionKind::Send), (std::vector<long long>{0}));
    EXPECT_EQ(Times(loop, TxActionKind::Terminated), (std::vector<long long>{2000})); // K = 0
    EXPECT_EQ(loop.GetPendingTimerCount(), 0u);
}

TEST_F(ClientFixture, NonInviteConfigurableTimers)
{
    TransactionTimers t;
    t.t1 = 100ms;
    t.t2 = 400ms;
    t.t4 = 1000ms;
    TransactionManager m(t);
    TransactionEventLoop l(m);
    l.SendRequest(MakeReq("MESSAGE", "z9hG4bKfast"), kProxy, false);
    l.AdvanceTo(10s);
    EXPECT_EQ(Times(l, TxActionKind::Send),
              (std::vector<long long>{0, 100, 300, 700, 1100, 1500, 1900, 2300, 2700, 3100, 3500,
                                      3900, 4300, 4700, 5100, 5500, 5900, 6300}));
    EXPECT_EQ(Times(l, TxActionKind::Timeout), (std::vector<long long>{6400})); // F = 64*T1
}

TEST_F(ClientFixture, TransportErrorReportsAndTerminates)
{
    TransactionKey k = loop.SendRequest(MakeReq("REGISTER", "z9hG4bKerr"), kProxy, false);
    loop.AdvanceTo(700ms);
    loop.TransportError(k);
    EXPECT_EQ(Times(loop, TxActionKind::TransportError), (std::vector<long long>{700}));
    EXPECT_EQ(Times(loop, TxActionKind::Terminated), (std::vector<long long>{700}));
    EXPECT_EQ(loop.GetPendingTimerCount(), 0u); // E and F cancelled
    loop.AdvanceTo(60s);
    EXPECT_EQ(Times(loop, TxActionKind::Send), (std::vector<long long>{0, 500}));
    EXPECT_TRUE(loop.GetLog(TxActionKind::Timeout).empty());
}

// ---------------------------------------------------------------- INVITE client (17.1.1, 6026)

TEST_F(ClientFixture, InviteTimerADoublesUntilTimerBTimesOut)
{
    TransactionKey k = loop.SendRequest(MakeReq("INVITE", "z9hG4bKinv1"), kProxy, false);
    EXPECT_EQ(StateOf(manager, k), TransactionState::Calling);
    loop.AdvanceTo(60s);
    EXPECT_EQ(Times(loop, TxActionKind::Send),
              (std::vector<long long>{0, 500, 1500, 3500, 7500, 15500, 31500}));
    EXPECT_EQ(Durations(loop, TimerName::A),
              (std::vector<long long>{500, 1000, 2000, 4000, 8000, 16000, 32000}));
    auto timeouts = loop.GetLog(TxActionKind::Timeout);
    ASSERT_EQ(timeouts.size(), 1u);
    EXPECT_EQ(timeouts[0].time, 32000ms);
    EXPECT_EQ(timeouts[0].action.timer, TimerName::B);
    EXPECT_EQ(Times(loop, TxActionKind::Terminated), (std::vector<long long>{32000}));
    EXPECT_EQ(loop.GetPendingTimerCount(), 0u);
}

TEST_F(ClientFixture, InviteProvisionalStopsRetransmissionsThen2xxAccepted)
{
    SipMessage inv = MakeReq("INVITE", "z9hG4bKinv2");
    TransactionKey k = loop.SendRequest(inv, kProxy, false);
    loop.AdvanceTo(700ms);
    loop.Receive(MakeResp(inv, 180), kProxy, false);
    EXPECT_EQ(StateOf(manager, k), TransactionState::Proceeding);
    EXPECT_FALSE(loop.GetDeadline(k, TimerName::A));
    EXPECT_FALSE(loop.GetDeadline(k, TimerName::B));
    loop.AdvanceTo(100s); // ringing for long: no retransmission, no timeout
    EXPECT_EQ(Times(loop, TxActionKind::Send), (std::vector<long long>{0, 500}));
    EXPECT_TRUE(loop.GetLog(TxActionKind::Timeout).empty());
    loop.Receive(MakeResp(inv, 183), kProxy, false);
    loop.Receive(MakeResp(inv, 200), kProxy, false);
    EXPECT_EQ(StateOf(manager, k), TransactionState::Accepted);
    EXPECT_EQ(*loop.GetDeadline(k, TimerName::M), 132000ms);
    loop.AdvanceTo(101s);
    loop.Receive(MakeResp(inv, 200), kProxy, false); // 2xx retransmission: to the TU (it ACKs)
    loop.Receive(MakeResp(inv, 180), kProxy, false); // late provisional: absorbed
    EXPECT_EQ(Times(loop, TxActionKind::DeliverToTu, "200"),
              (std::vector<long long>{100000, 101000}));
    EXPECT_EQ(Times(loop, TxActionKind::DeliverToTu, "180"), (std::vector<long long>{700}));
    EXPECT_EQ(Times(loop, TxActionKind::DeliverToTu, "183"), (std::vector<long long>{100000}));
    EXPECT_EQ(Times(loop, TxActionKind::Send).size(), 2u); // no ACK for 2xx from the transaction
    loop.AdvanceTo(200s);
    EXPECT_EQ(Times(loop, TxActionKind::Terminated), (std::vector<long long>{132000}));
}

TEST_F(ClientFixture, Invite2xxInCallingGoesToAccepted)
{
    SipMessage inv = MakeReq("INVITE", "z9hG4bKinv3");
    TransactionKey k = loop.SendRequest(inv, kProxy, false);
    loop.AdvanceTo(800ms);
    loop.Receive(MakeResp(inv, 200), kProxy, false);
    EXPECT_EQ(StateOf(manager, k), TransactionState::Accepted);
    EXPECT_FALSE(loop.GetDeadline(k, TimerName::A));
    EXPECT_FALSE(loop.GetDeadline(k, TimerName::B));
    EXPECT_EQ(*loop.GetDeadline(k, TimerName::M), 32800ms);
    loop.Receive(MakeResp(inv, 486), kProxy, false); // non-2xx after 2xx: ignored
    loop.AdvanceTo(40s);
    EXPECT_EQ(Times(loop, TxActionKind::Send), (std::vector<long long>{0, 500}));
    EXPECT_EQ(loop.GetLog(TxActionKind::DeliverToTu).size(), 1u);
    EXPECT_EQ(Times(loop, TxActionKind::Terminated), (std::vector<long long>{32800}));
}

TEST_F(ClientFixture, InviteNonSuccessFinalSendsAckPerSection17113)
{
    SipMessage inv = MakeReq("INVITE", "z9hG4bKinv4", true);
    TransactionKey k = loop.SendRequest(inv, kProxy, false);
    loop.AdvanceTo(1000ms);
    loop.Receive(MakeResp(inv, 100), kProxy, false);
    loop.AdvanceTo(2000ms);
    SipMessage busy = MakeResp(inv, 486, "busytag");
    loop.Receive(busy, kProxy, false);
    EXPECT_EQ(StateOf(manager, k), TransactionState::Completed);
    EXPECT_EQ(*loop.GetDeadline(k, TimerName::D), 34000ms);
    ASSERT_EQ(Times(loop, TxActionKind::Send, "ACK"), (std::vector<long long>{2000}));
    EXPECT_EQ(Times(loop, TxActionKind::DeliverToTu, "486"), (std::vector<long long>{2000}));

    const auto sends = loop.GetLog(TxActionKind::Send);
    const SipMessage& ack = *sends.back().action.message;
    EXPECT_EQ(sends.back().action.endpoint, kProxy);
    EXPECT_EQ(ack.GetMethod(), "ACK");
    EXPECT_EQ(ack.GetRequestUri().ToString(), inv.GetRequestUri().ToString());
    EXPECT_EQ(ack.GetCallId(), inv.GetCallId());
    EXPECT_EQ(ack.GetHeader("From"), inv.GetHeader("From"));
    EXPECT_EQ(ack.GetTo().GetTag(), "busytag");
    EXPECT_EQ(ack.GetHeader("To"), busy.GetHeader("To"));
    EXPECT_EQ(ack.GetCSeq().seq, 314159u);
    EXPECT_EQ(ack.GetCSeq().method, "ACK");
    ASSERT_EQ(ack.GetVias().size(), 1u); // only the top Via of the INVITE
    EXPECT_EQ(ack.GetTopVia().ToString(), inv.GetTopVia().ToString());
    EXPECT_EQ(ack.GetHeaderValues("Route"),
              (std::vector<std::string>{"<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"}));
    EXPECT_EQ(ack.GetMaxForwards(), 70);
    EXPECT_TRUE(ack.GetBody().empty());
    // and on the wire it parses back to the same
    auto reparsed = SipMessage::Parse(ack.Serialize());
    ASSERT_TRUE(reparsed);
    EXPECT_EQ(reparsed->GetTopVia().GetBranch(), "z9hG4bKinv4");

    // each retransmitted final response re-sends the same ACK and is not delivered
    loop.AdvanceTo(2500ms);
    loop.Receive(busy, kProxy, false);
    loop.AdvanceTo(3500ms);
    loop.Receive(busy, kProxy, false);
    loop.Receive(MakeResp(inv, 180), kProxy, false); // absorbed
    EXPECT_EQ(Times(loop, TxActionKind::Send, "ACK"), (std::vector<long long>{2000, 2500, 3500}));
    for (const auto& r : loop.GetLog(TxActionKind::Send))
    {
        if (r.action.message->GetMethod() == "ACK")
        {
            EXPECT_EQ(r.action.message->Serialize(), ack.Serialize());
        }
    }
    EXPECT_EQ(loop.GetLog(TxActionKind::DeliverToTu).size(), 2u); // 100 and 486 only
    // INVITE sent at 0 and 500 (A), stopped by the 100 at 1000
    EXPECT_EQ(Times(loop, TxActionKind::Send, "INVITE"), (std::vector<long long>{0, 500}));
    loop.AdvanceTo(33999ms);
    EXPECT_EQ(manager.GetTransactionCount(), 1u);
    loop.AdvanceTo(34000ms);
    EXPECT_EQ(Times(loop, TxActionKind::Terminated), (std::vector<long long>{34000}));
    EXPECT_TRUE(loop.GetLog(TxActionKind::Timeout).empty());
}

TEST_F(ClientFixture, InviteNonSuccessInCallingOverReliableTerminatesAtOnce)
{
    SipMessage inv = MakeReq("INVITE", "z9hG4bKinv5");
    TransactionKey k = loop.SendRequest(inv, kProxy, true);
    EXPECT_FALSE(loop.GetDeadline(k, TimerName::A));
    EXPECT_EQ(*loop.GetDeadline(k, TimerName::B), 32000ms);
    loop.AdvanceTo(300ms);
    loop.Receive(MakeResp(inv, 603), kProxy, true);
    EXPECT_EQ(Times(loop, TxActionKind::Send, "ACK"), (std::vector<long long>{300}));
    EXPECT_EQ(Times(loop, TxActionKind::DeliverToTu, "603"), (std::vector<long long>{300}));
    EXPECT_EQ(Times(loop, TxActionKind::Terminated), (std::vector<long long>{300})); // D = 0
    EXPECT_EQ(loop.GetPendingTimerCount(), 0u);
}

TEST_F(ClientFixture, InviteTimerDIsConfigurable)
{
    TransactionTimers t;
    t.d = 40s;
    TransactionManager m(t);
    TransactionEventLoop l(m);
    SipMessage inv = MakeReq("INVITE", "z9hG4bKinv6");
    TransactionKey k = l.SendRequest(inv, kProxy, false);
    l.Receive(MakeResp(inv, 404), kProxy, false);
    EXPECT_EQ(*l.GetDeadline(k, TimerName::D), 40s);
}
