// SPDX-License-Identifier: GPL-2.0-only
#include "dialog/invite-session.h"

#include "dialog/call-redirect.h"
#include "dialog/registration-client.h"
#include "message/sip-request-disposition.h"
#include "stack/ipv4-text.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <array>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("InviteSession");

namespace
{
bool
Is2xx(int code)
{
    return code >= 200 && code < 300;
}

/// State names for logs, in State order.
constexpr std::array<const char*, 9> kStateNames{"Null",       "Calling",     "Incoming",
                                                 "Early",      "Connecting",  "Confirmed",
                                                 "Cancelling", "Terminating", "Disconnected"};
} // namespace

InviteSession::InviteSession(std::shared_ptr<const Environment> env, std::string callId,
                             bool outgoing)
    : m_env(std::move(env))
    , m_callId(std::move(callId))
    , m_outgoing(outgoing)
    , m_localTag(m_env->uas->NewToken())
{
}

void
InviteSession::SetCallbacks(Callbacks callbacks)
{
    m_cb = std::move(callbacks);
}

const char*
InviteSession::StateName(State state)
{
    return kStateNames.at(static_cast<std::size_t>(state));
}

InviteSession::State
InviteSession::GetState() const
{
    return m_state;
}

const std::string&
InviteSession::GetLocalTag() const
{
    return m_localTag;
}

bool
InviteSession::Matches(const sipmob::SipMessage& msg) const
{
    return m_dialog && m_dialog->Matches(msg);
}

bool
InviteSession::IsCancelOf(const sipmob::SipMessage& cancel) const
{
    return !m_outgoing && m_invite.GetTopVia().GetBranch() == cancel.GetTopVia().GetBranch();
}

/**
 * Schedule f() on this session without the event owning it: an EventId keeps its event (and
 * what the event holds) alive after it ran or was cancelled, so an event holding the session
 * would be a reference cycle outliving the run (LeakSanitizer). The session may be gone by then.
 */
template <typename F>
EventId
InviteSession::Later(Time delay, F f)
{
    return Simulator::Schedule(delay,
                               [weak = weak_from_this(), f = std::move(f)]()
                               {
                                   if (auto alive = weak.lock())
                                   {
                                       f(*alive);
                                   }
                               });
}

void
InviteSession::SetState(State state, int status)
{
    // Calling is reported again on a re-sent INVITE (the owner re-stamps the INVITE time).
    if (m_state == state && state != State::Calling)
    {
        return;
    }
    State old = m_state;
    m_state = state;
    NS_LOG_INFO(m_callId << " " << StateName(old) << " -> " << StateName(state));
    if (m_cb.stateChanged)
    {
        m_cb.stateChanged(old, state, status);
    }
}

void
InviteSession::End(EndReason reason, int status)
{
    if (m_state == State::Disconnected)
    {
        return;
    }
    auto self = shared_from_this(); // the owner may drop its reference in a callback
    for (EventId* ev : {&m_retransmitEvent, &m_ringTimeoutEvent, &m_reinviteRetryEvent})
    {
        Simulator::Cancel(*ev);
        *ev = EventId(); // drops the event and what it holds
    }
    m_pending2xx.reset();
    SetState(State::Disconnected, status);
    if (m_cb.ended)
    {
        m_cb.ended(reason, status);
    }
}

void
InviteSession::Terminate()
{
    End(EndReason::Aborted, 0);
}

void
InviteSession::Dispose()
{
    for (EventId* ev : {&m_retransmitEvent, &m_ringTimeoutEvent, &m_reinviteRetryEvent})
    {
        Simulator::Cancel(*ev);
        *ev = EventId();
    }
    m_cb = Callbacks();
}

// ---------------------------------------------------------------------------------------------
// UAC: INVITE, responses, ACK

void
InviteSession::Invite(const sipmob::SipMessage& invite)
{
    m_invite = invite;
    SendInvite();
}

