// SPDX-License-Identifier: GPL-2.0-only
// InviteSession on its own (no user agent, no media): two SipStacks on a CSMA LAN, a UAC session
// and a UAS session wired by hand. Checks the state sequences of both sides, the opaque bodies
// handed to and from the owner, the end reasons and final statuses, CANCEL, both no-answer timers,
// an unusable offer and a re-INVITE.
#include "dialog/invite-session.h"
#include "dialog/uas-responder.h"
#include "stack/sip-stack.h"

#include "csma-lan.h"

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <gtest/gtest.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using State = InviteSession::State;
using Reason = InviteSession::EndReason;

namespace
{

/// What one side's owner heard.
struct Heard
{
    std::vector<State> states;
    std::vector<std::string> bodiesIn;
    int bodiesOut = 0;
    int established = 0;
    std::vector<int> reinviteResults;
    std::vector<std::pair<Reason, int>> ended;
    std::vector<double> endTimes;
};

/// One end: a stack, its responder and the environment its sessions share.
struct End
{
    Ptr<SipStack> stack;
    std::shared_ptr<UasResponder> uas;
    std::shared_ptr<InviteSession::Environment> env;
    std::shared_ptr<InviteSession> session;
    Heard heard;
    std::string bodyToSend = "opaque-1"; ///< not SDP: the session must not care
    bool acceptBodies = true;

    void Init(Ptr<Node> node, Ipv4Address self, Ipv4Address peer, Time maxRing)
    {
        stack = CreateObject<SipStack>();
        stack->SetAttribute("StrictResponseSource", BooleanValue(false));
        stack->Start(node, 5060);
        auto rng = CreateObject<UniformRandomVariable>();
        uas = std::make_shared<UasResponder>(stack, rng, "INVITE, ACK, CANCEL, BYE",
                                             [self]()
                                             {
                                                 std::ostringstream os;
                                                 os << "<sip:u@" << self << ":5060>";
                                                 return os.str();
                                             });
        env = std::make_shared<InviteSession::Environment>();
        env->stack = stack;
        env->uas = uas;
        env->rng = rng;
        InetSocketAddress peerHop(peer, 5060);
        env->outOfDialogHop = [peerHop]() { return std::optional<InetSocketAddress>(peerHop); };
        env->inDialogHop = [peerHop](const SipDialog& dialog, sipmob::SipMessage&)
        {
            InetSocketAddress hop = peerHop;
            dialog.NextHop(hop);
            return hop;
        };
        env->whenCanSend = [](std::function<void()> action) { action(); };
        env->maxRingTime = maxRing;
        env->t1 = MilliSeconds(500);
        env->t2 = Seconds(4);
    }

    std::shared_ptr<InviteSession> NewSession(const std::string& callId, bool outgoing)
    {
        session = std::make_shared<InviteSession>(env, callId, outgoing);
        InviteSession::Callbacks cb;
        cb.stateChanged = [this](State, State now, int) { heard.states.push_back(now); };
        cb.bodyNeeded = [this]()
        {
            ++heard.bodiesOut;
            return bodyToSend;
        };
        cb.bodyReceived = [this](const std::string& body)
        {
            heard.bodiesIn.push_back(body);
            return acceptBodies;
        };
        cb.established = [this]() { ++heard.established; };
        cb.reinviteResult = [this](int code) { heard.reinviteResults.push_back(code); };
        cb.ended = [this](Reason reason, int status)
        {
            heard.ended.emplace_back(reason, status);
            heard.endTimes.push_back(Simulator::Now().GetSeconds());
        };
        session->SetCallbacks(std::move(cb));
        return session;
    }
};

/// A caller (10.0.0.1) and a callee (10.0.0.2); the callee answers after `answerAfter`.
struct Pair
{
    NodeContainer nodes;
    End caller;
    End callee;
    Time answerAfter = Seconds(1);
    bool autoAnswer = true;

    explicit Pair(Time callerRing = Seconds(60), Time calleeRing = Seconds(60))
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        Ipv4InterfaceContainer ifs = BuildCsmaLan(nodes, 2).interfaces;
        caller.Init(nodes.Get(0), ifs.GetAddress(0), ifs.GetAddress(1), callerRing);
        callee.Init(nodes.Get(1), ifs.GetAddress(1), ifs.GetAddress(0), calleeRing);
        callee.bodyToSend = "opaque-answer";
        // The callee's dispatch: what a user agent's request handler does, by hand.
        callee.stack->SetRequestHandler(
            [this](const sipmob::SipMessage& req, const SipStack::ServerTxnId& id,
                   const InetSocketAddress&) { OnCalleeRequest(req, id); });
        callee.stack->SetStrayHandler(
            [this](const sipmob::SipMessage& msg, const InetSocketAddress&)
            {
                if (msg.IsRequest() && msg.GetMethod() == "ACK" && callee.session)
                {
                    callee.session->OnAck(msg);
                }
            });
        caller.stack->SetRequestHandler(
            [this](const sipmob::SipMessage& req, const SipStack::ServerTxnId& id,
                   const InetSocketAddress&)
            {
                if (caller.session && caller.session->Matches(req))
                {
                    caller.session->OnInDialogRequest(req, id);
                }
            });
        caller.stack->SetStrayHandler(
            [this](const sipmob::SipMessage& msg, const InetSocketAddress&)
            {
                if (!msg.IsRequest() && caller.session)
                {
                    caller.session->OnStrayResponse(msg);
                }
            });
    }

