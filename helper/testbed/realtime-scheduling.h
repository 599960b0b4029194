// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_REALTIME_SCHEDULING_H
#define SIPMOB_REALTIME_SCHEDULING_H

#include <stdexcept>
#include <string>

namespace ns3
{

/// A real-time priority the system refused, or a malformed one; what() is one line.
class RealtimePriorityError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/**
 * \brief The real-time scheduling of the thread that runs a real-time simulation: SCHED_FIFO at
 *        a priority and memory locked (mlockall), as real-time emulators run; restored on
 *        destruction.
 *
 * Why: on a loaded host a normal (SCHED_OTHER) process waits for a CPU behind the other runnable
 * processes whenever it wakes up for an event, and the real-time simulator falls behind the wall
 * clock by that wait (41 to 94 ms max lag with 10 mobiles at load average 8-10 on 2 cores); a
 * SCHED_FIFO thread preempts them at once (1.3 ms; doc/realtime.md, "Lag"). sched(7): a
 * SCHED_FIFO thread runs until it blocks or a higher priority thread wakes; the kernel keeps 5 %
 * of each second for the others (/proc/sys/kernel/sched_rt_runtime_us). Threads the simulation
 * starts later (the TAP reader of FdNetDevice) inherit the policy.
 *
 * The priority applies to the calling thread only (sched_setscheduler(0, ...) on Linux sets the
 * calling thread). Memory locking (mlockall(MCL_CURRENT | MCL_FUTURE)) avoids page faults in the
 * timed path; when refused (RLIMIT_MEMLOCK without CAP_IPC_LOCK) the priority still applies and
 * IsMemoryLocked() says so.
 */
class RealtimeScheduling
{
public:
    /// The setting: "off", "auto" (kAutoPriority if permitted, else normal scheduling) or N.
    struct Setting
    {
        int priority = 0;  ///< SCHED_FIFO priority 1-99; 0: normal scheduling
        bool auto_ = true; ///< refused: fall back to normal scheduling instead of failing
    };

    /// The priority "auto" uses: above every normal process, below the kernel's interrupt
    /// threads (SCHED_FIFO 50), so the host's network stack (the TAP) still runs first.
    static constexpr int kAutoPriority = 10;

    /**
     * \brief Parse a setting as given on the command line or in a scenario.
     * \param text "off", "auto" or a priority 1-99
     * \param what the option's name that starts the error text (e.g. "--realtime-priority"; "":
     *        none)
     * \throws RealtimePriorityError on anything else
     */
    static Setting Parse(const std::string& text, const std::string& what);

    /**
     * \brief Check that the setting can be applied (set the policy and put it back at once):
     *        refuses early, before a simulation is built.
     * \return "" when it can (or when it is off), else why not (auto only; one line)
     * \throws RealtimePriorityError when an explicit priority is refused
     */
    static std::string Check(const Setting& setting);

    /**
     * \brief Apply the setting to the calling thread (nothing when off, or auto and refused).
     * \throws RealtimePriorityError when an explicit priority is refused
     */
    explicit RealtimeScheduling(const Setting& setting);
    /// Restores the thread's previous policy and priority and unlocks memory.
    ~RealtimeScheduling();

    RealtimeScheduling(const RealtimeScheduling&) = delete;
    RealtimeScheduling& operator=(const RealtimeScheduling&) = delete;

    /// \return the SCHED_FIFO priority applied (0: normal scheduling)
    int GetPriority() const;
    /// \return true when mlockall succeeded
    bool IsMemoryLocked() const;
    /// \return why the setting was not applied (auto refused), else ""
    const std::string& GetNote() const;

private:
    int m_priority;      ///< priority applied, 0 if none
    int m_oldPolicy;     ///< the thread's policy before
    int m_oldPriority;   ///< and its priority
    bool m_memoryLocked; ///< mlockall succeeded
    std::string m_note;  ///< why auto fell back
};

} // namespace ns3

#endif
