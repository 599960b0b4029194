// SPDX-License-Identifier: GPL-2.0-only
#include "results/results-database.h"

#include <sqlite3.h>

#include <ctime>
#include <set>
#include <stdexcept>

#ifndef SIPMOB_VERSION
#define SIPMOB_VERSION "unknown"
#endif

namespace ns3
{

namespace
{

/// RAII prepared statement with typed binding by position (1-based).
class Statement
{
public:
    Statement(sqlite3* db, const std::string& sql)
        : m_db(db)
    {
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &m_stmt, nullptr) != SQLITE_OK)
        {
            throw DatabaseError("SQL error: " + std::string(sqlite3_errmsg(db)) + " in: " + sql,
                                sqlite3_extended_errcode(db));
        }
    }

    ~Statement()
    {
        sqlite3_finalize(m_stmt);
    }

    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& Bind(int i, const std::string& v)
    {
        sqlite3_bind_text(m_stmt, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }

    Statement& Bind(int i, int64_t v)
    {
        sqlite3_bind_int64(m_stmt, i, v);
        return *this;
    }

    Statement& Bind(int i, double v)
    {
        sqlite3_bind_double(m_stmt, i, v);
        return *this;
    }

    Statement& Bind(int i, const std::optional<double>& v)
    {
        return v ? Bind(i, *v) : BindNull(i);
    }

    Statement& Bind(int i, const std::optional<uint64_t>& v)
    {
        return v ? Bind(i, static_cast<int64_t>(*v)) : BindNull(i);
    }

    Statement& BindNull(int i)
    {
        sqlite3_bind_null(m_stmt, i);
        return *this;
    }

    Statement& Bind(int i, const Cell& v)
    {
        if (const auto* n = std::get_if<int64_t>(&v))
        {
            return Bind(i, *n);
        }
        if (const auto* d = std::get_if<double>(&v))
        {
            return Bind(i, *d);
        }
        if (const auto* t = std::get_if<std::string>(&v))
        {
            return Bind(i, *t);
        }
        return BindNull(i);
    }

    /// @return true while a row is available
    bool Step()
    {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW)
        {
            return true;
        }
        if (rc != SQLITE_DONE)
        {
            throw DatabaseError("SQL error: " + std::string(sqlite3_errmsg(m_db)),
                                sqlite3_extended_errcode(m_db));
        }
        return false;
    }

    /// Steps to completion and resets for the next bindings.
    void Run()
    {
        while (Step())
        {
        }
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }

    sqlite3_stmt* Get() const
    {
        return m_stmt;
    }

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

/// @return "INSERT INTO table (c1, c2, ...) VALUES (?1, ?2, ...)" for @p columns
std::string
InsertSql(const std::string& table, const std::vector<ColumnSpec>& columns)
{
    std::string names;
    std::string values;
    for (std::size_t i = 0; i < columns.size(); ++i)
    {
        names += (i ? ", " : "") + columns[i].name;
        values += (i ? ", ?" : "?") + std::to_string(i + 1);
    }
    return "INSERT INTO " + table + " (" + names + ") VALUES (" + values + ")";
}

/// @return the spec of the record table's columns: run_id, seq, then the record's
template <class R>
std::vector<ColumnSpec>
RecordTableColumns(const RecordColumns<R>& columns)
{
    std::vector<ColumnSpec> specs{{"run_id", ColumnType::Integer, "", "", "", false},
                                  {"seq", ColumnType::Integer, "", "", "", false}};
    for (const auto& c : columns)
    {
        specs.push_back(c.spec);
    }
    return specs;
}

/// Inserts the records of one table, numbered 0, 1, ... in order.
template <class R>
void
InsertRecordRows(sqlite3* db, const std::string& table, const RecordColumns<R>& columns,
                 int64_t runId, const std::vector<R>& records)
{
    if (records.empty())
    {
        return;
    }
    Statement st(db, InsertSql(table, RecordTableColumns(columns)));
    int64_t seq = 0;
    for (const auto& r : records)
    {
        st.Bind(1, runId).Bind(2, seq++);
        int i = 3;
        for (const auto& c : columns)
        {
            st.Bind(i++, c.get(r));
        }
        st.Run();
    }
}

/// Percent-encodes the characters that separate fields of a config key.
std::string
EncodeKeyPart(const std::string& s)
{
    std::string out;
    for (char c : s)
    {
        if (c == '%' || c == ';' || c == ',' || c == '=')
        {
            const char* hex = "0123456789ABCDEF";
            out += '%';
            out += hex[(static_cast<unsigned char>(c) >> 4) & 0xF];
            out += hex[static_cast<unsigned char>(c) & 0xF];
        }
        else
        {
            out += c;
        }
    }
    return out;
}

/// BEGIN IMMEDIATE ... COMMIT, rolled back when an exception leaves the scope.
class Transaction
{
public:
    explicit Transaction(ResultsDatabase& db)
        : m_db(db)
    {
        m_db.Execute("BEGIN IMMEDIATE");
    }

