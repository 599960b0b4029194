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

void
RunPlot(const std::string& db, const std::string& out)
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
        execl("/usr/bin/python3", "python3", script.c_str(), db.c_str(), "--out", out.c_str(),
              static_cast<char*>(nullptr));
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
    auto db = std::make_shared<std::string>();
    auto out = std::make_shared<std::string>("plots");
    CLI::App* sub = app.add_subcommand(
        "plot",
        "Draw hand-off latency figures (PNG) from a results database (needs python3-matplotlib, "
        "python3-pandas)");
    sub->add_option("file", *db, "Results database")->required()->check(CLI::ExistingFile);
    sub->add_option("--out", *out, "Output directory")->capture_default_str();
    sub->callback([db, out] { RunPlot(*db, *out); });
}

} // namespace sipmob::cli
