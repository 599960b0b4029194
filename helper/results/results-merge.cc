// SPDX-License-Identifier: GPL-2.0-only
#include "results/results-merge.h"

#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

namespace ns3
{

namespace
{

/// @return the column names of @p schema.@p table, in order (empty when there is no such table)
std::vector<std::string>
Columns(ResultsDatabase& db, const std::string& schema, const std::string& table)
{
    std::vector<std::string> cols;
    for (const auto& row :
         db.Query("PRAGMA " + schema + ".table_info(" + SqlIdentifier(table) + ")"))
    {
        cols.push_back(row.at(1).value_or(""));
    }
    return cols;
}

/**
 * @param withRunId true: the tables with a run_id column (other than `runs`); false: the tables
 *        without one (e.g. `scenarios`, keyed by content)
 * @return those tables of @p schema
 */
std::vector<std::string>
RunTables(ResultsDatabase& db, const std::string& schema, bool withRunId = true)
{
    std::vector<std::string> tables;
    for (const auto& row :
         db.Query("SELECT name FROM " + schema +
                  ".sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                  "AND name <> 'runs' ORDER BY name"))
    {
        const std::string name = row.at(0).value_or("");
        bool hasRunId = false;
        for (const auto& col : Columns(db, schema, name))
        {
            hasRunId = hasRunId || col == "run_id";
        }
        if (hasRunId == withRunId)
        {
            tables.push_back(name);
        }
    }
    return tables;
}

/// @return "a, b, c" of the columns of @p from that @p to also has, run_id left out
std::string
CommonColumns(const std::vector<std::string>& from, const std::vector<std::string>& to)
{
    const std::set<std::string> target(to.begin(), to.end());
    std::string list;
    for (const auto& c : from)
    {
        if (c != "run_id" && target.count(c))
        {
            list += (list.empty() ? "" : ", ") + SqlIdentifier(c);
        }
    }
    return list;
}

/// ATTACH for the lifetime of the object (DETACH must happen outside a transaction).
class Attached
{
public:
    Attached(ResultsDatabase& db, const std::string& path)
        : m_db(db)
    {
        m_db.Query("ATTACH DATABASE ?1 AS shard", {path});
    }

    ~Attached()
    {
        try
        {
            m_db.Execute("DETACH DATABASE shard");
        }
        catch (const std::exception&)
        {
            // Nothing to do: the connection is closed with the database object.
        }
    }

    Attached(const Attached&) = delete;
    Attached& operator=(const Attached&) = delete;

private:
    ResultsDatabase& m_db;
};

} // namespace

ShardMergeSummary
MergeResultsShard(ResultsDatabase& into, const std::string& shardPath)
{
    if (!std::ifstream(shardPath).good())
    {
        throw std::runtime_error("results shard '" + shardPath + "' does not exist");
    }
    ShardMergeSummary summary;
    Attached attached(into, shardPath);
    const std::vector<std::string> shardRunCols = Columns(into, "shard", "runs");
    if (shardRunCols.empty())
    {
        throw std::runtime_error("'" + shardPath + "' is not a results database (no table runs)");
    }
    const std::string runCols = CommonColumns(shardRunCols, Columns(into, "main", "runs"));
    const std::vector<std::string> shardTables = RunTables(into, "shard");
    const std::vector<std::string> sharedTables = RunTables(into, "shard", false);
    into.Execute("BEGIN IMMEDIATE");
    try
    {
        // A table the target lacks (a newer shard) is created from the shard's own definition.
        for (const auto& table : shardTables)
        {
            if (Columns(into, "main", table).empty())
            {
                const auto sql = into.Query(
                    "SELECT sql FROM shard.sqlite_master WHERE type = 'table' AND name = ?1",
                    {table});
                into.Execute(sql.at(0).at(0).value_or(""));
            }
        }
        // Tables not tied to one run (scenario texts by hash): rows the target lacks, so a merge
        // repeated adds nothing.
        for (const auto& table : sharedTables)
        {
            if (Columns(into, "main", table).empty())
            {
                const auto sql = into.Query(
                    "SELECT sql FROM shard.sqlite_master WHERE type = 'table' AND name = ?1",
                    {table});
                into.Execute(sql.at(0).at(0).value_or(""));
            }
            const std::string cols =
                CommonColumns(Columns(into, "shard", table), Columns(into, "main", table));
            if (!cols.empty())
            {
                into.Execute("INSERT OR IGNORE INTO main." + SqlIdentifier(table) + " (" + cols +
                             ") SELECT " + cols + " FROM shard." + SqlIdentifier(table) +
                             " EXCEPT SELECT " + cols + " FROM main." + SqlIdentifier(table));
            }
        }
        const std::vector<std::string> targetTables = RunTables(into, "main");
        std::map<std::string, std::string> copyColumns; // table -> common columns
        for (const auto& table : shardTables)
        {
            copyColumns[table] =
                CommonColumns(Columns(into, "shard", table), Columns(into, "main", table));
        }
        for (const auto& run :
             into.Query("SELECT run_id, config_key, status FROM shard.runs ORDER BY run_id"))
        {
            const std::string shardId = run.at(0).value_or("");
            const std::string key = run.at(1).value_or("");
            const bool shardOk = run.at(2) == std::optional<std::string>("ok");
            const auto target =
                into.Query("SELECT run_id, status FROM main.runs WHERE config_key = ?1", {key});
            if (!target.empty())
            {
                const bool targetOk = target[0][1] == std::optional<std::string>("ok");
                if (targetOk || !shardOk)
                {
                    ++(targetOk && shardOk ? summary.alreadyPresent : summary.kept);
                    continue;
                }
                const std::string oldId = target[0][0].value_or("");
                for (const auto& table : targetTables) // children first (foreign keys)
                {
                    into.Query("DELETE FROM main." + SqlIdentifier(table) + " WHERE run_id = ?1",
                               {oldId});
                }
                into.Query("DELETE FROM main.runs WHERE run_id = ?1", {oldId});
            }
            into.Query("INSERT INTO main.runs (" + runCols + ") SELECT " + runCols +
                           " FROM shard.runs WHERE run_id = ?1",
                       {shardId});
            const std::string newId = into.Query("SELECT last_insert_rowid()").at(0).at(0).value();
            for (const auto& [table, cols] : copyColumns)
            {
                const std::string colList = cols.empty() ? "" : ", " + cols;
                into.Query("INSERT INTO main." + SqlIdentifier(table) + " (run_id" + colList +
                               ") SELECT ?1" + colList + " FROM shard." + SqlIdentifier(table) +
                               " WHERE run_id = ?2",
                           {newId, shardId});
            }
            ++summary.copied;
            summary.copiedKeys.push_back(key);
        }
        into.Execute("COMMIT");
    }
    catch (...)
    {
        try
        {
            into.Execute("ROLLBACK");
        }
        catch (const std::exception&)
        {
            // The original error is more useful; it propagates.
        }
        throw;
    }
    return summary;
}

} // namespace ns3
