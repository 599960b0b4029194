// SPDX-License-Identifier: GPL-2.0-only
// The dial plan of a redirect server: ordered user-ID patterns mapped to next hops.
// Plain strings only: no SIP message class, no ns-3 header.
#ifndef SIPMOB_DIAL_PLAN_H
#define SIPMOB_DIAL_PLAN_H

#include "registrar/subscriber-store.h"

#include <cstddef>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

struct sqlite3;

namespace sipmob
{

/// One dial plan entry: a pattern of user IDs and where to send them.
struct DialPlanEntry
{
    /**
     * VOCAL digit pattern ("1xxx": '1' then exactly three digits; 'x' or 'X' is any digit, a
     * digit is itself) or an ECMAScript regular expression prefixed by "re:"
     * ("re:^1[0-9]{3}$"; searched, so anchor it to match the whole ID).
     */
    std::string pattern;
    /// A named target (e.g. a gateway "gw-1-2", resolved to host:port by the caller) or "local".
    std::string nextHop;
};

/**
 * Ordered dial plan. Match() returns the first entry, in insertion order, whose pattern matches
 * a user ID. Entries are kept in SQLite (table `dial_plan`, possibly in the same database as the
 * SubscriberStore) and, compiled, in memory.
 *
 * Bad entries (empty or malformed pattern, a pattern identical to an earlier one, an unknown
 * next hop) throw ProvisioningError naming the entry: "dial plan entry N (pattern 'P'): why".
 */
class DialPlan
{
public:
    /// The next hop meaning "this network" (always known).
    static const std::string LOCAL;

    /// An empty dial plan in its own in-memory database.
    DialPlan();

    /**
     * A dial plan in @p db (e.g. SubscriberStore::GetDatabase()); entries already in its
     * `dial_plan` table are loaded in order.
     * @param db an open SQLite connection
     * @throws ProvisioningError when the table cannot be created or a stored pattern is invalid
     */
    explicit DialPlan(std::shared_ptr<sqlite3> db);

    /**
     * Checks the syntax of a pattern alone.
     * @param pattern the pattern
     * @return an empty string when valid, else why it can match nothing
     */
    static std::string CheckPattern(const std::string& pattern);

    /**
     * Checks an entry without adding it.
     * @param entry the candidate
     * @param earlier the entries that would precede it (a pattern equal to one of theirs is
     *        never matched, hence an error)
     * @param knownHops the target names that exist besides LOCAL; nullptr: next hop not checked
     * @return an empty string when valid, else why not
     */
    static std::string CheckEntry(const DialPlanEntry& entry,
                                  const std::vector<DialPlanEntry>& earlier,
                                  const std::set<std::string>* knownHops = nullptr);

    /**
     * Appends an entry, checking its pattern (not its next hop).
     * @param entry the entry
     * @throws ProvisioningError naming the entry when the pattern is invalid or already present
     */
    void Add(const DialPlanEntry& entry);

    /**
     * Appends an entry, checking its pattern and that its next hop is LOCAL or in @p knownHops.
     * @param entry the entry
     * @param knownHops the names of the targets that exist (e.g. gateway names)
     * @throws ProvisioningError naming the entry when it is invalid
     */
    void Add(const DialPlanEntry& entry, const std::set<std::string>& knownHops);

    /**
     * @param userId a user ID, e.g. "2001"
     * @return the first entry whose pattern matches @p userId, or nothing
     */
    std::optional<DialPlanEntry> Match(const std::string& userId) const;

    /// @return number of entries
    std::size_t Size() const;

    /// @return the entries, in order
    std::vector<DialPlanEntry> Entries() const;

    /// Removes every entry (from memory and from the database).
    void Clear();

private:
    /// An entry with its compiled form.
    struct Compiled
    {
        DialPlanEntry entry;             ///< as given
        std::optional<std::regex> regex; ///< set for "re:" patterns
    };

    /// @return "dial plan entry N (pattern 'P')" for the entry that would be number @p number
    static std::string Name(std::size_t number, const std::string& pattern);
    /// Validates (see CheckEntry()) and compiles @p entry as the next entry; throws
    /// ProvisioningError naming it.
    Compiled Compile(const DialPlanEntry& entry, const std::set<std::string>* knownHops) const;
    /// Validates, stores and appends @p entry.
    void Append(const DialPlanEntry& entry, const std::set<std::string>* knownHops);
    /// @return whether @p compiled matches @p userId
    static bool Matches(const Compiled& compiled, const std::string& userId);
    /// Creates the table and loads its rows.
    void Load();

    std::shared_ptr<sqlite3> m_db;   ///< where entries are stored
    std::vector<Compiled> m_entries; ///< in order
};

} // namespace sipmob

#endif // SIPMOB_DIAL_PLAN_H
