// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_TRANSACTION_KEY_H
#define SIPMOB_TRANSACTION_KEY_H

#include <functional>
#include <string>
#include <string_view>

namespace sipmob
{

class SipMessage;

/**
 * Identity of a transaction, used for matching (RFC 3261 17.1.3 and 17.2.3) and, together with a
 * TimerName, as the identity of a timer. It is a canonical text so that adapters can use it as a
 * map key or print it.
 *
 * - client:  "C|<branch>|<CSeq method>"
 * - server:  "S|<branch>|<sent-by>|<method, ACK counted as INVITE>"
 * - server, RFC 2543 fallback (no magic cookie):
 *            "S2543|<Request-URI>|<From tag>|<Call-ID>|<CSeq number>|<top Via>|<method>"
 *   (the To tag is checked separately: see TransactionManager).
 */
class TransactionKey
{
public:
    /// An empty key (matches nothing).
    TransactionKey() = default;

    /// \param id the canonical text (normally made by one of the factories below)
    explicit TransactionKey(std::string id);

    /**
     * Key of the client transaction that sends \p request or receives a response to it.
     * \param message a request (its own method) or a response (its CSeq method)
     * \return the key
     */
    static TransactionKey ForClient(const SipMessage& message);

    /**
     * Key of the server transaction that a request belongs to.
     * \param request the received request
     * \param method the method to match against; empty: the request's own (ACK becomes INVITE)
     * \return the key
     */
    static TransactionKey ForServer(const SipMessage& request, std::string_view method = {});

    /// \return true if the branch carries the RFC 3261 magic cookie "z9hG4bK".
    static bool HasMagicCookie(std::string_view branch);

    /// \return the canonical text
    const std::string& ToString() const;

    /// \return true when no id is set
    bool IsEmpty() const;

    /// \return true for the RFC 2543 fallback form
    bool IsRfc2543() const;

    /// \return true if both ids are equal
    bool operator==(const TransactionKey& o) const;
    /// \return true if the ids differ
    bool operator!=(const TransactionKey& o) const;
    /// \return strict weak ordering on the id
    bool operator<(const TransactionKey& o) const;

private:
    std::string m_id; ///< canonical text
};

} // namespace sipmob

/// Hash support so that a TransactionKey can key an unordered_map.
template <> struct std::hash<sipmob::TransactionKey>
{
    /// \return the hash of the canonical text
    std::size_t operator()(const sipmob::TransactionKey& k) const noexcept
    {
        return std::hash<std::string>()(k.ToString());
    }
};

#endif // SIPMOB_TRANSACTION_KEY_H
