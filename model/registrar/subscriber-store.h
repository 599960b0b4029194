// SPDX-License-Identifier: GPL-2.0-only
// The provisioned subscribers of one SIP network (VOCAL system), kept in SQLite.
// Plain strings only: no SIP message class, no ns-3 header.
#ifndef SIPMOB_SUBSCRIBER_STORE_H
#define SIPMOB_SUBSCRIBER_STORE_H

#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct sqlite3;

namespace sipmob
{

/**
 * Error in provisioning data (subscribers, dial plans) or in the database holding it.
 *
 * Every provisioning class reports bad data by throwing this exception; each message names the
 * offending entry. what() joins all messages with "; ". (Kept next to SubscriberStore, the
 * lowest class of the provisioning layer, so that every other one can include it.)
 */
class ProvisioningError : public std::runtime_error
{
public:
    /// @param errors one message per bad entry (at least one)
    explicit ProvisioningError(const std::vector<std::string>& errors)
        : std::runtime_error(Join(errors))
        , m_errors(errors)
    {
    }

    /// @param error a single message
    explicit ProvisioningError(const std::string& error)
        : ProvisioningError(std::vector<std::string>{error})
    {
    }

    /// @return the individual messages, one per bad entry
    const std::vector<std::string>& GetErrors() const
    {
        return m_errors;
    }

private:
    static std::string Join(const std::vector<std::string>& errors)
    {
        std::string all;
        for (const auto& e : errors)
        {
            all += (all.empty() ? "" : "; ") + e;
        }
        return all;
    }

    std::vector<std::string> m_errors; ///< one message per bad entry
};

/// One provisioned subscriber of a home network.
struct Subscriber
{
    std::string user;     ///< user ID, e.g. "1001"
    std::string domain;   ///< home domain, e.g. "net1.example.org"
    std::string password; ///< digest password; empty when digest is not used
};

/**
 * Provisioned subscribers, keyed by (user, home domain), in an SQLite database (table
 * `subscribers`). The database is in memory by default or a file when asked; the dial plan
 * (DialPlan) can share the same connection through GetDatabase().
 *
 * Errors (cannot open, invalid or duplicate subscriber) throw ProvisioningError.
 */
class SubscriberStore
{
public:
    /**
     * Opens (creating if needed) the database at @p path.
     * @param path a file name, or ":memory:" (the default) for a private in-memory database
     * @throws ProvisioningError when the database cannot be opened or its schema created
     */
    explicit SubscriberStore(const std::string& path = ":memory:");

    /**
     * Closes the current database and opens @p path instead. Holders of the previous
     * GetDatabase() handle keep the previous database.
     * @param path a file name or ":memory:"
     * @throws ProvisioningError when the database cannot be opened or its schema created
     */
    void Open(const std::string& path);

    /**
     * Checks one subscriber without storing it.
     * @param subscriber the candidate
     * @return an empty string when valid, else why not (empty user, '@' or blank in the user,
     *         empty or malformed domain)
     */
    static std::string Check(const Subscriber& subscriber);

    /**
     * Adds a subscriber.
     * @param subscriber the subscriber
     * @throws ProvisioningError naming the entry when it is invalid (see Check()) or when
     *         (user, domain) is already provisioned
     */
    void Add(const Subscriber& subscriber);

    /**
     * @param user user ID
     * @param domain home domain
     * @return the subscriber, or nothing when not provisioned
     */
    std::optional<Subscriber> Find(const std::string& user, const std::string& domain) const;

    /**
     * @param user user ID
     * @param domain home domain
     * @return whether (user, domain) is provisioned
     */
    bool IsSubscriber(const std::string& user, const std::string& domain) const;

    /// @return number of subscribers
    std::size_t Count() const;

    /// @return all subscribers, ordered by domain then user
    std::vector<Subscriber> List() const;

    /// @return the open database connection (shared, e.g. with DialPlan)
    std::shared_ptr<sqlite3> GetDatabase() const;

private:
    std::shared_ptr<sqlite3> m_db; ///< the open connection
};

} // namespace sipmob

#endif // SIPMOB_SUBSCRIBER_STORE_H
