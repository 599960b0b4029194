// SPDX-License-Identifier: GPL-2.0-only
// The receive side of an RTP media stream: decoding, sequence/jitter statistics, voice quality.
#ifndef SIPMOB_RTP_RECEIVER_H
#define SIPMOB_RTP_RECEIVER_H

#include "records/run-records.h"
#include "wire/media-statistics.h"
#include "wire/voice-quality-meter.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sipmob
{

/**
 * Writes the send-time stamp into the first 12 bytes of an RTP payload: the marker "SMTS" and
 * the send time in ns, big endian (simulated clocks are exact, so the receiver gets the one-way
 * delay). @p payload must hold at least 12 bytes.
 * @param payload the payload to stamp
 * @param ns the send time in simulated ns
 */
void WriteRtpSendTime(std::vector<uint8_t>& payload, int64_t ns);
/**
 * @param payload an RTP payload
 * @return the send time in ns written by WriteRtpSendTime(), or nothing when the payload is
 *         shorter than 12 bytes or does not start with the marker
 */
std::optional<int64_t> ReadRtpSendTime(const std::vector<uint8_t>& payload);
/// Payload bytes taken by the send-time stamp.
constexpr std::size_t kRtpSendTimeBytes = 12;

/**
 * The receiver half of one RTP media stream (ns3::RtpMediaStream owns one): decodes every
 * datagram received (RFC 3550 Section 5.1 header), counts the malformed ones, and feeds the
 * valid ones to the receiver statistics (sequence, loss, jitter of RFC 3550 Section 6.4.1 and
 * Appendix A.8) and to the voice-quality arrival log (ITU-T G.107 via VoiceQualityMeter).
 * Knows nothing of sockets or traces: the stream hands it bytes and the simulated time.
 */
class RtpReceiver
{
public:
    /// What one valid packet carried.
    struct Arrival
    {
        uint16_t sequence;             ///< RTP sequence number
        std::optional<int64_t> sentNs; ///< send time in ns when the payload carried one
    };

    /**
     * Starts a new reception: fresh statistics at @p clockRate Hz and a fresh arrival log.
     * @param clockRate RTP timestamp clock in Hz
     */
    void Reset(uint32_t clockRate);

    /**
     * Decodes one datagram and accounts it.
     * @param data the UDP payload
     * @param size its length in bytes
     * @param nowNs the simulated arrival time in ns
     * @param error set to the reason when the datagram is not valid RTP
     * @return the arrival, or nothing (counted in GetMalformed()) when not valid RTP
     */
    std::optional<Arrival> Receive(const uint8_t* data, std::size_t size, int64_t nowNs,
                                   std::string* error);

    /// @return the receiver statistics of the valid packets received
    const MediaStatistics& GetStatistics() const;
    /// @return datagrams received that were not valid RTP
    uint64_t GetMalformed() const;

    /**
     * Fills the receive-side fields of @p record (received, lost, maxGapMs, jitterMs,
     * meanDelayMs, the arrival log and the whole call's R, MOS, late and mouth-to-ear delay).
     * @param record the record to fill
     * @param playout the receiver's playout buffer
     * @param codec the codec impairment (ITU-T G.113 Appendix I)
     */
    void FillRecord(MediaRecord& record, const PlayoutConfig& playout,
                    const CodecImpairment& codec) const;

private:
    MediaStatistics m_stats;
    std::shared_ptr<VoiceQualityMeter> m_quality; ///< null before the first Reset()
    uint64_t m_malformed = 0;
};

} // namespace sipmob

#endif
