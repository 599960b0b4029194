// SPDX-License-Identifier: GPL-2.0-only
// The G.107 E-model against the recommendation's published default and hand-computed terms, and
// the playout buffer of VoiceQualityMeter against hand-built arrival patterns.
#include "wire/e-model.h"
#include "wire/voice-quality-meter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <vector>

using sipmob::CodecImpairment;
using sipmob::EModel;
using sipmob::EModelParameters;
using sipmob::PlayoutConfig;
using sipmob::VoiceQualityMeter;

namespace
{
constexpr int64_t kMs = 1000000;

CodecImpairment
G711()
{
    return *EModel::LookupCodec("PCMU");
}

/// 50 packets/s of G.711 (160 ticks per 20 ms), sent at 20 ms x i, one-way delay delayMs(i).
template <typename F>
VoiceQualityMeter
Stream(int count, F delayMs, int skipFrom = -1, int skipTo = -1)
{
    VoiceQualityMeter m;
    for (int i = 0; i < count; ++i)
    {
        if (i >= skipFrom && i < skipTo)
        {
            continue;
        }
        const int64_t send = 1000 * kMs + i * 20 * kMs;
        m.Add(static_cast<uint16_t>(65530 + i), static_cast<uint32_t>(160 * i),
              send + static_cast<int64_t>(delayMs(i) * kMs), send);
    }
    return m;
}
} // namespace

TEST(EModel, DefaultsGiveTheRecommendationsR)
{
    // G.107 clause 7.7: "the default values ... result in a very high quality with R = 93.2".
    const auto r = EModel::Compute(EModelParameters{});
    EXPECT_NEAR(r.r, 93.2, 0.05);
    EXPECT_NEAR(r.mos, 4.41, 0.005);
    EXPECT_DOUBLE_EQ(r.idd, 0);
    EXPECT_DOUBLE_EQ(r.ieEff, 0);
}

TEST(EModel, MosOfAnnexB)
{
    EXPECT_DOUBLE_EQ(EModel::Mos(-5), 1.0);
    EXPECT_DOUBLE_EQ(EModel::Mos(0), 1.0);
    EXPECT_DOUBLE_EQ(EModel::Mos(100), 4.5);
    EXPECT_DOUBLE_EQ(EModel::Mos(130), 4.5);
    // 1 + 0.035*50 + 50*(-10)*50*7e-6 = 2.75 - 0.175
    EXPECT_NEAR(EModel::Mos(50), 2.575, 1e-12);
    // 1 + 3.262 + 93.2*33.2*6.8*7e-6 = 4.262 + 0.1472856
    EXPECT_NEAR(EModel::Mos(93.2), 4.4092856, 1e-6);
}

TEST(EModel, AbsoluteDelayImpairmentByHand)
{
    EModelParameters p;
    p.ta = 100;
    EXPECT_DOUBLE_EQ(EModel::Compute(p).idd, 0);
    // X = 1: 25 * (2^(1/6) - 3 (1 + 3^-6)^(1/6) + 2) = 25 * (1.1224620 - 3.0006855 + 2)
    p.ta = 200;
    EXPECT_NEAR(EModel::Compute(p).idd, 3.04441, 1e-4);
    // X = 2: 25 * (65^(1/6) - 3 (1 + (2/3)^6)^(1/6) + 2) = 25 * (2.0051692 - 3.0423725 + 2)
    p.ta = 400;
    EXPECT_NEAR(EModel::Compute(p).idd, 24.0699, 1e-3);
    // Less delay-sensitive use (clause 7.4): mT = 200 ms moves the knee.
    p.ta = 200;
    p.mT = 200;
    EXPECT_DOUBLE_EQ(EModel::Compute(p).idd, 0);
}

