// SPDX-License-Identifier: GPL-2.0-only
#include "ua/call-controller.h"

#include "message/sip-request-disposition.h"
#include "stack/ipv4-text.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <array>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CallController");

namespace
{
/**
 * \brief Schedule f(call) without the event owning the call.
 *
 * A call keeps the EventIds of its own timers, and an EventId keeps its event (and the event its
 * arguments) alive even after it ran or was cancelled, so an event holding the call would be a
 * reference cycle that outlives the run (LeakSanitizer). The event holds a weak reference: the call
 * may have ended by then (EndCall cancels every timer of a call first anyway).
 */
template <typename F>
EventId
ScheduleForCall(Time delay, const std::shared_ptr<SipCall>& call, F f)
{
    return Simulator::Schedule(delay,
                               [weak = std::weak_ptr<SipCall>(call), f = std::move(f)]()
                               {
                                   if (auto alive = weak.lock())
                                   {
                                       f(alive);
                                   }
                               });
}

/// \return the EventIds of a call's own timers (cancelled and dropped when the call ends).
std::array<EventId*, 2>
TimersOf(SipCall& call)
{
    return {&call.answerEvent, &call.hangupEvent};
}

/// \param reason why an INVITE session ended \return the call record's end_reason
const std::string&
EndReasonText(InviteSession::EndReason reason)
{
    // In InviteSession::EndReason order; the values of calls.end_reason (doc/results-schema.md).
    static const std::array<std::string, 8> names{"failed",    "cancelled",    "no-answer",
                                                  "timeout",   "bye-received", "bye-sent",
                                                  "run-ended", "no-route"};
    return names.at(static_cast<std::size_t>(reason));
}
} // namespace

CallController::CallController(const UaSettings& settings, UaTraces& traces,
                               std::shared_ptr<const UasResponder> uas, UaMobility& mobility,
                               CallMedia& media, CallRecorder& recorder)
    : m_settings(settings)
    , m_traces(traces)
    , m_uas(std::move(uas))
    , m_mobility(mobility)
    , m_media(media)
    , m_recorder(recorder)
{
}

void
CallController::Start(Ptr<SipStack> stack, Ptr<UniformRandomVariable> rng)
{
    auto env = std::make_shared<InviteSession::Environment>();
    env->stack = stack;
    env->uas = m_uas;
    env->rng = rng;
    env->outOfDialogHop = [this]() { return m_mobility.OutOfDialogHop(); };
    env->inDialogHop = [this](const SipDialog& dialog, sipmob::SipMessage& request)
    { return m_mobility.InDialogHop(dialog, request); };
    env->whenCanSend = [this](std::function<void()> action)
    { m_mobility.Defer(std::move(action)); };
    env->user = m_settings.user;
    env->password = m_settings.password;
    env->maxRingTime = m_settings.maxRingTime;
    TimeValue t;
    stack->GetAttribute("T1", t);
    env->t1 = t.Get();
    stack->GetAttribute("T2", t);
    env->t2 = t.Get();
    m_env = env;
    std::vector<PlannedCall> planned;
    planned.swap(m_planned);
    for (const auto& p : planned)
    {
        AddCall(p.at, p.callee, p.duration);
    }
}

void
CallController::Dispose()
{
    for (auto& [id, call] : m_calls)
    {
        (void) id;
        for (EventId* ev : TimersOf(*call))
        {
            Simulator::Cancel(*ev);
            *ev = EventId(); // drops the event and what it holds
        }
        call->session->Dispose();
        m_media.Dispose(*call);
    }
    m_calls.clear();
    m_waitingCalls.clear();
    for (auto& s : m_scheduled)
    {
        Simulator::Cancel(s.event);
    }
    m_scheduled.clear();
    m_env = nullptr;
}

// ---------------------------------------------------------------------------------------------
// Placing calls

void
CallController::AddCall(Time at, std::string callee, Time duration)
{
    if (!m_env || !m_mobility.IsRunning())
    {
        m_planned.push_back(PlannedCall{at, std::move(callee), duration});
        return;
    }
    Time delay = std::max(at - Simulator::Now(), Time(0));
    // Kept with its event: a call still due when the user agent stops is reported
    // (ReportNotPlaced).
    EventId event = Simulator::Schedule(delay, &CallController::PlaceCall, this, callee, duration);
    m_scheduled.push_back(ScheduledCall{PlannedCall{at, std::move(callee), duration}, event});
}

void
CallController::PlaceCall(std::string callee, Time duration)
{
    if (m_mobility.CanSend())
    {
        SendNewInvite(callee, duration);
        return;
    }
    // Placed as soon as the UA has an address and its registration has ended (the hand-off's end),
    // or reported with the reason it never was (ReportUnfinished).
    m_waitingCalls.push_back(PlannedCall{Simulator::Now(), std::move(callee), duration});
}

