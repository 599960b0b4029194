// SPDX-License-Identifier: GPL-2.0-only
#include "wire/media-statistics.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace sipmob
{

namespace
{
constexpr uint32_t kSeqMod = 1u << 16;                           ///< RTP_SEQ_MOD
constexpr int64_t kUnseen = std::numeric_limits<int64_t>::min(); ///< empty duplicate-window slot
constexpr double kNsPerMs = 1e6;
} // namespace

MediaStatistics::MediaStatistics(uint32_t clockRate)
    : m_clockRate(clockRate == 0 ? 8000 : clockRate)
    , m_seen(kWindow, kUnseen)
{
}

void
MediaStatistics::Reset()
{
    *this = MediaStatistics(m_clockRate);
}

void
MediaStatistics::InitSequence(uint16_t seq)
{
    if (m_started)
    {
        // A restart keeps what the previous sequence space counted.
        m_priorExpected = GetExpected();
        m_priorReceived += m_received;
    }
    m_started = true;
    m_baseSeq = seq;
    m_maxSeq = seq;
    m_badSeq = kSeqMod + 1;
    m_cycles = 0;
    m_received = 0;
    std::fill(m_seen.begin(), m_seen.end(), kUnseen);
}

std::optional<int64_t>
MediaStatistics::ExtendSequence(uint16_t seq)
{
    const uint16_t udelta = static_cast<uint16_t>(seq - m_maxSeq);
    if (udelta < kMaxDropout)
    {
        // In order, possibly with a gap; a smaller value means the 16-bit space wrapped.
        if (seq < m_maxSeq)
        {
            m_cycles += kSeqMod;
        }
        m_maxSeq = seq;
        return static_cast<int64_t>(m_cycles) + seq;
    }
    if (udelta <= kSeqMod - kMaxMisorder)
    {
        // A very large jump: accept it only when the next packet follows it (source restarted).
        if (seq == m_badSeq)
        {
            InitSequence(seq);
            return static_cast<int64_t>(seq);
        }
        m_badSeq = (seq + 1u) & (kSeqMod - 1);
        return std::nullopt;
    }
    // Late (reordered) or duplicate; it belongs to the previous cycle when above the maximum.
    const int64_t cycle = static_cast<int64_t>(m_cycles) - (seq > m_maxSeq ? kSeqMod : 0);
    return cycle + seq;
}

MediaStatistics::Outcome
MediaStatistics::OnPacket(uint16_t seq, uint32_t rtpTimestamp, int64_t arrivalNs,
                          std::optional<int64_t> sendNs)
{
    if (!m_started)
    {
        InitSequence(seq);
    }
    const int64_t previousMax = static_cast<int64_t>(m_cycles) + m_maxSeq;
    const std::optional<int64_t> ext = ExtendSequence(seq);
    if (!ext)
    {
        ++m_discarded;
        return Outcome::kDiscarded;
    }
    ++m_received;
    int64_t& slot = m_seen[static_cast<std::size_t>(((*ext % kWindow) + kWindow) % kWindow)];
    if (slot == *ext)
    {
        ++m_duplicates;
        return Outcome::kDuplicate;
    }
    slot = *ext;
    if (*ext < previousMax)
    {
        ++m_reordered;
    }
    UpdateTiming(rtpTimestamp, arrivalNs, sendNs);
    return Outcome::kAccepted;
}

void
MediaStatistics::UpdateTiming(uint32_t rtpTimestamp, int64_t arrivalNs,
                              std::optional<int64_t> sendNs)
{
    if (m_haveTransit)
    {
        // RFC 3550 A.8: D = (Rj - Ri) - (Sj - Si) in RTP clock units; J += (|D| - J) / 16.
        const double arrivalUnits =
            static_cast<double>(arrivalNs - m_lastArrivalNs) * m_clockRate / 1e9;
        const auto sendUnits = static_cast<int32_t>(rtpTimestamp - m_lastTimestamp);
        const double d = arrivalUnits - sendUnits;
        m_jitter += (std::abs(d) - m_jitter) / 16.0;
        m_maxGapNs = std::max(m_maxGapNs, arrivalNs - m_lastArrivalNs);
    }
    else
    {
        m_firstArrivalNs = arrivalNs;
    }
    m_haveTransit = true;
    m_lastArrivalNs = arrivalNs;
    m_lastTimestamp = rtpTimestamp;
    if (sendNs)
    {
        const int64_t delay = arrivalNs - *sendNs;
        m_minDelayNs = m_delayCount == 0 ? delay : std::min(m_minDelayNs, delay);
        m_maxDelayNs = m_delayCount == 0 ? delay : std::max(m_maxDelayNs, delay);
        m_delaySumNs += static_cast<double>(delay);
        ++m_delayCount;
    }
}

uint64_t
MediaStatistics::GetReceived() const
{
    return m_priorReceived + m_received;
}

uint64_t
MediaStatistics::GetDuplicates() const
{
    return m_duplicates;
}

uint64_t
MediaStatistics::GetReordered() const
{
    return m_reordered;
}

uint64_t
MediaStatistics::GetDiscarded() const
{
    return m_discarded;
}

uint64_t
MediaStatistics::GetExpected() const
{
    if (!m_started)
    {
        return m_priorExpected;
    }
    const uint64_t extMax = static_cast<uint64_t>(m_cycles) + m_maxSeq;
    return m_priorExpected + (extMax - m_baseSeq + 1);
}

int64_t
MediaStatistics::GetCumulativeLostRaw() const
{
    return static_cast<int64_t>(GetExpected()) - static_cast<int64_t>(GetReceived());
}

uint64_t
MediaStatistics::GetLost() const
{
    const int64_t lost = GetCumulativeLostRaw();
    return lost > 0 ? static_cast<uint64_t>(lost) : 0;
}

uint32_t
MediaStatistics::GetExtendedHighestSequence() const
{
    return m_cycles + m_maxSeq;
}

uint16_t
MediaStatistics::GetBaseSequence() const
{
    return m_baseSeq;
}

double
MediaStatistics::GetJitterTimestampUnits() const
{
    return m_jitter;
}

double
MediaStatistics::GetJitterMs() const
{
    return m_jitter * 1000.0 / m_clockRate;
}

double
MediaStatistics::GetMaxGapMs() const
{
    return static_cast<double>(m_maxGapNs) / kNsPerMs;
}

std::optional<double>
MediaStatistics::GetMeanDelayMs() const
{
    if (m_delayCount == 0)
    {
        return std::nullopt;
    }
    return m_delaySumNs / static_cast<double>(m_delayCount) / kNsPerMs;
}

std::optional<double>
MediaStatistics::GetMinDelayMs() const
{
    if (m_delayCount == 0)
    {
        return std::nullopt;
    }
    return static_cast<double>(m_minDelayNs) / kNsPerMs;
}

std::optional<double>
MediaStatistics::GetMaxDelayMs() const
{
    if (m_delayCount == 0)
    {
        return std::nullopt;
    }
    return static_cast<double>(m_maxDelayNs) / kNsPerMs;
}

std::optional<int64_t>
MediaStatistics::GetFirstArrivalNs() const
{
    return m_firstArrivalNs;
}

std::optional<int64_t>
MediaStatistics::GetLastArrivalNs() const
{
    if (!m_haveTransit)
    {
        return std::nullopt;
    }
    return m_lastArrivalNs;
}

} // namespace sipmob