    ~Pair()
    {
        caller.stack->Dispose();
        callee.stack->Dispose();
        Simulator::Destroy();
    }

    void OnCalleeRequest(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id)
    {
        const std::string& method = req.GetMethod();
        if (method == "ACK")
        {
            callee.session->OnAck(req);
        }
        else if (method == "INVITE" && req.GetTo().GetTag().empty())
        {
            auto s = callee.NewSession(req.GetCallId(), false);
            s->OnIncomingInvite(req, id);
            if (autoAnswer)
            {
                Simulator::Schedule(answerAfter, [s]() { s->Answer(); });
            }
        }
        else if (method == "CANCEL")
        {
            callee.uas->Respond(id, req, 200);
            ASSERT_TRUE(callee.session->IsCancelOf(req));
            callee.session->OnCancel(req);
        }
        else
        {
            ASSERT_TRUE(callee.session->Matches(req)) << method;
            callee.session->OnInDialogRequest(req, id);
        }
    }

    /// The caller's INVITE at `at`.
    void Call(Time at)
    {
        Simulator::Schedule(at,
                            [this]()
                            {
                                auto s = caller.NewSession("call-1@10.0.0.1", true);
                                sipmob::SipUri ruri = *sipmob::SipUri::Parse("sip:3001@10.0.0.2");
                                auto invite = sipmob::SipMessage::MakeRequest("INVITE", ruri);
                                auto from = *sipmob::SipNameAddr::Parse("<sip:1001@10.0.0.1>");
                                from.SetTag(s->GetLocalTag());
                                invite.SetFrom(from);
                                invite.SetTo(*sipmob::SipNameAddr::Parse("<sip:3001@10.0.0.2>"));
                                invite.SetHeader("Call-ID", "call-1@10.0.0.1");
                                invite.SetHeader("CSeq", "1 INVITE");
                                invite.SetMaxForwards(70);
                                s->Invite(invite);
                            });
    }

    void Run(Time until)
    {
        Simulator::Stop(until);
        Simulator::Run();
    }
};

} // namespace

TEST(InviteSession, CallAnsweredThenCallerHangsUp)
{
    Pair p;
    p.Call(Seconds(1));
    Simulator::Schedule(Seconds(4), [&p]() { p.caller.session->Hangup(); });
    p.Run(Seconds(10));
    EXPECT_EQ(p.caller.heard.states,
              (std::vector<State>{State::Calling, State::Early, State::Confirmed,
                                  State::Terminating, State::Disconnected}));
    EXPECT_EQ(p.callee.heard.states,
              (std::vector<State>{State::Incoming, State::Early, State::Connecting,
                                  State::Confirmed, State::Disconnected}));
    // Bodies pass through untouched: the session does not read them.
    EXPECT_EQ(p.callee.heard.bodiesIn, (std::vector<std::string>{"opaque-1"}));
    EXPECT_EQ(p.caller.heard.bodiesIn, (std::vector<std::string>{"opaque-answer"}));
    EXPECT_EQ(p.caller.heard.established, 1);
    EXPECT_EQ(p.callee.heard.established, 1);
    ASSERT_EQ(p.caller.heard.ended.size(), 1u);
    EXPECT_EQ(p.caller.heard.ended[0], std::make_pair(Reason::ByeSent, 0));
    ASSERT_EQ(p.callee.heard.ended.size(), 1u);
    EXPECT_EQ(p.callee.heard.ended[0], std::make_pair(Reason::ByeReceived, 0));
    EXPECT_NEAR(p.callee.heard.endTimes[0], 4.0,
                0.01); // the BYE crosses a 1 ms LAN
}

TEST(InviteSession, ReinviteCarriesANewBodyAndKeepsTheState)
{
    Pair p;
    p.Call(Seconds(1));
    Simulator::Schedule(Seconds(3),
                        [&p]()
                        {
                            p.caller.bodyToSend = "opaque-2";
                            p.caller.session->Reinvite();
                        });
    p.Run(Seconds(6));
    EXPECT_EQ(p.caller.heard.reinviteResults, (std::vector<int>{200}));
    EXPECT_EQ(p.callee.heard.bodiesIn, (std::vector<std::string>{"opaque-1", "opaque-2"}));
    EXPECT_EQ(p.caller.session->GetState(), State::Confirmed);
    EXPECT_EQ(p.callee.session->GetState(), State::Confirmed);
    EXPECT_EQ(p.caller.heard.bodiesOut, 2); // INVITE and re-INVITE
    EXPECT_EQ(p.callee.heard.bodiesOut, 2); // both 2xx
}

