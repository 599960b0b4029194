// SPDX-License-Identifier: GPL-2.0-only
#include "media/rtp-receiver.h"

#include "wire/rtp-packet.h"

#include <algorithm>
#include <iterator>

namespace sipmob
{

namespace
{
/// "SMTS": marks a payload whose next 8 bytes are the send time in ns (big endian).
constexpr uint8_t kSendTimeMagic[4] = {'S', 'M', 'T', 'S'};
} // namespace

void
WriteRtpSendTime(std::vector<uint8_t>& payload, int64_t ns)
{
    std::copy(std::begin(kSendTimeMagic), std::end(kSendTimeMagic), payload.begin());
    const auto u = static_cast<uint64_t>(ns);
    for (int i = 0; i < 8; ++i)
    {
        payload[4 + i] = static_cast<uint8_t>(u >> (56 - 8 * i));
    }
}

std::optional<int64_t>
ReadRtpSendTime(const std::vector<uint8_t>& payload)
{
    if (payload.size() < kRtpSendTimeBytes ||
        !std::equal(std::begin(kSendTimeMagic), std::end(kSendTimeMagic), payload.begin()))
    {
        return std::nullopt;
    }
    uint64_t u = 0;
    for (int i = 0; i < 8; ++i)
    {
        u = (u << 8) | payload[4 + i];
    }
    return static_cast<int64_t>(u);
}

void
RtpReceiver::Reset(uint32_t clockRate)
{
    m_stats = MediaStatistics(clockRate);
    m_quality = std::make_shared<VoiceQualityMeter>();
}

std::optional<RtpReceiver::Arrival>
RtpReceiver::Receive(const uint8_t* data, std::size_t size, int64_t nowNs, std::string* error)
{
    const std::optional<RtpPacket> rtp = RtpPacket::Decode(data, size, error);
    if (!rtp)
    {
        ++m_malformed;
        return std::nullopt;
    }
    const std::optional<int64_t> sent = ReadRtpSendTime(rtp->GetPayload());
    m_stats.OnPacket(rtp->GetSequenceNumber(), rtp->GetTimestamp(), nowNs, sent);
    if (m_quality)
    {
        m_quality->Add(rtp->GetSequenceNumber(), rtp->GetTimestamp(), nowNs, sent);
    }
    return Arrival{rtp->GetSequenceNumber(), sent};
}

const MediaStatistics&
RtpReceiver::GetStatistics() const
{
    return m_stats;
}

uint64_t
RtpReceiver::GetMalformed() const
{
    return m_malformed;
}

void
RtpReceiver::FillRecord(MediaRecord& record, const PlayoutConfig& playout,
                        const CodecImpairment& codec) const
{
    record.received = m_stats.GetReceived();
    record.lost = m_stats.GetLost();
    record.maxGapMs = m_stats.GetMaxGapMs();
    record.jitterMs = m_stats.GetJitterMs();
    record.meanDelayMs = m_stats.GetMeanDelayMs().value_or(0.0);
    record.quality = m_quality;
    record.playout = std::make_shared<PlayoutConfig>(playout);
    record.codec = std::make_shared<CodecImpairment>(codec);
    if (m_quality)
    {
        if (auto q = m_quality->Evaluate(*record.playout, *record.codec))
        {
            record.rFactor = q->emodel.r;
            record.mos = q->emodel.mos;
            record.late = q->late;
            record.mouthToEarMs = q->mouthToEarMs;
        }
    }
}

} // namespace sipmob
