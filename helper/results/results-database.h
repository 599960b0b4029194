// SPDX-License-Identifier: GPL-2.0-only
// The SQLite results database: one row per simulation run plus its hand-offs, registrations, calls
// and media statistics. Schema: doc/results-schema.md.
#ifndef SIPMOB_RESULTS_DATABASE_H
#define SIPMOB_RESULTS_DATABASE_H

#include "results/results-schema.h"

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct sqlite3;

namespace ns3
{

/// Records that break an invariant of the schema (ResultsDatabase::CheckRecords): a bug, not a
/// property of the file, so no side file is tried either.
class RecordInvariantError : public std::logic_error
{
public:
    /// @param what the record, the column and its value
    explicit RecordInvariantError(const std::string& what)
        : std::logic_error(what)
    {
    }
};

/**
 * An SQLite error on the results file, with SQLite's (extended) result code, e.g. SQLITE_READONLY
 * (8), SQLITE_FULL (13), SQLITE_CORRUPT (11), SQLITE_NOTADB (26), SQLITE_IOERR (10).
 */
class DatabaseError : public std::runtime_error
{
public:
    /**
     * @param what message (names the file and SQLite's reason)
     * @param code SQLite result code
     */
    DatabaseError(const std::string& what, int code)
        : std::runtime_error(what)
        , m_code(code)
    {
    }

    /// @return the SQLite result code (extended)
    int Code() const
    {
        return m_code;
    }

private:
    int m_code; ///< SQLite result code
};

/**
 * A results file. Opening creates the schema (results-schema.h) if needed and adds columns that
 * a file written by an older sipmob lacks (NULL in its old rows); the file uses WAL journaling and
 * a busy timeout, so several simulation processes can write the same file concurrently (each run is
 * one short transaction). Errors throw std::runtime_error with the SQLite message and the file
 * name.
 *
 * Runs are identified by their config key (ConfigKey()): writing a run whose key exists replaces
 * the old run's rows, so a run is never duplicated. run_id is a surrogate key whose value depends
 * on the order in which runs were written; every other column (except wall-clock ones) is a pure
 * function of the run's inputs and records.
 */
/// @return @p name as a double-quoted SQL identifier (inner quotes doubled)
std::string SqlIdentifier(const std::string& name);

class ResultsDatabase
{
public:
    /// One result row; a NULL column is empty.
    using Row = std::vector<std::optional<std::string>>;

    /// How the file is opened.
    enum class Mode
    {
        kReadWrite, ///< create the file and its schema when needed, add missing columns, WAL
        kReadOnly,  ///< SQLITE_OPEN_READONLY: the file is never created, converted or written
    };

    /**
     * Opens or creates @p path.
     * @param path file name (":memory:" for a private in-memory database)
     * @param busyTimeoutMs how long a write waits for another process's lock
     * @param mode kReadOnly for a command that only reads (the schema is then not checked)
     */
    explicit ResultsDatabase(const std::string& path, int busyTimeoutMs = 60000,
                             Mode mode = Mode::kReadWrite);
    ~ResultsDatabase();
    ResultsDatabase(const ResultsDatabase&) = delete;
    ResultsDatabase& operator=(const ResultsDatabase&) = delete;

    /// @return the DDL (CREATE TABLE statements) this class creates: SchemaDdl()
    static std::string Schema();

    /**
     * The canonical string identifying a configuration:
     * `scenario=S;model=M;seed=N;run=N;params=K1=V1,K2=V2` with '%', ';', ',' and '=' in the
     * parts percent-encoded, params sorted by key.
     * @return the key
     */
    static std::string ConfigKey(const std::string& scenario, const std::string& model,
                                 const std::map<std::string, std::string>& params, uint32_t seed,
                                 uint32_t run);
    /// @return ConfigKey() of @p info
    static std::string ConfigKey(const RunInfo& info);

    /// @return the current UTC time as "YYYY-MM-DDTHH:MM:SSZ"
    static std::string NowIso();

    /**
     * Records that a run started (status "running"), replacing any earlier run with the same key.
     * @return its run_id
     */
    int64_t BeginRun(const RunInfo& info);

    /**
     * Writes one finished run and all its records in one transaction, replacing any earlier run
     * with the same config key (including the "running" row of BeginRun()).
     * @return its run_id
     * @throws RecordInvariantError (nothing written) when a record breaks CheckRecords()
     */
    int64_t WriteRun(const RunInfo& info, const RunResults& results);

    /**
     * The invariants of the records (sipmob::HandoffRecordViolation: no negative duration, total
     * equal to the sum of its terms when set). A violation is a bug in the code that built the
     * records, and is never stored.
     * @throws RecordInvariantError naming the record and the column
     */
    static void CheckRecords(const RunResults& results);

    /// @return true when the configuration has a run with status "ok"
    bool HasFinishedRun(const std::string& configKey);

    /// @return the status of the configuration's run, empty when there is none
    std::optional<std::string> RunStatus(const std::string& configKey);

    /**
     * Records a run as failed: updates its row if there is one, else inserts one from @p info.
     * Earlier records of that run are removed.
     * @param info the run (its status field is ignored)
     * @param error human-readable reason
     * @param status "failed" or "timeout"
     */
    void MarkFailed(const RunInfo& info, const std::string& error,
                    const std::string& status = "failed");

    /**
     * Marks an existing run as failed.
     * @return false when no run has this key
     */
    bool MarkFailed(const std::string& configKey, const std::string& error);

    /**
     * Runs a read-only query with optional text parameters bound to ?1, ?2, ...
     * @return all rows, columns as text (NULL as empty)
     */
    std::vector<Row> Query(const std::string& sql, const std::vector<std::string>& args = {});

    /// Executes SQL statements without results (e.g. DDL).
    void Execute(const std::string& sql);

    /// @return the file name given to the constructor
    const std::string& Path() const;

    /**
     * Runs SQLite's `PRAGMA quick_check` (every page and index readable and consistent, in time
     * linear in the file size).
     * @return "ok", or the first problems SQLite reports, on one line
     */
    std::string QuickCheck();

    /**
     * Copies every run of another results file (a side file, see results-writer.h) into this
     * one, in one transaction: a run whose config key exists here replaces it (as WriteRun does).
     * @param path the other file
     * @return the number of runs copied
     * @throws DatabaseError when either file cannot be read or this one written
     */
    std::size_t MergeFrom(const std::string& path);

private:
    /// Deletes the hand-off, registration, call, media and SIP message rows of @p runId.
    void DeleteRecords(int64_t runId);
    /// @return run_id of @p configKey, or empty
    std::optional<int64_t> FindRun(const std::string& configKey);
    /// Inserts or replaces the `runs` row and params of @p info; returns run_id.
    int64_t UpsertRun(const RunInfo& info, const std::string& status);
    /// Inserts the records of one run.
    void InsertRecords(int64_t runId, const RunResults& results);
    /// Adds the columns of the schema that an older file lacks (ALTER TABLE ... ADD COLUMN).
    void AddMissingColumns();

    sqlite3* m_db = nullptr; ///< open connection
    std::string m_path;      ///< file name
};

} // namespace ns3

#endif
