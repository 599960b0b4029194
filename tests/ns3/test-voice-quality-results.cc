// SPDX-License-Identifier: GPL-2.0-only
// Voice quality and outage-as-heard in a real run of the seed testbed: every answered call end and
// every hand-off gets R and MOS from the E-model, consistent with its media record and window, and
// a smaller fixed playout buffer turns jitter into loss.
#include "results/voice-quality-annotator.h"
#include "scenario/scenario-loader.h"
#include "scenario/simulation-runner.h"
#include "wire/voice-quality-meter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

using namespace ns3;

namespace
{
RunOutput
RunSeed(const std::vector<std::pair<std::string, std::string>>& sets = {})
{
    TestbedConfig cfg =
        ScenarioLoader::Load(std::string(SIPMOB_SOURCE_DIR) + "/scenarios/seed-testbed.yaml", sets);
    RunOptions opt;
    opt.model = "home-only";
    return SimulationRunner::Run(cfg, opt);
}
} // namespace

TEST(VoiceQualityResults, CallsAndHandoffsGetRAndMos)
{
    RunOutput out = RunSeed();
    const RunResults& r = out.results;
    ASSERT_EQ(r.handoffs.size(), 2u);
    ASSERT_EQ(r.media.size(), 2u);
    for (const auto& m : r.media)
    {
        ASSERT_TRUE(m.rFactor && m.mos && m.mouthToEarMs && m.quality);
        EXPECT_GE(*m.mos, 1.0);
        EXPECT_LE(*m.mos, 4.5);
        // The whole call: the same log evaluated again gives the same R.
        auto q = m.quality->Evaluate(*m.playout, *m.codec);
        EXPECT_DOUBLE_EQ(q->emodel.r, *m.rFactor);
        // Every packet lost in the network is a missing frame (none lost before the first).
        EXPECT_EQ(q->missing, m.lost);
        EXPECT_DOUBLE_EQ(q->emodel.mos, *m.mos);
    }
    for (const auto& c : r.calls)
    {
        if (!c.tAnswered)
        {
            continue;
        }
        bool found = false;
        for (const auto& m : r.media)
        {
            if (m.callId == c.callId && m.ua == c.ua)
            {
                found = true;
                EXPECT_EQ(c.rFactor, m.rFactor);
                EXPECT_EQ(c.mos, m.mos);
            }
        }
        EXPECT_TRUE(found) << c.ua;
    }
    for (const auto& h : r.handoffs)
    {
        ASSERT_TRUE(h.tLinkLost && h.tQualityFrom && h.tQualityTo);
        EXPECT_DOUBLE_EQ(*h.tQualityFrom, *h.tLinkLost - 2.0);
        EXPECT_DOUBLE_EQ(*h.tQualityTo, *h.tLinkLost + 8.0);
        EXPECT_FALSE(h.callId.empty());
        ASSERT_TRUE(h.rFactor && h.mos && h.rFactorUp && h.mosUp);
        // A 10 s window holding a 1.5 s gap is worse than the whole 100 s call.
        for (const auto& m : r.media)
        {
            if (m.ua == h.ua)
            {
                EXPECT_LT(*h.mos, *m.mos);
            }
        }
        // Outage as heard: from the last packet heard to the first at the new address; never
        // shorter than the link-loss-based total, and the same packet pair as the media gap here.
        ASSERT_TRUE(h.outageDownMs && h.outageUpMs && h.TotalMs());
        EXPECT_GE(*h.outageDownMs, *h.TotalMs());
        EXPECT_NEAR(*h.outageDownMs, *h.MediaGapDownMs(), 1e-6);
        EXPECT_LE(*h.outageUpMs, *h.MediaGapUpMs() + 1e-6);
        EXPECT_GT(*h.outageUpMs, 0);
    }
}

TEST(VoiceQualityResults, PlayoutBufferAndCodecAreAttributes)
{
    // A fixed buffer of 0 ms drops every packet later than its talkspurt's schedule; G.711 without
    // concealment (Bpl 4.3) punishes each loss more than the default G711-PLC.
    RunOutput fixed = RunSeed(
        {{"media.PlayoutBuffer", "fixed"}, {"media.PlayoutDelay", "0ms"}, {"media.Codec", "G711"}});
    ASSERT_EQ(fixed.results.media.size(), 2u);
    for (const auto& f : fixed.results.media)
    {
        EXPECT_EQ(f.codec->bpl, 4.3);
        EXPECT_EQ(f.playout->mode, sipmob::PlayoutConfig::Mode::kFixed);
        EXPECT_DOUBLE_EQ(f.playout->fixedDelayMs, 0);
        // The same arrivals through the default adaptive buffer and codec: fewer late, better R.
        sipmob::PlayoutConfig adaptive;
        auto a = f.quality->Evaluate(adaptive, *sipmob::EModel::LookupCodec("G711-PLC"));
        auto q = f.quality->Evaluate(*f.playout, *f.codec);
        EXPECT_DOUBLE_EQ(q->emodel.r, *f.rFactor);
        EXPECT_LE(a->late, q->late);
        EXPECT_GT(a->emodel.r, *f.rFactor);
    }
}
