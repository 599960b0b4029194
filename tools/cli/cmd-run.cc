// SPDX-License-Identifier: GPL-2.0-only
// `sipmob run`: one simulation of a scenario, a readable summary, optionally a row set in SQLite.
#include "cli/commands.h"
#include "cli/run-summary.h"

#include "testbed/host-tap-helper.h"
#include "registrar/provisioning.h"
#include "results/results-database.h"
#include "scenario/scenario-loader.h"
#include "scenario/simulation-runner.h"
#include "testbed/sip-testbed.h"

#include <CLI/CLI.hpp>

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
    std::vector<std::string> taps;
    bool quiet = false;
};

int
Execute(const RunArgs& a)
{
    std::vector<std::pair<std::string, std::string>> overrides;
    ns3::TestbedConfig cfg;
    try
    {
        for (const auto& s : a.sets)
        {
            overrides.push_back(ns3::ScenarioLoader::SplitOverride(s));
        }
        cfg = ns3::ScenarioLoader::Load(a.scenario, overrides);
    }
    catch (const ns3::ScenarioError& e)
    {
        std::cerr << "sipmob run: " << e.what() << "\n";
        return 2;
    }
    ns3::RunInfo info;
    info.scenario = a.scenario;
    info.model = a.model;
    info.seed = a.seed;
    info.run = a.run;
    for (const auto& [k, v] : overrides)
    {
        info.params[k] = v;
    }
    ns3::RunOptions opt;
    opt.model = a.model;
    opt.seed = a.seed;
    opt.run = a.run;
    opt.pcapDir = a.pcap;
    opt.realtime = a.realtime;
    opt.realtimeHardLimitS = a.hardLimit;
    opt.taps = a.taps;
    opt.onBuilt = [](ns3::SipTestbed&)
    {
        for (const auto& tap : ns3::HostTapHelper::GetAttachedTaps())
        {
            std::cout << tap.ToLine() << std::endl; // one line for scripts, flushed at once
        }
    };
    std::unique_ptr<ns3::ResultsDatabase> db;
    ns3::RunOutput out;
    try
    {
        if (!a.db.empty())
        {
            db = std::make_unique<ns3::ResultsDatabase>(a.db);
        }
        out = ns3::SimulationRunner::Run(cfg, opt);
    }
    catch (const std::exception& e)
    {
        std::cerr << "sipmob run: " << e.what() << "\n";
        if (db)
        {
            db->MarkFailed(info, e.what());
        }
        return 1;
    }
    if (out.stopSignal != 0)
    {
        std::cerr << "sipmob run: stopped by signal " << out.stopSignal << " at " << out.simTimeS
                  << " s simulated\n";
    }
    if (a.realtime)
    {
        std::cout << "real time: max lag " << out.maxLagMs << " ms\n";
    }
    info.wallTimeS = out.wallTimeS;
    info.simTimeS = out.simTimeS;
    if (!a.quiet)
    {
        PrintRunSummary(std::cout, cfg.name, out, a.seed, a.run);
    }
    if (db)
    {
        // info.model stays the requested model ("" = the scenario's): the config key must equal
        // the one `sipmob sweep` computed (doc/results-schema.md), or the sweep marks it failed.
        db->WriteRun(info, out.results);
    }
    return 0;
}

} // namespace

void
RegisterRunCommand(CLI::App& app)
{
    auto args = std::make_shared<RunArgs>();
    CLI::App* cmd = app.add_subcommand("run", "Run one simulation of a scenario and summarise it");
    cmd->add_option("scenario", args->scenario, "Scenario file (YAML)")->required();
    cmd->add_option("--model", args->model, "Registration model (overrides the scenario's)")
        ->check(CLI::IsMember({"home-only", "outbound-proxy"}));
    cmd->add_option("--set", args->sets,
                    "KEY=VALUE override: scenario path (wan_links.0.delay_ms=50), "
                    "ns-3 default (ns3::Type::Attr=V) or entity attribute (ua.PollInterval=0.5s)");
    cmd->add_option("--seed", args->seed, "ns-3 RngSeed")->check(CLI::PositiveNumber);
    cmd->add_option("--run", args->run, "ns-3 RngRun")->check(CLI::PositiveNumber);
    cmd->add_option("--db", args->db, "SQLite results file (created if missing)");
    cmd->add_option("--pcap", args->pcap, "Write pcap files of every device into this directory");
    cmd->add_flag("--realtime", args->realtime, "Run with ns-3's real-time simulator");
    cmd->add_option("--hard-limit", args->hardLimit,
                    "Real time: abort when the simulator lags this many seconds behind");
    cmd->add_option("--tap", args->taps, "Real time: attach a host TAP device, NETWORK[:NAME]");
    cmd->add_flag("--quiet", args->quiet, "Print nothing (with --db)");
    cmd->callback([args]() { SetExitStatus(Execute(*args)); });
}

} // namespace sipmob::cli
