// SPDX-License-Identifier: GPL-2.0-only
// Writing a finished run so that its results are never lost: into the results file, or, when that
// cannot be written (read-only, disk full, damaged), into a side file that `sipmob db merge` and
// the next `sipmob sweep` merge (doc/results-schema.md, "When the file cannot be written").
#ifndef SIPMOB_RESULTS_WRITER_H
#define SIPMOB_RESULTS_WRITER_H

#include "results/results-database.h"

#include <functional>
#include <string>
#include <vector>

namespace ns3
{

/// What became of a run's results.
struct WriteOutcome
{
    /// Where the results are.
    enum class Where
    {
        Database, ///< written to the results file
        SideFile, ///< the results file failed; kept in sidePath
        Lost,     ///< neither could be written
    };

    Where where = Where::Database; ///< outcome
    std::string error;             ///< why the results file failed ("" when written)
    std::string sidePath;          ///< side file holding the run (Where::SideFile)
};

/// Called on each database opened for writing before the run is written (tests limit it).
using PrepareDatabase = std::function<void(ResultsDatabase&)>;

/// @return the directory of side files of @p dbPath: "<dbPath>.pending"
std::string PendingDirectory(const std::string& dbPath);

/// @return the fallback directory of side files when PendingDirectory() cannot be written:
///         "$TMPDIR/sipmob-pending-<hash of the absolute path of dbPath>" (TMPDIR default /tmp)
std::string FallbackPendingDirectory(const std::string& dbPath);

/**
 * Writes a finished run into @p dbPath; when that fails, into a fresh side file
 * `<key hash>.db` in PendingDirectory(), else in FallbackPendingDirectory().
 * @param dbPath results file
 * @param info the run (status, identity, provenance)
 * @param results its records
 * @param prepare called on each database before writing (may be empty)
 * @return the outcome; never throws for a database error
 */
WriteOutcome WriteRunOrKeep(const std::string& dbPath, const RunInfo& info,
                            const RunResults& results, const PrepareDatabase& prepare = {});

/// @return the side files waiting for @p dbPath, in name order (both directories)
std::vector<std::string> PendingSideFiles(const std::string& dbPath);

/// The result of merging side files.
struct MergeSummary
{
    std::size_t files = 0;           ///< side files merged (and removed)
    std::size_t runs = 0;            ///< runs copied
    std::vector<std::string> errors; ///< "FILE: reason" for each side file left in place
};

/**
 * Merges every side file of @p db into it, removing each one merged.
 * @param db the open results file
 * @return what was merged and what was not
 */
MergeSummary MergePendingSideFiles(ResultsDatabase& db);

} // namespace ns3

#endif
