// SPDX-License-Identifier: GPL-2.0-only
#include "transaction/transaction-event-loop.h"

#include <algorithm>

namespace sipmob
{

TransactionEventLoop::TransactionEventLoop(TransactionManager& manager)
    : m_manager(manager)
{
}

TxDuration
TransactionEventLoop::Now() const
{
    return m_now;
}

void
TransactionEventLoop::Apply(const TransactionAction& action)
{
    const TimerId id{action.key, action.timer};
    switch (action.kind)
    {
    case TxActionKind::StartTimer:
        m_timers[id] = Deadline{m_now + action.duration, m_sequence++};
        break;
    case TxActionKind::CancelTimer:
        m_timers.erase(id);
        break;
    default:
        break;
    }
}

void
TransactionEventLoop::Execute(const TransactionActions& actions)
{
    for (const TransactionAction& a : actions)
    {
        Apply(a);
        m_log.push_back(Record{m_now, a});
    }
}

void
TransactionEventLoop::AdvanceTo(TxDuration time)
{
    while (!m_timers.empty())
    {
        auto next =
            std::min_element(m_timers.begin(), m_timers.end(),
                             [](const auto& a, const auto& b) { return a.second < b.second; });
        if (next->second.first > time)
        {
            break;
        }
        const TimerId id = next->first;
        m_now = next->second.first;
        m_timers.erase(next);
        TransactionActions out;
        m_manager.TimerExpired(id.first, id.second, out);
        Execute(out);
    }
    m_now = std::max(m_now, time);
}

TransactionKey
TransactionEventLoop::SendRequest(const SipMessage& request, const SipEndpoint& destination,
                                  bool reliable)
{
    TransactionActions out;
    TransactionKey key = m_manager.SendRequest(request, destination, reliable, out);
    Execute(out);
    return key;
}

bool
TransactionEventLoop::SendResponse(const TransactionKey& key, const SipMessage& response)
{
    TransactionActions out;
    const bool ok = m_manager.SendResponse(key, response, out);
    Execute(out);
    return ok;
}

void
TransactionEventLoop::Receive(const SipMessage& message, const SipEndpoint& source, bool reliable)
{
    TransactionActions out;
    m_manager.ReceiveMessage(message, source, reliable, out);
    Execute(out);
}

void
TransactionEventLoop::TransportError(const TransactionKey& key)
{
    TransactionActions out;
    m_manager.TransportError(key, out);
    Execute(out);
}

const std::vector<TransactionEventLoop::Record>&
TransactionEventLoop::GetLog() const
{
    return m_log;
}

std::vector<TransactionEventLoop::Record>
TransactionEventLoop::GetLog(TxActionKind kind) const
{
    std::vector<Record> r;
    std::copy_if(m_log.begin(), m_log.end(), std::back_inserter(r),
                 [kind](const Record& x) { return x.action.kind == kind; });
    return r;
}

void
TransactionEventLoop::ClearLog()
{
    m_log.clear();
}

std::optional<TxDuration>
TransactionEventLoop::GetDeadline(const TransactionKey& key, TimerName name) const
{
    auto it = m_timers.find(TimerId{key, name});
    if (it == m_timers.end())
    {
        return std::nullopt;
    }
    return it->second.first;
}

std::size_t
TransactionEventLoop::GetPendingTimerCount() const
{
    return m_timers.size();
}

} // namespace sipmob