void
InviteSession::SendInvite()
{
    std::optional<InetSocketAddress> hop = m_inviteHop ? m_inviteHop : m_env->outOfDialogHop();
    if (!hop)
    {
        // No proxy known for the current network: nothing was sent and no response came, so
        // the call gets no final status, only the reason (end_reason no-route).
        End(EndReason::NoRoute, 0);
        return;
    }
    m_invite.SetHeader("Contact", m_env->uas->Contact());
    m_invite.SetBody("application/sdp", m_cb.bodyNeeded ? m_cb.bodyNeeded() : "");
    if (!m_inviteHop || m_state != State::Calling)
    {
        SetState(State::Calling); // not again for the INVITE after a redirect: one call attempt
    }
    auto self = shared_from_this();
    m_inviteBranch = m_env->stack->SendRequest(
        m_invite, *hop, [self](const sipmob::SipMessage& r) { self->OnInviteResponse(r); });
    if (m_env->maxRingTime.IsStrictlyPositive() && !m_ringTimeoutEvent.IsRunning())
    {
        m_ringTimeoutEvent = Later(m_env->maxRingTime,
                                   [](InviteSession& s)
                                   {
                                       s.m_noAnswer = true;
                                       s.Hangup();
                                   });
    }
}

void
InviteSession::OnInviteResponse(const sipmob::SipMessage& r)
{
    int code = r.GetStatusCode();
    if (Is2xx(code))
    {
        OnAnswered(r);
        return;
    }
    if (m_state == State::Disconnected || code < 101)
    {
        return;
    }
    if (code < 200)
    {
        if ((code == 180 || code == 183) && m_state == State::Calling)
        {
            SetState(State::Early, code);
        }
        return;
    }
    if (code >= 300 && code < 400 && !m_cancelRequested &&
        sipmob::GetProxyDirective(m_invite) == sipmob::ProxyDirective::REDIRECT)
    {
        FollowRedirect(r);
        return;
    }
    bool challenged = code == 401 || code == 407;
    if (challenged && !m_authTried && !m_env->password.empty() && !m_cancelRequested)
    {
        m_authTried = true;
        sipmob::SipCSeq cseq = m_invite.GetCSeq();
        m_invite.SetHeader("CSeq", sipmob::SipCSeq{cseq.seq + 1, "INVITE"}.ToString());
        if (AddDigestCredentials(m_invite, r, m_env->user, m_env->password, "c" + m_localTag))
        {
            SendInvite(); // §22.2: same Call-ID, CSeq + 1
            return;
        }
    }
    EndReason reason = code == 487   ? (m_noAnswer ? EndReason::NoAnswer : EndReason::Cancelled)
                       : code == 408 ? EndReason::Timeout
                                     : EndReason::Failed;
    End(reason, code);
}

void
InviteSession::FollowRedirect(const sipmob::SipMessage& r)
{
    // The client transaction has ACKed the 3xx (RFC 3261 §17.1.1.3); the new INVITE (§8.1.3.4)
    // goes to the contact, no longer asking for a redirect, so a 3xx to it ends the session.
    std::string error;
    auto target = CallRedirect::Follow(m_invite, r, error);
    if (!target)
    {
        NS_LOG_WARN(m_callId << ": redirect not followed: " << error);
        End(EndReason::Failed, r.GetStatusCode());
        return;
    }
    m_invite = target->invite;
    m_inviteHop = target->destination;
    if (m_cb.redirected)
    {
        m_cb.redirected(target->contact);
    }
    SendInvite();
}

void
InviteSession::OnAnswered(const sipmob::SipMessage& r)
{
    if (m_dialog)
    {
        Resend(r); // a retransmitted 2xx: its ACK was lost (§13.2.2.4)
        return;
    }
    Simulator::Cancel(m_ringTimeoutEvent);
    m_dialog = SipDialog::FromUac(m_invite, r);
    SendAck(r.GetCSeq().seq);
    if (m_state == State::Disconnected)
    {
        SendBye(); // a 2xx after we gave up: acknowledge it and end the dialog it made
        return;
    }
    bool usable = !m_cb.bodyReceived || m_cb.bodyReceived(r.GetBody());
    SetState(State::Confirmed, r.GetStatusCode());
    if (!usable || m_cancelRequested)
    {
        SendBye();
        return;
    }
    if (m_cb.established)
    {
        m_cb.established();
    }
}

