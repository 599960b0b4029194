// SPDX-License-Identifier: GPL-2.0-only
// Runs sweep jobs as Slurm job arrays; each task writes a results shard the coordinator merges.
#ifndef SIPMOB_TOOLS_SWEEP_SLURM_EXECUTOR_H
#define SIPMOB_TOOLS_SWEEP_SLURM_EXECUTOR_H

#include "results/results-database.h"
#include "sweep/sweep-executor.h"

#include <chrono>
#include <map>
#include <memory>
#include <set>

namespace sipmob
{

/// Settings of the Slurm executor (doc/cluster.md).
struct SlurmOptions
{
    std::string dbPath;     ///< the sweep database; only the coordinator writes it
    std::string sharedDir;  ///< batches/, shards/, logs/ (must be visible from compute nodes)
    std::string executable; ///< sipmob as seen from compute nodes (runs `sweep-task`)
    std::string workDir;    ///< tasks' working directory (relative scenario paths resolve here)
    std::string partition;  ///< sbatch --partition ("" = cluster default)
    std::string time;       ///< sbatch --time per task ("" = partition default)
    std::string mem;        ///< sbatch --mem per task ("" = cluster default)
    std::size_t arrayMax = 1000; ///< tasks per array job (Slurm's MaxArraySize is 1001 by default)
    std::size_t runsPerTask = 1; ///< runs one task executes one after the other
    std::vector<std::string> sbatchArgs; ///< extra sbatch arguments, verbatim
    bool cancelOnExit = false;           ///< CancelAll() cancels our jobs (else leaves them)
    double pollIntervalS = 5;            ///< seconds between squeue polls
    double graceS = 30; ///< how long a task that left the queue may look unfinished (see Poll())
    std::string jobName = "sipmob-sweep"; ///< sbatch --job-name
};

/**
 * Submits the jobs it is given as job arrays (`sbatch --array=0-N`), K runs per task. A task runs
 * `sipmob sweep-task MANIFEST INDEX`, which runs its slice with `sipmob run ... --db SHARD`:
 * every task writes its own SQLite shard in the shared directory, never the sweep database
 * (SQLite's locking is unreliable on network filesystems). Wait() polls `squeue` for tasks
 * queued and running; a task that left the queue is looked up with `sacct` (or, without
 * accounting, `scontrol show job`) for its final state and exit code, its shard is merged into
 * the sweep database (MergeResultsShard: idempotent) and its runs are reported.
 *
 * Every submitted run is recorded in the sweep database's table `slurm_tasks` (config key, array
 * job id, task index, shard, state, exit code). A new executor on the same database adopts runs
 * whose task is still queued or running instead of submitting them again, so an interrupted
 * coordinator resumes without double submission.
 */
class SlurmExecutor : public RunExecutor
{
public:
    /// A task's state as Slurm reports it.
    struct TaskState
    {
        std::string state;    ///< "PENDING", "RUNNING", "COMPLETED", "FAILED", "TIMEOUT", ...
        std::string exitCode; ///< "status:signal" ("" when unknown)
    };

    /**
     * @param options settings; the shared directory is created
     * @throws std::runtime_error when the directory or the database cannot be used
     */
    explicit SlurmExecutor(SlurmOptions options);
    ~SlurmExecutor() override;

    void Submit(const ExecJob& job) override;
    std::size_t Free() const override;
    std::size_t Pending() const override;
    std::vector<ExecResult> Wait(double maxWaitS) override;
    /// Cancels our queued and running jobs with scancel when cancelOnExit, else leaves them.
    void CancelAll() override;
    bool QueueCounts(std::size_t& running, std::size_t& queued) const override;

    /// @return array job ids with tasks still queued or running (left behind by CancelAll())
    std::set<std::string> JobsInFlight() const;

    /// @return the DDL of table `slurm_tasks`
    static std::string TasksSchema();

    /// @return true for a state in which a task is still queued or running
    static bool IsActiveState(const std::string& state);

    /**
     * Parses `squeue --array --noheader --format=%i|%T` output.
     * @return "JOB_TASK" -> state
     */
    static std::map<std::string, TaskState> ParseSqueue(const std::string& text);

    /**
     * Parses `sacct -n -P -X --format=JobID,State,ExitCode` output ("CANCELLED by 0" -> CANCELLED).
     * @return "JOB_TASK" -> state
     */
    static std::map<std::string, TaskState> ParseSacct(const std::string& text);

    /**
     * Parses `scontrol -o show job` output (ArrayJobId, ArrayTaskId, JobState, ExitCode).
     * @return "JOB_TASK" -> state
     */
    static std::map<std::string, TaskState> ParseScontrol(const std::string& text);

private:
    /// One run inside a task.
    struct TaskRun
    {
        std::string key;       ///< config key
        uint64_t id = 0;       ///< ExecJob id, when submitted (or adopted) by this invocation
        bool reported = false; ///< has an id and must be reported by Wait()
    };

    /// One array task ("JOB_INDEX").
    struct Task
    {
        std::string jobId;                               ///< array job id
        std::string index;                               ///< array task index
        std::string shard;                               ///< its results shard
        std::string log;                                 ///< its standard output and error
        std::string state = "SUBMITTED";                 ///< last known Slurm state
        std::vector<TaskRun> runs;                       ///< its runs
        std::chrono::steady_clock::time_point goneSince; ///< first poll it was not in squeue
    };

    /// A run recorded by an earlier invocation with a task still active.
    struct Recorded
    {
        std::string jobId; ///< array job id
        std::string index; ///< task index
        std::string shard; ///< shard
        std::string log;   ///< log
        std::string state; ///< recorded state
    };

    /// Submits the buffered jobs as arrays; failures go to @p out.
    void Flush(std::vector<ExecResult>& out);
    /// Submits one array of tasks (each a list of jobs); failures go to @p out.
    void SubmitArray(const std::vector<std::vector<ExecJob>>& tasks, std::vector<ExecResult>& out);
    /// Asks squeue (and sacct/scontrol) about our tasks; finished ones go to @p out.
    void Poll(std::vector<ExecResult>& out);
    /// Final states of tasks that left the queue, from sacct or else scontrol.
    std::map<std::string, TaskState> FinalStates(const std::set<std::string>& jobIds);
    /// @return true when the task's status file has a line for each of its runs
    bool AllRunsReported(const Task& task) const;
    /// Merges a finished task's shard and reports its runs.
    void Complete(Task& task, const TaskState& final, std::vector<ExecResult>& out);
    /// Updates the recorded state of every run of @p task.
    void RecordState(const Task& task, const std::string& exitCode);
    /// Loads the runs of earlier invocations whose task is still active.
    void LoadRecorded();

    SlurmOptions m_options;                           ///< settings
    std::unique_ptr<ns3::ResultsDatabase> m_db;       ///< the sweep database
    std::vector<ExecJob> m_buffer;                    ///< submitted, not yet sent to sbatch
    std::map<std::string, Task> m_tasks;              ///< active tasks by "JOB_INDEX"
    std::map<std::string, Recorded> m_recorded;       ///< earlier invocations' active runs by key
    std::chrono::steady_clock::time_point m_nextPoll; ///< when to ask squeue again
    unsigned m_batchCounter = 0;                      ///< batch names of this process
    bool m_warnedPoll = false;                        ///< said once that squeue failed
};

} // namespace sipmob

#endif
