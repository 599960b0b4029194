// SPDX-License-Identifier: GPL-2.0-only
// Receiver statistics of one RTP stream (RFC 3550 appendices A.1, A.3, A.8).
#ifndef SIPMOB_MEDIA_STATISTICS_H
#define SIPMOB_MEDIA_STATISTICS_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace sipmob
{

/**
 * Receiver statistics of one RTP source. Pure C++ (no ns-3); times are integer nanoseconds.
 *
 * Sequence numbers follow RFC 3550 A.1 (extended highest sequence with wraparound, jumps larger
 * than MAX_DROPOUT = 3000 discarded unless the next packet confirms them, which restarts the
 * sequence space) without the probation of new sources: a simulation knows its sources, so the
 * first packet counts. Loss follows A.3: expected - received, where received also counts
 * duplicates (so the raw value can be negative; GetLost() clamps it at 0). Jitter follows A.8 with
 * arrival times converted to units of the RTP clock, kept as a real number and reported in ms.
 */
class MediaStatistics
{
public:
    /// What OnPacket() did with a packet.
    enum class Outcome
    {
        kAccepted,  ///< counted (in order, or late but new)
        kDuplicate, ///< a sequence number seen recently: counted as received and as duplicate
        kDiscarded, ///< a jump larger than MAX_DROPOUT awaiting confirmation: not counted
    };

    static constexpr uint16_t kMaxDropout = 3000; ///< RFC 3550 A.1 MAX_DROPOUT
    static constexpr uint16_t kMaxMisorder = 100; ///< RFC 3550 A.1 MAX_MISORDER

    /**
     * @param clockRate RTP timestamp clock in Hz (8000 for G.711); must be > 0 (0 is taken as 8000)
     */
    explicit MediaStatistics(uint32_t clockRate = 8000);

    /**
     * Records the arrival of one packet.
     * @param seq RTP sequence number
     * @param rtpTimestamp RTP timestamp
     * @param arrivalNs arrival time in ns
     * @param sendNs send time in ns when the packet carries it (for the one-way delay)
     * @return what was done with the packet
     */
    Outcome OnPacket(uint16_t seq, uint32_t rtpTimestamp, int64_t arrivalNs,
                     std::optional<int64_t> sendNs = std::nullopt);

    /// Forgets everything (as after construction).
    void Reset();

    /// @return packets counted as received, duplicates included (RFC 3550 A.3)
    uint64_t GetReceived() const;
    /// @return duplicates among the received packets
    uint64_t GetDuplicates() const;
    /// @return packets that arrived after a higher sequence number (late but new)
    uint64_t GetReordered() const;
    /// @return packets discarded as unconfirmed sequence jumps
    uint64_t GetDiscarded() const;
    /// @return packets expected: extended highest - base + 1 (summed over sequence restarts)
    uint64_t GetExpected() const;
    /// @return expected - received, may be negative because of duplicates
    int64_t GetCumulativeLostRaw() const;
    /// @return expected - received, never negative
    uint64_t GetLost() const;
    /// @return extended highest sequence number received (cycles << 16 | highest); 0 if none
    uint32_t GetExtendedHighestSequence() const;
    /// @return first sequence number of the current sequence space; 0 if none
    uint16_t GetBaseSequence() const;
    /// @return interarrival jitter in units of the RTP clock
    double GetJitterTimestampUnits() const;
    /// @return interarrival jitter in milliseconds
    double GetJitterMs() const;
    /// @return largest time between two consecutive arrivals, in ms (0 with fewer than 2)
    double GetMaxGapMs() const;
    /// @return mean one-way delay in ms over the packets that carried a send time
    std::optional<double> GetMeanDelayMs() const;
    /// @return smallest one-way delay in ms
    std::optional<double> GetMinDelayMs() const;
    /// @return largest one-way delay in ms
    std::optional<double> GetMaxDelayMs() const;
    /// @return arrival time of the first counted packet, ns
    std::optional<int64_t> GetFirstArrivalNs() const;
    /// @return arrival time of the last counted packet, ns
    std::optional<int64_t> GetLastArrivalNs() const;

private:
    void InitSequence(uint16_t seq);
    std::optional<int64_t> ExtendSequence(uint16_t seq);
    void UpdateTiming(uint32_t rtpTimestamp, int64_t arrivalNs, std::optional<int64_t> sendNs);

    static constexpr std::size_t kWindow = 4096; ///< remembered sequence numbers (duplicates)

    uint32_t m_clockRate;
    bool m_started = false;
    uint16_t m_maxSeq = 0;
    uint32_t m_cycles = 0;
    uint16_t m_baseSeq = 0;
    uint32_t m_badSeq = 0x10001; ///< RTP_SEQ_MOD + 1: no pending jump
    uint64_t m_received = 0;
    uint64_t m_priorExpected = 0; ///< expected in sequence spaces before a restart
    uint64_t m_priorReceived = 0; ///< received in sequence spaces before a restart
    uint64_t m_duplicates = 0;
    uint64_t m_reordered = 0;
    uint64_t m_discarded = 0;
    std::vector<int64_t> m_seen;
    bool m_haveTransit = false;
    int64_t m_lastArrivalNs = 0;
    uint32_t m_lastTimestamp = 0;
    double m_jitter = 0;
    int64_t m_maxGapNs = 0;
    std::optional<int64_t> m_firstArrivalNs;
    uint64_t m_delayCount = 0;
    double m_delaySumNs = 0;
    int64_t m_minDelayNs = 0;
    int64_t m_maxDelayNs = 0;
};

} // namespace sipmob

#endif