void
InviteSession::Resend(const sipmob::SipMessage& r)
{
    if (m_lastAck && m_lastAck->GetCSeq().seq == r.GetCSeq().seq)
    {
        sipmob::SipMessage ack = *m_lastAck;
        m_env->stack->SendStateless(ack, m_env->inDialogHop(*m_dialog, ack));
    }
}

void
InviteSession::SendAck(uint32_t seq)
{
    sipmob::SipMessage ack = m_dialog->MakeRequest("ACK", "", seq);
    ack.PushVia(m_env->stack->MakeVia());
    m_lastAck = ack;
    m_env->stack->SendStateless(ack, m_env->inDialogHop(*m_dialog, ack));
}

void
InviteSession::OnStrayResponse(const sipmob::SipMessage& response)
{
    if (response.GetCSeq().method == "INVITE" && Is2xx(response.GetStatusCode()) && m_dialog)
    {
        OnAnswered(response); // re-ACK a retransmitted 2xx
    }
}

// ---------------------------------------------------------------------------------------------
// Ending: BYE, CANCEL, 603

void
InviteSession::Hangup()
{
    if (m_state == State::Disconnected || m_state == State::Terminating)
    {
        return;
    }
    if (m_dialog)
    {
        SendBye();
    }
    else if (m_outgoing)
    {
        SendCancel();
    }
    else
    {
        m_env->uas->Respond(m_inviteTxn, m_invite, 603, m_localTag);
        End(EndReason::Failed, 603);
    }
}

void
InviteSession::SendBye()
{
    if (!m_dialog || m_state == State::Terminating)
    {
        return;
    }
    bool over = m_state == State::Disconnected; // a late 2xx: BYE without telling anyone
    sipmob::SipMessage bye = m_dialog->MakeRequest("BYE", "");
    if (!over)
    {
        SetState(State::Terminating);
    }
    InetSocketAddress hop = m_env->inDialogHop(*m_dialog, bye);
    auto self = shared_from_this();
    m_env->stack->SendRequest(bye, hop,
                              [self](const sipmob::SipMessage& r)
                              {
                                  if (r.GetStatusCode() >= 200)
                                  {
                                      self->End(EndReason::ByeSent, 0);
                                  }
                              });
}

void
InviteSession::SendCancel()
{
    if (m_cancelRequested)
    {
        return;
    }
    m_cancelRequested = true;
    SetState(State::Cancelling);
    m_env->stack->Cancel(m_inviteBranch); // sent once a provisional response has arrived
}

// ---------------------------------------------------------------------------------------------
// re-INVITE (ours)

void
InviteSession::Reinvite()
{
    if (!m_dialog || m_state != State::Confirmed)
    {
        return;
    }
    if (m_reinvitePending)
    {
        m_reinviteNeeded = true; // one re-INVITE at a time (§14.1)
        return;
    }
    m_reinvitePending = true;
    m_reinviteNeeded = false;
    sipmob::SipMessage req = m_dialog->MakeRequest("INVITE", m_env->uas->Contact());
    req.SetBody("application/sdp", m_cb.bodyNeeded ? m_cb.bodyNeeded() : "");
    InetSocketAddress hop = m_env->inDialogHop(*m_dialog, req);
    if (m_reinviteToAor)
    {
        hop = RetargetToAor(req, hop);
    }
    if (m_cb.reinviteSent)
    {
        m_cb.reinviteSent();
    }
    auto self = shared_from_this();
    m_env->stack->SendRequest(req, hop,
                              [self](const sipmob::SipMessage& r) { self->OnReinviteResponse(r); });
}

