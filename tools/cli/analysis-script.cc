// SPDX-License-Identifier: GPL-2.0-only
#include "cli/analysis-script.h"

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

/// @return the directory of this executable ("" when unknown)
std::string
ExecutableDirectory()
{
    char buf[PATH_MAX];
    const ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
    if (n <= 0)
    {
        return "";
    }
    std::string dir(buf, n);
    return dir.substr(0, dir.rfind('/'));
}

} // namespace

std::string
FindAnalysisScript(const std::string& name)
{
    std::vector<std::string> candidates;
    if (const char* src = std::getenv("SIPMOB_SOURCE_DIR"); src && *src)
    {
        candidates.push_back(std::string(src) + "/analysis/" + name);
    }
    if (const std::string dir = ExecutableDirectory(); !dir.empty())
    {
        candidates.push_back(dir + "/../analysis/" + name);
        candidates.push_back(dir + "/../../analysis/" + name);
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

int
RunAnalysisScript(const std::string& command, const std::string& name,
                  const std::vector<std::string>& args)
{
    const std::string script = FindAnalysisScript(name);
    if (script.empty())
    {
        std::cerr << command << ": analysis/" << name
                  << " not found; set SIPMOB_SOURCE_DIR to the sipmob source directory\n";
        return 2;
    }
    const pid_t pid = fork();
    if (pid == 0)
    {
        // The script takes its statistics from the sipmob module built next to this executable.
        if (const std::string dir = ExecutableDirectory();
            !dir.empty() && !std::getenv("SIPMOB_BUILD_DIR"))
        {
            setenv("SIPMOB_BUILD_DIR", dir.c_str(), 1);
        }
        std::vector<std::string> argv = {"python3", script};
        argv.insert(argv.end(), args.begin(), args.end());
        std::vector<char*> cargv;
        for (auto& a : argv)
        {
            cargv.push_back(a.data());
        }
        cargv.push_back(nullptr);
        execv("/usr/bin/python3", cargv.data());
        std::cerr << command << ": cannot run /usr/bin/python3\n";
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0)
    {
        std::cerr << command << ": cannot start analysis/" << name << "\n";
        return 2;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}

} // namespace sipmob::cli
