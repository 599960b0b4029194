// SPDX-License-Identifier: GPL-2.0-only
// RtpPacket encode/decode and MediaStatistics (RFC 3550 A.1, A.3, A.8) with hand-computed values.
#include "wire/media-statistics.h"
#include "wire/rtp-packet.h"

#include <gtest/gtest.h>

using sipmob::MediaStatistics;
using sipmob::RtpPacket;

namespace
{

constexpr int64_t kMs = 1000000; // ns

} // namespace

TEST(RtpPacket, EncodesFixedHeaderBytes)
{
    RtpPacket p;
    EXPECT_EQ(p.GetPayloadType(), 0); // PCMU by default
    p.SetMarker(true);
    p.SetSequenceNumber(0x1234);
    p.SetTimestamp(0xA0B0C0D0);
    p.SetSsrc(0xDEADBEEF);
    p.SetPayload({0xFF, 0x7F});
    const std::vector<uint8_t> bytes = p.Encode();
    const std::vector<uint8_t> expected = {0x80, 0x80, 0x12, 0x34, 0xA0, 0xB0, 0xC0,
                                           0xD0, 0xDE, 0xAD, 0xBE, 0xEF, 0xFF, 0x7F};
    EXPECT_EQ(bytes, expected);
    EXPECT_EQ(p.GetSerializedSize(), 14u);
}

TEST(RtpPacket, RoundTripsAllFields)
{
    RtpPacket p;
    p.SetPayloadType(18);
    p.SetSequenceNumber(65535);
    p.SetTimestamp(160);
    p.SetSsrc(42);
    ASSERT_TRUE(p.SetCsrcs({1, 2, 3}));
    ASSERT_TRUE(p.SetExtension(0xBEDE, {9, 8, 7, 6}));
    p.SetPadding(4);
    p.SetPayload(std::vector<uint8_t>(160, 0xFF));
    const auto bytes = p.Encode();
    ASSERT_EQ(bytes.size(), 12u + 12u + 8u + 160u + 4u);
    EXPECT_EQ(bytes[0], 0x80 | 0x20 | 0x10 | 3);
    EXPECT_EQ(bytes.back(), 4);
    std::string error;
    const auto q = RtpPacket::Decode(bytes, &error);
    ASSERT_TRUE(q) << error;
    EXPECT_FALSE(q->GetMarker());
    EXPECT_EQ(q->GetPayloadType(), 18);
    EXPECT_EQ(q->GetSequenceNumber(), 65535);
    EXPECT_EQ(q->GetTimestamp(), 160u);
    EXPECT_EQ(q->GetSsrc(), 42u);
    EXPECT_EQ(q->GetCsrcs(), (std::vector<uint32_t>{1, 2, 3}));
    EXPECT_TRUE(q->HasExtension());
    EXPECT_EQ(q->GetExtensionProfile(), 0xBEDE);
    EXPECT_EQ(q->GetExtensionData(), (std::vector<uint8_t>{9, 8, 7, 6}));
    EXPECT_EQ(q->GetPadding(), 4);
    EXPECT_EQ(q->GetPayload(), std::vector<uint8_t>(160, 0xFF));
    EXPECT_EQ(q->Encode(), bytes);
}

TEST(RtpPacket, RejectsShortAndBadVersion)
{
    std::string error;
    const std::vector<uint8_t> shortPacket(11, 0x80);
    EXPECT_FALSE(RtpPacket::Decode(shortPacket, &error));
    EXPECT_NE(error.find("too short"), std::string::npos) << error;
    EXPECT_FALSE(RtpPacket::Decode(nullptr, 0, &error));

    std::vector<uint8_t> v1(12, 0);
    v1[0] = 0x40; // version 1
    EXPECT_FALSE(RtpPacket::Decode(v1, &error));
    EXPECT_NE(error.find("version 1"), std::string::npos) << error;
}

TEST(RtpPacket, RejectsTruncatedCsrcExtensionAndPadding)
{
    std::string error;
    std::vector<uint8_t> bytes(12, 0);
    bytes[0] = 0x82; // CC = 2 but no CSRC bytes
    EXPECT_FALSE(RtpPacket::Decode(bytes, &error));
    EXPECT_NE(error.find("CSRC"), std::string::npos) << error;

    bytes = std::vector<uint8_t>(16, 0);
    bytes[0] = 0x90; // X set, extension claims 1 word that is missing
    bytes[15] = 1;
    EXPECT_FALSE(RtpPacket::Decode(bytes, &error));
    EXPECT_NE(error.find("extension"), std::string::npos) << error;

    bytes = std::vector<uint8_t>(14, 0);
    bytes[0] = 0xA0; // P set, count 3 > 2 bytes after the header
    bytes[13] = 3;
    EXPECT_FALSE(RtpPacket::Decode(bytes, &error));
    EXPECT_NE(error.find("padding"), std::string::npos) << error;
    bytes[13] = 0; // a zero count is invalid too
    EXPECT_FALSE(RtpPacket::Decode(bytes, &error));
}

