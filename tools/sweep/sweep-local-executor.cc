// SPDX-License-Identifier: GPL-2.0-only
#include "sweep/sweep-local-executor.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

namespace sipmob
{

std::string
TailOfFile(const std::string& path, std::size_t maxLines)
{
    std::ifstream in(path);
    std::ostringstream buf;
    buf << in.rdbuf();
    std::string text = buf.str();
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
    {
        text.pop_back();
    }
    std::size_t pos = text.size();
    for (std::size_t lines = 0; lines < maxLines && pos > 0; ++lines)
    {
        const auto nl = text.rfind('\n', pos - 1);
        pos = nl == std::string::npos ? 0 : nl;
    }
    std::string tail = text.substr(pos == 0 ? 0 : pos + 1);
    if (tail.size() > 2000)
    {
        tail = tail.substr(tail.size() - 2000);
    }
    return tail;
}

LocalProcessExecutor::LocalProcessExecutor(std::size_t parallel)
    : m_parallel(parallel)
{
    if (m_parallel == 0)
    {
        const long cores = sysconf(_SC_NPROCESSORS_ONLN);
        m_parallel = cores > 0 ? static_cast<std::size_t>(cores) : 1;
    }
}

LocalProcessExecutor::~LocalProcessExecutor()
{
    CancelAll();
}

std::size_t
LocalProcessExecutor::Parallel() const
{
    return m_parallel;
}

std::size_t
LocalProcessExecutor::Free() const
{
    return m_children.size() >= m_parallel ? 0 : m_parallel - m_children.size();
}

std::size_t
LocalProcessExecutor::Pending() const
{
    return m_children.size() + m_launchFailed.size();
}

void
LocalProcessExecutor::Submit(const ExecJob& job)
{
    char tmpl[] = "/tmp/sipmob-job-stderr-XXXXXX";
    const int errFd = mkstemp(tmpl);
    if (job.argv.empty() || errFd < 0)
    {
        ExecResult r;
        r.id = job.id;
        r.exitStatus = 127;
        r.stderrTail = job.argv.empty() ? "empty command" : "cannot create a temporary file";
        m_launchFailed.push_back(r);
        return;
    }
    std::vector<char*> argv;
    for (const auto& a : job.argv)
    {
        argv.push_back(const_cast<char*>(a.c_str()));
    }
    argv.push_back(nullptr);
    const pid_t pid = fork();
    if (pid == 0)
    {
        // Child: own process group, stdout discarded, stderr to the file, then exec.
        setpgid(0, 0);
        const int devNull = open("/dev/null", O_RDWR);
        dup2(devNull, STDIN_FILENO);
        dup2(devNull, STDOUT_FILENO);
        dup2(errFd, STDERR_FILENO);
        for (const auto& [k, v] : job.env)
        {
            setenv(k.c_str(), v.c_str(), 1);
        }
        execvp(argv[0], argv.data());
        dprintf(STDERR_FILENO, "cannot execute %s: %s\n", argv[0], std::strerror(errno));
        _exit(127);
    }
    close(errFd);
    Child child;
    child.id = job.id;
    child.started = std::chrono::steady_clock::now();
    child.timeoutS = job.timeoutS;
    child.stderrPath = tmpl;
    if (pid < 0)
    {
        ExecResult r;
        r.id = job.id;
        r.exitStatus = 127;
        r.stderrTail = std::string("fork failed: ") + std::strerror(errno);
        std::remove(tmpl);
        m_launchFailed.push_back(r);
        return;
    }
    setpgid(pid, pid); // also from the parent: no race with an early kill
    m_children[pid] = child;
}

ExecResult
LocalProcessExecutor::Finish(const Child& child, int status)
{
    ExecResult r;
    r.id = child.id;
    r.wallTimeS =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - child.started).count();
    r.timedOut = child.killed;
    if (WIFEXITED(status))
    {
        r.exitStatus = WEXITSTATUS(status);
    }
    else if (WIFSIGNALED(status))
    {
        r.signaled = !child.killed;
        r.exitStatus = WTERMSIG(status);
    }
    r.stderrTail = TailOfFile(child.stderrPath);
    std::remove(child.stderrPath.c_str());
    return r;
}

void
LocalProcessExecutor::Reap(std::vector<ExecResult>& out)
{
    const auto now = std::chrono::steady_clock::now();
    for (auto it = m_children.begin(); it != m_children.end();)
    {
        int status = 0;
        const pid_t done = waitpid(it->first, &status, WNOHANG);
        if (done == it->first || (done < 0 && errno == ECHILD))
        {
            out.push_back(Finish(it->second, done < 0 ? 0 : status));
            it = m_children.erase(it);
            continue;
        }
        const double age = std::chrono::duration<double>(now - it->second.started).count();
        if (it->second.timeoutS > 0 && age > it->second.timeoutS && !it->second.killed)
        {
            kill(-it->first, SIGKILL);
            it->second.killed = true;
        }
        ++it;
    }
}

std::vector<ExecResult>
LocalProcessExecutor::Wait(double maxWaitS)
{
    std::vector<ExecResult> out;
    out.swap(m_launchFailed);
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::duration<double>(std::max(0.0, maxWaitS));
    while (true)
    {
        Reap(out);
        if (!out.empty() || m_children.empty() || std::chrono::steady_clock::now() >= deadline)
        {
            return out;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

void
LocalProcessExecutor::CancelAll()
{
    for (const auto& [pid, child] : m_children)
    {
        kill(-pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        std::remove(child.stderrPath.c_str());
    }
    m_children.clear();
    m_launchFailed.clear();
}

} // namespace sipmob