TEST(EModel, EffectiveEquipmentImpairmentByHand)
{
    // G.711 without concealment (G.113 Bpl 4.3), 1 % random loss: 95 * 1 / (1 + 4.3)
    EXPECT_NEAR(EModel::EffectiveEquipmentImpairment(0, 4.3, 1, 1), 17.924528, 1e-6);
    // G.711 Appendix I PLC (Bpl 25.1), 2 %: 95 * 2 / (2 + 25.1)
    EXPECT_NEAR(EModel::EffectiveEquipmentImpairment(0, 25.1, 2, 1), 7.0110701, 1e-6);
    // Bursty (BurstR 2) hurts less for the same Ppl: 95 * 2 / (1 + 25.1)
    EXPECT_NEAR(EModel::EffectiveEquipmentImpairment(0, 25.1, 2, 2), 7.2796935, 1e-6);
    // BurstR beyond Table 3's range [1, 8] is taken as 8: 95 * 10 / (10 / 8 + 4.3) = 171.2,
    // capped at 95; with Bpl 25.1 it stays below the cap.
    EXPECT_DOUBLE_EQ(EModel::EffectiveEquipmentImpairment(0, 4.3, 10, 50), 95);
    EXPECT_NEAR(EModel::EffectiveEquipmentImpairment(0, 25.1, 10, 50), 950 / (1.25 + 25.1), 1e-9);
    // G.729A (Ie 11, Bpl 19), 100 % loss: 11 + 84 * 100 / (100 + 19)
    EXPECT_NEAR(EModel::EffectiveEquipmentImpairment(11, 19, 100, 1), 81.588235, 1e-6);
    // R falls by exactly Ie,eff when nothing else changes.
    EModelParameters p;
    p.bpl = 25.1;
    p.ppl = 2;
    EXPECT_NEAR(EModel::Compute(EModelParameters{}).r - EModel::Compute(p).r, 7.0110701, 1e-6);
}

TEST(EModel, BurstRatioOfAPattern)
{
    EXPECT_DOUBLE_EQ(EModel::BurstRatio({}), 1);
    EXPECT_DOUBLE_EQ(EModel::BurstRatio({false, false, false}), 1);
    // F F L L F F F F L L F F: found->lost 2 of 7 transitions from F, lost->found 2 of 4 from L:
    // p = 2/7, q = 1/2, BurstR = 1 / (2/7 + 1/2) = 14 / 11
    const std::vector<bool> pattern{false, false, true, true, false, false,
                                    false, false, true, true, false, false};
    EXPECT_NEAR(EModel::BurstRatio(pattern), 14.0 / 11.0, 1e-12);
    // Alternating loss is more random than random: BurstR clamps at 1.
    EXPECT_DOUBLE_EQ(EModel::BurstRatio({false, true, false, true, false}), 1);
    EXPECT_DOUBLE_EQ(EModel::BurstRatio({true, true, true}), 3);
    // F F L: p = 1/2, a last loss counts as a burst of one (q = 1): 1 / 1.5 -> clamped to 1.
    EXPECT_DOUBLE_EQ(EModel::BurstRatio({false, false, true}), 1);
    // L L L F F F F F: p = 0/4, q = 1/3: BurstR 3.
    EXPECT_DOUBLE_EQ(EModel::BurstRatio({true, true, true, false, false, false, false, false}), 3);
}

TEST(EModel, CodecTable)
{
    EXPECT_EQ(EModel::LookupCodec("pcmu")->name, "G711");
    EXPECT_DOUBLE_EQ(EModel::LookupCodec("G711-PLC")->bpl, 25.1);
    EXPECT_DOUBLE_EQ(EModel::LookupCodec("G729A")->ie, 11);
    EXPECT_FALSE(EModel::LookupCodec("opus"));
}

TEST(VoiceQualityMeter, SteadyStreamHasNoLossAndKnownDelay)
{
    // Constant 30 ms network delay, fixed 60 ms buffer: mouth-to-ear = 30 + 60 + 20 (frame).
    auto m = Stream(500, [](int) { return 30.0; });
    PlayoutConfig cfg;
    cfg.mode = PlayoutConfig::Mode::kFixed;
    const auto q = m.Evaluate(cfg, G711());
    ASSERT_TRUE(q);
    EXPECT_EQ(q->expected, 500u);
    EXPECT_EQ(q->played, 500u);
    EXPECT_EQ(q->late + q->missing, 0u);
    EXPECT_NEAR(q->meanBufferMs, 60, 1e-6);
    EXPECT_NEAR(q->mouthToEarMs, 110, 1e-6);
    EXPECT_NEAR(q->emodel.idd,
                EModel::Compute(
                    []
                    {
                        EModelParameters p;
                        p.ta = 110;
                        return p;
                    }())
                    .idd,
                1e-12);
    EXPECT_GT(q->emodel.r, 80);
}

