// SPDX-License-Identifier: GPL-2.0-only
#include "registrar/subscriber-store.h"

#include <cctype>
#include <sqlite3.h>

namespace sipmob
{

namespace
{

/// Owns a prepared statement.
using Statement = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

const char* const kSchema = "CREATE TABLE IF NOT EXISTS subscribers ("
                            " user TEXT NOT NULL, domain TEXT NOT NULL, password TEXT NOT NULL,"
                            " PRIMARY KEY (domain, user))";

Statement
Prepare(sqlite3* db, const char* sql)
{
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK)
    {
        throw ProvisioningError(std::string("subscriber store: ") + sqlite3_errmsg(db));
    }
    return Statement(stmt, &sqlite3_finalize);
}

void
Bind(sqlite3_stmt* stmt, int index, const std::string& text)
{
    sqlite3_bind_text(stmt, index, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

std::string
Column(sqlite3_stmt* stmt, int index)
{
    const auto* text = sqlite3_column_text(stmt, index);
    return text ? reinterpret_cast<const char*>(text) : "";
}

Subscriber
RowToSubscriber(sqlite3_stmt* stmt)
{
    return Subscriber{Column(stmt, 0), Column(stmt, 1), Column(stmt, 2)};
}

/// RFC 3261 "user": unreserved, escaped (%XX) or user-unreserved characters.
bool
IsUserChar(char c)
{
    static const std::string kExtra = "-_.!~*'()%&=+$,;?/";
    return std::isalnum(static_cast<unsigned char>(c)) || kExtra.find(c) != std::string::npos;
}

/// Dot-separated non-empty labels of letters, digits and '-'.
bool
IsDomain(const std::string& domain)
{
    if (domain.empty() || domain.front() == '.' || domain.back() == '.' ||
        domain.find("..") != std::string::npos)
    {
        return false;
    }
    for (char c : domain)
    {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.')
        {
            return false;
        }
    }
    return true;
}

} // namespace

SubscriberStore::SubscriberStore(const std::string& path)
{
    Open(path);
}

void
SubscriberStore::Open(const std::string& path)
{
    sqlite3* raw = nullptr;
    int rc = sqlite3_open(path.c_str(), &raw);
    std::shared_ptr<sqlite3> db(raw, &sqlite3_close);
    if (rc != SQLITE_OK)
    {
        throw ProvisioningError("subscriber store: cannot open '" + path +
                                "': " + (raw ? sqlite3_errmsg(raw) : "out of memory"));
    }
    char* message = nullptr;
    if (sqlite3_exec(raw, kSchema, nullptr, nullptr, &message) != SQLITE_OK)
    {
        std::string why = message ? message : "unknown error";
        sqlite3_free(message);
        throw ProvisioningError("subscriber store '" + path + "': " + why);
    }
    m_db = db;
}

std::string
SubscriberStore::Check(const Subscriber& subscriber)
{
    if (subscriber.user.empty())
    {
        return "empty user ID";
    }
    for (char c : subscriber.user)
    {
        if (!IsUserChar(c))
        {
            return std::string("user ID contains '") + c + "', not allowed in a SIP user part";
        }
    }
    if (!IsDomain(subscriber.domain))
    {
        return "domain '" + subscriber.domain + "' is not a host name";
    }
    return "";
}

void
SubscriberStore::Add(const Subscriber& subscriber)
{
    const std::string name =
        "subscriber (user '" + subscriber.user + "', domain '" + subscriber.domain + "')";
    std::string why = Check(subscriber);
    if (!why.empty())
    {
        throw ProvisioningError(name + ": " + why);
    }
    Statement stmt =
        Prepare(m_db.get(), "INSERT INTO subscribers (user, domain, password) VALUES (?, ?, ?)");
    Bind(stmt.get(), 1, subscriber.user);
    Bind(stmt.get(), 2, subscriber.domain);
    Bind(stmt.get(), 3, subscriber.password);
    int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_CONSTRAINT)
    {
        throw ProvisioningError(name + ": already provisioned");
    }
    if (rc != SQLITE_DONE)
    {
        throw ProvisioningError(name + ": " + sqlite3_errmsg(m_db.get()));
    }
}

std::optional<Subscriber>
SubscriberStore::Find(const std::string& user, const std::string& domain) const
{
    Statement stmt = Prepare(m_db.get(), "SELECT user, domain, password FROM subscribers"
                                         " WHERE user = ? AND domain = ?");
    Bind(stmt.get(), 1, user);
    Bind(stmt.get(), 2, domain);
    if (sqlite3_step(stmt.get()) != SQLITE_ROW)
    {
        return std::nullopt;
    }
    return RowToSubscriber(stmt.get());
}

bool
SubscriberStore::IsSubscriber(const std::string& user, const std::string& domain) const
{
    return Find(user, domain).has_value();
}

std::size_t
SubscriberStore::Count() const
{
    Statement stmt = Prepare(m_db.get(), "SELECT COUNT(*) FROM subscribers");
    sqlite3_step(stmt.get());
    return static_cast<std::size_t>(sqlite3_column_int64(stmt.get(), 0));
}

std::vector<Subscriber>
SubscriberStore::List() const
{
    Statement stmt =
        Prepare(m_db.get(), "SELECT user, domain, password FROM subscribers ORDER BY domain, user");
    std::vector<Subscriber> all;
    while (sqlite3_step(stmt.get()) == SQLITE_ROW)
    {
        all.push_back(RowToSubscriber(stmt.get()));
    }
    return all;
}

std::shared_ptr<sqlite3>
SubscriberStore::GetDatabase() const
{
    return m_db;
}

} // namespace sipmob
