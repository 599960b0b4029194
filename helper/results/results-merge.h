// SPDX-License-Identifier: GPL-2.0-only
// Merging a results shard (a database one batch task wrote) into the sweep's results database.
#ifndef SIPMOB_RESULTS_MERGE_H
#define SIPMOB_RESULTS_MERGE_H

#include "results/results-database.h"

#include <cstddef>
#include <string>
#include <vector>

namespace ns3
{

/// What one merge did.
struct ShardMergeSummary
{
    std::size_t copied = 0;              ///< runs copied (new, or replacing an unfinished one)
    std::size_t alreadyPresent = 0;      ///< finished runs the target already had finished
    std::size_t kept = 0;                ///< unfinished shard runs not copied (target has a row)
    std::vector<std::string> copiedKeys; ///< config keys of the copied runs
};

/**
 * Copies the runs of @p shardPath into @p into, with every row that belongs to them.
 *
 * Generic over the schema: a run is identified by its `config_key`; every table of the shard
 * with a `run_id` column (other than `runs`) is copied for it, column by column where both files
 * have the column (so a shard or a target with extra columns merges; a table the target lacks is
 * created from the shard's definition). run_id is renumbered in the target. Tables without a
 * run_id column (`scenarios`: texts keyed by their hash) get the shard's rows they lack.
 * Unlike ResultsDatabase::MergeFrom (side files: the newer run always wins), a finished run is
 * never replaced, so merging again changes nothing.
 *
 * Rules, which make a merge idempotent (merging the same shard twice changes nothing):
 * - a shard run with status "ok" replaces a target run that is not "ok" (missing, "running",
 *   "failed", "timeout"); a target run that is already "ok" is left alone;
 * - a shard run with another status is copied only when the target has no run with its key.
 * The whole merge is one transaction: on error nothing is changed.
 *
 * @param into the sweep's database (the only writer of its file)
 * @param shardPath the shard (read only; a missing file is an error)
 * @return what was done
 * @throws std::runtime_error when the shard cannot be read or is not a results database
 */
ShardMergeSummary MergeResultsShard(ResultsDatabase& into, const std::string& shardPath);

} // namespace ns3

#endif
