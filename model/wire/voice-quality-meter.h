// SPDX-License-Identifier: GPL-2.0-only
// Voice quality of one received RTP stream: a playout buffer replayed over the arrivals, then the
// ITU-T G.107 E-model over the frames that were played in time.
#ifndef SIPMOB_VOICE_QUALITY_METER_H
#define SIPMOB_VOICE_QUALITY_METER_H

#include "wire/e-model.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace sipmob
{

/**
 * How the receiver's playout (jitter) buffer schedules frames. A frame whose packet arrives after
 * its playout instant is late and counts as lost, like a packet lost in the network (G.107
 * clause 7.5 counts "packet loss" after the jitter buffer; G.1020 clause 6.2).
 *
 * The buffer anchors its schedule on one packet: playout(ts) = arrival(anchor) + delay +
 * (ts - ts(anchor)) / clock. It re-anchors on the first packet after an arrival gap of at least
 * resyncGapMs (a new talkspurt, e.g. media resuming after a hand-off, whose path delay may
 * differ), so a hand-off costs the frames that did not arrive, not every later one.
 *  - fixed: delay = fixedDelayMs at every anchor; late packets are dropped.
 *  - adaptive: at every anchor delay = clamp(jitterFactor x J, minDelayMs, maxDelayMs), J being the
 *    RFC 3550 A.8 interarrival jitter at that instant (the "estimate + 4 x variation" rule of
 *    Ramjee, Kurose, Towsley, Schulzrinne, INFOCOM 1994, algorithm 1, with J as the variation); a
 *    late packet is dropped and the buffer re-anchors on the next packet (it grows after an
 *    underrun).
 */
struct PlayoutConfig
{
    /// Buffer kind.
    enum class Mode
    {
        kFixed,
        kAdaptive,
    };

    Mode mode = Mode::kAdaptive;
    double fixedDelayMs = 60;  ///< fixed mode: buffer delay, ms
    double minDelayMs = 20;    ///< adaptive mode: smallest delay, ms
    double maxDelayMs = 300;   ///< adaptive mode: largest delay, ms
    double jitterFactor = 4;   ///< adaptive mode: delay = factor x jitter (before clamping)
    double resyncGapMs = 200;  ///< arrival gap that starts a new talkspurt, ms
    uint32_t clockRate = 8000; ///< RTP clock, Hz

    /**
     * @param name "fixed" or "adaptive"
     * @return the mode, or empty for another name
     */
    static std::optional<Mode> ParseMode(const std::string& name);
};

/// What one evaluation found (a whole call or a window of it).
struct VoiceQualityResult
{
    uint64_t expected = 0;   ///< frames in the window (received or not)
    uint64_t played = 0;     ///< frames played in time
    uint64_t late = 0;       ///< frames that arrived after their playout instant
    uint64_t missing = 0;    ///< frames that never arrived
    double pplPercent = 0;   ///< (late + missing) / expected, percent
    double burstR = 1;       ///< BurstR of the late-or-missing pattern
    double meanBufferMs = 0; ///< mean time a played frame waited in the buffer, ms
    double mouthToEarMs = 0; ///< network delay + buffer + frame + look-ahead, ms
    EModelResult emodel;     ///< the E-model with these inputs (emodel.r, emodel.mos)
};

/**
 * The arrivals of one RTP stream at its receiver, kept so that a playout buffer and the E-model
 * can be evaluated afterwards over the whole stream or a window of it. Pure C++ (no ns-3); times
 * are integer ns. Memory: 16 bytes per packet (50 packets/s for G.711 at 20 ms), plus 8 bytes per
 * arrival gap over 4.29 s and per send time more than 2.1 s before (or after) its arrival: each
 * packet is kept with its arrival as a step from the previous one, its send time as a step back
 * from its arrival and its sequence number as received, from which GetFrames() rebuilds exactly
 * what Add() was given (the sequence numbers unfolded again in the same order).
 */
class VoiceQualityMeter
{
public:
    /// One packet as it arrived.
    struct Frame
    {
        int64_t seq = 0;        ///< extended sequence number (wraps unfolded)
        uint32_t timestamp = 0; ///< RTP timestamp
        int64_t arrivalNs = 0;  ///< arrival time, ns
        int64_t sendNs = -1;    ///< send time carried by the packet, ns (-1: unknown)
    };

    /**
     * Records one arrival; packets must be given in arrival order.
     * @param seq RTP sequence number (unfolded against the previous one, RFC 3550 A.1)
     * @param timestamp RTP timestamp
     * @param arrivalNs arrival time, ns
     * @param sendNs send time when the packet carried it
     */
    void Add(uint16_t seq, uint32_t timestamp, int64_t arrivalNs,
             std::optional<int64_t> sendNs = std::nullopt);

    /// @return the packets recorded, in arrival order (rebuilt from the compact log)
    std::vector<Frame> GetFrames() const;

    /**
     * Replays the playout buffer over every arrival, then evaluates the frames whose send time
     * (for a frame that never arrived: interpolated between its neighbours in sequence order;
     * without send times: arrival time) lies in [fromNs, toNs).
     *
     * The E-model gets the defaults of G.107 Table 3 except: Ie and Bpl of @p codec; Ppl and
     * BurstR measured here; Ta = T = mouth-to-ear delay (the echo path is the same path, echo
     * controlled with the default TELR) and Tr = 2 Ta (G.107 clause 7.4 definitions).
     * @param config the playout buffer
     * @param codec Ie, Bpl, frame duration and look-ahead
     * @param fromNs window start (inclusive), ns
     * @param toNs window end (exclusive), ns
     * @return the result; empty when no frame falls in the window
     */
    std::optional<VoiceQualityResult> Evaluate(
        const PlayoutConfig& config, const CodecImpairment& codec,
        int64_t fromNs = std::numeric_limits<int64_t>::min(),
        int64_t toNs = std::numeric_limits<int64_t>::max()) const;

private:
    /// One packet as kept (16 bytes; see the class comment).
    struct Packed
    {
        uint32_t arrivalStep = 0; ///< arrival - previous arrival (first: - 0), ns
        int32_t sendStep = 0;     ///< arrival - send, ns
        uint32_t timestamp = 0;   ///< RTP timestamp
        uint16_t seq = 0;         ///< RTP sequence number as received
        uint16_t flags = 0;       ///< kWideArrival, kWideSend, kNoSend
    };

    static constexpr uint16_t kWideArrival = 1; ///< the arrival is the next entry of m_wide
    static constexpr uint16_t kWideSend = 2;    ///< the send time is the next entry of m_wide
    static constexpr uint16_t kNoSend = 4;      ///< the packet carried no send time

    std::vector<Packed> m_packets;
    std::vector<int64_t> m_wide; ///< values that did not fit their step, in the order of Add()
    int64_t m_lastArrivalNs = 0; ///< arrival of the last packet added
};

} // namespace sipmob

#endif
