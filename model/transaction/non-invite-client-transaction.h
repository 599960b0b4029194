// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_NON_INVITE_CLIENT_TRANSACTION_H
#define SIPMOB_NON_INVITE_CLIENT_TRANSACTION_H

#include "transaction/transaction.h"

namespace sipmob
{

/**
 * Non-INVITE client transaction, RFC 3261 17.1.2.
 *
 * Trying --1xx--> Proceeding; Trying/Proceeding --200-699--> Completed (delivered; Timer K = T4
 * absorbs retransmissions, zero over a reliable transport). Timer E retransmits (unreliable only)
 * at T1, 2*T1, ... capped at T2; in Proceeding it re-arms with T2. Timer F (64*T1) times out to the
 * TU.
 */
class NonInviteClientTransaction : public Transaction
{
public:
    /**
     * \param request the request (not INVITE, not ACK; top Via with branch set)
     * \param timers timer configuration
     * \param reliable reliable transport?
     * \param destination next hop
     */
    NonInviteClientTransaction(SipMessage request, const TransactionTimers& timers, bool reliable,
                               SipEndpoint destination);

    /**
     * Send the request and start Timers E and F.
     * \param out actions appended here
     */
    void Start(TransactionActions& out);

    void ReceiveMessage(const SipMessage& message, TransactionActions& out) override;

protected:
    void DoTimer(TimerName name, TransactionActions& out) override;

private:
    /// Timer E fired: re-send, re-arm.
    void Retransmit(TransactionActions& out);

    SipMessage m_request;  ///< the request
    TxDuration m_interval; ///< current Timer E interval
};

} // namespace sipmob

#endif // SIPMOB_NON_INVITE_CLIENT_TRANSACTION_H