    ~Transaction()
    {
        if (!m_done)
        {
            try
            {
                m_db.Execute("ROLLBACK");
            }
            catch (const std::exception&)
            {
                // Nothing more can be done: the original error is already propagating.
            }
        }
    }

    void Commit()
    {
        m_db.Execute("COMMIT");
        m_done = true;
    }

private:
    ResultsDatabase& m_db;
    bool m_done = false;
};

} // namespace

std::string
SqlIdentifier(const std::string& name)
{
    std::string out = "\"";
    for (char c : name)
    {
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return out + "\"";
}

ResultsDatabase::ResultsDatabase(const std::string& path, int busyTimeoutMs, Mode mode)
    : m_path(path)
{
    const bool readOnly = mode == Mode::kReadOnly;
    const int rc = sqlite3_open_v2(
        path.c_str(), &m_db,
        readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK)
    {
        const std::string msg = m_db ? sqlite3_errmsg(m_db) : "out of memory";
        sqlite3_close(m_db);
        m_db = nullptr;
        throw DatabaseError("cannot open results database '" + path + "': " + msg, rc);
    }
    sqlite3_busy_timeout(m_db, busyTimeoutMs);
    if (readOnly)
    {
        return;
    }
    try
    {
        Query("PRAGMA journal_mode=WAL");
        Execute("PRAGMA synchronous=NORMAL");
        Execute("PRAGMA foreign_keys=ON");
        Execute(SchemaDdl());
        AddMissingColumns();
    }
    catch (const DatabaseError& e)
    {
        sqlite3_close(m_db);
        m_db = nullptr;
        throw DatabaseError("'" + path + "' is not a usable results database: " + e.what(),
                            e.Code());
    }
}

ResultsDatabase::~ResultsDatabase()
{
    sqlite3_close(m_db);
}

std::string
ResultsDatabase::Schema()
{
    return SchemaDdl();
}

std::string
ResultsDatabase::ConfigKey(const std::string& scenario, const std::string& model,
                           const std::map<std::string, std::string>& params, uint32_t seed,
                           uint32_t run)
{
    std::string key = "scenario=" + EncodeKeyPart(scenario) + ";model=" + EncodeKeyPart(model) +
                      ";seed=" + std::to_string(seed) + ";run=" + std::to_string(run) + ";params=";
    bool first = true;
    for (const auto& [k, v] : params)
    {
        key += (first ? "" : ",") + EncodeKeyPart(k) + "=" + EncodeKeyPart(v);
        first = false;
    }
    return key;
}

std::string
ResultsDatabase::ConfigKey(const RunInfo& info)
{
    if (!info.configKey.empty())
    {
        return info.configKey;
    }
    return ConfigKey(info.scenario, info.model, info.params, info.seed, info.run);
}

std::string
ResultsDatabase::NowIso()
{
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buf[32];
    std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buf;
}

void
ResultsDatabase::Execute(const std::string& sql)
{
    char* err = nullptr;
    const int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK)
    {
        const std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw DatabaseError("SQL error on '" + m_path + "': " + msg,
                            sqlite3_extended_errcode(m_db));
    }
}

