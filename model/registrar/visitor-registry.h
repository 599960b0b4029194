// SPDX-License-Identifier: GPL-2.0-only
// Visitors of a SIP network: roaming subscribers of other networks, registered temporarily by
// the foreign marshal server. Plain strings and simulated seconds; no ns-3 header.
#ifndef SIPMOB_VISITOR_REGISTRY_H
#define SIPMOB_VISITOR_REGISTRY_H

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sipmob
{

/// One visitor.
struct Visitor
{
    std::string id;   ///< visitor ID, "user%40homedomain" (see VisitorRegistry::MakeVisitorId)
    std::string user; ///< user ID in its home network, e.g. "1001"
    std::string homeDomain; ///< home domain, e.g. "net1.example.org"
    std::string aor;        ///< address-of-record, e.g. "sip:1001@net1.example.org"
    std::string contact;    ///< the UA's contact URI in this network
    double expiresAt = 0;   ///< simulated time (s) at which its registration expires
};

/**
 * Visitors registered in this network after their home registrar accepted them. A visitor
 * expires with its registration (Purge()), and is removed when the user registers elsewhere
 * (RemoveUser()). Lookups take the current time and ignore expired visitors.
 */
class VisitorRegistry
{
public:
    /**
     * The visitor ID of user@homeDomain as a SIP user part: "user@homeDomain" with every
     * character not allowed in a SIP user part escaped as %XX, so "1001", "net1.example.org"
     * gives "1001%40net1.example.org".
     * @param user user ID
     * @param homeDomain home domain
     * @return the visitor ID
     */
    static std::string MakeVisitorId(const std::string& user, const std::string& homeDomain);

    /**
     * Inverse of MakeVisitorId().
     * @param visitorId a visitor ID
     * @return (user, home domain), or nothing when @p visitorId is not a visitor ID
     */
    static std::optional<std::pair<std::string, std::string>> ParseVisitorId(
        const std::string& visitorId);

    /**
     * Adds a visitor, or refreshes it (new AoR, contact, expiry) when already present.
     * @param user user ID
     * @param homeDomain home domain
     * @param aor its address-of-record
     * @param contact its contact URI here
     * @param expiresAt simulated time (s) at which its registration expires
     * @return the stored visitor
     * @throws std::invalid_argument when @p user or @p homeDomain is empty
     */
    Visitor Add(const std::string& user, const std::string& homeDomain, const std::string& aor,
                const std::string& contact, double expiresAt);

    /**
     * Extends (or shortens) a visitor's registration.
     * @param visitorId visitor ID
     * @param expiresAt new expiry (s)
     * @return whether the visitor exists
     */
    bool Refresh(const std::string& visitorId, double expiresAt);

    /**
     * @param visitorId visitor ID
     * @return whether a visitor was removed
     */
    bool Remove(const std::string& visitorId);

    /**
     * Removes the visitor for user@homeDomain, e.g. because the user registered elsewhere.
     * @param user user ID
     * @param homeDomain home domain
     * @return whether a visitor was removed
     */
    bool RemoveUser(const std::string& user, const std::string& homeDomain);

    /**
     * @param visitorId visitor ID
     * @param now current simulated time (s)
     * @return the visitor when registered and not expired at @p now
     */
    std::optional<Visitor> Find(const std::string& visitorId, double now) const;

    /**
     * @param user user ID
     * @param homeDomain home domain
     * @param now current simulated time (s)
     * @return the visitor when registered and not expired at @p now
     */
    std::optional<Visitor> Find(const std::string& user, const std::string& homeDomain,
                                double now) const;

    /**
     * The visitor that registered a device: used where a request's identity headers do not name
     * its sender (an in-dialog request's From is the dialog's local URI, RFC 3261 §12.2.1.1,
     * which can be any form of the user's number the caller dialled).
     * @param host the device's address (dotted IPv4), compared with the contact URI's host
     * @param port the device's port, compared with the contact URI's port (5060 when absent)
     * @param now current simulated time (s)
     * @return the first visitor (by visitor ID) registered and not expired at @p now whose
     *         contact has this host and port
     */
    std::optional<Visitor> FindByContactAddress(const std::string& host, uint16_t port,
                                                double now) const;

    /**
     * @param visitorId visitor ID
     * @param now current simulated time (s)
     * @return whether @p visitorId is a visitor not expired at @p now
     */
    bool IsVisitor(const std::string& visitorId, double now) const;

    /**
     * Removes the visitors whose registration expired (expiresAt <= now).
     * @param now current simulated time (s)
     * @return the removed visitors, by visitor ID
     */
    std::vector<Visitor> Purge(double now);

    /// @return number of visitors stored (expired but not purged ones included)
    std::size_t Count() const;

    /// @return all stored visitors, by visitor ID
    std::vector<Visitor> List() const;

private:
    std::map<std::string, Visitor> m_visitors; ///< by visitor ID
};

} // namespace sipmob

#endif // SIPMOB_VISITOR_REGISTRY_H
