// SPDX-License-Identifier: GPL-2.0-only
#include "sweep/sweep-task.h"

#include "sweep/sweep-local-executor.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

namespace sipmob
{

namespace
{

/// @return @p text on one line: tabs and newlines become " | "
std::string
OneLine(const std::string& text)
{
    std::string out;
    for (char c : text)
    {
        out += (c == '\n' || c == '\t' || c == '\r') ? std::string(" | ") : std::string(1, c);
    }
    return out;
}

/// @return how a job ended, as written in the status file
const char*
Outcome(const ExecResult& r)
{
    if (r.Succeeded())
    {
        return "ok";
    }
    return r.timedOut ? "timeout" : (r.signaled ? "signal" : "exit");
}

} // namespace

int
RunSweepTask(const std::string& manifest, const std::string& index, std::ostream& log)
{
    std::ifstream in(manifest);
    if (!in)
    {
        log << "sipmob sweep-task: cannot read manifest '" << manifest << "'\n";
        return 2;
    }
    std::vector<ExecJob> jobs;
    std::string line;
    while (std::getline(in, line))
    {
        std::vector<std::string> f;
        std::istringstream fields(line);
        std::string field;
        while (std::getline(fields, field, '\t'))
        {
            f.push_back(field);
        }
        if (f.size() < 4 || f[0] != index)
        {
            continue;
        }
        ExecJob job;
        job.id = jobs.size();
        try
        {
            job.timeoutS = std::stod(f[1]);
        }
        catch (const std::exception&)
        {
            log << "sipmob sweep-task: bad timeout '" << f[1] << "' in " << manifest << "\n";
            return 2;
        }
        job.env = {{"SIPMOB_CONFIG_KEY", f[2]}};
        job.argv.assign(f.begin() + 3, f.end());
        jobs.push_back(job);
    }
    if (jobs.empty())
    {
        log << "sipmob sweep-task: no run for task " << index << " in " << manifest << "\n";
        return 2;
    }
    char host[256] = "";
    gethostname(host, sizeof(host) - 1);
    log << "sipmob sweep-task: task " << index << " of " << manifest << " on " << host << ": "
        << jobs.size() << " run(s)\n";
    int status = 0;
    LocalProcessExecutor executor(1);
    for (const auto& job : jobs)
    {
        std::string shard;
        for (std::size_t i = 1; i < job.argv.size(); ++i)
        {
            shard = job.argv[i - 1] == "--db" ? job.argv[i] : shard;
        }
        executor.Submit(job);
        std::vector<ExecResult> done;
        while (done.empty())
        {
            done = executor.Wait(3600);
        }
        const ExecResult& r = done.front();
        const std::string key = job.env.front().second;
        log << "sipmob sweep-task: " << Outcome(r) << " " << key << " (" << r.wallTimeS << " s)"
            << (r.stderrTail.empty() ? "" : ": " + r.stderrTail) << "\n";
        log.flush();
        std::ofstream statusFile(shard + ".status", std::ios::app);
        statusFile << key << '\t' << r.exitStatus << '\t' << Outcome(r) << '\t' << r.wallTimeS
                   << '\t' << OneLine(r.stderrTail) << '\n';
        status = r.Succeeded() ? status : 1;
    }
    return status;
}

} // namespace sipmob
