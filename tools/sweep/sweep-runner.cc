// SPDX-License-Identifier: GPL-2.0-only
#include "sweep/sweep-runner.h"

#include "results/results-writer.h"

#include <cstdio>

namespace sipmob
{

namespace
{

/// A short label of a job for progress lines.
std::string
Label(const SweepJob& job)
{
    std::string label = job.info.model.empty() ? "" : job.info.model + " ";
    for (const auto& [k, v] : job.info.params)
    {
        label += k + "=" + v + " ";
    }
    return label + "run " + std::to_string(job.info.run);
}

/// The error text of a job that did not succeed.
std::string
ErrorText(const ExecResult& r, double timeoutS)
{
    char head[96];
    if (r.timedOut)
    {
        std::snprintf(head, sizeof(head), "timed out after %.1f s (killed)", timeoutS);
    }
    else if (r.signaled)
    {
        std::snprintf(head, sizeof(head), "killed by signal %d", r.exitStatus);
    }
    else
    {
        std::snprintf(head, sizeof(head), "exit status %d", r.exitStatus);
    }
    std::string text = head;
    if (!r.batchState.empty())
    {
        // The batch system's verdict first when it killed the task (TIMEOUT, OUT_OF_MEMORY, ...).
        const std::string slurm = "Slurm " + r.batchState + ", exit code " +
                                  (r.batchExitCode.empty() ? "?" : r.batchExitCode) + " (job " +
                                  r.batchJobId + ")";
        text = r.exitStatus < 0 ? slurm : text + "; " + slurm;
    }
    return r.stderrTail.empty() ? text : text + ": " + r.stderrTail;
}

} // namespace

SweepRunner::SweepRunner(const SweepPlan& plan, SweepOptions options, RunExecutor& executor)
    : m_plan(plan)
    , m_options(std::move(options))
    , m_executor(executor)
{
}

void
SweepRunner::SetProgressOutput(std::ostream* out, bool tty)
{
    m_progressOut = out;
    m_notes = out;
    m_tty = tty;
}

void
SweepRunner::SetStopFlag(const volatile std::sig_atomic_t* flag)
{
    m_stop = flag;
}

std::unique_ptr<ns3::ResultsDatabase>
OpenCheckedDatabase(const std::string& path, std::ostream* notes)
{
    auto db = std::make_unique<ns3::ResultsDatabase>(path);
    const std::string check = db->QuickCheck();
    if (check != "ok")
    {
        throw ns3::DatabaseError(path + " is damaged (SQLite quick_check: " + check +
                                     "); use a copy from before the damage or a new file",
                                 11 /* SQLITE_CORRUPT */);
    }
    const ns3::MergeSummary merged = ns3::MergePendingSideFiles(*db);
    if (notes && merged.files > 0)
    {
        *notes << "merged " << merged.runs << " run(s) from " << merged.files
               << " side file(s) into " << path << "\n";
    }
    for (const auto& e : merged.errors)
    {
        if (notes)
        {
            *notes << "side file not merged: " << e << "\n";
        }
    }
    return db;
}

std::string
SweepRunner::Record(ns3::ResultsDatabase& db, const SweepJob& job, const ExecResult& result)
{
    ns3::RunInfo info = job.info;
    info.wallTimeS = result.wallTimeS;
    if (info.model.empty())
    {
        info.model = job.usedModel; // a failed row names the model like an ok one (cmd-run.cc)
    }
    if (result.Succeeded())
    {
        if (db.HasFinishedRun(job.configKey))
        {
            return "ok";
        }
        db.MarkFailed(info,
                      "exited 0 but recorded no finished run (config key " + job.configKey + ")");
        return "failed";
    }
    if (!result.timedOut && !result.signaled && result.exitStatus == 3)
    {
        // The job could not write the results file and kept its run in a side file.
        const ns3::MergeSummary merged = ns3::MergePendingSideFiles(db);
        if (db.HasFinishedRun(job.configKey))
        {
            return "ok";
        }
        const std::string why = merged.errors.empty() ? "" : merged.errors.front();
        db.MarkFailed(info,
                      ErrorText(result, m_options.timeoutS) + (why.empty() ? "" : "; " + why));
        return "failed";
    }
    const std::string status = result.timedOut ? "timeout" : "failed";
    db.MarkFailed(info, ErrorText(result, m_options.timeoutS), status);
    return status;
}

SweepSummary
SweepRunner::Run()
{
    // Opening creates the schema once, before jobs race to do it.
    std::unique_ptr<ns3::ResultsDatabase> checked = OpenCheckedDatabase(m_options.dbPath, m_notes);
    ns3::ResultsDatabase& db = *checked;
    SweepSummary summary;
    const auto& jobs = m_plan.Jobs();
    summary.total = jobs.size();
    // The one resume rule (SweepPlan::Pending): finished runs are skipped, failed ones unless
    // retryFailed.
    const std::vector<std::size_t> unfinished = m_plan.Pending(db, true);
    const std::vector<std::size_t> todo = m_plan.Pending(db, m_options.retryFailed);
    summary.skipped = jobs.size() - unfinished.size();
    summary.skippedFailed = unfinished.size() - todo.size();
    std::unique_ptr<SweepProgress> progress;
    if (m_progressOut)
    {
        progress = std::make_unique<SweepProgress>(*m_progressOut, m_tty, jobs.size(),
                                                   summary.skipped + summary.skippedFailed);
    }
    std::size_t next = 0;
    while ((summary.databaseError.empty() && next < todo.size()) || m_executor.Pending() > 0)
    {
        if (m_stop && *m_stop)
        {
            m_executor.CancelAll();
            summary.interrupted = true;
            break;
        }
        while (summary.databaseError.empty() && next < todo.size() && m_executor.Free() > 0)
        {
            const SweepJob& job = jobs[todo[next]];
            ExecJob exec;
            exec.id = todo[next];
            exec.argv = SweepPlan::Argv(job, m_options.executable, m_options.dbPath);
            exec.env = {{"SIPMOB_CONFIG_KEY", job.configKey}};
            exec.timeoutS = m_options.timeoutS;
            m_executor.Submit(exec);
            ++next;
        }
        for (const ExecResult& r : m_executor.Wait(0.25))
        {
            const SweepJob& job = jobs[r.id];
            std::string status;
            try
            {
                status = Record(db, job, r);
            }
            catch (const ns3::DatabaseError& e)
            {
                // The results file broke under the sweep (full, read-only, damaged): start
                // nothing more, let the running jobs end (a job that cannot write keeps its run in
                // a side file), and say so once.
                if (summary.databaseError.empty())
                {
                    summary.databaseError = e.what();
                }
                status = "unrecorded";
            }
            (status == "ok" ? summary.ok : summary.failed)++;
            if (progress)
            {
                progress->JobFinished(Label(job), status, r.wallTimeS);
            }
        }
        std::size_t running = 0;
        std::size_t queued = 0;
        if (progress && m_executor.QueueCounts(running, queued))
        {
            progress->Queue(running, queued);
        }
    }
    if (!summary.databaseError.empty())
    {
        summary.notStarted = todo.size() - next;
    }
    if (progress)
    {
        progress->Finish();
    }
    return summary;
}

} // namespace sipmob
