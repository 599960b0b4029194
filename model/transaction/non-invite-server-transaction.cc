// SPDX-License-Identifier: GPL-2.0-only
#include "transaction/non-invite-server-transaction.h"

namespace sipmob
{

NonInviteServerTransaction::NonInviteServerTransaction(SipMessage request,
                                                       const TransactionTimers& timers,
                                                       bool reliable, SipEndpoint source)
    : Transaction(TransactionKey::ForServer(request), timers, reliable, std::move(source))
    , m_request(std::move(request))
{
    SetState(TransactionState::Trying);
}

void
NonInviteServerTransaction::Start(TransactionActions& out)
{
    Deliver(m_request, out);
}

const SipMessage&
NonInviteServerTransaction::GetRequest() const
{
    return m_request;
}

void
NonInviteServerTransaction::ReceiveMessage(const SipMessage& message, TransactionActions& out)
{
    const TransactionState s = GetState();
    const bool answer = s == TransactionState::Proceeding || s == TransactionState::Completed;
    if (message.IsRequest() && answer && m_lastResponse)
    {
        Send(*m_lastResponse, out); // Trying: absorbed
    }
}

void
NonInviteServerTransaction::SendResponse(const SipMessage& response, TransactionActions& out)
{
    const TransactionState s = GetState();
    if (s != TransactionState::Trying && s != TransactionState::Proceeding)
    {
        return; // Completed: discarded (17.2.2)
    }
    m_lastResponse = response;
    Send(response, out);
    if (response.GetStatusCode() < 200)
    {
        SetState(TransactionState::Proceeding);
        return;
    }
    SetState(TransactionState::Completed);
    WaitOrTerminate(TimerName::J, m_timers.SixtyFourT1(), out);
}

void
NonInviteServerTransaction::DoTimer(TimerName name, TransactionActions& out)
{
    if (name == TimerName::J)
    {
        Terminate(out);
    }
}

} // namespace sipmob
