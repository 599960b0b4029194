// SPDX-License-Identifier: GPL-2.0-only
#include "results/results-database.h"

#include <sqlite3.h>

#include <ctime>
#include <stdexcept>

#ifndef SIPMOB_VERSION
#define SIPMOB_VERSION "unknown"
#endif

namespace ns3
{

namespace
{

/// The schema. Kept in sync with analysis/sipmob_schema.py by tests/ns3/test-results-database.cc.
const char* const kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY,
    scenario TEXT NOT NULL,
    model TEXT NOT NULL,
    seed INTEGER NOT NULL,
    run INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'timeout', 'running')),
    error TEXT,
    wall_time_s REAL,
    sim_time_s REAL,
    started_at TEXT,
    version TEXT,
    config_key TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS run_params (
    run_id INTEGER NOT NULL REFERENCES runs(run_id),
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
);
CREATE TABLE IF NOT EXISTS handoffs (
    run_id INTEGER NOT NULL REFERENCES runs(run_id),
    seq INTEGER NOT NULL,
    ua TEXT, from_network TEXT, to_network TEXT, old_address TEXT, new_address TEXT,
    t_link_lost REAL, t_associated REAL, t_lease REAL, t_detected REAL,
    t_register_sent REAL, t_register_ok REAL, t_reinvite_sent REAL, t_reinvite_ok REAL,
    t_last_media_down REAL, t_last_media_up REAL, t_media_down REAL, t_media_up REAL,
    l2_ms REAL, dhcp_ms REAL, detection_ms REAL, registration_ms REAL, reinvite_ms REAL,
    media_gap_down_ms REAL, media_gap_up_ms REAL, total_ms REAL,
    media_lost_down INTEGER, media_lost_up INTEGER,
    PRIMARY KEY (run_id, seq)
);
CREATE TABLE IF NOT EXISTS registrations (
    run_id INTEGER NOT NULL REFERENCES runs(run_id),
    seq INTEGER NOT NULL,
    ua TEXT, contact TEXT, via TEXT, model TEXT,
    t_sent REAL, t_final REAL, status INTEGER, expires INTEGER,
    PRIMARY KEY (run_id, seq)
);
CREATE TABLE IF NOT EXISTS calls (
    run_id INTEGER NOT NULL REFERENCES runs(run_id),
    seq INTEGER NOT NULL,
    call_id TEXT, ua TEXT, peer TEXT, outgoing INTEGER,
    t_invite REAL, t_ringing REAL, t_answered REAL, t_ended REAL,
    final_status INTEGER, end_reason TEXT,
    PRIMARY KEY (run_id, seq)
);
CREATE TABLE IF NOT EXISTS media (
    run_id INTEGER NOT NULL REFERENCES runs(run_id),
    seq INTEGER NOT NULL,
    call_id TEXT, ua TEXT, sent INTEGER, received INTEGER, lost INTEGER,
    max_gap_ms REAL, jitter_ms REAL, mean_delay_ms REAL,
    PRIMARY KEY (run_id, seq)
);
)SQL";

/// RAII prepared statement with typed binding by position (1-based).
class Statement
{
public:
    Statement(sqlite3* db, const std::string& sql)
        : m_db(db)
    {
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &m_stmt, nullptr) != SQLITE_OK)
        {
            throw std::runtime_error("SQL error: " + std::string(sqlite3_errmsg(db)) +
                                     " in: " + sql);
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
            throw std::runtime_error("SQL error: " + std::string(sqlite3_errmsg(m_db)));
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

ResultsDatabase::ResultsDatabase(const std::string& path, int busyTimeoutMs)
    : m_path(path)
{
    const int rc =
        sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK)
    {
        const std::string msg = m_db ? sqlite3_errmsg(m_db) : "out of memory";
        sqlite3_close(m_db);
        m_db = nullptr;
        throw std::runtime_error("cannot open results database '" + path + "': " + msg);
    }
    sqlite3_busy_timeout(m_db, busyTimeoutMs);
    try
    {
        Query("PRAGMA journal_mode=WAL");
        Execute("PRAGMA synchronous=NORMAL");
        Execute("PRAGMA foreign_keys=ON");
        Execute(kSchema);
    }
    catch (const std::exception& e)
    {
        sqlite3_close(m_db);
        m_db = nullptr;
        throw std::runtime_error("'" + path + "' is not a usable results database: " + e.what());
    }
}

ResultsDatabase::~ResultsDatabase()
{
    sqlite3_close(m_db);
}