TEST(VoiceQualityMeter, LatePacketsCountAsLostInAFixedBuffer)
{
    // Every 10th packet 100 ms late: beyond a 60 ms fixed buffer, within a 300 ms one.
    auto delay = [](int i) { return i % 10 == 5 ? 130.0 : 30.0; };
    auto m = Stream(1000, delay);
    PlayoutConfig cfg;
    cfg.mode = PlayoutConfig::Mode::kFixed;
    cfg.fixedDelayMs = 60;
    auto q = m.Evaluate(cfg, G711());
    EXPECT_EQ(q->missing, 0u);
    EXPECT_EQ(q->late, 100u);
    EXPECT_NEAR(q->pplPercent, 10, 1e-9);
    EXPECT_NEAR(q->emodel.ieEff, EModel::EffectiveEquipmentImpairment(0, 4.3, 10, q->burstR), 1e-9);
    cfg.fixedDelayMs = 150;
    q = m.Evaluate(cfg, G711());
    EXPECT_EQ(q->late, 0u);
    // Every frame plays 180 ms after it was sent; the late ones waited 100 ms less in the buffer.
    EXPECT_NEAR(q->mouthToEarMs, 180 + 20, 1e-6);
    EXPECT_NEAR(q->meanBufferMs, 150 - 0.1 * 100, 1e-6);
}

TEST(VoiceQualityMeter, AdaptiveBufferFollowsJitter)
{
    // Delay alternating 20/60 ms: jitter J -> 40 ms * 160/160; the adaptive buffer grows after the
    // first underrun and then plays everything, a fixed 20 ms one keeps losing.
    auto m = Stream(1500, [](int i) { return i % 2 ? 60.0 : 20.0; });
    PlayoutConfig fixed;
    fixed.mode = PlayoutConfig::Mode::kFixed;
    fixed.fixedDelayMs = 20;
    const auto qf = m.Evaluate(fixed, G711());
    EXPECT_NEAR(qf->pplPercent, 50, 0.1);
    PlayoutConfig adaptive;
    const auto qa = m.Evaluate(adaptive, G711());
    EXPECT_LT(qa->late, 20u);
    EXPECT_GT(qa->emodel.r, qf->emodel.r + 30);
}

TEST(VoiceQualityMeter, GapCountsMissingFramesAndWindowSelectsThem)
{
    // 500 frames, 100 (2 s) never arrive; the buffer re-anchors after the gap.
    auto m = Stream(
        500, [](int) { return 40.0; }, 200, 300);
    PlayoutConfig cfg;
    const auto all = m.Evaluate(cfg, G711());
    EXPECT_EQ(all->expected, 500u);
    EXPECT_EQ(all->missing, 100u);
    EXPECT_EQ(all->late, 0u);
    EXPECT_NEAR(all->pplPercent, 20, 1e-9);
    // One burst of 100 among 400: p = 1/399 (one F->L of 399 F transitions), q = 1/100.
    EXPECT_NEAR(all->burstR, 1.0 / (1.0 / 399 + 1.0 / 100), 1e-9);
    // Window of frames sent in [5 s, 6 s): frames 200..249, all missing.
    const auto w = m.Evaluate(cfg, G711(), 5000 * kMs, 6000 * kMs);
    EXPECT_EQ(w->expected, 50u);
    EXPECT_EQ(w->missing, 50u);
    EXPECT_DOUBLE_EQ(w->emodel.mos, 1.0);
    // Window before the gap: nothing lost.
    const auto before = m.Evaluate(cfg, G711(), 1000 * kMs, 4000 * kMs);
    EXPECT_EQ(before->expected, 150u);
    EXPECT_EQ(before->missing, 0u);
    EXPECT_FALSE(m.Evaluate(cfg, G711(), 0, 10 * kMs));
}

