// SPDX-License-Identifier: GPL-2.0-only
#include "sweep/sweep-slurm-executor.h"

#include "results/results-merge.h"
#include "results/results-writer.h"
#include "sweep/sweep-local-executor.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace sipmob
{

namespace
{

/// Output of a finished command.
struct CommandOutput
{
    int status = -1; ///< exit status (-1: could not run or killed)
    std::string out; ///< standard output
    std::string err; ///< standard error
};

/// @return the whole content of @p path ("" when unreadable)
std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path);
    std::ostringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

/**
 * Runs @p argv (no shell), waits at most @p timeoutS and returns its output. Used for sbatch,
 * squeue, sacct, scontrol and scancel, which print little.
 */
CommandOutput
RunCommand(const std::vector<std::string>& argv, double timeoutS = 60)
{
    CommandOutput result;
    char outPath[] = "/tmp/sipmob-slurm-out-XXXXXX";
    char errPath[] = "/tmp/sipmob-slurm-err-XXXXXX";
    const int outFd = mkstemp(outPath);
    const int errFd = mkstemp(errPath);
    if (outFd < 0 || errFd < 0)
    {
        result.err = "cannot create a temporary file";
        return result;
    }
    std::vector<char*> args;
    for (const auto& a : argv)
    {
        args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    const pid_t pid = fork();
    if (pid == 0)
    {
        setpgid(0, 0);
        const int devNull = open("/dev/null", O_RDONLY);
        dup2(devNull, STDIN_FILENO);
        dup2(outFd, STDOUT_FILENO);
        dup2(errFd, STDERR_FILENO);
        execvp(args[0], args.data());
        dprintf(STDERR_FILENO, "cannot execute %s: %s\n", args[0], std::strerror(errno));
        _exit(127);
    }
    close(outFd);
    close(errFd);
    if (pid > 0)
    {
        const auto deadline = std::chrono::steady_clock::now() +
                              std::chrono::duration<double>(std::max(0.1, timeoutS));
        int status = 0;
        while (true)
        {
            const pid_t w = waitpid(pid, &status, WNOHANG);
            if (w == pid)
            {
                result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
                break;
            }
            if (std::chrono::steady_clock::now() > deadline)
            {
                kill(-pid, SIGKILL);
                waitpid(pid, &status, 0);
                result.status = -1;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
    result.out = ReadFile(outPath);
    result.err = ReadFile(errPath);
    if (pid < 0)
    {
        result.err = std::string("fork failed: ") + std::strerror(errno);
    }
    if (result.status == -1 && pid > 0 && result.err.empty())
    {
        result.err = argv[0] + " did not answer within " + std::to_string(int(timeoutS)) + " s";
    }
    std::remove(outPath);
    std::remove(errPath);
    return result;
}

/// @return @p s without leading and trailing white space
std::string
Trim(const std::string& s)
{
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
    {
        return "";
    }
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

/// @return @p s split at @p sep
std::vector<std::string>
Split(const std::string& s, char sep)
{
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(s);
    while (std::getline(in, part, sep))
    {
        parts.push_back(part);
    }
    if (!s.empty() && s.back() == sep)
    {
        parts.emplace_back();
    }
    return parts;
}

/// @return @p s single-quoted for /bin/sh
std::string
ShellQuote(const std::string& s)
{
    std::string out = "'";
    for (char c : s)
    {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

/// mkdir -p
void
MakeDirs(const std::string& path)
{
    std::string partial;
    for (const auto& part : Split(path, '/'))
    {
        partial += part + "/";
        if (!part.empty() && mkdir(partial.c_str(), 0755) != 0 && errno != EEXIST)
        {
            throw std::runtime_error("cannot create directory '" + partial +
                                     "': " + std::strerror(errno));
        }
    }
}

/// @return the value of the environment entry SIPMOB_CONFIG_KEY of @p job ("" if none)
std::string
ConfigKeyOf(const ExecJob& job)
{
    for (const auto& [k, v] : job.env)
    {
        if (k == "SIPMOB_CONFIG_KEY")
        {
            return v;
        }
    }
    return "";
}

/// States in which a task is still queued or running (squeue's long names).
const std::set<std::string> kActiveStates = {
    "SUBMITTED",    "PENDING",  "RUNNING",   "CONFIGURING", "COMPLETING", "REQUEUED", "REQUEUE_FED",
    "REQUEUE_HOLD", "RESIZING", "SUSPENDED", "SIGNALING",   "STAGE_OUT",  "STOPPED"};

/// States counted as queued (not yet running) in progress.
const std::set<std::string> kQueuedStates = {"SUBMITTED",   "PENDING",      "REQUEUED",
                                             "REQUEUE_FED", "REQUEUE_HOLD", "CONFIGURING"};

/// Per-run lines the task wrapper (sipmob sweep-task) wrote: key -> fields.
struct RunStatusLine
{
    int exitStatus = -1;
    bool timedOut = false;
    bool signaled = false;
    double wallS = 0;
    std::string tail;
};

std::map<std::string, RunStatusLine>
ReadStatusFile(const std::string& path)
{
    std::map<std::string, RunStatusLine> lines;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line))
    {
        const auto f = Split(line, '\t');
        if (f.size() < 5)
        {
            continue; // a line cut short by a killed task
        }
        RunStatusLine s;
        try
        {
            s.exitStatus = std::stoi(f[1]);
            s.wallS = std::stod(f[3]);
        }
        catch (const std::exception&)
        {
            continue;
        }
        s.timedOut = f[2] == "timeout";
        s.signaled = f[2] == "signal";
        s.tail = f[4];
        lines[f[0]] = s;
    }
    return lines;
}

} // namespace

std::string
SlurmExecutor::TasksSchema()
{
    return R"SQL(
CREATE TABLE IF NOT EXISTS slurm_tasks (
    config_key TEXT PRIMARY KEY,
    job_id TEXT NOT NULL,
    task_id INTEGER NOT NULL,
    shard TEXT NOT NULL,
    log TEXT NOT NULL,
    state TEXT NOT NULL,
    exit_code TEXT,
    submitted_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
)SQL";
}

bool
SlurmExecutor::IsActiveState(const std::string& state)
{
    return kActiveStates.count(state) > 0;
}

std::map<std::string, SlurmExecutor::TaskState>
SlurmExecutor::ParseSqueue(const std::string& text)
{
    std::map<std::string, TaskState> states;
    for (const auto& line : Split(text, '\n'))
    {
        const auto f = Split(Trim(line), '|');
        if (f.size() >= 2 && f[0].find('_') != std::string::npos)
        {
            states[f[0]] = {Trim(f[1]), ""};
        }
    }
    return states;
}

std::map<std::string, SlurmExecutor::TaskState>
SlurmExecutor::ParseSacct(const std::string& text)
{
    std::map<std::string, TaskState> states;
    for (const auto& line : Split(text, '\n'))
    {
        const auto f = Split(Trim(line), '|');
        if (f.size() < 3 || f[0].find('_') == std::string::npos ||
            f[0].find_first_of("[.") != std::string::npos)
        {
            continue; // not one array task (a step, or a pending range)
        }
        std::string state = Trim(f[1]);
        state = state.substr(0, state.find(' ')); // "CANCELLED by 0"
        states[f[0]] = {state, Trim(f[2])};
    }
    return states;
}

std::map<std::string, SlurmExecutor::TaskState>
SlurmExecutor::ParseScontrol(const std::string& text)
{
    std::map<std::string, TaskState> states;
    for (const auto& line : Split(text, '\n'))
    {
        std::map<std::string, std::string> fields;
        std::istringstream in(line);
        std::string word;
        while (in >> word)
        {
            const auto eq = word.find('=');
            if (eq != std::string::npos)
            {
                fields.emplace(word.substr(0, eq), word.substr(eq + 1));
            }
        }
        if (fields.count("ArrayJobId") && fields.count("ArrayTaskId") && fields.count("JobState") &&
            fields["ArrayTaskId"].find_first_not_of("0123456789") == std::string::npos)
        {
            states[fields["ArrayJobId"] + "_" + fields["ArrayTaskId"]] = {fields["JobState"],
                                                                          fields["ExitCode"]};
        }
    }
    return states;
}

SlurmExecutor::SlurmExecutor(SlurmOptions options)
    : m_options(std::move(options))
    , m_nextPoll(std::chrono::steady_clock::now())
{
    if (m_options.runsPerTask < 1 || m_options.arrayMax < 1)
    {
        throw std::invalid_argument("--runs-per-task and --array-max must be at least 1");
    }
    for (const char* sub : {"/batches", "/shards", "/logs"})
    {
        MakeDirs(m_options.sharedDir + sub);
    }
    m_db = std::make_unique<ns3::ResultsDatabase>(m_options.dbPath);
    m_db->Execute(TasksSchema());
    LoadRecorded();
}

SlurmExecutor::~SlurmExecutor() = default;

void
SlurmExecutor::LoadRecorded()
{
    for (const auto& row :
         m_db->Query("SELECT config_key, job_id, task_id, shard, log, state FROM slurm_tasks"))
    {
        const std::string state = row[5].value_or("");
        if (IsActiveState(state))
        {
            m_recorded[row[0].value_or("")] = {row[1].value_or(""), row[2].value_or(""),
                                               row[3].value_or(""), row[4].value_or(""), state};
        }
    }
}

void
SlurmExecutor::Submit(const ExecJob& job)
{
    const std::string key = ConfigKeyOf(job);
    const auto rec = m_recorded.find(key);
    if (rec == m_recorded.end())
    {
        m_buffer.push_back(job);
        return;
    }
    // Still queued or running from an earlier invocation: follow that task, do not resubmit.
    const Recorded& r = rec->second;
    Task& task = m_tasks[r.jobId + "_" + r.index];
    if (task.jobId.empty())
    {
        task.jobId = r.jobId;
        task.index = r.index;
        task.shard = r.shard;
        task.log = r.log;
        task.state = r.state;
        // Its other runs (not in this plan, or already reported) are merged but not reported.
        for (const auto& [otherKey, other] : m_recorded)
        {
            if (other.jobId == r.jobId && other.index == r.index)
            {
                task.runs.push_back({otherKey, 0, false});
            }
        }
    }
    for (auto& run : task.runs)
    {
        if (run.key == key)
        {
            run.id = job.id;
            run.reported = true;
        }
    }
}

std::size_t
SlurmExecutor::Free() const
{
    // Slurm queues everything; array sizes are bounded when flushing.
    return std::numeric_limits<std::size_t>::max() / 2;
}

std::size_t
SlurmExecutor::Pending() const
{
    std::size_t n = m_buffer.size();
    for (const auto& [name, task] : m_tasks)
    {
        n += std::count_if(task.runs.begin(), task.runs.end(),
                           [](const TaskRun& r) { return r.reported; });
    }
    return n;
}

bool
SlurmExecutor::QueueCounts(std::size_t& running, std::size_t& queued) const
{
    running = 0;
    queued = m_buffer.size();
    for (const auto& [name, task] : m_tasks)
    {
        const std::size_t n = std::count_if(task.runs.begin(), task.runs.end(),
                                            [](const TaskRun& r) { return r.reported; });
        (kQueuedStates.count(task.state) ? queued : running) += n;
    }
    return true;
}

std::set<std::string>
SlurmExecutor::JobsInFlight() const
{
    std::set<std::string> jobs;
    for (const auto& [name, task] : m_tasks)
    {
        jobs.insert(task.jobId);
    }
    return jobs;
}

void
SlurmExecutor::Flush(std::vector<ExecResult>& out)
{
    std::vector<std::vector<ExecJob>> tasks;
    for (const auto& job : m_buffer)
    {
        if (tasks.empty() || tasks.back().size() >= m_options.runsPerTask)
        {
            tasks.emplace_back();
        }
        tasks.back().push_back(job);
    }
    m_buffer.clear();
    for (std::size_t first = 0; first < tasks.size(); first += m_options.arrayMax)
    {
        const std::size_t last = std::min(tasks.size(), first + m_options.arrayMax);
        SubmitArray({tasks.begin() + first, tasks.begin() + last}, out);
    }
}

void
SlurmExecutor::SubmitArray(const std::vector<std::vector<ExecJob>>& tasks,
                           std::vector<ExecResult>& out)
{
    const auto fail = [&](const std::string& why)
    {
        for (const auto& task : tasks)
        {
            for (const auto& job : task)
            {
                ExecResult r;
                r.id = job.id;
                r.exitStatus = -1;
                r.batchState = "NOT_SUBMITTED";
                r.batchJobId = "none";
                r.stderrTail = why;
                out.push_back(r);
            }
        }
    };
    // Unique over time, processes and coordinators sharing the directory.
    char stamp[32];
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%S", &utc);
    char host[64] = "";
    gethostname(host, sizeof(host) - 1);
    const std::string batch = std::string("b") + stamp + "-" + host + "-" +
                              std::to_string(getpid()) + "-" + std::to_string(m_batchCounter++);
    const std::string dir = m_options.sharedDir;
    const std::string manifest = dir + "/batches/" + batch + ".tsv";
    const std::string script = dir + "/batches/" + batch + ".sh";
    {
        std::ofstream m(manifest);
        for (std::size_t t = 0; t < tasks.size(); ++t)
        {
            const std::string shard = dir + "/shards/" + batch + "-" + std::to_string(t) + ".db";
            for (const auto& job : tasks[t])
            {
                std::ostringstream line;
                line << t << '\t' << job.timeoutS << '\t' << ConfigKeyOf(job);
                for (std::size_t i = 0; i < job.argv.size(); ++i)
                {
                    const bool isDb = i > 0 && job.argv[i - 1] == "--db";
                    const std::string& arg = isDb ? shard : job.argv[i];
                    if (arg.find_first_of("\t\n") != std::string::npos)
                    {
                        fail("argument contains a tab or a newline: '" + arg + "'");
                        return;
                    }
                    line << '\t' << arg;
                }
                m << line.str() << '\n';
            }
        }
        std::ofstream s(script);
        s << "#!/bin/sh\n# sipmob sweep: one array task runs its slice of " << manifest << "\n"
          << "exec " << ShellQuote(m_options.executable) << " sweep-task " << ShellQuote(manifest)
          << " \"${SLURM_ARRAY_TASK_ID:?not run as a Slurm array task}\"\n";
        if (!m || !s)
        {
            fail("cannot write " + manifest + " or " + script);
            return;
        }
    }
    chmod(script.c_str(), 0755);
    std::vector<std::string> argv{"sbatch",
                                  "--parsable",
                                  "--array=0-" + std::to_string(tasks.size() - 1),
                                  "--job-name=" + m_options.jobName,
                                  "--output=" + dir + "/logs/" + batch + "-%a.out",
                                  "--chdir=" + m_options.workDir};
    if (!m_options.partition.empty())
    {
        argv.push_back("--partition=" + m_options.partition);
    }
    if (!m_options.time.empty())
    {
        argv.push_back("--time=" + m_options.time);
    }
    if (!m_options.mem.empty())
    {
        argv.push_back("--mem=" + m_options.mem);
    }
    argv.insert(argv.end(), m_options.sbatchArgs.begin(), m_options.sbatchArgs.end());
    argv.push_back(script);
    const CommandOutput res = RunCommand(argv);
    const std::string jobId = Trim(res.out).substr(0, Trim(res.out).find(';'));
    if (res.status != 0 || jobId.empty() ||
        jobId.find_first_not_of("0123456789") != std::string::npos)
    {
        fail("sbatch failed: " + Trim(res.err.empty() ? res.out : res.err));
        return;
    }
    const std::string at = ns3::ResultsDatabase::NowIso();
    m_db->Execute("BEGIN IMMEDIATE");
    for (std::size_t t = 0; t < tasks.size(); ++t)
    {
        Task task;
        task.jobId = jobId;
        task.index = std::to_string(t);
        task.shard = dir + "/shards/" + batch + "-" + task.index + ".db";
        task.log = dir + "/logs/" + batch + "-" + task.index + ".out";
        for (const auto& job : tasks[t])
        {
            task.runs.push_back({ConfigKeyOf(job), job.id, true});
            m_db->Query("INSERT OR REPLACE INTO slurm_tasks (config_key, job_id, task_id, shard, "
                        "log, state, exit_code, submitted_at, updated_at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, 'SUBMITTED', NULL, ?6, ?6)",
                        {ConfigKeyOf(job), jobId, task.index, task.shard, task.log, at});
        }
        m_tasks[jobId + "_" + task.index] = task;
    }
    m_db->Execute("COMMIT");
}

std::map<std::string, SlurmExecutor::TaskState>
SlurmExecutor::FinalStates(const std::set<std::string>& jobIds)
{
    std::string list;
    for (const auto& id : jobIds)
    {
        list += (list.empty() ? "" : ",") + id;
    }
    // sacct knows every job when accounting is on; scontrol only recent ones (MinJobAge).
    const CommandOutput acct =
        RunCommand({"sacct", "-n", "-P", "-X", "-j", list, "--format=JobID,State,ExitCode"});
    std::map<std::string, TaskState> states;
    if (acct.status == 0)
    {
        states = ParseSacct(acct.out);
    }
    const CommandOutput ctl = RunCommand({"scontrol", "-o", "show", "job", list});
    if (ctl.status == 0)
    {
        for (const auto& [task, state] : ParseScontrol(ctl.out))
        {
            states.emplace(task, state); // sacct's answer wins
        }
    }
    return states;
}

void
SlurmExecutor::Poll(std::vector<ExecResult>& out)
{
    if (m_tasks.empty())
    {
        return;
    }
    std::set<std::string> jobIds = JobsInFlight();
    std::string list;
    for (const auto& id : jobIds)
    {
        list += (list.empty() ? "" : ",") + id;
    }
    const CommandOutput q =
        RunCommand({"squeue", "--noheader", "--array", "--jobs=" + list, "--format=%i|%T"});
    // squeue refuses a list of only finished jobs with "Invalid job id specified".
    if (q.status != 0 && q.err.find("Invalid job id") == std::string::npos)
    {
        if (!m_warnedPoll)
        {
            std::cerr << "sipmob sweep: squeue failed (will retry): " << Trim(q.err) << "\n";
            m_warnedPoll = true;
        }
        return;
    }
    const auto queued = q.status == 0 ? ParseSqueue(q.out) : std::map<std::string, TaskState>{};
    std::set<std::string> gone;     // array jobs with a task that left the queue
    std::set<std::string> finished; // those tasks ("JOB_INDEX")
    for (auto& [name, task] : m_tasks)
    {
        const auto it = queued.find(name);
        if (it != queued.end() && IsActiveState(it->second.state))
        {
            if (task.state != it->second.state)
            {
                task.state = it->second.state;
                RecordState(task, "");
            }
        }
        else
        {
            gone.insert(task.jobId);
            finished.insert(name);
        }
    }
    if (gone.empty())
    {
        return;
    }
    const auto finals = FinalStates(gone);
    const auto now = std::chrono::steady_clock::now();
    for (auto it = m_tasks.begin(); it != m_tasks.end();)
    {
        if (!finished.count(it->first))
        {
            ++it;
            continue;
        }
        Task& task = it->second;
        const auto f = finals.find(it->first);
        const TaskState final = f == finals.end() ? TaskState{"UNKNOWN", ""} : f->second;
        if (task.goneSince == std::chrono::steady_clock::time_point{})
        {
            task.goneSince = now;
        }
        const double goneS = std::chrono::duration<double>(now - task.goneSince).count();
        // Accounting can lag the queue (sacct still says RUNNING), and a shared filesystem can
        // show a finished task's shard late (attribute caching): a completed task without a
        // status line for each of its runs gets a grace period before its runs count as failed.
        const bool lagging =
            IsActiveState(final.state) ||
            ((final.state == "COMPLETED" || final.state == "UNKNOWN") && !AllRunsReported(task));
        if (lagging && goneS < m_options.graceS)
        {
            ++it;
            continue;
        }
        Complete(task, final, out);
        it = m_tasks.erase(it);
    }
}

bool
SlurmExecutor::AllRunsReported(const Task& task) const
{
    const auto lines = ReadStatusFile(task.shard + ".status");
    return std::all_of(task.runs.begin(), task.runs.end(),
                       [&lines](const TaskRun& r) { return lines.count(r.key) > 0; });
}

void
SlurmExecutor::RecordState(const Task& task, const std::string& exitCode)
{
    const std::string at = ns3::ResultsDatabase::NowIso();
    m_db->Query("UPDATE slurm_tasks SET state = ?1, exit_code = NULLIF(?2, ''), updated_at = ?3 "
                "WHERE job_id = ?4 AND task_id = ?5",
                {task.state, exitCode, at, task.jobId, task.index});
}

void
SlurmExecutor::Complete(Task& task, const TaskState& final, std::vector<ExecResult>& out)
{
    task.state = final.state.empty() ? "UNKNOWN" : final.state;
    std::string mergeError;
    try
    {
        // A run that could not write the shard kept its results in a side file next to it
        // (results-writer.h): into the shard first.
        if (!ns3::PendingSideFiles(task.shard).empty())
        {
            ns3::ResultsDatabase shard(task.shard);
            ns3::MergePendingSideFiles(shard);
        }
    }
    catch (const std::exception& e)
    {
        mergeError = e.what();
    }
    if (access(task.shard.c_str(), F_OK) == 0)
    {
        try
        {
            ns3::MergeResultsShard(*m_db, task.shard);
        }
        catch (const std::exception& e)
        {
            mergeError = e.what();
        }
    }
    RecordState(task, final.exitCode);
    const auto lines = ReadStatusFile(task.shard + ".status");
    const std::string jobName = task.jobId + "_" + task.index;
    for (const auto& run : task.runs)
    {
        if (!run.reported)
        {
            continue;
        }
        ExecResult r;
        r.id = run.id;
        const auto line = lines.find(run.key);
        if (line != lines.end())
        {
            r.wallTimeS = line->second.wallS;
        }
        if (m_db->HasFinishedRun(run.key))
        {
            r.exitStatus = 0;
            out.push_back(r);
            continue;
        }
        r.batchState = task.state;
        r.batchExitCode = final.exitCode;
        r.batchJobId = jobName;
        if (line != lines.end() && line->second.exitStatus != 0)
        {
            // The run itself failed inside a task that went on.
            r.exitStatus = line->second.exitStatus;
            r.timedOut = line->second.timedOut;
            r.signaled = line->second.signaled;
            r.stderrTail = line->second.tail;
        }
        else
        {
            // Slurm ended the task before (or while) this run finished.
            r.exitStatus = -1;
            r.timedOut = task.state == "TIMEOUT";
            r.stderrTail = mergeError.empty() ? TailOfFile(task.log, 3) : mergeError;
        }
        out.push_back(r);
    }
}

std::vector<ExecResult>
SlurmExecutor::Wait(double maxWaitS)
{
    std::vector<ExecResult> out;
    if (!m_buffer.empty())
    {
        Flush(out);
    }
    using Clock = std::chrono::steady_clock;
    const Clock::time_point deadline =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(std::max(0.0, maxWaitS)));
    while (true)
    {
        if (Clock::now() >= m_nextPoll)
        {
            Poll(out);
            m_nextPoll = std::chrono::steady_clock::now() +
                         std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                             std::chrono::duration<double>(m_options.pollIntervalS));
        }
        if (!out.empty() || m_tasks.empty() || std::chrono::steady_clock::now() >= deadline)
        {
            return out;
        }
        std::this_thread::sleep_until(std::min(deadline, m_nextPoll));
    }
}

void
SlurmExecutor::CancelAll()
{
    m_buffer.clear();
    if (!m_options.cancelOnExit || m_tasks.empty())
    {
        return; // left to Slurm; recorded, so the next invocation collects them
    }
    std::vector<std::string> argv{"scancel"};
    for (const auto& id : JobsInFlight())
    {
        argv.push_back(id);
    }
    const CommandOutput res = RunCommand(argv);
    if (res.status != 0)
    {
        std::cerr << "sipmob sweep: scancel failed: " << Trim(res.err) << "\n";
        return;
    }
    for (auto& [name, task] : m_tasks)
    {
        // Runs a cancelled task finished before the cancel are kept.
        if (access(task.shard.c_str(), F_OK) == 0)
        {
            try
            {
                ns3::MergeResultsShard(*m_db, task.shard);
            }
            catch (const std::exception& e)
            {
                std::cerr << "sipmob sweep: " << e.what() << "\n";
            }
        }
        task.state = "CANCELLED";
        RecordState(task, "");
    }
    m_tasks.clear();
}

} // namespace sipmob
