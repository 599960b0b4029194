// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_TRANSACTION_EVENT_LOOP_H
#define SIPMOB_TRANSACTION_EVENT_LOOP_H

#include "transaction/transaction-manager.h"

#include <map>
#include <utility>
#include <vector>

namespace sipmob
{

/**
 * A minimal executor of TransactionManager actions on a virtual clock, with no I/O: it records
 * every action with the time it was produced and fires timers in deadline order. Used by unit
 * tests, benchmarks and fuzzers; it is also the reference for what an ns-3 adapter must do.
 */
class TransactionEventLoop
{
public:
    /// One executed action and the virtual time it happened at.
    struct Record
    {
        TxDuration time;          ///< virtual time
        TransactionAction action; ///< the action
    };

    /// \param manager the manager to drive (not owned; must outlive the loop)
    explicit TransactionEventLoop(TransactionManager& manager);

    /// \return the virtual time
    TxDuration Now() const;

    /// Execute \p actions at the current time (timers are scheduled, everything is recorded).
    void Execute(const TransactionActions& actions);

    /// Fire every timer due up to \p time (in deadline order), then set the clock to \p time.
    void AdvanceTo(TxDuration time);

    /// \return TransactionManager::SendRequest, executed
    TransactionKey SendRequest(const SipMessage& request, const SipEndpoint& destination,
                               bool reliable);
    /// TransactionManager::SendResponse, executed. \return false if \p key is unknown
    bool SendResponse(const TransactionKey& key, const SipMessage& response);
    /// TransactionManager::ReceiveMessage, executed
    void Receive(const SipMessage& message, const SipEndpoint& source, bool reliable);
    /// TransactionManager::TransportError, executed
    void TransportError(const TransactionKey& key);

    /// \return every action executed so far
    const std::vector<Record>& GetLog() const;
    /// \return the executed actions of \p kind, in order
    std::vector<Record> GetLog(TxActionKind kind) const;
    /// Forget the log (not the timers).
    void ClearLog();

    /// \return the deadline of timer (\p key, \p name) if it is scheduled
    std::optional<TxDuration> GetDeadline(const TransactionKey& key, TimerName name) const;
    /// \return the number of scheduled timers
    std::size_t GetPendingTimerCount() const;

private:
    /// Apply one action to the timer table.
    void Apply(const TransactionAction& action);

    using TimerId = std::pair<TransactionKey, TimerName>; ///< timer identity
    /// deadline and insertion sequence (ties fire in start order)
    using Deadline = std::pair<TxDuration, uint64_t>;

    TransactionManager& m_manager;        ///< driven manager
    TxDuration m_now{0};                  ///< virtual clock
    uint64_t m_sequence = 0;              ///< timer start counter
    std::map<TimerId, Deadline> m_timers; ///< scheduled timers
    std::vector<Record> m_log;            ///< executed actions
};

} // namespace sipmob

#endif // SIPMOB_TRANSACTION_EVENT_LOOP_H
