// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_DNS_MESSAGE_H
#define SIPMOB_DNS_MESSAGE_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sipmob
{

/// DNS resource record types used here (RFC 1035 3.2.2, RFC 2782).
enum DnsType : uint16_t
{
    DNS_TYPE_A = 1,
    DNS_TYPE_SRV = 33,
};

/// DNS response codes (RFC 1035 4.1.1).
enum DnsRcode : uint8_t
{
    DNS_RCODE_NOERROR = 0,
    DNS_RCODE_FORMERR = 1,
    DNS_RCODE_SERVFAIL = 2,
    DNS_RCODE_NXDOMAIN = 3,
    DNS_RCODE_NOTIMP = 4,
    DNS_RCODE_REFUSED = 5,
};

/// One entry of the question section.
struct DnsQuestion
{
    std::string name;   ///< domain name, without trailing dot ("" is the root)
    uint16_t type{0};   ///< QTYPE
    uint16_t qclass{1}; ///< QCLASS (1 = IN)
};

/// RDATA of an SRV record (RFC 2782).
struct DnsSrvData
{
    uint16_t priority{0}; ///< lower is preferred
    uint16_t weight{0};   ///< relative weight among equal priority
    uint16_t port{0};     ///< service port
    std::string target;   ///< target host ("" means "." : service not available)
};

/// One resource record. Only the fields matching @c type are meaningful.
struct DnsResourceRecord
{
    std::string name;           ///< owner name
    uint16_t type{0};           ///< TYPE
    uint16_t rclass{1};         ///< CLASS (1 = IN)
    uint32_t ttl{0};            ///< TTL in seconds
    uint32_t a{0};              ///< A: IPv4 address, host byte order
    DnsSrvData srv;             ///< SRV: decoded RDATA
    std::vector<uint8_t> rdata; ///< other types: raw RDATA (kept on decode, written on encode)
};

/// Why decoding failed.
enum class DnsDecodeError
{
    None,               ///< no error
    ShortHeader,        ///< fewer than 12 bytes
    Truncated,          ///< a section ends past the end of the buffer
    NameTooLong,        ///< name longer than 255 octets on the wire
    ReservedLabelType,  ///< length byte 0x40-0xbf: a label > 63 octets cannot be encoded
    PointerOutOfBounds, ///< compression pointer not strictly backwards / beyond the buffer
    PointerLoop,        ///< too many compression pointers followed
    BadLabelChar,       ///< a label contains '.', which this API cannot represent
    BadRdata,           ///< RDATA length does not match the record type
};

/// Readable name of a decode error (e.g. "pointer-loop").
const char* DnsDecodeErrorName(DnsDecodeError error);

class DnsMessage;

/// Result of DnsMessage::Decode: a message or a precise error.
struct DnsDecodeResult;

/**
 * A DNS message (RFC 1035 section 4): header, question, answer, authority and additional
 * sections. Plain value type; Encode/Decode convert to and from wire format.
 */
class DnsMessage
{
public:
    uint16_t id{0};                             ///< ID
    bool qr{false};                             ///< QR: response
    uint8_t opcode{0};                          ///< OPCODE (4 bits)
    bool aa{false};                             ///< AA: authoritative answer
    bool tc{false};                             ///< TC: truncated
    bool rd{false};                             ///< RD: recursion desired
    bool ra{false};                             ///< RA: recursion available
    uint8_t rcode{0};                           ///< RCODE (4 bits)
    std::vector<DnsQuestion> questions;         ///< question section
    std::vector<DnsResourceRecord> answers;     ///< answer section
    std::vector<DnsResourceRecord> authorities; ///< authority section
    std::vector<DnsResourceRecord> additionals; ///< additional section

    /**
     * Encode into wire format.
     * @param out receives the bytes (cleared first)
     * @param compress use compression pointers for repeated name suffixes
     * @param error if not null, receives a reason on failure
     * @return false if a name is invalid (label empty or > 63, name > 255) or an RDATA too long
     */
    bool Encode(std::vector<uint8_t>& out, bool compress = true,
                std::string* error = nullptr) const;

    /**
     * Decode from wire format. Never reads outside [data, data+len).
     * @param data bytes
     * @param len number of bytes
     * @return the message or an error with the offset where it was found
     */
    static DnsDecodeResult Decode(const uint8_t* data, std::size_t len);

    /// Convenience overload of Decode.
    static DnsDecodeResult Decode(const std::vector<uint8_t>& bytes);

    /// Lower-case a domain name and remove a trailing dot (names compare case-insensitively).
    static std::string CanonicalName(const std::string& name);
};

/// Result of DnsMessage::Decode.
struct DnsDecodeResult
{
    DnsDecodeError error{DnsDecodeError::None}; ///< None on success
    std::size_t offset{0};                      ///< where the error was detected
    DnsMessage message;                         ///< decoded message (valid when Ok())

    /// @return true when decoding succeeded
    bool Ok() const
    {
        return error == DnsDecodeError::None;
    }
};

} // namespace sipmob

#endif // SIPMOB_DNS_MESSAGE_H
