// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_TOOLS_READ_ONLY_RESULTS_H
#define SIPMOB_TOOLS_READ_ONLY_RESULTS_H

#include "results/results-database.h"

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace sipmob::cli
{

/// Why a results file cannot be read; what() is one line that names the file.
class ResultsFileError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/**
 * A results file opened for reading only (ns3::ResultsDatabase in its read-only mode), for the
 * commands that only read (report, db check): the schema is never created, no column added and
 * the journal mode never changed, so the file stays byte-identical. It refuses a file that is not a
 * sipmob results file: no table `runs`, or a `runs` without the identity columns every sipmob
 * wrote. A file written by an older sipmob still reads: a column or table it lacks reads as NULL
 * or empty (temporary views in the connection's own temp schema, never in the file).
 */
class ReadOnlyResults
{
public:
    using Row = ns3::ResultsDatabase::Row;

    /**
     * @param path the results file
     * @throws ResultsFileError when it does not exist, is not SQLite or not a results file
     */
    explicit ReadOnlyResults(const std::string& path);
    ~ReadOnlyResults();
    ReadOnlyResults(const ReadOnlyResults&) = delete;
    ReadOnlyResults& operator=(const ReadOnlyResults&) = delete;

    /// Runs a query with optional text parameters ?1, ?2, ...; @return all rows as text
    std::vector<Row> Query(const std::string& sql, const std::vector<std::string>& args = {});

    /// @return "ok", else SQLite's quick_check findings on one line
    std::string QuickCheck();

private:
    /// Makes the columns and tables of the current schema that the file lacks read as NULL.
    void ShadowMissingColumns();

    std::string m_path;
    std::unique_ptr<ns3::ResultsDatabase> m_db; ///< opened in ResultsDatabase::Mode::kReadOnly
};

/**
 * Opens @p path read-only as a results file, for a command that hands it to a script: a missing
 * or foreign file is refused here in one line ("COMMAND: FILE: reason" on stderr).
 * @return false when refused
 */
bool CheckResultsFile(const std::string& command, const std::string& path);

} // namespace sipmob::cli

#endif
