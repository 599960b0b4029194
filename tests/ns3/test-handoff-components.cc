// SPDX-License-Identifier: GPL-2.0-only
// Issue 10: the hand-off components add up to the total. In the seed testbed, under both
// registration models, every completed hand-off's components follow one another without a gap
// (each starts where the previous ended) and l2 + dhcp + detection + discovery + registration +
// resume equals total_ms (doc/results-schema.md, "Components add up").
#include "scenario/scenario-loader.h"
#include "scenario/simulation-runner.h"

#include <gtest/gtest.h>

#include <string>

using namespace ns3;

namespace
{
/// Two instants that must be the same event time (s): equal up to double rounding.
constexpr double kSameInstantS = 1e-9;
/// Sum of six rounded spans against the total (ms): a few ulps of the instants.
constexpr double kSumToleranceMs = 1e-6;

struct Case
{
    std::string model;
    uint32_t run;
};

class HandoffComponents : public ::testing::TestWithParam<Case>
{
};

TEST_P(HandoffComponents, AddUpToTheTotal)
{
    const Case c = GetParam();
    TestbedConfig cfg =
        ScenarioLoader::Load(std::string(SIPMOB_SOURCE_DIR) + "/scenarios/seed-testbed.yaml");
    RunOptions opt;
    opt.model = c.model;
    opt.run = c.run;
    RunOutput out = SimulationRunner::Run(cfg, opt);
    int completed = 0;
    for (const auto& h : out.results.handoffs)
    {
        if (h.status != "completed" || h.kind != "handoff")
        {
            continue;
        }
        ++completed;
        std::string where =
            c.model + " run " + std::to_string(c.run) + " " + h.fromNetwork + ">" + h.toNetwork;
        ASSERT_TRUE(h.tDetected && h.tDiscoverySent && h.tDiscoveryDone && h.tRegisterSent &&
                    h.tRegisterOk && h.tReinviteSent && h.tMediaDown)
            << where;
        // No unaccounted time between the components.
        EXPECT_NEAR(*h.tDiscoverySent, *h.tDetected, kSameInstantS) << where;
        EXPECT_NEAR(*h.tRegisterSent, *h.tDiscoveryDone, kSameInstantS) << where;
        EXPECT_NEAR(*h.tReinviteSent, *h.tRegisterOk, kSameInstantS) << where;
        // Media resumes after the re-INVITE left, and the re-INVITE's 2xx came.
        ASSERT_TRUE(h.ResumeMs() && h.ReinviteMs()) << where;
        EXPECT_GT(*h.ResumeMs(), 0.0) << where;
        double sum = *h.L2Ms() + *h.DhcpMs() + *h.DetectionMs() + *h.DiscoveryMs() +
                     *h.RegistrationMs() + *h.ResumeMs();
        EXPECT_NEAR(sum, *h.TotalMs(), kSumToleranceMs) << where;
        // Every component is a real, positive span (the discovery after the move included).
        for (double part :
             {*h.L2Ms(), *h.DhcpMs(), *h.DetectionMs(), *h.DiscoveryMs(), *h.RegistrationMs()})
        {
            EXPECT_GT(part, 0.0) << where;
        }
    }
    // The seed testbed's walk: net1 > net2 and back, both completed.
    EXPECT_EQ(completed, 2) << c.model << " run " << c.run;
}

INSTANTIATE_TEST_SUITE_P(SeedTestbed, HandoffComponents,
                         ::testing::Values(Case{"home-only", 1}, Case{"home-only", 2},
                                           Case{"outbound-proxy", 1}, Case{"outbound-proxy", 2}),
                         [](const ::testing::TestParamInfo<Case>& info)
                         {
                             std::string name =
                                 info.param.model == "home-only" ? "HomeOnly" : "OutboundProxy";
                             return name + "Run" + std::to_string(info.param.run);
                         });

} // namespace
