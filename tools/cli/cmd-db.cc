// SPDX-License-Identifier: GPL-2.0-only
// `sipmob db check FILE`, `sipmob db merge FILE [SIDE...]`: the integrity check and the merge of
// side files that runs leave when they cannot write the results file (doc/results-schema.md).
#include "cli/commands.h"
#include "cli/read-only-results.h"
#include "results/results-database.h"
#include "results/results-writer.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace sipmob::cli
{

namespace
{

/// What `sipmob db` was given.
struct DbArgs
{
    std::string file;               ///< the results file
    std::vector<std::string> sides; ///< side files to merge ("" = the pending ones)
};

/// @return 0 when FILE passes SQLite's quick_check, 1 when it is damaged, 2 when it is missing or
///         not a results file (one line); the file is only read
int
Check(const DbArgs& a)
{
    try
    {
        ReadOnlyResults db(a.file);
        const std::string check = db.QuickCheck();
        if (check != "ok")
        {
            std::cerr << "sipmob db check: " << a.file
                      << " is damaged (SQLite quick_check: " << check << ")\n";
            return 1;
        }
        std::cout << a.file << ": ok; " << ns3::PendingSideFiles(a.file).size()
                  << " side file(s) waiting to be merged\n";
        return 0;
    }
    catch (const ResultsFileError& e)
    {
        std::cerr << "sipmob db check: " << e.what() << "\n";
        return 2;
    }
    catch (const std::exception& e)
    {
        std::cerr << "sipmob db check: " << e.what() << "\n";
        return 1;
    }
}

/// Merges the side files; @return 0 when all were merged
int
Merge(const DbArgs& a)
{
    try
    {
        ns3::ResultsDatabase db(a.file);
        const std::string check = db.QuickCheck();
        if (check != "ok")
        {
            std::cerr << "sipmob db merge: " << a.file
                      << " is damaged (SQLite quick_check: " << check
                      << "); merge into a new file instead\n";
            return 1;
        }
        std::size_t runs = 0;
        std::size_t files = 0;
        std::vector<std::string> errors;
        if (a.sides.empty())
        {
            const ns3::MergeSummary s = ns3::MergePendingSideFiles(db);
            runs = s.runs;
            files = s.files;
            errors = s.errors;
        }
        for (const auto& side : a.sides)
        {
            try
            {
                runs += db.MergeFrom(side);
                ++files;
            }
            catch (const std::exception& e)
            {
                errors.push_back(side + ": " + e.what());
            }
        }
        for (const auto& e : errors)
        {
            std::cerr << "sipmob db merge: not merged: " << e << "\n";
        }
        std::cout << "merged " << runs << " run(s) from " << files << " file(s) into " << a.file
                  << "\n";
        return errors.empty() ? 0 : 1;
    }
    catch (const std::exception& e)
    {
        std::cerr << "sipmob db merge: " << e.what() << "\n";
        return 1;
    }
}

} // namespace

void
RegisterDbCommand(CLI::App& app)
{
    auto args = std::make_shared<DbArgs>();
    auto* db = app.add_subcommand("db", "Check a results file, or merge side files into it");
    db->require_subcommand(1);
    auto* check = db->add_subcommand(
        "check",
        "Run SQLite's quick_check on FILE, read-only (exit 1: damaged, 2: not a results file)");
    check->add_option("file", args->file, "Results database")->required();
    check->callback([args] { SetExitStatus(Check(*args)); });
    auto* merge = db->add_subcommand(
        "merge", "Merge side files into FILE: the given ones, else those that runs left in "
                 "FILE.pending/ (or $TMPDIR/sipmob-pending-*) when FILE could not be written");
    merge->add_option("file", args->file, "Results database")->required();
    merge->add_option("sides", args->sides, "Side files (default: the pending ones)");
    merge->callback([args] { SetExitStatus(Merge(*args)); });
}

} // namespace sipmob::cli
