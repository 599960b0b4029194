// SPDX-License-Identifier: GPL-2.0-only
#include "testbed/realtime-scheduling.h"

#include <cerrno>
#include <cstring>
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>

namespace ns3
{

namespace
{

/// The one-line reason why SCHED_FIFO at @p priority was refused (errno @p err).
std::string
Refusal(int priority, int err)
{
    return "real-time priority " + std::to_string(priority) +
           " refused: sched_setscheduler(SCHED_FIFO): " + std::strerror(err) +
           (err == EPERM
                ? " (needs root, CAP_SYS_NICE or `ulimit -r` >= " + std::to_string(priority) + ")"
                : std::string());
}

/// Sets the calling thread's policy; \return 0 or the error number.
int
SetPolicy(int policy, int priority)
{
    sched_param p{};
    p.sched_priority = priority;
    return pthread_setschedparam(pthread_self(), policy, &p);
}

} // namespace

RealtimeScheduling::Setting
RealtimeScheduling::Parse(const std::string& text, const std::string& what)
{
    if (text == "auto")
    {
        return Setting{kAutoPriority, true};
    }
    if (text == "off")
    {
        return Setting{0, false};
    }
    const int max = sched_get_priority_max(SCHED_FIFO);
    const bool digits = !text.empty() && text.size() <= 2 &&
                        text.find_first_not_of("0123456789") == std::string::npos;
    const int n = digits ? std::stoi(text) : 0;
    if (n < 1 || n > max)
    {
        throw RealtimePriorityError((what.empty() ? "" : what + ": ") + "'" + text +
                                    "': expected off, auto or a priority 1-" + std::to_string(max));
    }
    return Setting{n, false};
}

std::string
RealtimeScheduling::Check(const Setting& setting)
{
    if (setting.priority == 0)
    {
        return "";
    }
    int policy = SCHED_OTHER;
    sched_param old{};
    pthread_getschedparam(pthread_self(), &policy, &old);
    if (const int err = SetPolicy(SCHED_FIFO, setting.priority); err != 0)
    {
        if (!setting.auto_)
        {
            throw RealtimePriorityError(Refusal(setting.priority, err) +
                                        "; use --realtime-priority off");
        }
        return Refusal(setting.priority, err) + "; running at normal priority";
    }
    SetPolicy(policy, old.sched_priority);
    return "";
}

RealtimeScheduling::RealtimeScheduling(const Setting& setting)
    : m_priority(0)
    , m_oldPolicy(SCHED_OTHER)
    , m_oldPriority(0)
    , m_memoryLocked(false)
{
    if (setting.priority == 0)
    {
        return;
    }
    sched_param old{};
    pthread_getschedparam(pthread_self(), &m_oldPolicy, &old);
    m_oldPriority = old.sched_priority;
    if (const int err = SetPolicy(SCHED_FIFO, setting.priority); err != 0)
    {
        if (!setting.auto_)
        {
            throw RealtimePriorityError(Refusal(setting.priority, err) +
                                        "; use --realtime-priority off");
        }
        m_note = Refusal(setting.priority, err) + "; running at normal priority";
        return;
    }
    m_priority = setting.priority;
    m_memoryLocked = mlockall(MCL_CURRENT | MCL_FUTURE) == 0;
}

RealtimeScheduling::~RealtimeScheduling()
{
    if (m_memoryLocked)
    {
        munlockall();
    }
    if (m_priority != 0)
    {
        SetPolicy(m_oldPolicy, m_oldPriority);
    }
}

int
RealtimeScheduling::GetPriority() const
{
    return m_priority;
}

bool
RealtimeScheduling::IsMemoryLocked() const
{
    return m_memoryLocked;
}

const std::string&
RealtimeScheduling::GetNote() const
{
    return m_note;
}

} // namespace ns3
