// SPDX-License-Identifier: GPL-2.0-only
#include "wire/voice-quality-meter.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace sipmob
{

namespace
{

/// Fate of one frame in the playout buffer.
struct Fate
{
    bool played = false; ///< played in time (else late)
    int64_t timeNs = 0;  ///< send time, else arrival time (for windows)
    double bufferNs = 0; ///< time waited in the buffer (played frames)
    double delayNs = 0;  ///< send -> playout (played frames with a send time)
    bool haveDelay = false;
};

/// The playout buffer replayed over the arrivals (see PlayoutConfig).
class PlayoutReplay
{
public:
    explicit PlayoutReplay(const PlayoutConfig& config)
        : m_cfg(config)
        , m_nsPerTick(1e9 / std::max<uint32_t>(config.clockRate, 1))
    {
    }

    std::map<int64_t, Fate> Run(const std::vector<VoiceQualityMeter::Frame>& frames)
    {
        std::map<int64_t, Fate> fates;
        for (const auto& f : frames)
        {
            UpdateJitter(f);
            if (fates.count(f.seq) != 0)
            {
                continue; // a duplicate plays nothing new
            }
            if (NewTalkspurt(f))
            {
                Anchor(f);
            }
            const int32_t ticks = static_cast<int32_t>(f.timestamp - m_anchorTs);
            const double playoutNs = m_anchorArrival + m_delayNs + ticks * m_nsPerTick;
            Fate fate;
            fate.timeNs = f.sendNs >= 0 ? f.sendNs : f.arrivalNs;
            fate.played = f.arrivalNs <= playoutNs;
            if (fate.played)
            {
                fate.bufferNs = playoutNs - f.arrivalNs;
                fate.haveDelay = f.sendNs >= 0;
                fate.delayNs = playoutNs - static_cast<double>(f.sendNs);
            }
            else if (m_cfg.mode == PlayoutConfig::Mode::kAdaptive)
            {
                m_reanchor = true; // underrun: grow the buffer on the next packet
            }
            m_lastArrival = f.arrivalNs;
            fates[f.seq] = fate;
        }
        return fates;
    }

private:
    bool NewTalkspurt(const VoiceQualityMeter::Frame& f) const
    {
        return !m_anchored || m_reanchor ||
               static_cast<double>(f.arrivalNs - m_lastArrival) >= m_cfg.resyncGapMs * 1e6;
    }

    void Anchor(const VoiceQualityMeter::Frame& f)
    {
        m_anchored = true;
        m_reanchor = false;
        m_anchorArrival = static_cast<double>(f.arrivalNs);
        m_anchorTs = f.timestamp;
        const double ms = m_cfg.mode == PlayoutConfig::Mode::kFixed
                              ? m_cfg.fixedDelayMs
                              : std::clamp(m_cfg.jitterFactor * m_jitterNs / 1e6, m_cfg.minDelayMs,
                                           m_cfg.maxDelayMs);
        m_delayNs = ms * 1e6;
    }

    /// RFC 3550 A.8 on the relative transit time, in ns.
    void UpdateJitter(const VoiceQualityMeter::Frame& f)
    {
        const double transit = f.arrivalNs - f.timestamp * m_nsPerTick;
        if (m_haveTransit)
        {
            m_jitterNs += (std::fabs(transit - m_lastTransit) - m_jitterNs) / 16;
        }
        m_lastTransit = transit;
        m_haveTransit = true;
    }

    PlayoutConfig m_cfg;
    double m_nsPerTick;
    bool m_anchored = false;
    bool m_reanchor = false;
    double m_anchorArrival = 0;
    uint32_t m_anchorTs = 0;
    double m_delayNs = 0;
    int64_t m_lastArrival = 0;
    bool m_haveTransit = false;
    double m_lastTransit = 0;
    double m_jitterNs = 0;
};

/// A frame in sequence order: its fate, or missing with an interpolated time.
struct Slot
{
    int64_t timeNs = 0;
    const Fate* fate = nullptr; ///< null when the frame never arrived
};

std::vector<Slot>
InSequenceOrder(const std::map<int64_t, Fate>& fates)
{
    std::vector<Slot> slots;
    auto prev = fates.end();
    for (auto it = fates.begin(); it != fates.end(); ++it)
    {
        if (prev != fates.end())
        {
            const int64_t span = it->first - prev->first;
            for (int64_t k = 1; k < span; ++k)
            {
                const double t = prev->second.timeNs +
                                 static_cast<double>(it->second.timeNs - prev->second.timeNs) *
                                     static_cast<double>(k) / static_cast<double>(span);
                slots.push_back({static_cast<int64_t>(std::llround(t)), nullptr});
            }
        }
        slots.push_back({it->second.timeNs, &it->second});
        prev = it;
    }
    return slots;
}

} // namespace

std::optional<PlayoutConfig::Mode>
PlayoutConfig::ParseMode(const std::string& name)
{
    if (name == "fixed")
    {
        return Mode::kFixed;
    }
    if (name == "adaptive")
    {
        return Mode::kAdaptive;
    }
    return std::nullopt;
}

namespace
{

/// The extended sequence number nearest @p last with the low 16 bits @p seq (RFC 3550 A.1).
int64_t
Unfold(int64_t last, uint16_t seq)
{
    return last + static_cast<int16_t>(static_cast<uint16_t>(seq - (last & 0xFFFF)));
}

} // namespace

void
VoiceQualityMeter::Add(uint16_t seq, uint32_t timestamp, int64_t arrivalNs,
                       std::optional<int64_t> sendNs)
{
    static_assert(sizeof(Packed) == 16, "the packet as kept");
    Packed p;
    p.timestamp = timestamp;
    p.seq = seq;
    int64_t step = 0;
    const int64_t from = m_packets.empty() ? 0 : m_lastArrivalNs;
    if (!__builtin_sub_overflow(arrivalNs, from, &step) && step >= 0 && step <= UINT32_MAX)
    {
        p.arrivalStep = static_cast<uint32_t>(step);
    }
    else
    {
        p.flags |= kWideArrival;
        m_wide.push_back(arrivalNs);
    }
    m_lastArrivalNs = arrivalNs;
    if (!sendNs)
    {
        p.flags |= kNoSend;
    }
    else if (!__builtin_sub_overflow(arrivalNs, *sendNs, &step) && step >= INT32_MIN &&
             step <= INT32_MAX)
    {
        p.sendStep = static_cast<int32_t>(step);
    }
    else
    {
        p.flags |= kWideSend;
        m_wide.push_back(*sendNs);
    }
    m_packets.push_back(p);
}

std::vector<VoiceQualityMeter::Frame>
VoiceQualityMeter::GetFrames() const
{
    std::vector<Frame> frames;
    frames.reserve(m_packets.size());
    auto wide = m_wide.begin();
    int64_t arrival = 0;
    int64_t seq = 0;
    for (const Packed& p : m_packets)
    {
        seq = frames.empty() ? p.seq : Unfold(seq, p.seq);
        arrival = (p.flags & kWideArrival) != 0 ? *wide++ : arrival + p.arrivalStep;
        int64_t send = -1;
        if ((p.flags & kWideSend) != 0)
        {
            send = *wide++;
        }
        else if ((p.flags & kNoSend) == 0)
        {
            send = arrival - p.sendStep;
        }
        frames.push_back({seq, p.timestamp, arrival, send});
    }
    return frames;
}

std::optional<VoiceQualityResult>
VoiceQualityMeter::Evaluate(const PlayoutConfig& config, const CodecImpairment& codec,
                            int64_t fromNs, int64_t toNs) const
{
    const std::map<int64_t, Fate> fates = PlayoutReplay(config).Run(GetFrames());
    VoiceQualityResult res;
    std::vector<bool> lost;
    double bufferSum = 0;
    double delaySum = 0;
    uint64_t delayCount = 0;
    for (const Slot& s : InSequenceOrder(fates))
    {
        if (s.timeNs < fromNs || s.timeNs >= toNs)
        {
            continue;
        }
        ++res.expected;
        const bool played = s.fate && s.fate->played;
        lost.push_back(!played);
        if (!s.fate)
        {
            ++res.missing;
            continue;
        }
        if (!played)
        {
            ++res.late;
            continue;
        }
        ++res.played;
        bufferSum += s.fate->bufferNs;
        if (s.fate->haveDelay)
        {
            delaySum += s.fate->delayNs;
            ++delayCount;
        }
    }
    if (res.expected == 0)
    {
        return std::nullopt;
    }
    res.pplPercent = 100.0 * static_cast<double>(res.late + res.missing) / res.expected;
    res.burstR = EModel::BurstRatio(lost);
    res.meanBufferMs = res.played > 0 ? bufferSum / res.played / 1e6 : 0;
    const double networkAndBufferMs =
        delayCount > 0 ? delaySum / delayCount / 1e6 : res.meanBufferMs;
    res.mouthToEarMs = networkAndBufferMs + codec.frameMs + codec.lookaheadMs;
    EModelParameters p;
    p.ie = codec.ie;
    p.bpl = codec.bpl;
    p.ppl = res.pplPercent;
    p.burstR = res.burstR;
    p.ta = res.mouthToEarMs;
    p.t = res.mouthToEarMs;
    p.tr = 2 * res.mouthToEarMs;
    res.emodel = EModel::Compute(p);
    return res;
}

} // namespace sipmob
