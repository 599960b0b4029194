// SPDX-License-Identifier: GPL-2.0-only
// Per-UA settings: a path given by speed and pauses, per-UA attributes in the scenario and by
// `--set ua@USER.NAME=VALUE`, with the scenario-wide value as fallback; bad input is one clear
// error.
#include "scenario/scenario-loader.h"
#include "scenario/simulation-runner.h"
#include "ua/sip-user-agent.h"

#include "ns3/config.h"
#include "ns3/nstime.h"
#include "ns3/string.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>

using namespace ns3;

namespace
{
const std::string kDir = std::string(SIPMOB_SOURCE_DIR) + "/scenarios/";

const UaConfig&
Ua(const TestbedConfig& cfg, const std::string& user)
{
    for (const auto& u : cfg.uas)
    {
        if (u.user == user)
        {
            return u;
        }
    }
    throw std::runtime_error("no UA " + user);
}

/// The error of loading the walking scenario with @p sets ("" when it loads).
std::string
LoadError(const std::vector<std::pair<std::string, std::string>>& sets)
{
    try
    {
        ScenarioLoader::Load(kDir + "walking.yaml", sets);
        return "";
    }
    catch (const ScenarioError& e)
    {
        return e.what();
    }
}
} // namespace

TEST(PerUaSettings, SpeedAndPausesGiveTheSeedsWaypoints)
{
    const TestbedConfig seed = ScenarioLoader::Load(kDir + "seed-testbed.yaml");
    const TestbedConfig walk = ScenarioLoader::Load(kDir + "walking.yaml");
    const auto& a = Ua(seed, "1001").path;
    const auto& b = Ua(walk, "1001").path;
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        EXPECT_NEAR(a[i].t, b[i].t, 1e-9) << i;
        EXPECT_DOUBLE_EQ(a[i].x, b[i].x) << i;
    }
    // The same radio plan too (both APs on channel 1), so the hand-offs are the seed's.
    ASSERT_EQ(seed.networks.size(), walk.networks.size());
    for (std::size_t n = 0; n < seed.networks.size(); ++n)
    {
        const auto& sa = seed.networks[n].accessPoints;
        const auto& wa = walk.networks[n].accessPoints;
        ASSERT_EQ(sa.size(), wa.size()) << n;
        for (std::size_t i = 0; i < sa.size(); ++i)
        {
            EXPECT_EQ(sa[i].channel, wa[i].channel) << n << " " << i;
            EXPECT_DOUBLE_EQ(sa[i].x, wa[i].x) << n << " " << i;
        }
    }
    // 1 m/s: 90 m take 90 s; pauses stay 10 s.
    const TestbedConfig slow =
        ScenarioLoader::Load(kDir + "walking.yaml", {{"ua@1001.speed", "1"}});
    const auto& s = Ua(slow, "1001").path;
    ASSERT_EQ(s.size(), 5u);
    EXPECT_DOUBLE_EQ(s[1].t, 10);
    EXPECT_DOUBLE_EQ(s[2].t, 100);
    EXPECT_DOUBLE_EQ(s[3].t, 110);
    EXPECT_DOUBLE_EQ(s[4].t, 200);
}

TEST(PerUaSettings, BadPathsAreClearErrors)
{
    EXPECT_NE(LoadError({{"ua@1001.speed", "0"}})
                  .find("user_agents[1].speed: must be in (0, 1000] m/s (got 0)"),
              std::string::npos);
    EXPECT_NE(LoadError({{"ua@1001.path.1.t", "30"}})
                  .find("user_agents[1].path[1].t: a path with speed takes no times"),
              std::string::npos);
    EXPECT_NE(LoadError({{"ua@1001.path.1.x", "5"}}).find("the same place as the point before"),
              std::string::npos);
    EXPECT_NE(LoadError({{"ua@9999.speed", "1"}}).find("no user agent '9999'"), std::string::npos);
    EXPECT_NE(LoadError({{"ua@.speed", "1"}}).find("expected ua@USER.NAME"), std::string::npos);
    EXPECT_NE(LoadError({{"ua@1001.NoSuchAttribute", "1"}})
                  .find("'ns3::SipUserAgent' has no attribute 'NoSuchAttribute'"),
              std::string::npos);
    EXPECT_NE(LoadError({{"ua@1001.PollInterval", "soon"}}).find("PollInterval"),
              std::string::npos);
}

TEST(PerUaSettings, OneUaOverridesTheScenarioWideValue)
{
    const TestbedConfig cfg =
        ScenarioLoader::Load(kDir + "walking.yaml", {{"ua@1001.PollInterval", "250ms"}});
    EXPECT_EQ(Ua(cfg, "1001").attributes.at("PollInterval"), "250ms");
    EXPECT_TRUE(Ua(cfg, "3001").attributes.empty());
    EXPECT_EQ(cfg.attributes.at("ua.PollInterval"), "1s");
    // In the running simulation: 1001 polls every 250 ms, 3001 keeps the scenario's 1 s.
    TestbedConfig shortRun = cfg;
    shortRun.duration = 3;
    std::map<std::string, Time> polls;
    RunOptions opt;
    opt.onBuilt = [&polls](SipTestbed&)
    {
        Config::MatchContainer m =
            Config::LookupMatches("/NodeList/*/ApplicationList/*/$ns3::SipUserAgent");
        for (std::size_t i = 0; i < m.GetN(); ++i)
        {
            StringValue user;
            TimeValue poll;
            m.Get(i)->GetAttribute("User", user);
            m.Get(i)->GetAttribute("PollInterval", poll);
            polls[user.Get()] = poll.Get();
        }
    };
    SimulationRunner::Run(shortRun, opt);
    ASSERT_EQ(polls.size(), 2u);
    EXPECT_EQ(polls.at("1001"), MilliSeconds(250));
    EXPECT_EQ(polls.at("3001"), Seconds(1));
}