TEST(VoiceQualityMeter, DuplicatesPlayOnce)
{
    VoiceQualityMeter m;
    m.Add(1, 0, 10 * kMs, 0);
    m.Add(2, 160, 30 * kMs, 20 * kMs);
    m.Add(2, 160, 31 * kMs, 20 * kMs);
    m.Add(3, 320, 50 * kMs, 40 * kMs);
    const auto q = m.Evaluate(PlayoutConfig{}, G711());
    EXPECT_EQ(q->expected, 3u);
    EXPECT_EQ(q->played, 3u);
}

TEST(VoiceQualityMeter, KeepsEveryArrivalExactlyInSixteenBytes)
{
    // what Add() is given -> what GetFrames() must give back (sequence numbers unfolded)
    struct In
    {
        uint16_t seq;
        uint32_t ts;
        int64_t arrival;
        std::optional<int64_t> send;
        int64_t ext;
    };
    constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
    constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
    const std::vector<In> in = {
        {65534, 4000000000u, 7 * kMs, 5 * kMs, 65534},         // small steps
        {65535, 4000000160u, 27 * kMs, 25 * kMs, 65535},       //
        {0, 4000000320u, 47 * kMs, std::nullopt, 65536},       // seq wraps; no send time
        {2, 64u, 47 * kMs, 2 * kMs - 1, 65538},                // same arrival; timestamp wraps
        {1, 32u, 47 * kMs + 4294967295, 50 * kMs, 65537},      // largest step; reordered seq
        {3, 96u, 47 * kMs + 2 * 4294967296, -1, 65539},        // gap > 4.29 s; send given as -1
        {4, 128u, 9000 * kMs, 9000 * kMs + 2147483648, 65540}, // sent 2^31 ns after: fits
        {5, 160u, 9001 * kMs, 9001 * kMs + 2147483649, 65541}, // one more: kept wide
        {6, 192u, 9002 * kMs, 9002 * kMs - 2147483647, 65542}, // 2^31 - 1 ns before: fits
        {7, 224u, 9003 * kMs, 9003 * kMs - 2147483648, 65543}, // 2^31 before: kept wide
        {40000, 256u, 9004 * kMs, kMin, 40000},                // far seq jump; extreme send
        {40001, 288u, 9004 * kMs, kMax, 40001},                //
        {40002, 320u, 9003 * kMs, 9003 * kMs, 40002},          // arrival earlier than the last
        {40003, 352u, kMax, kMin, 40003},                      // extreme arrival
        {40004, 384u, kMin, kMax, 40004},                      //
    };
    VoiceQualityMeter m;
    for (const In& i : in)
    {
        m.Add(i.seq, i.ts, i.arrival, i.send);
    }
    const std::vector<VoiceQualityMeter::Frame> frames = m.GetFrames();
    ASSERT_EQ(frames.size(), in.size());
    for (std::size_t k = 0; k < in.size(); ++k)
    {
        EXPECT_EQ(frames[k].seq, in[k].ext) << k;
        EXPECT_EQ(frames[k].timestamp, in[k].ts) << k;
        EXPECT_EQ(frames[k].arrivalNs, in[k].arrival) << k;
        EXPECT_EQ(frames[k].sendNs, in[k].send.value_or(-1)) << k;
    }
}

TEST(VoiceQualityMeter, FirstSequenceNumberIsTakenAsIs)
{
    VoiceQualityMeter m;
    m.Add(65535, 0, 0, 0);
    m.Add(0, 160, 20 * kMs, 20 * kMs);
    const auto frames = m.GetFrames();
    ASSERT_EQ(frames.size(), 2u);
    EXPECT_EQ(frames[0].seq, 65535);
    EXPECT_EQ(frames[1].seq, 65536);
    EXPECT_TRUE(VoiceQualityMeter().GetFrames().empty());
}

TEST(PlayoutConfig, ParseMode)
{
    EXPECT_EQ(PlayoutConfig::ParseMode("fixed"), PlayoutConfig::Mode::kFixed);
    EXPECT_EQ(PlayoutConfig::ParseMode("adaptive"), PlayoutConfig::Mode::kAdaptive);
    EXPECT_FALSE(PlayoutConfig::ParseMode("Fixed "));
}
