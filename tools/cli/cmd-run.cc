// SPDX-License-Identifier: GPL-2.0-only
// `sipmob run`: one simulation of a scenario, a readable summary, optionally a row set in SQLite.
#include "cli/commands.h"

#include "cli/run-summary.h"
#include "mobility/registration-model-registry.h"
#include "registrar/provisioning.h"
#include "results/results-database.h"
#include "results/results-writer.h"
#include "results/trace-csv-recorder.h"
#include "scenario/run-identity.h"
#include "scenario/scenario-loader.h"
#include "scenario/simulation-runner.h"
#include "testbed/host-tap-helper.h"
#include "testbed/realtime-scheduling.h"
#include "testbed/sip-testbed.h"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>

namespace sipmob::cli
{

namespace
{

struct RunArgs
{
    std::string scenario;
    std::string model;
    std::vector<std::string> sets;
    uint32_t seed = 1;
    uint32_t run = 1;
    std::string db;
    std::string pcap;
    bool realtime = false;
    double hardLimit = 1.0;
    std::string overload = "stop";
    std::string priority; ///< "" = the scenario's realtime_priority (default auto)
    std::vector<std::string> taps;
    bool quiet = false;
    std::string traceSip;
    std::vector<std::string> traces;
    std::string scheduler;
};

/// Exit statuses of `sipmob run` (doc/results-schema.md, "When the file cannot be written").
enum RunExit
{
    kRunOk = 0,             ///< ran; results written (if --db)
    kRunFailed = 1,         ///< the simulation could not be built or failed
    kBadInput = 2,          ///< invalid scenario, override or option; nothing ran
    kResultsInSideFile = 3, ///< ran; the results file failed, results kept in a side file
    kResultsLost = 4,       ///< ran; neither the results file nor a side file could be written
    kRealtimeOverload = 5,  ///< real time: the lag exceeded --hard-limit; stopped there (summary
                            ///< and records of what ran are printed / written)
};

int
Execute(const RunArgs& a)
{
    ns3::RunInfo info;
    info.scenario = a.scenario;
    info.model = a.model;
    info.seed = a.seed;
    info.run = a.run;
    ns3::RunIdentity id;
    try
    {
        for (const auto& s : a.sets)
        {
            const auto [key, value] = ns3::ScenarioLoader::SplitOverride(s);
            info.params[key] = value;
        }
        id = ns3::IdentifyRun(info);
    }
    catch (const ns3::ScenarioError& e)
    {
        std::cerr << "sipmob run: " << e.what() << "\n";
        return kBadInput;
    }
    ns3::StampRunInfo(info, id);
    // runs.model records the model the run used (the scenario's when --model is not given), so
    // that report --by model and plot --where model=... see it. Set after the identity: the resume
    // key hashes the resolved scenario, which is unchanged, so old results files still match.
    if (info.model.empty())
    {
        info.model = id.config.model;
    }
    if (const char* expected = std::getenv("SIPMOB_CONFIG_KEY");
        expected && *expected && info.configKey != expected)
    {
        // The scenario changed between the sweep's plan and this run: record what ran.
        std::cerr << "sipmob run: note: configuration key " << info.configKey
                  << " differs from the sweep's " << expected
                  << " (the scenario file changed since the sweep started)\n";
    }
    ns3::RunOptions opt;
    opt.model = a.model;
    opt.seed = a.seed;
    opt.run = a.run;
    opt.pcapDir = a.pcap;
    opt.realtime = a.realtime;
    opt.realtimeHardLimitS = a.hardLimit;
    opt.realtimeOverload = a.overload;
    opt.realtimePriority = a.priority;
    opt.taps = a.taps;
    opt.traceSip = a.traceSip;
    opt.scheduler = a.scheduler;
    try
    {
        for (const auto& t : a.traces)
        {
            opt.traces.push_back(ns3::TraceCsvRecorder::SplitSpec(t));
        }
    }
    catch (const ns3::TraceSpecError& e)
    {
        std::cerr << "sipmob run: " << e.what() << "\n";
        return kBadInput;
    }
    opt.onBuilt = [](ns3::SipTestbed&)
    {
        for (const auto& tap : ns3::HostTapHelper::GetAttachedTaps())
        {
            std::cout << tap.ToLine() << std::endl; // one line for scripts, flushed at once
        }
    };
    ns3::RunOutput out;
    try
    {
        out = ns3::SimulationRunner::Run(id.config, opt);
    }
    catch (const ns3::TraceSpecError& e)
    {
        std::cerr << "sipmob run: " << e.what() << "\n"; // refused before the simulation ran
        return kBadInput;
    }
    catch (const ns3::RealtimePriorityError& e)
    {
        std::cerr << "sipmob run: " << e.what() << "\n"; // refused before anything was built
        return kRunFailed;
    }
    catch (const std::exception& e)
    {
        std::cerr << "sipmob run: " << e.what() << "\n";
        if (!a.db.empty())
        {
            try
            {
                ns3::ResultsDatabase(a.db).MarkFailed(info, e.what());
            }
            catch (const std::exception& dbError)
            {
                std::cerr << "sipmob run: " << dbError.what() << "\n";
            }
        }
        return kRunFailed;
    }
    if (out.stopSignal != 0)
    {
        std::cerr << "sipmob run: stopped by signal " << out.stopSignal << " at " << out.simTimeS
                  << " s simulated\n";
    }
    if (!out.realtimeNote.empty())
    {
        std::cerr << "sipmob run: note: " << out.realtimeNote << "\n";
    }
    if (a.realtime)
    {
        std::cout << "real time: max lag " << out.maxLagMs << " ms ("
                  << (out.realtimePriority > 0
                          ? "SCHED_FIFO " + std::to_string(out.realtimePriority) +
                                (out.memoryLocked ? ", memory locked" : "")
                          : std::string("normal priority"))
                  << ")\n";
    }
    const bool stoppedByOverload = out.overloaded && a.overload == "stop";
    if (out.overloaded)
    {
        std::cerr << "sipmob run: real time overloaded: lag " << out.overloadLagMs
                  << " ms > hard limit " << a.hardLimit * 1000.0 << " ms at " << out.overloadAtS
                  << " s simulated; "
                  << (stoppedByOverload ? "stopped there"
                                        : std::to_string(out.overloadSamples) +
                                              " lag samples over the limit, run continued")
                  << " (max lag " << out.maxLagMs << " ms)\n";
    }
    info.wallTimeS = out.wallTimeS;
    info.simTimeS = out.simTimeS;
    if (!a.quiet)
    {
        PrintRunSummary(std::cout, id.config.name, out, a.seed, a.run);
    }
    const int ok = stoppedByOverload ? kRealtimeOverload : kRunOk;
    if (a.db.empty())
    {
        return ok;
    }
    const ns3::WriteOutcome w = ns3::WriteRunOrKeep(a.db, info, out.results);
    switch (w.where)
    {
    case ns3::WriteOutcome::Where::Database:
        return ok;
    case ns3::WriteOutcome::Where::SideFile:
        std::cerr << "sipmob run: results not written to " << a.db << " (" << w.error
                  << "); kept in " << w.sidePath << ", merged by `sipmob db merge " << a.db
                  << "` or the next sweep\n";
        return kResultsInSideFile;
    case ns3::WriteOutcome::Where::Lost:
        break;
    }
    std::cerr << "sipmob run: results lost: " << w.error << "\n";
    return kResultsLost;
}

} // namespace

void
RegisterRunCommand(CLI::App& app)
{
    auto args = std::make_shared<RunArgs>();
    CLI::App* cmd = app.add_subcommand("run", "Run one simulation of a scenario and summarise it");
    cmd->add_option("scenario", args->scenario, "Scenario file (YAML)")->required();
    cmd->add_option("--model", args->model, "Registration model (overrides the scenario's)")
        ->check(CLI::IsMember(ns3::RegistrationModelRegistry::Names()));
    cmd->add_option("--set", args->sets,
                    "KEY=VALUE override: scenario path (wan_links.0.delay_ms=50), "
                    "ns-3 default (ns3::Type::Attr=V) or entity attribute (ua.PollInterval=0.5s)");
    cmd->add_option("--seed", args->seed, "ns-3 RngSeed")->check(CLI::PositiveNumber);
    cmd->add_option("--run", args->run, "ns-3 RngRun")->check(CLI::PositiveNumber);
    cmd->add_option("--db", args->db, "SQLite results file (created if missing)");
    cmd->add_option("--pcap", args->pcap, "Write pcap files of every device into this directory");
    CLI::Option* realtime =
        cmd->add_flag("--realtime", args->realtime, "Run with ns-3's real-time simulator");
    cmd->add_option("--hard-limit", args->hardLimit,
                    "Real time: the largest lag (s) behind the wall clock; beyond it the run "
                    "stops with its summary and exit status 5 (see --realtime-overload)")
        ->check(CLI::PositiveNumber)
        ->needs(realtime);
    cmd->add_option("--realtime-overload", args->overload,
                    "Real time, lag beyond --hard-limit: stop (summary, exit 5) or warn "
                    "(count it, run to the end)")
        ->check(CLI::IsMember({"stop", "warn"}))
        ->needs(realtime);
    cmd->add_option("--realtime-priority", args->priority,
                    "Real time: run the simulator thread at SCHED_FIFO priority N (1-99, memory "
                    "locked), off, or auto (10 when permitted, else a note and normal priority); "
                    "default the scenario's realtime_priority, else auto (doc/realtime.md)")
        ->check(
            [](const std::string& v)
            {
                try
                {
                    ns3::RealtimeScheduling::Parse(v, "");
                    return std::string();
                }
                catch (const ns3::RealtimePriorityError& e)
                {
                    return std::string(e.what());
                }
            })
        ->needs(realtime);
    cmd->add_option("--tap", args->taps, "Real time: attach a host TAP device, NETWORK[:NAME]");
    cmd->add_flag("--quiet", args->quiet, "Print nothing (with --db)");
    cmd->add_flag("--trace-sip{headers}", args->traceSip,
                  "Record every SIP message of every entity in table sip_messages (with --db; "
                  "--trace-sip=full keeps the whole text); `sipmob ladder` draws them")
        ->check(CLI::IsMember({"headers", "full"}));
    cmd->add_option("--scheduler", args->scheduler,
                    "ns-3 event queue: quad (the default, a 4-ary heap), map (ns-3's default), "
                    "heap, calendar, list, priority; the records are the same with each, only "
                    "the CPU time differs")
        ->check(CLI::IsMember(ns3::SimulationRunner::SchedulerNames()));
    cmd->add_option("--trace", args->traces,
                    "SOURCE=FILE.csv: write every call of a trace source to a CSV file (time_s, "
                    "context, arguments); SOURCE a Config path (/NodeList/*/ApplicationList/*/"
                    "$ns3::SipUserAgent/Call) or KIND[@NAME].SOURCE (ua@1001.Call, "
                    "marshal@net1.Rejected); repeatable; scenarios/README.md (traces) lists the "
                    "supported signatures");
    cmd->callback([args]() { SetExitStatus(Execute(*args)); });
}

} // namespace sipmob::cli
