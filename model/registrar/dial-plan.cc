// SPDX-License-Identifier: GPL-2.0-only
#include "registrar/dial-plan.h"

#include <cctype>
#include <sqlite3.h>

namespace sipmob
{

namespace
{

const std::string kRegexPrefix = "re:";

/// Owns a prepared statement.
using Statement = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

Statement
Prepare(sqlite3* db, const char* sql)
{
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK)
    {
        throw ProvisioningError(std::string("dial plan: ") + sqlite3_errmsg(db));
    }
    return Statement(stmt, &sqlite3_finalize);
}

void
Run(sqlite3* db, const char* sql)
{
    Statement stmt = Prepare(db, sql);
    if (sqlite3_step(stmt.get()) != SQLITE_DONE)
    {
        throw ProvisioningError(std::string("dial plan: ") + sqlite3_errmsg(db));
    }
}

std::shared_ptr<sqlite3>
OpenMemory()
{
    sqlite3* raw = nullptr;
    int rc = sqlite3_open(":memory:", &raw);
    std::shared_ptr<sqlite3> db(raw, &sqlite3_close);
    if (rc != SQLITE_OK)
    {
        throw ProvisioningError("dial plan: cannot open an in-memory database");
    }
    return db;
}

bool
IsRegex(const std::string& pattern)
{
    return pattern.compare(0, kRegexPrefix.size(), kRegexPrefix) == 0;
}

bool
IsDigitPatternChar(char c)
{
    return std::isdigit(static_cast<unsigned char>(c)) || c == 'x' || c == 'X';
}

std::string
CheckDigitPattern(const std::string& pattern)
{
    for (std::size_t i = 0; i < pattern.size(); ++i)
    {
        if (!IsDigitPatternChar(pattern[i]))
        {
            return std::string("character '") + pattern[i] + "' at position " +
                   std::to_string(i + 1) + " is neither a digit nor 'x'";
        }
    }
    return "";
}

std::string
CheckRegex(const std::string& expression)
{
    if (expression.empty())
    {
        return "empty regular expression";
    }
    try
    {
        std::regex compiled(expression, std::regex::ECMAScript);
    }
    catch (const std::regex_error& e)
    {
        return std::string("invalid regular expression: ") + e.what();
    }
    return "";
}

} // namespace

const std::string DialPlan::LOCAL = "local";

DialPlan::DialPlan()
    : DialPlan(OpenMemory())
{
}

DialPlan::DialPlan(std::shared_ptr<sqlite3> db)
    : m_db(std::move(db))
{
    if (!m_db)
    {
        throw ProvisioningError("dial plan: no database");
    }
    Load();
}

std::string
DialPlan::CheckPattern(const std::string& pattern)
{
    if (pattern.empty())
    {
        return "empty pattern";
    }
    return IsRegex(pattern) ? CheckRegex(pattern.substr(kRegexPrefix.size()))
                            : CheckDigitPattern(pattern);
}

std::string
DialPlan::Name(std::size_t number, const std::string& pattern)
{
    return "dial plan entry " + std::to_string(number) + " (pattern '" + pattern + "')";
}

std::string
DialPlan::CheckEntry(const DialPlanEntry& entry, const std::vector<DialPlanEntry>& earlier,
                     const std::set<std::string>* knownHops)
{
    std::string why = CheckPattern(entry.pattern);
    if (!why.empty())
    {
        return why;
    }
    for (std::size_t i = 0; i < earlier.size(); ++i)
    {
        if (earlier[i].pattern == entry.pattern)
        {
            return "same pattern as entry " + std::to_string(i + 1) + ", never matched";
        }
    }
    if (entry.nextHop.empty())
    {
        return "empty next hop";
    }
    if (knownHops && entry.nextHop != LOCAL && knownHops->count(entry.nextHop) == 0)
    {
        return "next hop '" + entry.nextHop + "' does not exist";
    }
    return "";
}

DialPlan::Compiled
DialPlan::Compile(const DialPlanEntry& entry, const std::set<std::string>* knownHops) const
{
    std::string why = CheckEntry(entry, Entries(), knownHops);
    if (!why.empty())
    {
        throw ProvisioningError(Name(m_entries.size() + 1, entry.pattern) + ": " + why);
    }
    Compiled compiled{entry, std::nullopt};
    if (IsRegex(entry.pattern))
    {
        compiled.regex.emplace(entry.pattern.substr(kRegexPrefix.size()), std::regex::ECMAScript);
    }
    return compiled;
}

void
DialPlan::Load()
{
    Run(m_db.get(), "CREATE TABLE IF NOT EXISTS dial_plan (position INTEGER PRIMARY KEY,"
                    " pattern TEXT NOT NULL, next_hop TEXT NOT NULL)");
    Statement stmt =
        Prepare(m_db.get(), "SELECT pattern, next_hop FROM dial_plan ORDER BY position");
    m_entries.clear();
    while (sqlite3_step(stmt.get()) == SQLITE_ROW)
    {
        DialPlanEntry entry{reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), 0)),
                            reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), 1))};
        m_entries.push_back(Compile(entry, nullptr));
    }
}

void
DialPlan::Add(const DialPlanEntry& entry)
{
    Append(entry, nullptr);
}

void
DialPlan::Add(const DialPlanEntry& entry, const std::set<std::string>& knownHops)
{
    Append(entry, &knownHops);
}

void
DialPlan::Append(const DialPlanEntry& entry, const std::set<std::string>* knownHops)
{
    Compiled compiled = Compile(entry, knownHops);
    Statement stmt =
        Prepare(m_db.get(), "INSERT INTO dial_plan (position, pattern, next_hop) VALUES (?, ?, ?)");
    sqlite3_bind_int64(stmt.get(), 1, static_cast<sqlite3_int64>(m_entries.size() + 1));
    sqlite3_bind_text(stmt.get(), 2, entry.pattern.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt.get(), 3, entry.nextHop.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(stmt.get()) != SQLITE_DONE)
    {
        throw ProvisioningError(Name(m_entries.size() + 1, entry.pattern) + ": " +
                                sqlite3_errmsg(m_db.get()));
    }
    m_entries.push_back(std::move(compiled));
}

bool
DialPlan::Matches(const Compiled& compiled, const std::string& userId)
{
    if (compiled.regex)
    {
        return std::regex_search(userId, *compiled.regex);
    }
    const std::string& pattern = compiled.entry.pattern;
    if (pattern.size() != userId.size())
    {
        return false;
    }
    for (std::size_t i = 0; i < pattern.size(); ++i)
    {
        bool any = pattern[i] == 'x' || pattern[i] == 'X';
        bool ok = any ? std::isdigit(static_cast<unsigned char>(userId[i])) != 0
                      : pattern[i] == userId[i];
        if (!ok)
        {
            return false;
        }
    }
    return true;
}

std::optional<DialPlanEntry>
DialPlan::Match(const std::string& userId) const
{
    for (const auto& compiled : m_entries)
    {
        if (Matches(compiled, userId))
        {
            return compiled.entry;
        }
    }
    return std::nullopt;
}

std::size_t
DialPlan::Size() const
{
    return m_entries.size();
}

std::vector<DialPlanEntry>
DialPlan::Entries() const
{
    std::vector<DialPlanEntry> entries;
    for (const auto& compiled : m_entries)
    {
        entries.push_back(compiled.entry);
    }
    return entries;
}

void
DialPlan::Clear()
{
    Run(m_db.get(), "DELETE FROM dial_plan");
    m_entries.clear();
}

} // namespace sipmob
