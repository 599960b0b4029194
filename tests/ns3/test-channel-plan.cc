// SPDX-License-Identifier: GPL-2.0-only
// Channels of access points (issue 15 item 1): the default 1/6/11 plan over neighbouring APs, the
// `channel:` key of a scenario, the station's scan over the channels in use, and the scan
// component (scan_ms) of the hand-off records.
#include "install/channel-plan.h"
#include "scenario/scenario-loader.h"
#include "scenario/simulation-runner.h"
#include "testbed/sip-testbed.h"

#include "ns3/string.h"
#include "ns3/wifi-mac.h"
#include "ns3/wifi-net-device.h"
#include "ns3/wifi-phy.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace ns3;

namespace
{
const std::string kDir = std::string(SIPMOB_SOURCE_DIR) + "/scenarios/";

std::vector<Vector>
Line(std::size_t n, double spacing)
{
    std::vector<Vector> aps;
    for (std::size_t i = 0; i < n; ++i)
    {
        aps.emplace_back(spacing * i, 0, 0);
    }
    return aps;
}

/// The channels of the APs and the scan list of the first mobile, read from the built testbed.
struct Built
{
    std::vector<uint8_t> apChannels;
    std::string scanChannels;
    std::vector<sipmob::HandoffRecord> handoffs;
};

Built
RunTwoAps(const std::vector<std::pair<std::string, std::string>>& sets)
{
    TestbedConfig cfg = ScenarioLoader::Load(kDir + "two-ap-handoff.yaml", sets);
    Built b;
    RunOptions opt;
    opt.onBuilt = [&b](SipTestbed& tb)
    {
        for (uint32_t i = 0; i < tb.GetWifi().GetNAccessPoints(); ++i)
        {
            Ptr<WifiNetDevice> ap = DynamicCast<WifiNetDevice>(tb.GetWifi().GetApDevice(i));
            b.apChannels.push_back(ap->GetPhy()->GetChannelNumber());
        }
        Ptr<WifiNetDevice> sta = DynamicCast<WifiNetDevice>(tb.GetStaDevice("1001"));
        StringValue scan;
        sta->GetMac()->GetAttribute("ScanChannels", scan);
        b.scanChannels = scan.Get();
    };
    b.handoffs = SimulationRunner::Run(cfg, opt).results.handoffs;
    return b;
}
} // namespace

TEST(ChannelPlan, ApsOnALineGetOneSixElevenInTurn)
{
    const std::vector<uint8_t> none(6, 0);
    EXPECT_EQ(ChannelPlan::Assign(Line(6, 100), none), (std::vector<uint8_t>{1, 6, 11, 1, 6, 11}));
}

TEST(ChannelPlan, ApsBeyondTheNeighbourDistanceShareChannelOne)
{
    const std::vector<uint8_t> none(3, 0);
    EXPECT_EQ(ChannelPlan::Assign(Line(3, 250), none), (std::vector<uint8_t>{1, 1, 1}));
}

TEST(ChannelPlan, GivenChannelsAreKeptAndPlannedAround)
{
    // AP 1 asks for channel 1: AP 0 (100 m away) must avoid it, AP 2 too.
    EXPECT_EQ(ChannelPlan::Assign(Line(3, 100), {0, 1, 0}), (std::vector<uint8_t>{6, 1, 11}));
    // a channel outside the plan is kept as given
    EXPECT_EQ(ChannelPlan::Assign(Line(2, 100), {3, 0}), (std::vector<uint8_t>{3, 1}));
}

TEST(ChannelPlan, FourApsInOneNeighbourhoodReuseTheFarthestChannel)
{
    // a square of 100 m: the fourth AP's nearest co-channel AP is farthest on channel 11 (the
    // diagonal, 141 m; the APs on channels 1 and 6 are 100 m away)
    std::vector<Vector> square{Vector(0, 0, 0), Vector(100, 100, 0), Vector(100, 0, 0),
                               Vector(0, 100, 0)};
    EXPECT_EQ(ChannelPlan::Assign(square, {0, 0, 0, 0}), (std::vector<uint8_t>{1, 6, 11, 11}));
}

TEST(ChannelPlan, ScenarioChannelKeyAndDefaultPlanReachTheRadios)
{
    // two-ap-handoff.yaml has no channel key: the plan gives AP2 (100 m from AP1) channel 6 and
    // the station scans both channels, 120 ms each (passive), so scan_ms is ~240 ms of L2.
    Built planned = RunTwoAps({});
    EXPECT_EQ(planned.apChannels, (std::vector<uint8_t>{1, 6}));
    EXPECT_EQ(planned.scanChannels, "1,6");
    ASSERT_FALSE(planned.handoffs.empty());
    const sipmob::HandoffRecord& h = planned.handoffs.front();
    ASSERT_TRUE(h.scanMs && h.L2Ms());
    EXPECT_GE(*h.scanMs, 240.0);
    EXPECT_LT(*h.scanMs, 241.0);
    EXPECT_GT(*h.L2Ms(), *h.scanMs); // the association exchange follows the scan
    EXPECT_LT(*h.L2Ms() - *h.scanMs, 5.0);

    // both APs on channel 11 by the key: one channel, no scan list, one 120 ms dwell
    Built one = RunTwoAps({{"networks.0.access_points.0.channel", "11"},
                           {"networks.1.access_points.0.channel", "11"}});
    EXPECT_EQ(one.apChannels, (std::vector<uint8_t>{11, 11}));
    EXPECT_EQ(one.scanChannels, "");
    ASSERT_FALSE(one.handoffs.empty());
    ASSERT_TRUE(one.handoffs.front().scanMs);
    EXPECT_GE(*one.handoffs.front().scanMs, 120.0);
    EXPECT_LT(*one.handoffs.front().scanMs, 121.0);
    EXPECT_LT(*one.handoffs.front().L2Ms(), *h.L2Ms() - 100.0);
}

TEST(ChannelPlan, SeedTestbedStaysOnOneChannel)
{
    const TestbedConfig seed = ScenarioLoader::Load(kDir + "seed-testbed.yaml");
    EXPECT_EQ(seed.networks[0].accessPoints.at(0).channel, 1);
    EXPECT_EQ(seed.networks[1].accessPoints.at(0).channel, 1);
}
