// SPDX-License-Identifier: GPL-2.0-only
// sipmob sweep: run a scenario over a parameter grid and replications, in parallel on this machine
// or as Slurm job arrays, resumable. sipmob sweep-task: one Slurm array task (doc/cluster.md).
#include "cli/commands.h"
#include "cli/read-only-results.h"
#include "sweep/sweep-local-executor.h"
#include "sweep/sweep-runner.h"
#include "sweep/sweep-slurm-executor.h"
#include "sweep/sweep-task.h"

#include <CLI/CLI.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <limits.h>
#include <regex>

namespace sipmob::cli
{

namespace
{

volatile std::sig_atomic_t g_stopSweep = 0;

void
OnInterrupt(int)
{
    g_stopSweep = 1;
}

/// Settings gathered by CLI11.
struct SweepArgs
{
    std::string scenario;
    std::vector<std::string> params;
    std::vector<std::string> zips;
    uint32_t runs = 1;
    uint32_t seed = 1;
    std::string db = "results.db";
    std::size_t jobs = 0;
    double timeoutS = 0;
    std::string executable;
    bool retryFailed = false;
    bool dryRun = false;
    std::string executor = "local";
    SlurmOptions slurm;
    CLI::App* sub = nullptr; ///< to tell which options were given
};

/// The simulation program: --executable, else $SIPMOB_SWEEP_EXECUTABLE, else this executable.
std::string
SimulationExecutable(const std::string& given)
{
    if (!given.empty())
    {
        return given;
    }
    if (const char* env = std::getenv("SIPMOB_SWEEP_EXECUTABLE"); env && *env)
    {
        return env;
    }
    char buf[PATH_MAX];
    const ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
    return n > 0 ? std::string(buf, n) : "sipmob";
}

/// @return @p path made absolute against the working directory
std::string
Absolute(const std::string& path)
{
    if (!path.empty() && path.front() == '/')
    {
        return path;
    }
    char cwd[PATH_MAX];
    return getcwd(cwd, sizeof(cwd)) ? std::string(cwd) + "/" + path : path;
}

/// Checks the Slurm options; throws std::invalid_argument with the reason.
void
CheckSlurmArgs(const SweepArgs& args)
{
    static const char* const slurmOnly[] = {"--partition",  "--time",           "--mem",
                                            "--array-max",  "--runs-per-task",  "--shared-dir",
                                            "--sbatch-arg", "--cancel-on-exit", "--poll-interval"};
    if (args.executor == "local")
    {
        for (const char* opt : slurmOnly)
        {
            if (args.sub->count(opt) > 0)
            {
                throw std::invalid_argument(std::string(opt) + " applies to --executor slurm only");
            }
        }
        return;
    }
    if (args.sub->count("--jobs") > 0)
    {
        throw std::invalid_argument("--jobs applies to --executor local only (Slurm decides how "
                                    "many tasks run at once)");
    }
    // Slurm's own formats: [D-]HH[:MM[:SS]] or minutes; a number with an optional K/M/G/T suffix.
    if (!args.slurm.time.empty() &&
        !std::regex_match(args.slurm.time, std::regex(R"((\d+-)?\d+(:\d{1,2}){0,2})")))
    {
        throw std::invalid_argument("--time '" + args.slurm.time +
                                    "': expected MINUTES, HH:MM:SS or D-HH:MM:SS");
    }
    if (!args.slurm.mem.empty() && !std::regex_match(args.slurm.mem, std::regex(R"(\d+[KMGT]?)")))
    {
        throw std::invalid_argument("--mem '" + args.slurm.mem + "': expected e.g. 2000M or 4G");
    }
    if (!args.slurm.partition.empty() &&
        args.slurm.partition.find_first_of(" \t\n") != std::string::npos)
    {
        throw std::invalid_argument("--partition '" + args.slurm.partition + "': no spaces");
    }
}

/// Prints the plan and what the database already holds (sweep --dry-run).
void
PrintPlan(const SweepPlan& plan, const SweepArgs& args)
{
    std::map<std::string, std::string> status; // config key -> run status
    std::map<std::string, std::string> slurm;  // config key -> "JOB_TASK STATE"
    struct stat st
    {
    };
    if (stat(args.db.c_str(), &st) == 0)
    {
        // --dry-run only reads: never create the schema in, or convert, the file it looks at.
        ReadOnlyResults db(args.db);
        for (const auto& row : db.Query("SELECT config_key, status FROM runs"))
        {
            status[row[0].value_or("")] = row[1].value_or("");
        }
        if (!db.Query("SELECT name FROM sqlite_master WHERE name = 'slurm_tasks'").empty())
        {
            for (const auto& row : db.Query("SELECT config_key, job_id || '_' || task_id || ' ' "
                                            "|| state FROM slurm_tasks"))
            {
                slurm[row[0].value_or("")] = row[1].value_or("");
            }
        }
    }
    const auto& jobs = plan.Jobs();
    std::size_t done = 0;
    std::size_t failed = 0;
    std::size_t inFlight = 0;
    std::cout << "plan: " << plan.Configurations() << " configuration(s) x " << plan.Runs()
              << " run(s) = " << jobs.size() << " job(s), database " << args.db << "\n";
    for (std::size_t c = 0; c < plan.Configurations(); ++c)
    {
        const SweepJob& first = jobs[c * plan.Runs()];
        std::string label = first.info.model.empty() ? "" : "model=" + first.info.model + " ";
        for (const auto& [k, v] : first.info.params)
        {
            label += k + "=" + v + " ";
        }
        std::size_t cDone = 0;
        std::size_t cFailed = 0;
        std::size_t cFlight = 0;
        for (uint32_t r = 0; r < plan.Runs(); ++r)
        {
            const std::string& key = jobs[c * plan.Runs() + r].configKey;
            const std::string s = status.count(key) ? status[key] : "";
            const bool flying =
                slurm.count(key) > 0 &&
                SlurmExecutor::IsActiveState(slurm[key].substr(slurm[key].find(' ') + 1)) &&
                s != "ok";
            cDone += s == "ok";
            cFailed += s == "failed" || s == "timeout";
            cFlight += flying;
        }
        done += cDone;
        failed += cFailed;
        inFlight += cFlight;
        std::cout << "  " << (label.empty() ? "(scenario as is) " : label) << "runs 1-"
                  << plan.Runs() << ": " << cDone << " done";
        if (cFailed)
        {
            std::cout << ", " << cFailed << " failed";
        }
        if (cFlight)
        {
            std::cout << ", " << cFlight << " queued/running on Slurm";
        }
        std::cout << "\n";
    }
    const std::size_t toRun = jobs.size() - done - inFlight - (args.retryFailed ? 0 : failed);
    std::cout << "total: " << done << " done, " << failed << " failed"
              << (failed && !args.retryFailed ? " (not rerun without --retry-failed)" : "") << ", "
              << inFlight << " queued/running on Slurm, " << toRun << " to run\n";
}

void
RunSweep(SweepArgs& args)
{
    try
    {
        if (args.executor != "local" && args.executor != "slurm")
        {
            throw std::invalid_argument("--executor '" + args.executor +
                                        "': expected local or slurm");
        }
        CheckSlurmArgs(args);
        SweepPlan plan(args.scenario, args.params, args.runs, args.seed, args.zips);
        // Every configuration is checked before any job starts: one line per problem, nothing run.
        const std::vector<std::string> problems = plan.Resolve();
        if (!problems.empty())
        {
            for (const auto& p : problems)
            {
                std::cerr << "sipmob sweep: " << p << "\n";
            }
            std::cerr << "sipmob sweep: nothing run (" << problems.size()
                      << " invalid configuration(s))\n";
            SetExitStatus(2);
            return;
        }
        if (args.dryRun)
        {
            PrintPlan(plan, args);
            SetExitStatus(0);
            return;
        }
        SweepOptions options{args.db, SimulationExecutable(args.executable), args.timeoutS,
                             args.retryFailed};
        std::unique_ptr<RunExecutor> executor;
        SlurmExecutor* slurm = nullptr;
        if (args.executor == "slurm")
        {
            SlurmOptions so = args.slurm;
            so.dbPath = args.db;
            so.sharedDir = Absolute(so.sharedDir.empty() ? args.db + ".slurm" : so.sharedDir);
            so.executable = Absolute(SimulationExecutable(args.executable));
            so.workDir = Absolute(".");
            options.executable = so.executable;
            auto s = std::make_unique<SlurmExecutor>(so);
            slurm = s.get();
            executor = std::move(s);
        }
        else
        {
            executor = std::make_unique<LocalProcessExecutor>(args.jobs);
        }
        SweepRunner runner(plan, options, *executor);
        runner.SetProgressOutput(&std::cerr, isatty(STDERR_FILENO) != 0);
        g_stopSweep = 0;
        runner.SetStopFlag(&g_stopSweep);
        std::signal(SIGINT, OnInterrupt);
        std::signal(SIGTERM, OnInterrupt);
        const SweepSummary s = runner.Run();
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
        std::cout << "jobs " << s.total << ", skipped (already done) " << s.skipped << ", ok "
                  << s.ok << ", failed " << s.failed;
        if (s.skippedFailed > 0)
        {
            std::cout << ", not retried (failed before; --retry-failed) " << s.skippedFailed;
        }
        std::cout << (s.interrupted ? ", interrupted" : "") << "\n";
        if (slurm && s.interrupted && !slurm->JobsInFlight().empty())
        {
            std::string ids;
            for (const auto& id : slurm->JobsInFlight())
            {
                ids += " " + id;
            }
            std::cout << "Slurm jobs left queued or running:" << ids
                      << "; run the same command again to collect their results (or scancel them)"
                      << "\n";
        }
        if (!s.databaseError.empty())
        {
            std::cerr << "sipmob sweep: stopped: cannot record in " << args.db << " ("
                      << s.databaseError << "); " << s.notStarted
                      << " job(s) not started; runs that could not write it are in side files "
                         "(sipmob db merge)\n";
            SetExitStatus(3);
            return;
        }
        SetExitStatus(s.interrupted ? 130 : (s.failed > 0 ? 1 : 0));
    }
    catch (const std::exception& e)
    {
        std::cerr << "sipmob sweep: " << e.what() << "\n";
        SetExitStatus(2);
    }
}

} // namespace

void
RegisterSweepCommand(CLI::App& app)
{
    auto args = std::make_shared<SweepArgs>();
    CLI::App* sub = app.add_subcommand(
        "sweep",
        "Run SCENARIO for every combination of --param values (and the linked --zip values) x "
        "--runs replications, one process per simulation, on this machine or as Slurm job arrays; "
        "re-running resumes (finished configurations are skipped)");
    args->sub = sub;
    sub->add_option("scenario", args->scenario, "Scenario file")->required();
    sub->add_option("--param,-p", args->params,
                    "KEY=V1,V2,... (repeatable; key 'model' -> --model; a value with a comma is "
                    "quoted: KEY=\"a,b\",c)");
    sub->add_option("--zip", args->zips,
                    "KEY=V1,V2,... linked parameters: every --zip varies together (same number "
                    "of values each), not as a product");
    sub->add_option("--runs,-n", args->runs, "Replications per configuration (RngRun 1..N)")
        ->check(CLI::Range(1u, 1000000u));
    sub->add_option("--seed", args->seed, "RngSeed of every run")->capture_default_str();
    sub->add_option("--db", args->db, "Shared results database")->capture_default_str();
    sub->add_option("--jobs,-j", args->jobs,
                    "Simulations at once (local executor; default: number of cores)");
    sub->add_option("--timeout", args->timeoutS, "Per-run wall-clock limit in seconds (0 = none)")
        ->check(CLI::NonNegativeNumber);
    sub->add_option("--executable", args->executable,
                    "Program run as 'EXE run SCENARIO ...' (default: $SIPMOB_SWEEP_EXECUTABLE or "
                    "this sipmob)");
    sub->add_flag("--retry-failed", args->retryFailed,
                  "Rerun configurations recorded as failed or timed out (else they are skipped)");
    sub->add_flag("--dry-run", args->dryRun,
                  "Print the plan (configurations x runs) and what is already done; run nothing");
    sub->add_option("--executor", args->executor, "Where runs execute: local or slurm")
        ->capture_default_str();
    auto* slurm = sub->add_option_group("Slurm", "With --executor slurm (doc/cluster.md)");
    slurm->add_option("--partition", args->slurm.partition, "sbatch --partition");
    slurm->add_option("--time", args->slurm.time, "sbatch --time per task (HH:MM:SS)");
    slurm->add_option("--mem", args->slurm.mem, "sbatch --mem per task (e.g. 2G)");
    slurm
        ->add_option("--array-max", args->slurm.arrayMax,
                     "Tasks per array job (larger sweeps are split; default 1000)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
    slurm
        ->add_option("--runs-per-task", args->slurm.runsPerTask,
                     "Runs one array task executes one after the other (default 1)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
    slurm->add_option("--shared-dir", args->slurm.sharedDir,
                      "Directory visible from compute nodes for manifests, shards and logs "
                      "(default: DB.slurm next to the database)");
    slurm->add_option("--sbatch-arg", args->slurm.sbatchArgs,
                      "Extra sbatch argument, verbatim (repeatable; write --sbatch-arg=--qos=x)");
    slurm->add_flag("--cancel-on-exit", args->slurm.cancelOnExit,
                    "On Ctrl-C, scancel the sweep's queued and running jobs (default: leave them; "
                    "running the command again collects them)");
    slurm
        ->add_option("--poll-interval", args->slurm.pollIntervalS,
                     "Seconds between squeue polls (default 5)")
        ->check(CLI::Range(0.1, 3600.0));
    sub->callback([args] { RunSweep(*args); });

    auto taskArgs = std::make_shared<std::pair<std::string, std::string>>();
    CLI::App* task = app.add_subcommand(
        "sweep-task", "One Slurm array task of a sweep (run by the generated batch script)");
    task->group(""); // hidden from --help: not for people
    task->add_option("manifest", taskArgs->first, "Batch manifest")->required();
    task->add_option("index", taskArgs->second, "Array task index ($SLURM_ARRAY_TASK_ID)")
        ->required();
    task->callback([taskArgs]
                   { SetExitStatus(RunSweepTask(taskArgs->first, taskArgs->second, std::cerr)); });
}

} // namespace sipmob::cli
