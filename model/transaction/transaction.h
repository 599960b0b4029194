// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_TRANSACTION_H
#define SIPMOB_TRANSACTION_H

#include "transaction/transaction-action.h"

#include <set>
#include <string>

namespace sipmob
{

/// States of the four RFC 3261 state machines (plus Accepted from RFC 6026).
enum class TransactionState : uint8_t
{
    Calling,    ///< INVITE client: request sent, nothing received
    Trying,     ///< non-INVITE client and server: initial state
    Proceeding, ///< provisional response received / sent
    Completed,  ///< non-2xx final (INVITE) or any final (non-INVITE) response received / sent
    Confirmed,  ///< INVITE server: ACK received
    Accepted,   ///< RFC 6026: 2xx received / sent (INVITE)
    Terminated, ///< done
};

/// \return the state's name ("Calling", ...).
std::string TransactionStateToString(TransactionState state);

/**
 * Base of the four sans-IO transaction state machines. A transaction never calls out: each input
 * appends the resulting actions to `out`. It tracks which of its timers are running, so stale timer
 * events (fired after a cancel) are ignored and termination cancels whatever still runs.
 */
class Transaction
{
public:
    /**
     * \param key identity of the transaction
     * \param timers T1, T2, T4 and Timer D
     * \param reliable true over a reliable transport (no retransmissions, zero wait timers)
     * \param peer where requests (client) or responses (server) are sent
     */
    Transaction(TransactionKey key, const TransactionTimers& timers, bool reliable,
                SipEndpoint peer);
    virtual ~Transaction() = default;

    /// \return the identity of this transaction
    const TransactionKey& GetKey() const;
    /// \return the current state
    TransactionState GetState() const;
    /// \return where requests (client) or responses (server) of this transaction are sent
    const SipEndpoint& GetPeer() const;
    /// \return true once Terminated
    bool IsTerminated() const;
    /// \return true if timer \p name is running
    bool IsTimerRunning(TimerName name) const;

    /**
     * A message from the transport matched this transaction.
     * \param message a response (client) or a retransmitted request / ACK / CANCEL (server)
     * \param out actions appended here
     */
    virtual void ReceiveMessage(const SipMessage& message, TransactionActions& out) = 0;

    /**
     * The TU passes a response (server transactions only; clients ignore it).
     * \param response the response to send
     * \param out actions appended here
     */
    virtual void SendResponse(const SipMessage& response, TransactionActions& out);

    /**
     * Timer \p name fired. Ignored if it is not running (cancelled or stale).
     * \param name the timer
     * \param out actions appended here
     */
    void TimerExpired(TimerName name, TransactionActions& out);

    /**
     * The transport failed to send for this transaction (RFC 3261 17.1.4, 17.2.4): inform the TU
     * and terminate.
     * \param out actions appended here
     */
    void TransportError(TransactionActions& out);

protected:
    /**
     * Timer \p name fired while running.
     * \param name the timer
     * \param out actions appended here
     */
    virtual void DoTimer(TimerName name, TransactionActions& out) = 0;

    /// Append a Send of \p message to the peer.
    void Send(const SipMessage& message, TransactionActions& out);
    /// Start (or restart) timer \p name with \p duration.
    void StartTimer(TimerName name, TxDuration duration, TransactionActions& out);
    /// Cancel timer \p name if it runs.
    void CancelTimer(TimerName name, TransactionActions& out);
    /// Pass \p message up to the TU.
    void Deliver(const SipMessage& message, TransactionActions& out);
    /// Report timeout of timer \p name to the TU.
    void ReportTimeout(TimerName name, TransactionActions& out);
    /// Enter \p state.
    void SetState(TransactionState state);
    /**
     * Enter Completed/Confirmed-style wait: start timer \p name for \p duration on an unreliable
     * transport, terminate at once on a reliable one (wait timers are zero there).
     */
    void WaitOrTerminate(TimerName name, TxDuration duration, TransactionActions& out);
    /// Cancel running timers, append Terminated, enter Terminated.
    void Terminate(TransactionActions& out);

    const TransactionTimers m_timers; ///< timer configuration
    const bool m_reliable;            ///< reliable transport?

private:
    TransactionKey m_key;                ///< identity
    SipEndpoint m_peer;                  ///< destination of sends
    TransactionState m_state;            ///< current state
    std::set<TimerName> m_runningTimers; ///< timers started and not yet fired or cancelled
};

} // namespace sipmob

#endif // SIPMOB_TRANSACTION_H
