// SPDX-License-Identifier: GPL-2.0-only
#include "transaction/invite-client-transaction.h"

namespace sipmob
{

InviteClientTransaction::InviteClientTransaction(SipMessage request,
                                                 const TransactionTimers& timers, bool reliable,
                                                 SipEndpoint destination)
    : Transaction(TransactionKey::ForClient(request), timers, reliable, std::move(destination))
    , m_request(std::move(request))
    , m_interval(timers.t1)
{
    SetState(TransactionState::Calling);
}

void
InviteClientTransaction::Start(TransactionActions& out)
{
    Send(m_request, out);
    if (!m_reliable)
    {
        StartTimer(TimerName::A, m_interval, out);
    }
    StartTimer(TimerName::B, m_timers.SixtyFourT1(), out);
}

void
InviteClientTransaction::ReceiveMessage(const SipMessage& message, TransactionActions& out)
{
    if (!message.IsResponse())
    {
        return;
    }
    const int code = message.GetStatusCode();
    if (code < 200)
    {
        OnProvisional(message, out);
    }
    else if (code < 300)
    {
        OnSuccess(message, out);
    }
    else
    {
        OnFailure(message, out);
    }
}

void
InviteClientTransaction::OnProvisional(const SipMessage& response, TransactionActions& out)
{
    const TransactionState s = GetState();
    if (s != TransactionState::Calling && s != TransactionState::Proceeding)
    {
        return; // late provisional: absorbed
    }
    CancelTimer(TimerName::A, out);
    CancelTimer(TimerName::B, out);
    SetState(TransactionState::Proceeding);
    Deliver(response, out);
}

void
InviteClientTransaction::OnSuccess(const SipMessage& response, TransactionActions& out)
{
    const TransactionState s = GetState();
    if (s == TransactionState::Accepted)
    {
        Deliver(response, out); // RFC 6026 8.4: 2xx retransmissions go to the TU (it ACKs them)
        return;
    }
    if (s != TransactionState::Calling && s != TransactionState::Proceeding)
    {
        return;
    }
    CancelTimer(TimerName::A, out);
    CancelTimer(TimerName::B, out);
    SetState(TransactionState::Accepted);
    Deliver(response, out);
    StartTimer(TimerName::M, m_timers.SixtyFourT1(), out);
}

void
InviteClientTransaction::OnFailure(const SipMessage& response, TransactionActions& out)
{
    const TransactionState s = GetState();
    if (s == TransactionState::Completed)
    {
        Send(*m_ack, out); // retransmitted final response: re-send the ACK, do not deliver
        return;
    }
    if (s != TransactionState::Calling && s != TransactionState::Proceeding)
    {
        return;
    }
    CancelTimer(TimerName::A, out);
    CancelTimer(TimerName::B, out);
    SetState(TransactionState::Completed);
    m_ack = MakeAck(m_request, response);
    Send(*m_ack, out);
    Deliver(response, out);
    WaitOrTerminate(TimerName::D, m_timers.d, out);
}

void
InviteClientTransaction::DoTimer(TimerName name, TransactionActions& out)
{
    switch (name)
    {
    case TimerName::A:
        Send(m_request, out);
        m_interval *= 2;
        StartTimer(TimerName::A, m_interval, out);
        break;
    case TimerName::B:
        ReportTimeout(TimerName::B, out);
        Terminate(out);
        break;
    case TimerName::D:
    case TimerName::M:
        Terminate(out);
        break;
    default:
        break;
    }
}

SipMessage
InviteClientTransaction::MakeAck(const SipMessage& invite, const SipMessage& response)
{
    SipMessage ack = SipMessage::MakeRequest("ACK", invite.GetRequestUri());
    ack.RemoveHeader("Via");
    ack.PushVia(invite.GetTopVia());
    ack.SetHeader("From", invite.GetHeader("From").value_or(""));
    ack.SetHeader("To", response.GetHeader("To").value_or(""));
    ack.SetHeader("Call-ID", invite.GetCallId());
    ack.SetHeader("CSeq", std::to_string(invite.GetCSeq().seq) + " ACK");
    ack.RemoveHeader("Route");
    for (const std::string& route : invite.GetHeaderValues("Route"))
    {
        ack.AddHeader("Route", route);
    }
    ack.SetMaxForwards(70);
    return ack;
}

} // namespace sipmob