void
CallController::PlaceWaitingCalls()
{
    while (m_mobility.CanSend() && !m_waitingCalls.empty())
    {
        PlannedCall p = m_waitingCalls.front();
        m_waitingCalls.erase(m_waitingCalls.begin());
        SendNewInvite(p.callee, p.duration);
    }
}

void
CallController::SendNewInvite(const std::string& callee, Time duration)
{
    // Bare numbers are dialled in the network whose proxy takes the request; with no proxy known
    // (the INVITE then ends no-route) in the home domain, as the rows of unplaced calls name it.
    const std::string& domain =
        m_mobility.GetHopDomain().empty() ? m_settings.domain : m_mobility.GetHopDomain();
    std::string target = callee.find('@') != std::string::npos ? callee : callee + "@" + domain;
    std::optional<sipmob::SipUri> parsed = sipmob::SipUri::Parse("sip:" + target);
    if (!parsed)
    {
        NS_LOG_WARN(m_settings.Aor() << " cannot call '" << callee << "': not a SIP URI");
        m_recorder.NotPlaced(callee, Simulator::Now(), "bad-callee");
        return;
    }
    const sipmob::SipUri& ruri = *parsed;
    std::string callId = m_uas->NewToken() + "-" + std::to_string(m_callCounter) + "@" +
                         Ipv4Text(m_mobility.GetAddress());
    CallPtr call = NewCall(callId, true);
    call->duration = duration;
    sipmob::SipMessage invite = sipmob::SipMessage::MakeRequest("INVITE", ruri);
    sipmob::SipNameAddr from = *sipmob::SipNameAddr::Parse("<" + m_settings.Aor() + ">");
    from.displayName = m_settings.displayName;
    from.SetTag(call->session->GetLocalTag());
    invite.SetFrom(from);
    invite.SetTo(*sipmob::SipNameAddr::Parse("<" + ruri.ToString() + ">"));
    invite.SetHeader("Call-ID", callId);
    invite.SetHeader("CSeq", "1 INVITE");
    invite.SetMaxForwards(70);
    if (m_mobility.CallsDirectly())
    {
        sipmob::AskForRedirect(invite); // where is the callee? (doc/mobility.md, "Direct calls")
    }
    call->record.peer = ruri.ToString();
    // Placed now: also the INVITE time of a call that ends before any INVITE is sent (no-route);
    // the session's Calling state stamps the same instant when it sends.
    call->record.tInvite = Simulator::Now().GetSeconds();
    call->session->Invite(invite);
}

void
CallController::OnNewInvite(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id)
{
    if (FindCallById(req.GetCallId()))
    {
        m_uas->Respond(id, req, 482); // §8.2.2.2: merged request
        return;
    }
    CallPtr call = NewCall(req.GetCallId(), false);
    call->record.tInvite = Simulator::Now().GetSeconds();
    call->record.peer = req.GetFrom().uri.ToString();
    call->session->OnIncomingInvite(req, id);
}

// ---------------------------------------------------------------------------------------------
// Calls and their sessions

CallController::CallPtr
CallController::NewCall(const std::string& callId, bool outgoing)
{
    auto call = std::make_shared<SipCall>();
    call->callId = callId;
    call->outgoing = outgoing;
    call->session = std::make_shared<InviteSession>(m_env, callId, outgoing); // draws the tag
    call->mediaPort = m_settings.mediaPortBase + 2 * (m_callCounter % 1000);
    ++m_callCounter;
    call->record.callId = callId;
    call->record.ua = m_settings.Aor();
    call->record.outgoing = outgoing;
    call->session->SetCallbacks(SessionCallbacks(call));
    m_calls[callId] = call;
    return call;
}

InviteSession::Callbacks
CallController::SessionCallbacks(const CallPtr& call)
{
    // The call owns its session: the callbacks hold the call weakly (no cycle through them).
    std::weak_ptr<SipCall> weak = call;
    std::string callId = call->callId;
    InviteSession::Callbacks cb;
    cb.stateChanged = [this, weak](InviteSession::State o, InviteSession::State n, int status)
    {
        if (auto c = weak.lock())
        {
            OnSessionState(c, o, n, status);
        }
    };
    cb.bodyNeeded = [this, weak]() -> std::string
    {
        auto c = weak.lock();
        return c ? m_media.LocalSdp(*c, m_mobility.GetAddress(), 1000 + m_callCounter) : "";
    };
    cb.bodyReceived = [this, weak](const std::string& body)
    {
        auto c = weak.lock();
        return c && m_media.ApplyRemoteSdp(*c, body);
    };
    cb.established = [this, weak]()
    {
        if (auto c = weak.lock())
        {
            OnEstablished(c);
        }
    };
    cb.reinviteSent = [this, callId]() { m_traces.reinviteSent(callId); };
    cb.reinviteResult = [this, callId](int code) { m_traces.reinviteResult(callId, code); };
    cb.redirected = [this, callId](const std::string& contact)
    { m_traces.callRedirected(callId, contact); };
    cb.ended = [this, weak](InviteSession::EndReason reason, int status)
    {
        if (auto c = weak.lock())
        {
            if (status != 0)
            {
                c->record.finalStatus = status;
            }
            EndCall(c, EndReasonText(reason));
        }
    };
    return cb;
}

