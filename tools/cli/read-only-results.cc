// SPDX-License-Identifier: GPL-2.0-only
#include "cli/read-only-results.h"

#include "results/results-schema.h"

#include <iostream>
#include <set>
#include <sys/stat.h>

namespace sipmob::cli
{

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
    try
    {
        // READONLY without CREATE: SQLite neither creates nor writes the file (a WAL file may get
        // its -shm index beside it, which leaves the file itself unchanged). The busy timeout
        // waits for a sweep that may be writing it.
        m_db = std::make_unique<ns3::ResultsDatabase>(path, 60000,
                                                      ns3::ResultsDatabase::Mode::kReadOnly);
    }
    catch (const ns3::DatabaseError& e)
    {
        throw ResultsFileError(e.what()); // names the file and SQLite's reason
    }
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
        throw;
    }
    catch (const std::exception& e)
    {
        throw ResultsFileError(path + ": not a sipmob results file (" + e.what() + ")");
    }
}

ReadOnlyResults::~ReadOnlyResults() = default;

std::vector<ReadOnlyResults::Row>
ReadOnlyResults::Query(const std::string& sql, const std::vector<std::string>& args)
{
    try
    {
        return m_db->Query(sql, args);
    }
    catch (const ns3::DatabaseError& e)
    {
        throw ResultsFileError(m_path + ": " + e.what());
    }
}

std::string
ReadOnlyResults::QuickCheck()
{
    return m_db->QuickCheck();
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
            columns +=
                (columns.empty() ? "" : ", ") +
                (have ? ns3::SqlIdentifier(c.name) : "NULL AS " + ns3::SqlIdentifier(c.name));
        }
        if (!missing)
        {
            continue;
        }
        if (present.empty())
        {
            // A table added after the file was written: empty (a view with no rows).
            Query("CREATE TEMP VIEW " + ns3::SqlIdentifier(table.name) + " AS SELECT " + columns +
                  " WHERE 0");
            continue;
        }
        // Keep the file's own extra columns too (SELECT *), then the missing ones as NULL.
        std::string nulls;
        for (const auto& c : table.columns)
        {
            if (!present.count(c.name))
            {
                nulls += ", NULL AS " + ns3::SqlIdentifier(c.name);
            }
        }
        Query("CREATE TEMP VIEW " + ns3::SqlIdentifier(table.name) + " AS SELECT *" + nulls +
              " FROM main." + ns3::SqlIdentifier(table.name));
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
