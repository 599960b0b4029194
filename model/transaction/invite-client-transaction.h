// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_INVITE_CLIENT_TRANSACTION_H
#define SIPMOB_INVITE_CLIENT_TRANSACTION_H

#include "transaction/transaction.h"

namespace sipmob
{

/**
 * INVITE client transaction, RFC 3261 17.1.1 as updated by RFC 6026 (Accepted state, Timer M).
 *
 * Calling --1xx--> Proceeding; Calling/Proceeding --2xx--> Accepted (2xx and its retransmissions
 * go to the TU; Timer M = 64*T1 ends it); Calling/Proceeding --300-699--> Completed (the ACK is
 * built and sent here, and re-sent for every retransmitted final response; Timer D ends it).
 * Timer A retransmits in Calling (T1, 2*T1, 4*T1, ...; unreliable only), Timer B (64*T1) times out
 * Calling. Timers A and B stop on entering Proceeding: a ringing call waits for the TU (CANCEL).
 */
class InviteClientTransaction : public Transaction
{
public:
    /**
     * \param request the INVITE (top Via with branch already set)
     * \param timers timer configuration
     * \param reliable reliable transport?
     * \param destination next hop
     */
    InviteClientTransaction(SipMessage request, const TransactionTimers& timers, bool reliable,
                            SipEndpoint destination);

    /**
     * Send the INVITE and start Timers A and B.
     * \param out actions appended here
     */
    void Start(TransactionActions& out);

    void ReceiveMessage(const SipMessage& message, TransactionActions& out) override;

    /**
     * Build the ACK for a non-2xx final response (RFC 3261 17.1.1.3): Request-URI, Call-ID, From,
     * CSeq number, top Via and Route headers of \p invite; To of \p response; CSeq method ACK.
     * \param invite the original request
     * \param response the non-2xx final response
     * \return the ACK
     */
    static SipMessage MakeAck(const SipMessage& invite, const SipMessage& response);

protected:
    void DoTimer(TimerName name, TransactionActions& out) override;

private:
    /// 1xx received
    void OnProvisional(const SipMessage& response, TransactionActions& out);
    /// 2xx received
    void OnSuccess(const SipMessage& response, TransactionActions& out);
    /// 300-699 received
    void OnFailure(const SipMessage& response, TransactionActions& out);

    SipMessage m_request;            ///< the INVITE
    TxDuration m_interval;           ///< current Timer A interval
    std::optional<SipMessage> m_ack; ///< ACK sent in Completed
};

} // namespace sipmob

#endif // SIPMOB_INVITE_CLIENT_TRANSACTION_H