TEST(RtpPacket, DecodesEveryPrefixWithoutCrashing)
{
    RtpPacket p;
    ASSERT_TRUE(p.SetCsrcs({7}));
    ASSERT_TRUE(p.SetExtension(1, {1, 2, 3, 4}));
    p.SetPayload({1, 2, 3});
    const auto bytes = p.Encode();
    for (std::size_t n = 0; n < bytes.size(); ++n)
    {
        const auto q = RtpPacket::Decode(bytes.data(), n);
        if (q)
        {
            EXPECT_GE(n, 12u + 4u + 8u); // only whole headers decode
        }
    }
    EXPECT_TRUE(RtpPacket::Decode(bytes));
}

TEST(RtpPacket, SettersRejectInvalidSizes)
{
    RtpPacket p;
    EXPECT_FALSE(p.SetCsrcs(std::vector<uint32_t>(16, 1)));
    EXPECT_FALSE(p.SetExtension(0, {1, 2, 3}));
    EXPECT_FALSE(p.HasExtension());
    p.SetPayloadType(0xFF);
    EXPECT_EQ(p.GetPayloadType(), 0x7F);
}

TEST(MediaStatistics, InOrderStreamHasNoLossNoJitter)
{
    MediaStatistics s;
    for (uint16_t i = 0; i < 50; ++i)
    {
        EXPECT_EQ(s.OnPacket(i, i * 160u, 10 * kMs + i * 20 * kMs, i * 20 * kMs),
                  MediaStatistics::Outcome::kAccepted);
    }
    EXPECT_EQ(s.GetReceived(), 50u);
    EXPECT_EQ(s.GetExpected(), 50u);
    EXPECT_EQ(s.GetLost(), 0u);
    EXPECT_DOUBLE_EQ(s.GetJitterMs(), 0.0);
    EXPECT_DOUBLE_EQ(s.GetMaxGapMs(), 20.0);
    EXPECT_DOUBLE_EQ(*s.GetMeanDelayMs(), 10.0);
    EXPECT_EQ(s.GetExtendedHighestSequence(), 49u);
}

TEST(MediaStatistics, JitterMatchesHandComputation)
{
    // Timestamps every 160 units (20 ms); arrivals at 0, 20, 45, 60 ms.
    // D2 = 160 - 160 = 0 -> J = 0; D3 = 200 - 160 = 40 -> J = 40/16 = 2.5;
    // D4 = 120 - 160 = -40 -> J = 2.5 + (40 - 2.5)/16 = 4.84375 units = 0.60546875 ms.
    MediaStatistics s;
    s.OnPacket(0, 0, 0);
    s.OnPacket(1, 160, 20 * kMs);
    EXPECT_DOUBLE_EQ(s.GetJitterTimestampUnits(), 0.0);
    s.OnPacket(2, 320, 45 * kMs);
    EXPECT_DOUBLE_EQ(s.GetJitterTimestampUnits(), 2.5);
    s.OnPacket(3, 480, 60 * kMs);
    EXPECT_DOUBLE_EQ(s.GetJitterTimestampUnits(), 4.84375);
    EXPECT_DOUBLE_EQ(s.GetJitterMs(), 0.60546875);
    EXPECT_DOUBLE_EQ(s.GetMaxGapMs(), 25.0);
    EXPECT_FALSE(s.GetMeanDelayMs()); // no send times given
}

TEST(MediaStatistics, GapsCountAsLossAndMaxGap)
{
    MediaStatistics s;
    for (uint16_t i = 0; i < 20; ++i)
    {
        if (i >= 5 && i < 9) // four packets lost
        {
            continue;
        }
        s.OnPacket(i, i * 160u, i * 20 * kMs);
    }
    EXPECT_EQ(s.GetReceived(), 16u);
    EXPECT_EQ(s.GetExpected(), 20u);
    EXPECT_EQ(s.GetLost(), 4u);
    EXPECT_DOUBLE_EQ(s.GetMaxGapMs(), 100.0); // packet 4 at 80 ms -> packet 9 at 180 ms
    // Gaps keep the transit constant: still no jitter.
    EXPECT_DOUBLE_EQ(s.GetJitterMs(), 0.0);
}