std::string
ResultsDatabase::Schema()
{
    return kSchema;
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
        throw std::runtime_error("SQL error on '" + m_path + "': " + msg);
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
    for (const char* table : {"handoffs", "registrations", "calls", "media"})
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
    Statement st(m_db, "INSERT INTO runs (scenario, model, seed, run, status, error, wall_time_s, "
                       "sim_time_s, started_at, version, config_key) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    st.Bind(1, info.scenario).Bind(2, info.model);
    st.Bind(3, static_cast<int64_t>(info.seed)).Bind(4, static_cast<int64_t>(info.run));
    st.Bind(5, status);
    if (info.error.empty())
    {
        st.BindNull(6);
    }
    else
    {
        st.Bind(6, info.error);
    }
    st.Bind(7, info.wallTimeS).Bind(8, info.simTimeS);
    st.Bind(9, info.startedAt.empty() ? NowIso() : info.startedAt);
    st.Bind(10, info.version.empty() ? std::string(SIPMOB_VERSION) : info.version);
    st.Bind(11, key);
    st.Run();
    const int64_t runId = sqlite3_last_insert_rowid(m_db);
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
    Transaction tx(*this);
    const int64_t id = UpsertRun(info, info.status);
    InsertRecords(id, results);
    tx.Commit();
    return id;
}

void
ResultsDatabase::InsertRecords(int64_t runId, const RunResults& results)
{
    InsertHandoffs(runId, results.handoffs);
    InsertRegistrations(runId, results.registrations);
    InsertCalls(runId, results.calls);
    InsertMedia(runId, results.media);
}

void
ResultsDatabase::InsertHandoffs(int64_t runId, const std::vector<HandoffRecord>& records)
{
    Statement st(m_db,
                 "INSERT INTO handoffs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                 "?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, "
                 "?29)");
    int64_t seq = 0;
    for (const auto& h : records)
    {
        st.Bind(1, runId).Bind(2, seq++).Bind(3, h.ua).Bind(4, h.fromNetwork);
        st.Bind(5, h.toNetwork).Bind(6, h.oldAddress).Bind(7, h.newAddress);
        st.Bind(8, h.tLinkLost).Bind(9, h.tAssociated).Bind(10, h.tLease).Bind(11, h.tDetected);
        st.Bind(12, h.tRegisterSent).Bind(13, h.tRegisterOk).Bind(14, h.tReinviteSent);
        st.Bind(15, h.tReinviteOk).Bind(16, h.tLastMediaDown).Bind(17, h.tLastMediaUp);
        st.Bind(18, h.tMediaDown).Bind(19, h.tMediaUp);
        st.Bind(20, h.L2Ms()).Bind(21, h.DhcpMs()).Bind(22, h.DetectionMs());
        st.Bind(23, h.RegistrationMs()).Bind(24, h.ReinviteMs()).Bind(25, h.MediaGapDownMs());
        st.Bind(26, h.MediaGapUpMs()).Bind(27, h.TotalMs());
        st.Bind(28, h.mediaLostDown).Bind(29, h.mediaLostUp);
        st.Run();
    }
}

void
ResultsDatabase::InsertRegistrations(int64_t runId, const std::vector<RegistrationRecord>& records)
{
    Statement st(m_db,
                 "INSERT INTO registrations VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    int64_t seq = 0;
    for (const auto& r : records)
    {
        st.Bind(1, runId).Bind(2, seq++).Bind(3, r.ua).Bind(4, r.contact).Bind(5, r.via);
        st.Bind(6, r.model).Bind(7, r.tSent).Bind(8, r.tFinal);
        st.Bind(9, static_cast<int64_t>(r.status)).Bind(10, static_cast<int64_t>(r.expires));
        st.Run();
    }
}

void
ResultsDatabase::InsertCalls(int64_t runId, const std::vector<CallRecord>& records)
{
    Statement st(m_db,
                 "INSERT INTO calls VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    int64_t seq = 0;
    for (const auto& c : records)
    {
        st.Bind(1, runId).Bind(2, seq++).Bind(3, c.callId).Bind(4, c.ua).Bind(5, c.peer);
        st.Bind(6, static_cast<int64_t>(c.outgoing ? 1 : 0)).Bind(7, c.tInvite);
        st.Bind(8, c.tRinging).Bind(9, c.tAnswered).Bind(10, c.tEnded);
        st.Bind(11, static_cast<int64_t>(c.finalStatus)).Bind(12, c.endReason);
        st.Run();
    }
}

void
ResultsDatabase::InsertMedia(int64_t runId, const std::vector<MediaRecord>& records)
{
    Statement st(m_db, "INSERT INTO media VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    int64_t seq = 0;
    for (const auto& m : records)
    {
        st.Bind(1, runId).Bind(2, seq++).Bind(3, m.callId).Bind(4, m.ua);
        st.Bind(5, static_cast<int64_t>(m.sent)).Bind(6, static_cast<int64_t>(m.received));
        st.Bind(7, static_cast<int64_t>(m.lost)).Bind(8, m.maxGapMs).Bind(9, m.jitterMs);
        st.Bind(10, m.meanDelayMs);
        st.Run();
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
