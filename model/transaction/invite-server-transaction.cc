// SPDX-License-Identifier: GPL-2.0-only
#include "transaction/invite-server-transaction.h"

#include <algorithm>

namespace sipmob
{

InviteServerTransaction::InviteServerTransaction(SipMessage request,
                                                 const TransactionTimers& timers, bool reliable,
                                                 SipEndpoint source)
    : Transaction(TransactionKey::ForServer(request), timers, reliable, std::move(source))
    , m_request(std::move(request))
    , m_interval(timers.t1)
{
    SetState(TransactionState::Proceeding);
}

void
InviteServerTransaction::Start(TransactionActions& out)
{
    Deliver(m_request, out);
    if (m_timers.trying.count() <= 0)
    {
        SendAndKeep(SipMessage::MakeResponse(m_request, 100, "Trying"), out);
        return;
    }
    StartTimer(TimerName::Trying, m_timers.trying, out);
}

const SipMessage&
InviteServerTransaction::GetRequest() const
{
    return m_request;
}

const std::optional<SipMessage>&
InviteServerTransaction::GetLastResponse() const
{
    return m_lastResponse;
}

void
InviteServerTransaction::ReceiveMessage(const SipMessage& message, TransactionActions& out)
{
    if (!message.IsRequest())
    {
        return;
    }
    if (message.GetMethod() == "ACK")
    {
        OnAck(message, out);
    }
    else if (message.GetMethod() == "INVITE")
    {
        OnRequestRetransmission(out);
    }
}

void
InviteServerTransaction::OnRequestRetransmission(TransactionActions& out)
{
    const TransactionState s = GetState();
    const bool resend = s == TransactionState::Proceeding || s == TransactionState::Completed;
    if (resend && m_lastResponse)
    {
        Send(*m_lastResponse, out);
    }
}

void
InviteServerTransaction::OnAck(const SipMessage& ack, TransactionActions& out)
{
    switch (GetState())
    {
    case TransactionState::Completed:
        CancelTimer(TimerName::G, out);
        CancelTimer(TimerName::H, out);
        SetState(TransactionState::Confirmed);
        WaitOrTerminate(TimerName::I, m_timers.t4, out);
        break;
    case TransactionState::Accepted:
        Deliver(ack, out); // RFC 6026 8.7
        break;
    default:
        break; // Confirmed: ACK retransmission absorbed
    }
}

void
InviteServerTransaction::SendAndKeep(const SipMessage& response, TransactionActions& out)
{
    m_lastResponse = response;
    Send(response, out);
}

void
InviteServerTransaction::SendResponse(const SipMessage& response, TransactionActions& out)
{
    const TransactionState s = GetState();
    const int code = response.GetStatusCode();
    if (s == TransactionState::Accepted && code >= 200 && code < 300)
    {
        SendAndKeep(response, out); // TU retransmits its 2xx through us (RFC 6026 8.7)
        return;
    }
    if (s != TransactionState::Proceeding)
    {
        return;
    }
    CancelTimer(TimerName::Trying, out);
    SendAndKeep(response, out);
    if (code < 200)
    {
        return;
    }
    if (code < 300)
    {
        SetState(TransactionState::Accepted);
        StartTimer(TimerName::L, m_timers.SixtyFourT1(), out);
        return;
    }
    SetState(TransactionState::Completed);
    if (!m_reliable)
    {
        StartTimer(TimerName::G, m_interval, out);
    }
    StartTimer(TimerName::H, m_timers.SixtyFourT1(), out);
}

void
InviteServerTransaction::DoTimer(TimerName name, TransactionActions& out)
{
    switch (name)
    {
    case TimerName::Trying:
        SendAndKeep(SipMessage::MakeResponse(m_request, 100, "Trying"), out);
        break;
    case TimerName::G:
        Send(*m_lastResponse, out);
        m_interval = std::min(2 * m_interval, m_timers.t2);
        StartTimer(TimerName::G, m_interval, out);
        break;
    case TimerName::H:
        ReportTimeout(TimerName::H, out);
        Terminate(out);
        break;
    case TimerName::I:
    case TimerName::L:
        Terminate(out);
        break;
    default:
        break;
    }
}

} // namespace sipmob