InetSocketAddress
InviteSession::RetargetToAor(sipmob::SipMessage& req, InetSocketAddress hop) const
{
    sipmob::SipUri aor = m_dialog->GetRemote().uri;
    req.SetRequestUri(aor);
    if (m_dialog->GetRouteSet().empty() && req.GetRoutes().empty())
    {
        // No route set (a direct call): through our outbound proxy, which resolves the AoR.
        if (auto proxy = m_env->outOfDialogHop())
        {
            req.PrependHeader("Route", LooseRouteValue(*proxy));
            return *proxy;
        }
    }
    return hop;
}

void
InviteSession::OnReinviteResponse(const sipmob::SipMessage& r)
{
    int code = r.GetStatusCode();
    if (code < 200 || m_state == State::Disconnected)
    {
        return;
    }
    if (Is2xx(code) && !m_reinvitePending)
    {
        Resend(r); // a retransmitted 2xx to a re-INVITE already acknowledged
        return;
    }
    m_reinvitePending = false;
    if (Is2xx(code))
    {
        m_reinviteToAor = false; // the peer's contact is current again
        m_dialog->RefreshTarget(r);
        if (m_cb.bodyReceived)
        {
            m_cb.bodyReceived(r.GetBody());
        }
        SendAck(r.GetCSeq().seq);
    }
    if (m_cb.reinviteResult)
    {
        m_cb.reinviteResult(code);
    }
    if (code == 491)
    {
        // §14.1: the Call-ID owner waits 2.1-4 s, the other end 0-2 s, in units of 10 ms.
        double lo = m_outgoing ? 2.1 : 0.0;
        double hi = m_outgoing ? 4.0 : 2.0;
        Time delay = MilliSeconds(10 * m_env->rng->GetInteger(lo * 100, hi * 100));
        m_reinviteRetryEvent =
            Later(delay, [](InviteSession& s)
                  { s.m_env->whenCanSend([self = s.shared_from_this()]() { self->Reinvite(); }); });
        return;
    }
    if (code == 481)
    {
        End(EndReason::Failed, 0); // §12.2.1.2: the dialog is gone
        return;
    }
    if ((code == 408 || code == 503) && !m_reinviteToAor)
    {
        // No answer from the remote target (§8.1.3.1: a timeout is a 408, a transport error a
        // 503): the peer has moved as well. Once, through its AoR (RetargetToAor).
        NS_LOG_INFO("re-INVITE of " << m_callId << " got " << code
                                    << "; sent again to the peer's address-of-record");
        m_reinviteToAor = true;
        m_env->whenCanSend([self = shared_from_this()]() { self->Reinvite(); });
        return;
    }
    if (m_reinviteNeeded)
    {
        m_env->whenCanSend([self = shared_from_this()]() { self->Reinvite(); });
    }
}

// ---------------------------------------------------------------------------------------------
// UAS: INVITE, 2xx until ACK, in-dialog requests, CANCEL

void
InviteSession::OnIncomingInvite(const sipmob::SipMessage& invite, const SipStack::ServerTxnId& id)
{
    m_invite = invite;
    m_inviteTxn = id;
    if (!invite.GetBody().empty() && m_cb.bodyReceived && !m_cb.bodyReceived(invite.GetBody()))
    {
        m_env->uas->Respond(id, invite, 400, m_localTag); // the offer is unusable
        End(EndReason::Failed, 400);
        return;
    }
    SetState(State::Incoming);
    m_env->uas->Respond(id, invite, 180, m_localTag);
    SetState(State::Early, 180);
    if (m_env->maxRingTime.IsStrictlyPositive())
    {
        // The callee side of the no-answer timeout: nobody picked up (RFC 3261 §21.4.18: 480).
        m_ringTimeoutEvent =
            Later(m_env->maxRingTime,
                  [](InviteSession& s)
                  {
                      if (s.m_state != State::Early)
                      {
                          return;
                      }
                      s.m_env->uas->Respond(s.m_inviteTxn, s.m_invite, 480, s.m_localTag);
                      s.End(EndReason::NoAnswer, 480);
                  });
    }
}

void
InviteSession::Answer()
{
    if (m_state != State::Early || m_outgoing)
    {
        return;
    }
    m_dialog = SipDialog::FromUas(m_invite, m_localTag);
    Send2xx(m_inviteTxn, m_invite);
    SetState(State::Connecting, 200);
}

