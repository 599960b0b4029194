// SPDX-License-Identifier: GPL-2.0-only
#include "sweep/sweep-runner.h"

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
    return r.stderrTail.empty() ? head : std::string(head) + ": " + r.stderrTail;
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
    m_tty = tty;
}

void
SweepRunner::SetStopFlag(const volatile std::sig_atomic_t* flag)
{
    m_stop = flag;
}

std::string
SweepRunner::Record(ns3::ResultsDatabase& db, const SweepJob& job, const ExecResult& result)
{
    ns3::RunInfo info = job.info;
    info.wallTimeS = result.wallTimeS;
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
    const std::string status = result.timedOut ? "timeout" : "failed";
    db.MarkFailed(info, ErrorText(result, m_options.timeoutS), status);
    return status;
}

SweepSummary
SweepRunner::Run()
{
    // Opening creates the schema once, before jobs race to do it.
    ns3::ResultsDatabase db(m_options.dbPath);
    SweepSummary summary;
    const auto& jobs = m_plan.Jobs();
    summary.total = jobs.size();
    std::vector<std::size_t> todo;
    for (std::size_t i = 0; i < jobs.size(); ++i)
    {
        if (db.HasFinishedRun(jobs[i].configKey))
        {
            ++summary.skipped;
        }
        else
        {
            todo.push_back(i);
        }
    }
    std::unique_ptr<SweepProgress> progress;
    if (m_progressOut)
    {
        progress =
            std::make_unique<SweepProgress>(*m_progressOut, m_tty, jobs.size(), summary.skipped);
    }
    std::size_t next = 0;
    while (next < todo.size() || m_executor.Pending() > 0)
    {
        if (m_stop && *m_stop)
        {
            m_executor.CancelAll();
            summary.interrupted = true;
            break;
        }
        while (next < todo.size() && m_executor.Free() > 0)
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
            const std::string status = Record(db, job, r);
            (status == "ok" ? summary.ok : summary.failed)++;
            if (progress)
            {
                progress->JobFinished(Label(job), status, r.wallTimeS);
            }
        }
    }
    if (progress)
    {
        progress->Finish();
    }
    return summary;
}

} // namespace sipmob
