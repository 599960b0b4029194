// SPDX-License-Identifier: GPL-2.0-only
// RTP data packet (RFC 3550 section 5.1): fixed header, CSRC list, header extension, payload.
#ifndef SIPMOB_RTP_PACKET_H
#define SIPMOB_RTP_PACKET_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sipmob
{

/**
 * One RTP data packet. Pure C++ (no ns-3).
 *
 * Encode() writes the 12-byte fixed header (version 2), the CSRC list, the header extension when
 * present, the payload and, when padding is requested, the padding bytes whose last byte is the
 * padding count. Decode() checks every length and the version and returns a precise error instead
 * of reading out of bounds.
 */
class RtpPacket
{
public:
    static constexpr std::size_t kHeaderSize = 12; ///< fixed header length in bytes
    static constexpr uint8_t kVersion = 2;         ///< the only RTP version accepted
    static constexpr uint8_t kPayloadTypePcmu =
        0;                                      ///< RFC 3551 static payload type for G.711 mu-law
    static constexpr std::size_t kMaxCsrc = 15; ///< the CC field has 4 bits

    /// A packet with PT 0 (PCMU), all other fields zero and an empty payload.
    RtpPacket() = default;

    /// @return the marker bit
    bool GetMarker() const;
    /// @param marker the marker bit
    void SetMarker(bool marker);
    /// @return the payload type (7 bits)
    uint8_t GetPayloadType() const;
    /// @param pt the payload type; only the low 7 bits are kept
    void SetPayloadType(uint8_t pt);
    /// @return the sequence number
    uint16_t GetSequenceNumber() const;
    /// @param seq the sequence number
    void SetSequenceNumber(uint16_t seq);
    /// @return the RTP timestamp (units of the payload clock)
    uint32_t GetTimestamp() const;
    /// @param ts the RTP timestamp
    void SetTimestamp(uint32_t ts);
    /// @return the synchronisation source identifier
    uint32_t GetSsrc() const;
    /// @param ssrc the synchronisation source identifier
    void SetSsrc(uint32_t ssrc);

    /// @return the contributing sources (CC = its size)
    const std::vector<uint32_t>& GetCsrcs() const;
    /**
     * @param csrcs the contributing sources
     * @return false (and nothing changed) when there are more than 15
     */
    bool SetCsrcs(const std::vector<uint32_t>& csrcs);

    /// @return whether the X bit is set (a header extension follows the CSRC list)
    bool HasExtension() const;
    /// @return the profile-defined 16 bits of the header extension
    uint16_t GetExtensionProfile() const;
    /// @return the extension data (a multiple of 4 bytes)
    const std::vector<uint8_t>& GetExtensionData() const;
    /**
     * Adds a header extension (sets X).
     * @param profile profile-defined 16 bits
     * @param data extension data; its size must be a multiple of 4 and at most 4 * 65535
     * @return false (and nothing changed) when the size is not valid
     */
    bool SetExtension(uint16_t profile, const std::vector<uint8_t>& data);
    /// Removes the header extension (clears X).
    void ClearExtension();

    /// @return number of padding bytes appended after the payload (0: P bit clear)
    uint8_t GetPadding() const;
    /// @param count number of padding bytes including the count byte (0 clears P)
    void SetPadding(uint8_t count);

    /// @return the payload
    const std::vector<uint8_t>& GetPayload() const;
    /// @param payload the payload
    void SetPayload(std::vector<uint8_t> payload);

    /// @return the encoded size in bytes
    std::size_t GetSerializedSize() const;
    /// @return the packet in network byte order
    std::vector<uint8_t> Encode() const;

    /**
     * Decodes an RTP packet.
     * @param data first byte
     * @param size number of bytes
     * @param error when not null, receives the reason of a failure
     * @return the packet, or nothing when the bytes are not a valid RTP version 2 packet
     */
    static std::optional<RtpPacket> Decode(const uint8_t* data, std::size_t size,
                                           std::string* error = nullptr);
    /// Convenience overload of Decode() for a byte vector.
    static std::optional<RtpPacket> Decode(const std::vector<uint8_t>& bytes,
                                           std::string* error = nullptr);

private:
    bool m_marker = false;
    uint8_t m_payloadType = kPayloadTypePcmu;
    uint16_t m_sequence = 0;
    uint32_t m_timestamp = 0;
    uint32_t m_ssrc = 0;
    std::vector<uint32_t> m_csrcs;
    bool m_extension = false;
    uint16_t m_extensionProfile = 0;
    std::vector<uint8_t> m_extensionData;
    uint8_t m_padding = 0;
    std::vector<uint8_t> m_payload;
};

} // namespace sipmob

#endif