TEST(InviteSession, CancelWhileRingingEndsBothSides487)
{
    Pair p;
    p.autoAnswer = false;
    p.Call(Seconds(1));
    Simulator::Schedule(Seconds(2), [&p]() { p.caller.session->Hangup(); });
    p.Run(Seconds(10));
    EXPECT_EQ(p.caller.heard.states, (std::vector<State>{State::Calling, State::Early,
                                                         State::Cancelling, State::Disconnected}));
    ASSERT_EQ(p.caller.heard.ended.size(), 1u);
    EXPECT_EQ(p.caller.heard.ended[0], std::make_pair(Reason::Cancelled, 487));
    ASSERT_EQ(p.callee.heard.ended.size(), 1u);
    EXPECT_EQ(p.callee.heard.ended[0], std::make_pair(Reason::Cancelled, 487));
    EXPECT_EQ(p.caller.heard.established, 0);
}

TEST(InviteSession, CallerNoAnswerTimerCancels)
{
    Pair p(Seconds(3), Seconds(60));
    p.autoAnswer = false;
    p.Call(Seconds(1));
    p.Run(Seconds(10));
    ASSERT_EQ(p.caller.heard.ended.size(), 1u);
    EXPECT_EQ(p.caller.heard.ended[0], std::make_pair(Reason::NoAnswer, 487));
    EXPECT_NEAR(p.caller.heard.endTimes[0], 4.0,
                0.01); // MaxRingTime after the INVITE
    ASSERT_EQ(p.callee.heard.ended.size(), 1u);
    EXPECT_EQ(p.callee.heard.ended[0], std::make_pair(Reason::Cancelled, 487));
}

TEST(InviteSession, CalleeNoAnswerTimerRefuses480)
{
    Pair p(Seconds(60), Seconds(2));
    p.autoAnswer = false;
    p.Call(Seconds(1));
    p.Run(Seconds(10));
    ASSERT_EQ(p.callee.heard.ended.size(), 1u);
    EXPECT_EQ(p.callee.heard.ended[0], std::make_pair(Reason::NoAnswer, 480));
    ASSERT_EQ(p.caller.heard.ended.size(), 1u);
    EXPECT_EQ(p.caller.heard.ended[0], std::make_pair(Reason::Failed, 480));
    EXPECT_EQ(p.caller.heard.states.back(), State::Disconnected);
}

TEST(InviteSession, UnusableOfferIsRefused400)
{
    Pair p;
    p.callee.acceptBodies = false;
    p.Call(Seconds(1));
    p.Run(Seconds(5));
    // The callee judged the body unusable: 400 before anything else, no Incoming state.
    EXPECT_EQ(p.callee.heard.states, (std::vector<State>{State::Disconnected}));
    ASSERT_EQ(p.callee.heard.ended.size(), 1u);
    EXPECT_EQ(p.callee.heard.ended[0], std::make_pair(Reason::Failed, 400));
    ASSERT_EQ(p.caller.heard.ended.size(), 1u);
    EXPECT_EQ(p.caller.heard.ended[0], std::make_pair(Reason::Failed, 400));
}

TEST(InviteSession, StateNamesFollowTheEnum)
{
    EXPECT_STREQ(InviteSession::StateName(State::Null), "Null");
    EXPECT_STREQ(InviteSession::StateName(State::Connecting), "Connecting");
    EXPECT_STREQ(InviteSession::StateName(State::Disconnected), "Disconnected");
}

// Issue 12: a call placed when no proxy is known for the current network ends no-route (was a
// made-up 503 "failed"): nothing reaches the callee, there is no final status.
TEST(InviteSession, NoNextHopEndsTheCallNoRouteWithoutSending)
{
    Pair p;
    p.caller.env->outOfDialogHop = []() { return std::optional<InetSocketAddress>(); };
    int sent = 0;
    p.caller.stack->GetTransport()->TraceConnectWithoutContext(
        "Tx", Callback<void, const sipmob::SipMessage&, const InetSocketAddress&,
                       const InetSocketAddress&, uint32_t>(
                  [&sent](const sipmob::SipMessage&, const InetSocketAddress&,
                          const InetSocketAddress&, uint32_t) { ++sent; }));
    p.Call(Seconds(1));
    p.Run(Seconds(5));
    EXPECT_EQ(sent, 0);
    EXPECT_EQ(p.caller.heard.states, (std::vector<State>{State::Disconnected}));
    EXPECT_EQ(p.caller.session->GetState(), State::Disconnected);
    ASSERT_EQ(p.caller.heard.ended.size(), 1u);
    EXPECT_EQ(p.caller.heard.ended[0].first, Reason::NoRoute);
    EXPECT_EQ(p.caller.heard.ended[0].second, 0);
    EXPECT_DOUBLE_EQ(p.caller.heard.endTimes[0], 1.0);
    EXPECT_EQ(p.caller.heard.bodiesOut, 0);
    EXPECT_EQ(p.callee.session, nullptr); // no INVITE arrived
}
