// SPDX-License-Identifier: GPL-2.0-only
// The sweep loop: skip finished configurations, run the rest on an executor, record failures.
#ifndef SIPMOB_TOOLS_SWEEP_RUNNER_H
#define SIPMOB_TOOLS_SWEEP_RUNNER_H

#include "sweep/sweep-executor.h"
#include "sweep/sweep-plan.h"
#include "sweep/sweep-progress.h"

#include <csignal>
#include <memory>
#include <ostream>
#include <string>

namespace sipmob
{

/**
 * Opens a sweep's results file for writing: refuses a damaged one (SQLite quick_check) and merges
 * the side files that runs which could not write it left (ns3::MergePendingSideFiles).
 * @param path the results file
 * @param notes where to say what was merged (may be null)
 * @return the open database
 * @throws ns3::DatabaseError (one line) when it cannot be opened or is damaged
 */
std::unique_ptr<ns3::ResultsDatabase> OpenCheckedDatabase(const std::string& path,
                                                          std::ostream* notes);

/// Settings of a sweep.
struct SweepOptions
{
    std::string dbPath;       ///< shared results database (every job writes it directly)
    std::string executable;   ///< program run as `EXE run SCENARIO ...` (normally sipmob itself)
    double timeoutS = 0;      ///< per-job wall-clock limit, 0 = none
    bool retryFailed = false; ///< rerun configurations recorded as failed/timeout (else skip them)
};

/// What a sweep did.
struct SweepSummary
{
    std::size_t total = 0;         ///< jobs in the plan
    std::size_t skipped = 0;       ///< already finished ("ok") before this invocation
    std::size_t skippedFailed = 0; ///< failed before and not retried (no retryFailed)
    std::size_t ok = 0;            ///< finished now
    std::size_t failed = 0;        ///< failed or timed out now
    bool interrupted = false;      ///< stopped by the stop flag
    std::string databaseError;     ///< the results file failed while recording ("" when not)
    std::size_t notStarted = 0;    ///< jobs not started because the results file failed
};

/**
 * Runs a plan. Every job gets the environment variable SIPMOB_CONFIG_KEY (its config key; `sipmob
 * run` computes the same key with ns3::ResultsDatabase::ConfigKey) and writes its run into the
 * shared database itself. A job counts as finished only when it exited 0 *and* the database holds
 * its config key with status "ok"; otherwise the sweep records it as failed (or timeout) with the
 * exit status and stderr tail (and the batch system's state and exit code), and goes on.
 * Re-running the same sweep runs only what has no run or an unfinished one; configurations recorded
 * as failed or timed out are rerun only with SweepOptions::retryFailed.
 */
class SweepRunner
{
public:
    /**
     * @param plan jobs
     * @param options database, executable, timeout
     * @param executor where jobs run
     */
    SweepRunner(const SweepPlan& plan, SweepOptions options, RunExecutor& executor);

    /// Shows progress on @p out (tty: redrawn bar); notes (side files merged) go there too.
    void SetProgressOutput(std::ostream* out, bool tty);

    /// Stops submitting and cancels running jobs once *flag becomes non-zero (e.g. from SIGINT).
    void SetStopFlag(const volatile std::sig_atomic_t* flag);

    /**
     * Runs the sweep to completion (or interruption). When the results file fails while a job
     * is recorded, no further job starts, the running ones end normally, and the summary says why
     * (databaseError, notStarted).
     * @throws ns3::DatabaseError when the file cannot be opened or is damaged at the start
     */
    SweepSummary Run();

private:
    /// Records one ended job in the database; @return its status
    std::string Record(ns3::ResultsDatabase& db, const SweepJob& job, const ExecResult& result);

    const SweepPlan& m_plan;                            ///< jobs
    SweepOptions m_options;                             ///< settings
    RunExecutor& m_executor;                            ///< back end
    std::ostream* m_progressOut = nullptr;              ///< progress destination (none = quiet)
    std::ostream* m_notes = nullptr;                    ///< notes destination (none = quiet)
    bool m_tty = false;                                 ///< redraw progress
    const volatile std::sig_atomic_t* m_stop = nullptr; ///< interruption flag
};

} // namespace sipmob

#endif
