// SPDX-License-Identifier: GPL-2.0-only
#include "cli/read-only-results.h"

#include "results/results-schema.h"

#include <sqlite3.h>

#include <iostream>
#include <set>
#include <sys/stat.h>

namespace sipmob::cli
{

namespace
{

/// @return @p name as an SQL identifier ("..." with inner quotes doubled)
std::string
Quoted(const std::string& name)
{
    std::string out = "\"";
    for (char c : name)
    {
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return out + "\"";
}

} // namespace

ReadOnlyResults::ReadOnlyResults(const std::string& path)
    : m_path(path)
{
    struct stat st;
    if (stat(path.c_str(), &st) != 0)
    {
        throw ResultsFileError(path + ": no such file");
    }
    if (S_ISDIR(st.st_mode))
    {
        throw ResultsFileError(path + ": is a directory, not a results file");
    }
    // READONLY without CREATE: SQLite neither creates nor writes the file (a WAL file may get
    // its -shm index beside it, which leaves the file itself unchanged).
    const int rc = sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READONLY, nullptr);
    if (rc != SQLITE_OK)
    {
        const std::string msg = m_db ? sqlite3_errmsg(m_db) : "out of memory";
        sqlite3_close(m_db);
        m_db = nullptr;
        throw ResultsFileError(path + ": cannot open: " + msg);
    }
    sqlite3_busy_timeout(m_db, 60000); // a sweep may be writing it
    try
    {
        std::set<std::string> runColumns;
        for (const auto& row : Query("SELECT name FROM pragma_table_info('runs')"))
        {
            runColumns.insert(row.at(0).value_or(""));
        }
        if (runColumns.empty())
        {
            throw ResultsFileError(path + ": not a sipmob results file (no table runs)");
        }
        for (const char* column : {"run_id", "scenario", "model", "seed", "run", "status"})
        {
            if (!runColumns.count(column))
            {
                throw ResultsFileError(path +
                                       ": not a sipmob results file (table runs has no "
                                       "column " +
                                       column + ")");
            }
        }
        ShadowMissingColumns();
    }
    catch (const ResultsFileError&)
    {
        sqlite3_close(m_db);
        m_db = nullptr;
        throw;
    }
    catch (const std::exception& e)
    {
        sqlite3_close(m_db);
        m_db = nullptr;
        throw ResultsFileError(path + ": not a sipmob results file (" + e.what() + ")");
    }
}

ReadOnlyResults::~ReadOnlyResults()
{
    sqlite3_close(m_db);
}

std::vector<ReadOnlyResults::Row>
ReadOnlyResults::Query(const std::string& sql, const std::vector<std::string>& args)
{
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
    {
        throw ResultsFileError(m_path + ": " + sqlite3_errmsg(m_db));
    }
    for (std::size_t i = 0; i < args.size(); ++i)
    {
        sqlite3_bind_text(st, static_cast<int>(i + 1), args[i].c_str(), -1, SQLITE_TRANSIENT);
    }
    std::vector<Row> rows;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    {
        Row row;
        const int n = sqlite3_column_count(st);
        for (int c = 0; c < n; ++c)
        {
            const unsigned char* text = sqlite3_column_text(st, c);
            row.push_back(text ? std::optional<std::string>(reinterpret_cast<const char*>(text))
                               : std::nullopt);
        }
        rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE)
    {
        const std::string msg = sqlite3_errmsg(m_db);
        sqlite3_finalize(st);
        throw ResultsFileError(m_path + ": " + msg);
    }
    sqlite3_finalize(st);
    return rows;
}

std::string
ReadOnlyResults::QuickCheck()
{
    std::string problems;
    try
    {
        for (const auto& row : Query("PRAGMA main.quick_check(5)"))
        {
            problems += (problems.empty() ? "" : "; ") + (row.empty() ? "" : row[0].value_or(""));
        }
    }
    catch (const ResultsFileError& e)
    {
        return e.what();
    }
    return problems;
}

void
ReadOnlyResults::ShadowMissingColumns()
{
    // Name resolution looks in the temp schema before main, so a temp view named like a table
    // stands in for it in every query of this connection; the temp schema lives in memory.
    Query("PRAGMA temp_store = MEMORY");
    for (const auto& table : ns3::ResultsTables())
    {
        std::set<std::string> present;
        for (const auto& row : Query("SELECT name FROM pragma_table_info(?1)", {table.name}))
        {
            present.insert(row.at(0).value_or(""));
        }
        std::string columns;
        bool missing = false;
        for (const auto& c : table.columns)
        {
            const bool have = present.count(c.name) > 0;
            missing = missing || !have;
            columns += (columns.empty() ? "" : ", ") +
                       (have ? Quoted(c.name) : "NULL AS " + Quoted(c.name));
        }
        if (!missing)
        {
            continue;
        }
        if (present.empty())
        {
            // A table added after the file was written: empty (a view with no rows).
            Query("CREATE TEMP VIEW " + Quoted(table.name) + " AS SELECT " + columns + " WHERE 0");
            continue;
        }
        // Keep the file's own extra columns too (SELECT *), then the missing ones as NULL.
        std::string nulls;
        for (const auto& c : table.columns)
        {
            if (!present.count(c.name))
            {
                nulls += ", NULL AS " + Quoted(c.name);
            }
        }
        Query("CREATE TEMP VIEW " + Quoted(table.name) + " AS SELECT *" + nulls + " FROM main." +
              Quoted(table.name));
    }
}

bool
CheckResultsFile(const std::string& command, const std::string& path)
{
    try
    {
        ReadOnlyResults db(path);
        return true;
    }
    catch (const ResultsFileError& e)
    {
        std::cerr << command << ": " << e.what() << "\n";
        return false;
    }
}

} // namespace sipmob::cli
