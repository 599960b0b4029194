// SPDX-License-Identifier: GPL-2.0-only
#include "transaction/non-invite-client-transaction.h"

#include <algorithm>

namespace sipmob
{

NonInviteClientTransaction::NonInviteClientTransaction(SipMessage request,
                                                       const TransactionTimers& timers,
                                                       bool reliable, SipEndpoint destination)
    : Transaction(TransactionKey::ForClient(request), timers, reliable, std::move(destination))
    , m_request(std::move(request))
    , m_interval(timers.t1)
{
    SetState(TransactionState::Trying);
}

void
NonInviteClientTransaction::Start(TransactionActions& out)
{
    Send(m_request, out);
    if (!m_reliable)
    {
        StartTimer(TimerName::E, m_interval, out);
    }
    StartTimer(TimerName::F, m_timers.SixtyFourT1(), out);
}

void
NonInviteClientTransaction::ReceiveMessage(const SipMessage& message, TransactionActions& out)
{
    const TransactionState s = GetState();
    if (!message.IsResponse() ||
        (s != TransactionState::Trying && s != TransactionState::Proceeding))
    {
        return; // Completed: retransmitted responses are absorbed
    }
    Deliver(message, out);
    if (message.GetStatusCode() < 200)
    {
        SetState(TransactionState::Proceeding);
        return;
    }
    CancelTimer(TimerName::E, out);
    CancelTimer(TimerName::F, out);
    SetState(TransactionState::Completed);
    WaitOrTerminate(TimerName::K, m_timers.t4, out);
}

void
NonInviteClientTransaction::Retransmit(TransactionActions& out)
{
    Send(m_request, out);
    m_interval = GetState() == TransactionState::Proceeding ? m_timers.t2
                                                            : std::min(2 * m_interval, m_timers.t2);
    StartTimer(TimerName::E, m_interval, out);
}

void
NonInviteClientTransaction::DoTimer(TimerName name, TransactionActions& out)
{
    switch (name)
    {
    case TimerName::E:
        Retransmit(out);
        break;
    case TimerName::F:
        ReportTimeout(TimerName::F, out);
        Terminate(out);
        break;
    case TimerName::K:
        Terminate(out);
        break;
    default:
        break;
    }
}

} // namespace sipmob
