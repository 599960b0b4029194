// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_INVITE_SERVER_TRANSACTION_H
#define SIPMOB_INVITE_SERVER_TRANSACTION_H

#include "transaction/transaction.h"

namespace sipmob
{

/**
 * INVITE server transaction, RFC 3261 17.2.1 as updated by RFC 6026 (Accepted state, Timer L).
 *
 * Proceeding: the INVITE is delivered to the TU; if the TU sends nothing within
 * TransactionTimers::trying (200 ms) the transaction sends 100 Trying itself. Retransmitted INVITEs
 * re-send the last provisional response. TU 2xx --> Accepted (Timer L = 64*T1; TU 2xx
 * retransmissions pass through, INVITE retransmissions are absorbed, a matching ACK goes to the
 * TU). TU 300-699 --> Completed: Timer G re-sends the response (T1, 2*T1, ... capped at T2;
 * unreliable only), Timer H (64*T1) reports a timeout to the TU, an ACK moves to Confirmed, where
 * Timer I = T4 (zero when reliable) absorbs ACK retransmissions.
 */
class InviteServerTransaction : public Transaction
{
public:
    /**
     * \param request the received INVITE
     * \param timers timer configuration
     * \param reliable reliable transport?
     * \param source where the INVITE came from (responses go there)
     */
    InviteServerTransaction(SipMessage request, const TransactionTimers& timers, bool reliable,
                            SipEndpoint source);

    /**
     * Deliver the INVITE to the TU and arm the 100 Trying timer.
     * \param out actions appended here
     */
    void Start(TransactionActions& out);

    void ReceiveMessage(const SipMessage& message, TransactionActions& out) override;
    void SendResponse(const SipMessage& response, TransactionActions& out) override;

    /// \return the INVITE that created this transaction
    const SipMessage& GetRequest() const;

    /// \return the last response sent, if any
    const std::optional<SipMessage>& GetLastResponse() const;

protected:
    void DoTimer(TimerName name, TransactionActions& out) override;

private:
    /// A retransmitted INVITE arrived.
    void OnRequestRetransmission(TransactionActions& out);
    /// An ACK arrived.
    void OnAck(const SipMessage& ack, TransactionActions& out);
    /// Send \p response and remember it.
    void SendAndKeep(const SipMessage& response, TransactionActions& out);

    SipMessage m_request;                     ///< the INVITE
    std::optional<SipMessage> m_lastResponse; ///< last response sent
    TxDuration m_interval;                    ///< current Timer G interval
};

} // namespace sipmob

#endif // SIPMOB_INVITE_SERVER_TRANSACTION_H
