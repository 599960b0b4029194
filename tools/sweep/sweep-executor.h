// SPDX-License-Identifier: GPL-2.0-only
// Where sweep jobs run: an interface so local processes and a batch system (Slurm) fit the same
// sweep loop.
#ifndef SIPMOB_TOOLS_SWEEP_EXECUTOR_H
#define SIPMOB_TOOLS_SWEEP_EXECUTOR_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sipmob
{

/// A job to run: one command line.
struct ExecJob
{
    uint64_t id = 0;                                      ///< caller's identifier
    std::vector<std::string> argv;                        ///< command, argv[0] is the program
    std::vector<std::pair<std::string, std::string>> env; ///< extra environment variables
    double timeoutS = 0;                                  ///< wall-clock limit, 0 = none
};

/// How a job ended.
struct ExecResult
{
    uint64_t id = 0;        ///< ExecJob::id
    bool timedOut = false;  ///< killed because it exceeded its timeout
    bool signaled = false;  ///< terminated by a signal (other than our timeout kill)
    int exitStatus = -1;    ///< exit status when it exited normally, else the signal number
    double wallTimeS = 0;   ///< wall-clock duration
    std::string stderrTail; ///< last lines of its standard error (or the launch error)
    std::string batchState; ///< batch system's final state of its task ("TIMEOUT", ...); "" local
    std::string batchExitCode; ///< batch system's exit code of its task ("1:0"); "" local
    std::string batchJobId;    ///< batch job (array task) that ran it, "1234_5"; "" local

    /// @return true when the job exited with status 0
    bool Succeeded() const
    {
        return !timedOut && !signaled && exitStatus == 0;
    }
};

/**
 * Runs jobs asynchronously. The sweep submits while Free() > 0 and collects completions with
 * Wait(). LocalProcessExecutor runs child processes; SlurmExecutor submits job arrays with sbatch
 * and polls squeue/sacct in Wait().
 */
class RunExecutor
{
public:
    virtual ~RunExecutor() = default;

    /// Starts (or queues) @p job. Launch failures are reported by Wait(), not thrown.
    virtual void Submit(const ExecJob& job) = 0;

    /// @return how many more jobs may be submitted now
    virtual std::size_t Free() const = 0;

    /// @return jobs submitted and not yet returned by Wait()
    virtual std::size_t Pending() const = 0;

    /**
     * Waits until at least one job ends or @p maxWaitS passes.
     * @return the jobs that ended (possibly none)
     */
    virtual std::vector<ExecResult> Wait(double maxWaitS) = 0;

    /// Stops every pending job, or leaves it to a batch system when so configured (interruption).
    virtual void CancelAll() = 0;

    /**
     * Jobs running and jobs queued, for progress displays.
     * @param running set to the jobs running now
     * @param queued set to the jobs waiting in a batch queue
     * @return false when the executor does not tell them apart (then both are untouched)
     */
    virtual bool QueueCounts(std::size_t& running, std::size_t& queued) const
    {
        (void) running;
        (void) queued;
        return false;
    }
};

} // namespace sipmob

#endif
