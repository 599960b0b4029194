// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_TRANSACTION_MANAGER_H
#define SIPMOB_TRANSACTION_MANAGER_H

#include "transaction/branch-generator.h"
#include "transaction/transaction.h"

#include <map>
#include <memory>
#include <optional>

namespace sipmob
{

/**
 * Owns the transactions of one SIP element and routes events to them (sans-IO).
 *
 * Every input appends actions to `out`; the caller executes them in order: Send (serialize and
 * transmit), StartTimer / CancelTimer (identity: key + timer name; on expiry call TimerExpired),
 * DeliverToTu / DeliverStray / Timeout / TransportError (hand to the TU), Terminated (forget the
 * key). Terminated transactions are removed before the input returns.
 *
 * Matching: responses by top Via branch + CSeq method (17.1.3), and only when they come from the
 * address and port the request was sent to: a response with a client transaction's branch from
 * anywhere else is dropped (action Discarded), so that an observer of one branch cannot answer for
 * the next hop (issue 11; RFC 3261 §26.1.1 leaves the defence to the implementation). Requests with
 * a magic-cookie branch by branch + sent-by + method, ACK matching the INVITE server transaction
 * (17.2.3); CANCEL has its own transaction (FindInviteForCancel finds the INVITE it refers to).
 * Requests without the magic cookie use the RFC 2543 rules (Request-URI, From tag, Call-ID, CSeq
 * number, top Via; To tag of an ACK = To tag of the response sent). Unmatched responses and ACKs
 * are DeliverStray; other unmatched requests create server transactions.
 */
class TransactionManager
{
public:
    /// Which responses may match a client transaction (issue 11).
    enum class SourceCheck : uint8_t
    {
        ADDRESS_AND_PORT, ///< only from the address and port the request went to (servers)
        PORT,             ///< from that port at any address (user agents: a peer that moved
                          ///< during the transaction answers from its new address)
    };

    /**
     * \param timers T1, T2, T4, Timer D and the 100 Trying delay
     * \param seed seed of the branch generator
     */
    explicit TransactionManager(TransactionTimers timers = TransactionTimers(), uint64_t seed = 1);
    /**
     * \param timers T1, T2, T4, Timer D and the 100 Trying delay
     * \param secret per-run secret of the branch IDs (KeyedIdGenerator)
     */
    TransactionManager(TransactionTimers timers, const KeyedIdGenerator::Secret& secret);

    /// \return the timer configuration
    const TransactionTimers& GetTimers() const;
    /// \param check which response sources match a client transaction (default ADDRESS_AND_PORT)
    void SetSourceCheck(SourceCheck check);

    /// \return a fresh branch ID ("z9hG4bK...")
    std::string NewBranch();

    /**
     * TU sends a request: create an INVITE or non-INVITE client transaction and start it. If the
     * top Via has no magic-cookie branch a fresh branch is set. ACK is sent statelessly (no
     * transaction). \param request the request \param destination next hop \param reliable reliable
     * transport? \param out actions appended here \return the client transaction's key; empty for
     * ACK or if the key is already in use
     */
    TransactionKey SendRequest(SipMessage request, const SipEndpoint& destination, bool reliable,
                               TransactionActions& out);

    /**
     * TU sends a response within server transaction \p key.
     * \param key the server transaction (from the DeliverToTu action)
     * \param response the response
     * \param out actions appended here
     * \return false if no such transaction exists
     */
    bool SendResponse(const TransactionKey& key, const SipMessage& response,
                      TransactionActions& out);

    /**
     * Send outside any transaction (ACK for 2xx, stateless forwarding of stray 2xx by a proxy).
     * \param message the message
     * \param destination where to send it
     * \param out actions appended here
     */
    void SendStateless(const SipMessage& message, const SipEndpoint& destination,
                       TransactionActions& out);

    /**
     * A message arrived from the transport.
     * \param message the parsed message
     * \param source where it came from (responses of a new server transaction go there)
     * \param reliable did it arrive over a reliable transport?
     * \param out actions appended here
     */
    void ReceiveMessage(const SipMessage& message, const SipEndpoint& source, bool reliable,
                        TransactionActions& out);

    /**
     * Timer (\p key, \p timer) fired. Unknown keys and cancelled timers are ignored.
     * \param key transaction key
     * \param timer the timer
     * \param out actions appended here
     */
    void TimerExpired(const TransactionKey& key, TimerName timer, TransactionActions& out);

    /**
     * Sending for transaction \p key failed.
     * \param key transaction key
     * \param out actions appended here
     */
    void TransportError(const TransactionKey& key, TransactionActions& out);

    /**
     * \param cancel a received CANCEL
     * \return the key of the INVITE server transaction it cancels (RFC 3261 9.2), if any
     */
    std::optional<TransactionKey> FindInviteForCancel(const SipMessage& cancel) const;

    /// \return the transaction with \p key, or nullptr
    const Transaction* Find(const TransactionKey& key) const;

    /// \return the number of live transactions
    std::size_t GetTransactionCount() const;

private:
    /// \return the server transaction \p request belongs to, or nullptr
    Transaction* MatchRequest(const SipMessage& request) const;
    /// Create and start a server transaction for a new request.
    void CreateServer(const SipMessage& request, const SipEndpoint& source, bool reliable,
                      TransactionActions& out);
    /// Append a DeliverStray for \p message.
    static void Stray(const SipMessage& message, const SipEndpoint& source,
                      TransactionActions& out);
    /// Forget \p key if its transaction has terminated.
    void Reap(const TransactionKey& key);

    TransactionTimers m_timers;                                            ///< timer configuration
    BranchGenerator m_branches;                                            ///< branch IDs
    SourceCheck m_sourceCheck = SourceCheck::ADDRESS_AND_PORT;             ///< response sources
    std::map<TransactionKey, std::unique_ptr<Transaction>> m_transactions; ///< live transactions
};

} // namespace sipmob

#endif // SIPMOB_TRANSACTION_MANAGER_H
