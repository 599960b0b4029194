// SPDX-License-Identifier: GPL-2.0-only
// sipmob plot: draw the standard figures of a results database with analysis/plot_results.py.
#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <limits.h>
#include <string>
#include <utility>
#include <vector>

namespace sipmob::cli
{

namespace
{

bool
IsFile(const std::string& path)
{
    struct stat st;
    return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

/**
 * Finds analysis/plot_results.py: $SIPMOB_SOURCE_DIR/analysis first, then relative to this
 * executable (build/sipmob -> ../analysis, and ../../analysis for nested build directories).
 */
std::string
FindPlotScript()
{
    std::vector<std::string> candidates;
    if (const char* src = std::getenv("SIPMOB_SOURCE_DIR"); src && *src)
    {
        candidates.push_back(std::string(src) + "/analysis/plot_results.py");
    }
    char buf[PATH_MAX];
    const ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
    if (n > 0)
    {
        std::string dir(buf, n);
        dir = dir.substr(0, dir.rfind('/'));
        candidates.push_back(dir + "/../analysis/plot_results.py");
        candidates.push_back(dir + "/../../analysis/plot_results.py");
    }
    for (const auto& c : candidates)
    {
        if (IsFile(c))
        {
            return c;
        }
    }
    return "";
}

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
    const std::string script = FindPlotScript();
    if (script.empty())
    {
        std::cerr << "sipmob plot: analysis/plot_results.py not found; set SIPMOB_SOURCE_DIR to "
                     "the sipmob source directory\n";
        SetExitStatus(2);
        return;
    }
    const pid_t pid = fork();
    if (pid == 0)
    {
        // The script takes its statistics from the sipmob module built next to this executable.
        char exe[PATH_MAX];
        const ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
        if (n > 0 && !std::getenv("SIPMOB_BUILD_DIR"))
        {
            std::string dir(exe, n);
            setenv("SIPMOB_BUILD_DIR", dir.substr(0, dir.rfind('/')).c_str(), 1);
        }
        std::vector<std::string> argv = {"python3", script, args.db, "--out", args.out};
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
        std::vector<char*> cargv;
        for (auto& a : argv)
        {
            cargv.push_back(a.data());
        }
        cargv.push_back(nullptr);
        execv("/usr/bin/python3", cargv.data());
        std::cerr << "sipmob plot: cannot run /usr/bin/python3\n";
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0)
    {
        std::cerr << "sipmob plot: cannot start the plot script\n";
        SetExitStatus(2);
        return;
    }
    SetExitStatus(WIFEXITED(status) ? WEXITSTATUS(status) : 2);
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
    sub->add_option("file", args->db, "Results database")->required()->check(CLI::ExistingFile);
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