void
InviteSession::Send2xx(const SipStack::ServerTxnId& id, const sipmob::SipMessage& req)
{
    sipmob::SipMessage ok = sipmob::SipMessage::MakeResponse(req, 200);
    sipmob::SipNameAddr to = ok.GetTo();
    to.SetTag(m_localTag);
    ok.SetTo(to);
    ok.SetHeader("Contact", m_env->uas->Contact());
    ok.SetBody("application/sdp", m_cb.bodyNeeded ? m_cb.bodyNeeded() : "");
    m_env->stack->SendResponse(id, ok);
    // §13.3.1.4: the UAS core retransmits the 2xx until the ACK arrives.
    m_inviteTxn = id;
    m_pending2xx = ok;
    m_retransmitInterval = m_env->t1;
    m_retransmitElapsed = Time(0);
    Simulator::Cancel(m_retransmitEvent);
    m_retransmitEvent = Later(m_env->t1, [](InviteSession& s) { s.Retransmit2xx(); });
}

void
InviteSession::Retransmit2xx()
{
    if (!m_pending2xx || m_state == State::Disconnected)
    {
        return;
    }
    m_retransmitElapsed += m_retransmitInterval;
    if (m_retransmitElapsed >= 64 * m_env->t1)
    {
        m_pending2xx.reset();
        if (m_state == State::Connecting)
        {
            SetState(State::Confirmed);
            SendBye(); // no ACK ever came: end the session
        }
        return;
    }
    m_env->stack->SendResponse(m_inviteTxn, *m_pending2xx);
    m_retransmitInterval = std::min(2 * m_retransmitInterval, m_env->t2);
    m_retransmitEvent = Later(m_retransmitInterval, [](InviteSession& s) { s.Retransmit2xx(); });
}

void
InviteSession::OnInDialogRequest(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id)
{
    if (!m_dialog->AcceptRemoteCSeq(req))
    {
        m_env->uas->Respond(id, req, 500); // §12.2.2: out of order
        return;
    }
    if (req.GetMethod() == "INVITE")
    {
        OnReinvite(req, id);
        return;
    }
    m_env->uas->Respond(id, req, 200); // BYE
    End(EndReason::ByeReceived, 0);
}

void
InviteSession::OnReinvite(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id)
{
    if (m_reinvitePending)
    {
        m_env->uas->Respond(id, req, 491); // §14.2: glare
        return;
    }
    if (m_pending2xx)
    {
        m_env->uas->Respond(id, req, 500); // §14.2: our previous 2xx is not acknowledged yet
        return;
    }
    if (!req.GetBody().empty() && m_cb.bodyReceived && !m_cb.bodyReceived(req.GetBody()))
    {
        m_env->uas->Respond(id, req, 400);
        return;
    }
    m_dialog->RefreshTarget(req);
    Send2xx(id, req);
}

void
InviteSession::OnCancel(const sipmob::SipMessage& cancel)
{
    (void) cancel;
    if (m_state != State::Incoming && m_state != State::Early)
    {
        return; // already answered: the CANCEL has no effect (§9.2)
    }
    m_env->uas->Respond(m_inviteTxn, m_invite, 487, m_localTag);
    End(EndReason::Cancelled, 487);
}

void
InviteSession::OnAck(const sipmob::SipMessage& ack)
{
    if (!m_pending2xx || m_pending2xx->GetCSeq().seq != ack.GetCSeq().seq)
    {
        return;
    }
    m_pending2xx.reset();
    Simulator::Cancel(m_retransmitEvent);
    if (!ack.GetBody().empty() && m_cb.bodyReceived)
    {
        m_cb.bodyReceived(ack.GetBody()); // the answer to an offer we made in the 2xx
    }
    if (m_state == State::Connecting)
    {
        SetState(State::Confirmed);
        if (m_cb.established)
        {
            m_cb.established();
        }
    }
}

} // namespace ns3
