// SPDX-License-Identifier: GPL-2.0-only
// Real-time scheduling of the simulator thread (issue 15 item 3, doc/realtime.md "Lag"):
// `--realtime-priority N|auto|off` and the scenario key `realtime_priority`. The thread that runs
// the events is SCHED_FIFO at the priority during the run and back to its policy afterwards;
// an explicit priority the system refuses is a one-line error before anything is built, auto
// falls back with a note. No TAP device: scenarios/two-ap-handoff.yaml, 1 s simulated.
#include "scenario/scenario-loader.h"
#include "scenario/simulation-runner.h"
#include "testbed/realtime-scheduling.h"
#include "testbed/sip-testbed.h"

#include "ns3/simulator.h"

#include <gtest/gtest.h>

#include <linux/capability.h>
#include <pthread.h>
#include <sched.h>
#include <string>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace ns3;

namespace
{
const std::string kScenario = std::string(SIPMOB_SOURCE_DIR) + "/scenarios/two-ap-handoff.yaml";

/// The calling thread's policy and priority.
struct Policy
{
    int policy = -1;
    int priority = -1;
};

Policy
ThreadPolicy()
{
    Policy p;
    sched_param param{};
    pthread_getschedparam(pthread_self(), &p.policy, &param);
    p.priority = param.sched_priority;
    return p;
}

/// Runs two-ap-handoff.yaml in real time for 1 s with @p priority; @p seen gets the policy of
/// the thread that ran the event at 0.5 s.
RunOutput
RunWithPriority(const std::string& priority, Policy* seen)
{
    TestbedConfig cfg = ScenarioLoader::Load(kScenario, {{"duration", "1"}});
    RunOptions opt;
    opt.realtime = true;
    opt.realtimePriority = priority;
    opt.onBuilt = [seen](SipTestbed&)
    { Simulator::Schedule(Seconds(0.5), [seen]() { *seen = ThreadPolicy(); }); };
    return SimulationRunner::Run(cfg, opt);
}

/// \return true when this process may use SCHED_FIFO (root or CAP_SYS_NICE or RLIMIT_RTPRIO)
bool
FifoPermitted()
{
    return RealtimeScheduling::Check({1, true}).empty();
}

/// Drops CAP_SYS_NICE from the calling process (a child of the test; root keeps the rest).
void
DropSysNice()
{
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    syscall(SYS_capget, &header, data);
    data[0].effective &= ~(1u << CAP_SYS_NICE);
    data[0].permitted &= ~(1u << CAP_SYS_NICE);
    syscall(SYS_capset, &header, data);
    rlimit none{0, 0};
    setrlimit(RLIMIT_RTPRIO, &none);
}

/// Runs @p body in a child process without CAP_SYS_NICE; \return its exit status (0: passed).
template <typename F>
int
InChildWithoutSysNice(F body)
{
    pid_t pid = fork();
    if (pid == 0)
    {
        DropSysNice();
        _exit(body());
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}
} // namespace

TEST(RealtimeScheduling, ParseAcceptsOffAutoAndPrioritiesAndRejectsTheRest)
{
    EXPECT_EQ(RealtimeScheduling::Parse("off", "x").priority, 0);
    EXPECT_EQ(RealtimeScheduling::Parse("auto", "x").priority, RealtimeScheduling::kAutoPriority);
    EXPECT_TRUE(RealtimeScheduling::Parse("auto", "x").auto_);
    EXPECT_EQ(RealtimeScheduling::Parse("1", "x").priority, 1);
    EXPECT_FALSE(RealtimeScheduling::Parse("99", "x").auto_);
    for (const char* bad : {"0", "100", "-5", "high", "10x", "", " 10"})
    {
        try
        {
            RealtimeScheduling::Parse(bad, "--realtime-priority");
            ADD_FAILURE() << "accepted '" << bad << "'";
        }
        catch (const RealtimePriorityError& e)
        {
            EXPECT_EQ(std::string(e.what()), std::string("--realtime-priority: '") + bad +
                                                 "': expected off, auto or a priority 1-99");
        }
    }
}

TEST(RealtimeScheduling, TheSimulatorThreadRunsAtTheFifoPriorityAndIsRestoredAfter)
{
    if (!FifoPermitted())
    {
        GTEST_SKIP() << "SCHED_FIFO not permitted here (needs root or CAP_SYS_NICE): skipped";
    }
    const Policy before = ThreadPolicy();
    Policy seen;
    RunOutput out = RunWithPriority("20", &seen);
    EXPECT_EQ(seen.policy, SCHED_FIFO);
    EXPECT_EQ(seen.priority, 20);
    EXPECT_EQ(out.realtimePriority, 20);
    EXPECT_TRUE(out.memoryLocked); // root: CAP_IPC_LOCK
    EXPECT_TRUE(out.realtimeNote.empty());
    const Policy after = ThreadPolicy();
    EXPECT_EQ(after.policy, before.policy);
    EXPECT_EQ(after.priority, before.priority);
}

TEST(RealtimeScheduling, OffLeavesTheThreadAtNormalPriority)
{
    Policy seen;
    RunOutput out = RunWithPriority("off", &seen);
    EXPECT_EQ(seen.policy, SCHED_OTHER);
    EXPECT_EQ(out.realtimePriority, 0);
    EXPECT_FALSE(out.memoryLocked);
    EXPECT_GT(out.simTimeS, 0.9);
}

TEST(RealtimeScheduling, ScenarioKeyIsTheDefaultAndTheOptionOverridesIt)
{
    if (!FifoPermitted())
    {
        GTEST_SKIP() << "SCHED_FIFO not permitted here (needs root or CAP_SYS_NICE): skipped";
    }
    TestbedConfig cfg =
        ScenarioLoader::Load(kScenario, {{"duration", "1"}, {"realtime_priority", "off"}});
    EXPECT_EQ(cfg.realtimePriority, "off");
    RunOptions opt;
    opt.realtime = true;
    Policy seen;
    opt.onBuilt = [&seen](SipTestbed&)
    { Simulator::Schedule(Seconds(0.5), [&seen]() { seen = ThreadPolicy(); }); };
    EXPECT_EQ(SimulationRunner::Run(cfg, opt).realtimePriority, 0);
    EXPECT_EQ(seen.policy, SCHED_OTHER);
    opt.realtimePriority = "30";
    EXPECT_EQ(SimulationRunner::Run(cfg, opt).realtimePriority, 30);
    EXPECT_EQ(seen.policy, SCHED_FIFO);
    EXPECT_EQ(seen.priority, 30);
}

TEST(RealtimeScheduling, ScenarioKeyRejectsAnythingButOffAutoOrAPriority)
{
    try
    {
        ScenarioLoader::Load(kScenario, {{"realtime_priority", "high"}});
        ADD_FAILURE() << "realtime_priority: high accepted";
    }
    catch (const ScenarioError& e)
    {
        EXPECT_NE(std::string(e.what()).find("realtime_priority"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("expected off, auto or a priority 1-99"),
                  std::string::npos)
            << e.what();
    }
}

TEST(RealtimeScheduling, AnExplicitPriorityRefusedIsAOneLineErrorBeforeAnythingIsBuilt)
{
    if (!FifoPermitted())
    {
        GTEST_SKIP() << "not permitted at all: the refusal is what a normal run gets";
    }
    int status = InChildWithoutSysNice(
        []()
        {
            TestbedConfig cfg = ScenarioLoader::Load(kScenario, {{"duration", "1"}});
            RunOptions opt;
            opt.realtime = true;
            opt.realtimePriority = "20";
            bool built = false;
            opt.onBuilt = [&built](SipTestbed&) { built = true; };
            try
            {
                SimulationRunner::Run(cfg, opt);
                return 1; // ran although refused
            }
            catch (const RealtimePriorityError& e)
            {
                const std::string what = e.what();
                const std::string expected =
                    "real-time priority 20 refused: sched_setscheduler(SCHED_FIFO): Operation not "
                    "permitted (needs root, CAP_SYS_NICE or `ulimit -r` >= 20); use "
                    "--realtime-priority off";
                if (what != expected || built)
                {
                    fprintf(stderr, "got: %s (built %d)\n", what.c_str(), built);
                    return 2;
                }
            }
            return ThreadPolicy().policy == SCHED_OTHER ? 0 : 3;
        });
    EXPECT_EQ(status, 0);
}

TEST(RealtimeScheduling, AutoRefusedRunsAtNormalPriorityWithANote)
{
    if (!FifoPermitted())
    {
        GTEST_SKIP() << "not permitted at all: covered by any run here";
    }
    int status = InChildWithoutSysNice(
        []()
        {
            Policy seen;
            RunOutput out = RunWithPriority("auto", &seen);
            if (out.realtimePriority != 0 || seen.policy != SCHED_OTHER)
            {
                return 1;
            }
            const std::string expected =
                "real-time priority 10 refused: sched_setscheduler(SCHED_FIFO): Operation not "
                "permitted (needs root, CAP_SYS_NICE or `ulimit -r` >= 10); running at normal "
                "priority";
            return out.realtimeNote == expected && out.simTimeS > 0.9 ? 0 : 2;
        });
    EXPECT_EQ(status, 0);
}
