// SPDX-License-Identifier: GPL-2.0-only
// Runs sweep jobs as local child processes, a bounded number at a time.
#ifndef SIPMOB_TOOLS_SWEEP_LOCAL_EXECUTOR_H
#define SIPMOB_TOOLS_SWEEP_LOCAL_EXECUTOR_H

#include "sweep/sweep-executor.h"

#include <sys/types.h>

#include <chrono>
#include <map>

namespace sipmob
{

/**
 * Each job is a child process in its own process group (so a timeout kills it and anything it
 * started); its standard output is discarded and its standard error kept in a temporary file whose
 * tail is reported. At most `parallel` jobs run at once.
 */
class LocalProcessExecutor : public RunExecutor
{
public:
    /// @param parallel jobs at once; 0 = number of online cores
    explicit LocalProcessExecutor(std::size_t parallel = 0);
    /// Kills jobs still running.
    ~LocalProcessExecutor() override;

    void Submit(const ExecJob& job) override;
    std::size_t Free() const override;
    std::size_t Pending() const override;
    std::vector<ExecResult> Wait(double maxWaitS) override;
    void CancelAll() override;

    /// @return the number of jobs run at once
    std::size_t Parallel() const;

private:
    /// A started child.
    struct Child
    {
        uint64_t id = 0;                               ///< job id
        std::chrono::steady_clock::time_point started; ///< launch time
        double timeoutS = 0;                           ///< limit, 0 = none
        std::string stderrPath;                        ///< its standard error
        bool killed = false;                           ///< we sent SIGKILL for the timeout
    };

    /// Collects children that ended and kills overdue ones; appends to @p out.
    void Reap(std::vector<ExecResult>& out);
    /// Turns a wait status into a result and removes the stderr file.
    ExecResult Finish(const Child& child, int status);

    std::size_t m_parallel;                 ///< jobs at once
    std::map<pid_t, Child> m_children;      ///< running children by pid
    std::vector<ExecResult> m_launchFailed; ///< jobs that could not be started
};

/// @return the last @p maxLines lines (at most 2000 characters) of file @p path
std::string TailOfFile(const std::string& path, std::size_t maxLines = 5);

} // namespace sipmob

#endif