TEST(MediaStatistics, SequenceWrapsAround)
{
    MediaStatistics s;
    uint16_t seq = 65530;
    for (int i = 0; i < 12; ++i, ++seq)
    {
        s.OnPacket(seq, i * 160u, i * 20 * kMs);
    }
    EXPECT_EQ(s.GetBaseSequence(), 65530);
    EXPECT_EQ(s.GetExtendedHighestSequence(), 65536u + 5u);
    EXPECT_EQ(s.GetExpected(), 12u);
    EXPECT_EQ(s.GetReceived(), 12u);
    EXPECT_EQ(s.GetLost(), 0u);
}

TEST(MediaStatistics, ReorderingAcrossTheWrapIsNotLoss)
{
    MediaStatistics s;
    s.OnPacket(65534, 0, 0);
    s.OnPacket(0, 320, 40 * kMs); // 65535 is late
    EXPECT_EQ(s.GetLost(), 1u);
    EXPECT_EQ(s.OnPacket(65535, 160, 41 * kMs), MediaStatistics::Outcome::kAccepted);
    s.OnPacket(1, 480, 60 * kMs);
    EXPECT_EQ(s.GetReordered(), 1u);
    EXPECT_EQ(s.GetExtendedHighestSequence(), 65537u);
    EXPECT_EQ(s.GetExpected(), 4u);
    EXPECT_EQ(s.GetReceived(), 4u);
    EXPECT_EQ(s.GetLost(), 0u);
}

TEST(MediaStatistics, DuplicatesAreCountedAndLossNeverNegative)
{
    MediaStatistics s;
    s.OnPacket(10, 0, 0);
    s.OnPacket(11, 160, 20 * kMs);
    EXPECT_EQ(s.OnPacket(11, 160, 21 * kMs), MediaStatistics::Outcome::kDuplicate);
    EXPECT_EQ(s.OnPacket(10, 0, 22 * kMs), MediaStatistics::Outcome::kDuplicate);
    EXPECT_EQ(s.GetDuplicates(), 2u);
    EXPECT_EQ(s.GetReceived(), 4u);
    EXPECT_EQ(s.GetExpected(), 2u);
    EXPECT_EQ(s.GetCumulativeLostRaw(), -2);
    EXPECT_EQ(s.GetLost(), 0u);
    // Duplicates do not disturb the jitter estimate.
    EXPECT_DOUBLE_EQ(s.GetJitterMs(), 0.0);
}

TEST(MediaStatistics, LargeJumpNeedsConfirmationThenRestarts)
{
    MediaStatistics s;
    s.OnPacket(100, 0, 0);
    s.OnPacket(101, 160, 20 * kMs);
    EXPECT_EQ(s.OnPacket(40000, 320, 40 * kMs), MediaStatistics::Outcome::kDiscarded);
    EXPECT_EQ(s.GetDiscarded(), 1u);
    EXPECT_EQ(s.GetExpected(), 2u);
    // The next packet follows the jump: the source restarted, counts carry over.
    EXPECT_EQ(s.OnPacket(40001, 480, 60 * kMs), MediaStatistics::Outcome::kAccepted);
    EXPECT_EQ(s.GetBaseSequence(), 40001);
    s.OnPacket(40002, 640, 80 * kMs);
    EXPECT_EQ(s.GetReceived(), 4u);
    EXPECT_EQ(s.GetExpected(), 4u);
    EXPECT_EQ(s.GetLost(), 0u);
}

TEST(MediaStatistics, DelayMeanMinMax)
{
    MediaStatistics s;
    s.OnPacket(0, 0, 10 * kMs, 0);
    s.OnPacket(1, 160, 34 * kMs, 20 * kMs);
    s.OnPacket(2, 320, 60 * kMs); // no send time: not in the delay
    EXPECT_DOUBLE_EQ(*s.GetMeanDelayMs(), 12.0);
    EXPECT_DOUBLE_EQ(*s.GetMinDelayMs(), 10.0);
    EXPECT_DOUBLE_EQ(*s.GetMaxDelayMs(), 14.0);
    EXPECT_EQ(*s.GetFirstArrivalNs(), 10 * kMs);
    EXPECT_EQ(*s.GetLastArrivalNs(), 60 * kMs);
    s.Reset();
    EXPECT_EQ(s.GetReceived(), 0u);
    EXPECT_EQ(s.GetExpected(), 0u);
    EXPECT_FALSE(s.GetMeanDelayMs());
}
