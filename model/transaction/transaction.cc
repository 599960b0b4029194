// SPDX-License-Identifier: GPL-2.0-only
#include "transaction/transaction.h"

#include <array>

namespace sipmob
{

std::string
TransactionStateToString(TransactionState state)
{
    static const std::array<const char*, 7> kNames = {
        "Calling", "Trying", "Proceeding", "Completed", "Confirmed", "Accepted", "Terminated"};
    const auto i = static_cast<std::size_t>(state);
    return i < kNames.size() ? kNames[i] : "?";
}

Transaction::Transaction(TransactionKey key, const TransactionTimers& timers, bool reliable,
                         SipEndpoint peer)
    : m_timers(timers)
    , m_reliable(reliable)
    , m_key(std::move(key))
    , m_peer(std::move(peer))
    , m_state(TransactionState::Trying)
{
}

const TransactionKey&
Transaction::GetKey() const
{
    return m_key;
}

TransactionState
Transaction::GetState() const
{
    return m_state;
}

const SipEndpoint&
Transaction::GetPeer() const
{
    return m_peer;
}

bool
Transaction::IsTerminated() const
{
    return m_state == TransactionState::Terminated;
}

bool
Transaction::IsTimerRunning(TimerName name) const
{
    return m_runningTimers.count(name) > 0;
}

void
Transaction::SendResponse(const SipMessage& /* response */, TransactionActions& /* out */)
{
}

void
Transaction::TimerExpired(TimerName name, TransactionActions& out)
{
    if (m_runningTimers.erase(name) == 0 || IsTerminated())
    {
        return; // stale: cancelled or already fired
    }
    DoTimer(name, out);
}

void
Transaction::TransportError(TransactionActions& out)
{
    if (IsTerminated())
    {
        return;
    }
    TransactionAction a;
    a.kind = TxActionKind::TransportError;
    a.key = m_key;
    out.push_back(std::move(a));
    Terminate(out);
}

void
Transaction::Send(const SipMessage& message, TransactionActions& out)
{
    TransactionAction a;
    a.kind = TxActionKind::Send;
    a.key = m_key;
    a.message = message;
    a.endpoint = m_peer;
    out.push_back(std::move(a));
}

void
Transaction::StartTimer(TimerName name, TxDuration duration, TransactionActions& out)
{
    m_runningTimers.insert(name);
    TransactionAction a;
    a.kind = TxActionKind::StartTimer;
    a.key = m_key;
    a.timer = name;
    a.duration = duration;
    out.push_back(std::move(a));
}

void
Transaction::CancelTimer(TimerName name, TransactionActions& out)
{
    if (m_runningTimers.erase(name) == 0)
    {
        return;
    }
    TransactionAction a;
    a.kind = TxActionKind::CancelTimer;
    a.key = m_key;
    a.timer = name;
    out.push_back(std::move(a));
}

void
Transaction::Deliver(const SipMessage& message, TransactionActions& out)
{
    TransactionAction a;
    a.kind = TxActionKind::DeliverToTu;
    a.key = m_key;
    a.message = message;
    a.endpoint = m_peer;
    out.push_back(std::move(a));
}

void
Transaction::ReportTimeout(TimerName name, TransactionActions& out)
{
    TransactionAction a;
    a.kind = TxActionKind::Timeout;
    a.key = m_key;
    a.timer = name;
    out.push_back(std::move(a));
}

void
Transaction::SetState(TransactionState state)
{
    m_state = state;
}

void
Transaction::WaitOrTerminate(TimerName name, TxDuration duration, TransactionActions& out)
{
    if (m_reliable)
    {
        Terminate(out);
        return;
    }
    StartTimer(name, duration, out);
}

void
Transaction::Terminate(TransactionActions& out)
{
    const std::set<TimerName> running = m_runningTimers;
    for (TimerName t : running)
    {
        CancelTimer(t, out);
    }
    m_state = TransactionState::Terminated;
    TransactionAction a;
    a.kind = TxActionKind::Terminated;
    a.key = m_key;
    out.push_back(std::move(a));
}

} // namespace sipmob
