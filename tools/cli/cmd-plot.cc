// SPDX-License-Identifier: GPL-2.0-only
// sipmob plot: draw the standard figures of a results database with analysis/plot_results.py.
#include "cli/commands.h"
#include "cli/read-only-results.h"

#include "cli/analysis-script.h"

#include <CLI/CLI.hpp>

#include <string>
#include <utility>
#include <vector>

namespace sipmob::cli
{

namespace
{

/// What `sipmob plot` was asked for.
struct PlotArgs
{
    std::string db;
    std::string out = "plots";
    std::string x;
    std::string y;
    std::string by;
    std::vector<std::string> where;
    std::vector<std::string> kinds; ///< link-event kinds to draw (empty: the script's default)
};

void
RunPlot(const PlotArgs& args)
{
    std::vector<std::string> argv = {args.db, "--out", args.out};
    for (const auto& [flag, value] : std::vector<std::pair<std::string, std::string>>{
             {"--x", args.x}, {"--y", args.y}, {"--by", args.by}})
    {
        if (!value.empty())
        {
            argv.insert(argv.end(), {flag, value});
        }
    }
    for (const auto& w : args.where)
    {
        argv.insert(argv.end(), {"--where", w});
    }
    for (const auto& k : args.kinds)
    {
        argv.insert(argv.end(), {"--kind", k});
    }
    if (!CheckResultsFile("sipmob plot", args.db))
    {
        SetExitStatus(2);
        return;
    }
    SetExitStatus(RunAnalysisScript("sipmob plot", "plot_results.py", argv));
}

} // namespace

void
RegisterPlotCommand(CLI::App& app)
{
    auto args = std::make_shared<PlotArgs>();
    CLI::App* sub = app.add_subcommand(
        "plot",
        "Draw hand-off figures from a results database: the standard set (one line or bar per "
        "configuration), or with --x one metric (mean and 95 % CI, Student t) against a swept "
        "parameter (needs python3-matplotlib, python3-pandas)");
    sub->add_option("file", args->db, "Results database")->required(); // checked: CheckResultsFile
    sub->add_option("--out", args->out,
                    "Output directory (standard set) or file, .png/.svg/.pdf (with --x; the "
                    "plotted points also go to FILE.csv)")
        ->capture_default_str();
    sub->add_option("--x", args->x,
                    "Swept parameter on the x axis: a --set / -p key as stored in run_params, "
                    "e.g. ua.PollInterval; values with units (0.5s, 50ms, 10Mbps) are parsed");
    sub->add_option("--y", args->y,
                    "Hand-off column on the y axis: total_ms (default), mos, mos_up, "
                    "outage_down_ms, a component (l2_ms, dhcp_ms, ...)");
    sub->add_option("--by", args->by, "One line per value of this key (default: model)");
    sub->add_option("--where", args->where,
                    "Keep the runs with KEY=VALUE (repeatable); other varying parameters get one "
                    "panel each");
    sub->add_option("--kind", args->kinds,
                    "Link events to draw: handoff (a new network; default), reassociation, "
                    "coverage-loss, or all; the rows left out are counted")
        ->check(CLI::IsMember({"handoff", "reassociation", "coverage-loss", "all"}));
    sub->callback([args] { RunPlot(*args); });
}

} // namespace sipmob::cli