std::vector<ResultsDatabase::Row>
ResultsDatabase::Query(const std::string& sql, const std::vector<std::string>& args)
{
    Statement st(m_db, sql);
    for (std::size_t i = 0; i < args.size(); ++i)
    {
        st.Bind(static_cast<int>(i + 1), args[i]);
    }
    std::vector<Row> rows;
    while (st.Step())
    {
        Row row;
        const int n = sqlite3_column_count(st.Get());
        for (int c = 0; c < n; ++c)
        {
            const unsigned char* text = sqlite3_column_text(st.Get(), c);
            row.push_back(text ? std::optional<std::string>(reinterpret_cast<const char*>(text))
                               : std::nullopt);
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

const std::string&
ResultsDatabase::Path() const
{
    return m_path;
}

std::optional<int64_t>
ResultsDatabase::FindRun(const std::string& configKey)
{
    Statement st(m_db, "SELECT run_id FROM runs WHERE config_key = ?1");
    st.Bind(1, configKey);
    if (st.Step())
    {
        return sqlite3_column_int64(st.Get(), 0);
    }
    return std::nullopt;
}

void
ResultsDatabase::DeleteRecords(int64_t runId)
{
    for (const char* table : {"handoffs", "registrations", "calls", "media", "sip_messages"})
    {
        Statement st(m_db, std::string("DELETE FROM ") + table + " WHERE run_id = ?1");
        st.Bind(1, runId).Run();
    }
}

int64_t
ResultsDatabase::UpsertRun(const RunInfo& info, const std::string& status)
{
    const std::string key = ConfigKey(info);
    std::optional<int64_t> existing = FindRun(key);
    if (existing)
    {
        DeleteRecords(*existing);
        Statement params(m_db, "DELETE FROM run_params WHERE run_id = ?1");
        params.Bind(1, *existing).Run();
        Statement del(m_db, "DELETE FROM runs WHERE run_id = ?1");
        del.Bind(1, *existing).Run();
    }
    RunInfo row = info;
    row.status = status;
    row.configKey = key;
    row.startedAt = info.startedAt.empty() ? NowIso() : info.startedAt;
    row.version = info.version.empty() ? std::string(SIPMOB_VERSION) : info.version;
    std::vector<ColumnSpec> specs;
    for (const auto& c : RunColumns())
    {
        specs.push_back(c.spec);
    }
    Statement st(m_db, InsertSql("runs", specs));
    int i = 1;
    for (const auto& c : RunColumns())
    {
        st.Bind(i++, c.get(row));
    }
    st.Run();
    const int64_t runId = sqlite3_last_insert_rowid(m_db);
    Statement text(m_db, "INSERT OR IGNORE INTO scenarios (sha256, text) VALUES (?1, ?2)");
    for (const auto& [hash, body] : {std::make_pair(info.scenarioSha256, info.scenarioText),
                                     std::make_pair(info.resolvedSha256, info.resolvedText)})
    {
        if (!hash.empty() && !body.empty())
        {
            text.Bind(1, hash).Bind(2, body).Run();
        }
    }
    Statement param(m_db, "INSERT INTO run_params (run_id, key, value) VALUES (?1, ?2, ?3)");
    for (const auto& [k, v] : info.params)
    {
        param.Bind(1, runId).Bind(2, k).Bind(3, v).Run();
    }
    return runId;
}

int64_t
ResultsDatabase::BeginRun(const RunInfo& info)
{
    Transaction tx(*this);
    const int64_t id = UpsertRun(info, "running");
    tx.Commit();
    return id;
}

int64_t
ResultsDatabase::WriteRun(const RunInfo& info, const RunResults& results)
{
    CheckRecords(results); // before the transaction: a refused run leaves the file as it was
    Transaction tx(*this);
    const int64_t id = UpsertRun(info, info.status);
    InsertRecords(id, results);
    tx.Commit();
    return id;
}

void
ResultsDatabase::CheckRecords(const RunResults& results)
{
    for (std::size_t i = 0; i < results.handoffs.size(); ++i)
    {
        const sipmob::HandoffRecord& h = results.handoffs[i];
        const std::string violation = sipmob::HandoffRecordViolation(h);
        if (!violation.empty())
        {
            throw RecordInvariantError("hand-off " + std::to_string(i) + " of " + h.ua + " (" +
                                       h.fromNetwork + ">" + h.toNetwork + ", " + h.status +
                                       "): " + violation +
                                       "; not written (doc/results-schema.md, \"Which "
                                       "components are set\")");
        }
    }
}

void
ResultsDatabase::InsertRecords(int64_t runId, const RunResults& results)
{
    InsertRecordRows(m_db, "handoffs", HandoffColumns(), runId, results.handoffs);
    InsertRecordRows(m_db, "registrations", RegistrationColumns(), runId, results.registrations);
    InsertRecordRows(m_db, "calls", CallColumns(), runId, results.calls);
    InsertRecordRows(m_db, "media", MediaColumns(), runId, results.media);
    InsertRecordRows(m_db, "sip_messages", SipMessageColumns(), runId, results.sipMessages);
}

std::string
ResultsDatabase::QuickCheck()
{
    std::string problems;
    try
    {
        for (const auto& row : Query("PRAGMA quick_check(5)"))
        {
            const std::string line = row.empty() ? "" : row[0].value_or("");
            problems += (problems.empty() ? "" : "; ") + line;
        }
    }
    catch (const DatabaseError& e)
    {
        return e.what();
    }
    return problems.empty() ? "no answer" : problems;
}

std::size_t
ResultsDatabase::MergeFrom(const std::string& path)
{
    {
        ResultsDatabase side(path); // brings an older side file to this schema
        const std::string check = side.QuickCheck();
        if (check != "ok")
        {
            throw DatabaseError("'" + path + "' is damaged: " + check, SQLITE_CORRUPT);
        }
    }
    Statement attach(m_db, "ATTACH DATABASE ?1 AS side");
    attach.Bind(1, path).Run();
    std::size_t merged = 0;
    try
    {
        Transaction tx(*this);
        std::vector<std::pair<int64_t, std::string>> runs;
        for (const auto& row : Query("SELECT run_id, config_key FROM side.runs ORDER BY run_id"))
        {
            runs.emplace_back(std::stoll(row.at(0).value_or("0")), row.at(1).value_or(""));
        }
        Execute("INSERT OR IGNORE INTO main.scenarios (sha256, text) SELECT sha256, text FROM "
                "side.scenarios");
        for (const auto& [sideId, key] : runs)
        {
            if (auto existing = FindRun(key))
            {
                DeleteRecords(*existing);
                Statement params(m_db, "DELETE FROM run_params WHERE run_id = ?1");
                params.Bind(1, *existing).Run();
                Statement del(m_db, "DELETE FROM runs WHERE run_id = ?1");
                del.Bind(1, *existing).Run();
            }
            int64_t newId = 0;
            for (const auto& table : ResultsTables())
            {
                if (table.name == "scenarios")
                {
                    continue;
                }
                // Every column but run_id, copied by name; run_id is the new run's.
                std::string names;
                for (const auto& c : table.columns)
                {
                    if (c.name != "run_id")
                    {
                        names += ", " + c.name;
                    }
                }
                const bool isRuns = table.name == "runs";
                Statement copy(m_db, "INSERT INTO main." + table.name + " (" +
                                         (isRuns ? names.substr(2) : "run_id" + names) +
                                         ") SELECT " + (isRuns ? names.substr(2) : "?2" + names) +
                                         " FROM side." + table.name + " WHERE run_id = ?1");
                copy.Bind(1, sideId);
                if (!isRuns)
                {
                    copy.Bind(2, newId);
                }
                copy.Run();
                if (isRuns)
                {
                    newId = sqlite3_last_insert_rowid(m_db);
                }
            }
            ++merged;
        }
        tx.Commit();
    }
    catch (...)
    {
        Execute("DETACH DATABASE side");
        throw;
    }
    Execute("DETACH DATABASE side");
    return merged;
}

void
ResultsDatabase::AddMissingColumns()
{
    for (const auto& table : ResultsTables())
    {
        std::set<std::string> present;
        for (const auto& row : Query("SELECT name FROM pragma_table_info(?1)", {table.name}))
        {
            present.insert(row.at(0).value_or(""));
        }
        for (const auto& c : table.columns)
        {
            if (present.count(c.name) == 0)
            {
                // Constraints are left out: SQLite cannot add a NOT NULL or UNIQUE column to rows
                // that exist; the old rows read NULL.
                Execute("ALTER TABLE " + table.name + " ADD COLUMN " + c.name + " " +
                        SqlType(c.type));
            }
        }
    }
}

std::optional<std::string>
ResultsDatabase::RunStatus(const std::string& configKey)
{
    auto rows = Query("SELECT status FROM runs WHERE config_key = ?1", {configKey});
    if (rows.empty())
    {
        return std::nullopt;
    }
    return rows.front().front();
}

bool
ResultsDatabase::HasFinishedRun(const std::string& configKey)
{
    return RunStatus(configKey) == std::optional<std::string>("ok");
}

void
ResultsDatabase::MarkFailed(const RunInfo& info, const std::string& error,
                            const std::string& status)
{
    RunInfo failed = info;
    failed.error = error;
    Transaction tx(*this);
    UpsertRun(failed, status);
    tx.Commit();
}

bool
ResultsDatabase::MarkFailed(const std::string& configKey, const std::string& error)
{
    Transaction tx(*this);
    std::optional<int64_t> id = FindRun(configKey);
    if (!id)
    {
        return false;
    }
    DeleteRecords(*id);
    Statement st(m_db, "UPDATE runs SET status = 'failed', error = ?1 WHERE run_id = ?2");
    st.Bind(1, error).Bind(2, *id).Run();
    tx.Commit();
    return true;
}

} // namespace ns3
