// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_NON_INVITE_SERVER_TRANSACTION_H
#define SIPMOB_NON_INVITE_SERVER_TRANSACTION_H

#include "transaction/transaction.h"

namespace sipmob
{

/**
 * Non-INVITE server transaction, RFC 3261 17.2.2.
 *
 * Trying (request delivered to the TU; retransmissions absorbed) --TU 1xx--> Proceeding
 * (retransmissions answered with the last provisional) --TU 200-699--> Completed (retransmissions
 * answered with the final response, other TU responses discarded; Timer J = 64*T1, zero when
 * reliable).
 */
class NonInviteServerTransaction : public Transaction
{
public:
    /**
     * \param request the received request (not INVITE, not ACK)
     * \param timers timer configuration
     * \param reliable reliable transport?
     * \param source where the request came from (responses go there)
     */
    NonInviteServerTransaction(SipMessage request, const TransactionTimers& timers, bool reliable,
                               SipEndpoint source);

    /**
     * Deliver the request to the TU.
     * \param out actions appended here
     */
    void Start(TransactionActions& out);

    void ReceiveMessage(const SipMessage& message, TransactionActions& out) override;
    void SendResponse(const SipMessage& response, TransactionActions& out) override;

    /// \return the request that created this transaction
    const SipMessage& GetRequest() const;

protected:
    void DoTimer(TimerName name, TransactionActions& out) override;

private:
    SipMessage m_request;                     ///< the request
    std::optional<SipMessage> m_lastResponse; ///< last response sent
};

} // namespace sipmob

#endif // SIPMOB_NON_INVITE_SERVER_TRANSACTION_H
