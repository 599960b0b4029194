// SPDX-License-Identifier: GPL-2.0-only
// sipmob sweep: run a scenario over a parameter grid and replications, in parallel, resumable.
#include "cli/commands.h"
#include "sweep/sweep-local-executor.h"
#include "sweep/sweep-runner.h"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <limits.h>

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
    uint32_t runs = 1;
    uint32_t seed = 1;
    std::string db = "results.db";
    std::size_t jobs = 0;
    double timeoutS = 0;
    std::string executable;
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

void
RunSweep(const SweepArgs& args)
{
    try
    {
        SweepPlan plan(args.scenario, args.params, args.runs, args.seed);
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
        LocalProcessExecutor executor(args.jobs);
        SweepOptions options{args.db, SimulationExecutable(args.executable), args.timeoutS};
        SweepRunner runner(plan, options, executor);
        runner.SetProgressOutput(&std::cerr, isatty(STDERR_FILENO) != 0);
        g_stopSweep = 0;
        runner.SetStopFlag(&g_stopSweep);
        std::signal(SIGINT, OnInterrupt);
        std::signal(SIGTERM, OnInterrupt);
        const SweepSummary s = runner.Run();
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
        std::cout << "jobs " << s.total << ", skipped (already done) " << s.skipped << ", ok "
                  << s.ok << ", failed " << s.failed << (s.interrupted ? ", interrupted" : "")
                  << "\n";
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
        "Run SCENARIO for every combination of --param values x --runs replications, one process "
        "per simulation; re-running resumes (finished configurations are skipped)");
    sub->add_option("scenario", args->scenario, "Scenario file")->required();
    sub->add_option("--param,-p", args->params,
                    "KEY=V1,V2,... (repeatable; key 'model' -> --model)");
    sub->add_option("--runs,-n", args->runs, "Replications per configuration (RngRun 1..N)")
        ->check(CLI::Range(1u, 1000000u));
    sub->add_option("--seed", args->seed, "RngSeed of every run")->capture_default_str();
    sub->add_option("--db", args->db, "Shared results database")->capture_default_str();
    sub->add_option("--jobs,-j", args->jobs, "Simulations at once (default: number of cores)");
    sub->add_option("--timeout", args->timeoutS, "Per-run wall-clock limit in seconds (0 = none)")
        ->check(CLI::NonNegativeNumber);
    sub->add_option("--executable", args->executable,
                    "Program run as 'EXE run SCENARIO ...' (default: $SIPMOB_SWEEP_EXECUTABLE or "
                    "this sipmob)");
    sub->callback([args] { RunSweep(*args); });
}

} // namespace sipmob::cli
