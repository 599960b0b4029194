// SPDX-License-Identifier: GPL-2.0-only
// Real-time overload (issue 15 item 3) without a TAP: a pure-simulation scenario run with ns-3's
// real-time simulator, an event that holds the CPU for 400 ms (a load the wall clock cannot
// keep up with) and a 150 ms hard limit (well above the start-up lag of a loaded machine). The run
// must not die by SIGABRT (ns-3's HardLimit mode): it stops at the first lag sample over the limit
// with its records and lag, or, with "warn", goes on to the end and counts the samples over the
// limit.
#include "scenario/scenario-loader.h"
#include "scenario/simulation-runner.h"
#include "testbed/sip-testbed.h"

#include "ns3/simulator.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

using namespace ns3;

namespace
{
const std::string kScenario = std::string(SIPMOB_SOURCE_DIR) + "/scenarios/two-ap-handoff.yaml";

/// Busy for @p ms of wall time (the simulator's clock keeps running meanwhile).
void
Spin(int ms)
{
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < until)
    {
    }
}

RunOutput
RunOverloaded(const std::string& mode)
{
    // 4 s simulated (+2 s for the user agents' de-registration): the call is up at 3 s
    TestbedConfig cfg = ScenarioLoader::Load(kScenario, {{"duration", "4"}});
    RunOptions opt;
    opt.realtime = true;
    opt.realtimeHardLimitS = 0.150;
    opt.realtimeOverload = mode;
    opt.onBuilt = [](SipTestbed&) { Simulator::Schedule(Seconds(1.05), &Spin, 400); };
    return SimulationRunner::Run(cfg, opt);
}
} // namespace

TEST(RealtimeOverload, StopModeEndsTheRunAtTheFirstSampleOverTheLimitWithItsRecords)
{
    RunOutput out = RunOverloaded("stop");
    EXPECT_TRUE(out.overloaded);
    // the lag probe samples every 100 ms: the first sample after the spin is at 1.1 s (~350 ms
    // late)
    EXPECT_NEAR(out.overloadAtS, 1.1, 1e-9);
    EXPECT_GE(out.overloadLagMs, 150.0);
    EXPECT_GE(out.maxLagMs, out.overloadLagMs);
    EXPECT_LT(out.simTimeS, 1.2);
    EXPECT_GE(out.overloadSamples, 1u);
    // what ran is kept: both user agents registered before 1.1 s
    EXPECT_GE(out.results.registrations.size(), 2u);
}

TEST(RealtimeOverload, WarnModeRunsToTheEndAndCountsTheSamplesOverTheLimit)
{
    RunOutput out = RunOverloaded("warn");
    EXPECT_TRUE(out.overloaded);
    EXPECT_NEAR(out.overloadAtS, 1.1, 1e-9);
    EXPECT_NEAR(out.simTimeS, 6.0, 0.01);
    EXPECT_GE(out.overloadSamples, 1u);
    EXPECT_GE(out.maxLagMs, 300.0);
    EXPECT_FALSE(out.results.calls.empty());
}