void
CallController::OnSessionState(const CallPtr& call, InviteSession::State old,
                               InviteSession::State now, int status)
{
    m_recorder.OnSessionState(*call, old, now, status);
    if (now == InviteSession::State::Early && !call->outgoing)
    {
        // Ringing: the user answers after AnswerDelay (when the UA can send by then).
        call->answerEvent = ScheduleForCall(m_settings.answerDelay, call,
                                            [this](const CallPtr& c)
                                            { m_mobility.Defer([this, c]() { Answer(c); }); });
    }
    else if (now == InviteSession::State::Terminating)
    {
        Simulator::Cancel(call->hangupEvent);
        m_media.Silence(*call); // no media after our BYE
    }
}

void
CallController::OnEstablished(const CallPtr& call)
{
    // Moved while the INVITE was pending: the answer went to a stale offer.
    m_mobility.Defer([this, call]() { ReinviteIfMoved(call); });
    if (call->duration.IsStrictlyPositive())
    {
        call->hangupEvent = ScheduleForCall(call->duration, call,
                                            [this](const CallPtr& c)
                                            { m_mobility.Defer([c]() { c->session->Hangup(); }); });
    }
}

void
CallController::Answer(const CallPtr& call)
{
    if (call->state != CallState::Ringing)
    {
        return;
    }
    m_media.Start(*call);
    call->session->Answer();
}

void
CallController::ReinviteMovedCalls()
{
    for (const auto& call : Calls()) // a response may end a call while we iterate
    {
        ReinviteIfMoved(call);
    }
}

void
CallController::ReinviteIfMoved(const CallPtr& call)
{
    std::string here = Ipv4Text(m_mobility.GetAddress());
    bool moved = call->localSdp && call->localSdp->GetConnectionAddress() != here;
    if (call->state == CallState::Confirmed && moved)
    {
        call->session->Reinvite();
    }
}

void
CallController::EndCall(const CallPtr& call, const std::string& reason)
{
    if (call->state == CallState::Terminated)
    {
        return;
    }
    for (EventId* ev : TimersOf(*call))
    {
        Simulator::Cancel(*ev);
        *ev = EventId(); // drops the event and what it holds
    }
    m_recorder.Close(*call, reason);
    m_calls.erase(call->callId);
}

// ---------------------------------------------------------------------------------------------
// Ending calls, reports, look-ups

void
CallController::HangUp(const std::string& callId)
{
    if (CallPtr call = FindCallById(callId))
    {
        call->session->Hangup();
    }
}

void
CallController::HangUpAll()
{
    for (const auto& call : Calls())
    {
        HangUp(call->callId);
    }
}

void
CallController::ReportNotPlaced(const std::string& reason)
{
    for (const auto& p : m_waitingCalls)
    {
        m_recorder.NotPlaced(p.callee, p.at, reason);
    }
    m_waitingCalls.clear();
    // Calls due after now (the user agent stops, or the run ended): never placed.
    for (auto& s : m_scheduled)
    {
        if (s.event.IsRunning())
        {
            Simulator::Cancel(s.event);
            m_recorder.NotPlaced(s.call.callee, s.call.at, "after-run-end");
        }
    }
    m_scheduled.clear();
    // Calls of a user agent that never started.
    for (const auto& p : m_planned)
    {
        m_recorder.NotPlaced(p.callee, p.at,
                             p.at > Simulator::Now() ? "after-run-end" : "not-started");
    }
    m_planned.clear();
}

void
CallController::ReportUnfinished(const std::string& reason)
{
    ReportNotPlaced(reason);
    for (const auto& call : Calls())
    {
        call->session->Terminate(); // end_reason run-ended
    }
}

std::vector<CallController::CallPtr>
CallController::Calls() const
{
    std::vector<CallPtr> calls;
    for (const auto& [id, call] : m_calls)
    {
        (void) id;
        calls.push_back(call);
    }
    return calls;
}

std::shared_ptr<SipCall>
CallController::FindCall(const sipmob::SipMessage& msg) const
{
    CallPtr call = FindCallById(msg.GetCallId());
    return call && call->session->Matches(msg) ? call : nullptr;
}

std::shared_ptr<SipCall>
CallController::FindCallById(const std::string& callId) const
{
    auto it = m_calls.find(callId);
    return it == m_calls.end() ? nullptr : it->second;
}

std::vector<std::string>
CallController::GetActiveCalls() const
{
    std::vector<std::string> ids;
    for (const auto& [id, call] : m_calls)
    {
        (void) call;
        ids.push_back(id);
    }
    return ids;
}

} // namespace ns3
