// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_MESSAGE_PARSER_H
#define SIPMOB_SIP_MESSAGE_PARSER_H

#include "message/sip-message.h"
#include "message/sip-scan.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace sipmob
{

/**
 * \brief One-pass parser of a SIP datagram into a SipMessage (used by SipMessage::Parse).
 *
 * Strict mode applies the element-level checks (start line, framing, scalar ranges, syntax of
 * Via/From/To/Contact/Route/CSeq/Call-ID); lenient mode only splits the start line and the
 * header fields, for building a 400 to a request that failed strict parsing.
 */
class SipMessageParser
{
public:
    /**
     * \param datagram the bytes (must outlive the parser)
     * \param lenient skip framing and header checks
     */
    SipMessageParser(std::string_view datagram, bool lenient);
    /**
     * \param err receives the error on failure (may be null)
     * \return the message or nullopt
     */
    std::optional<SipMessage> Run(SipParseError* err);

private:
    bool Fail(std::size_t offset, int line, std::string what);
    /// \return the offset of a view into the datagram
    uint32_t OffsetOf(std::string_view piece) const;
    /// \return the offset of the start of the line holding offset (error positions)
    std::size_t LineStartOf(std::size_t offset) const;
    bool NextLine(std::string_view& line);
    bool ParseStartLine();
    bool ParseRequestLine(std::string_view line);
    bool ParseStatusLine(std::string_view line);
    bool ParseHeaders();
    bool AddHeaderLine(std::string_view line);
    bool FrameBody();
    /// Strict mode: every header value through SipHeaderChecker
    bool CheckHeaders();

    std::string_view m_data;        ///< the datagram
    bool m_lenient;                 ///< lenient mode
    std::size_t m_pos = 0;          ///< next unread byte
    int m_line = 0;                 ///< number of lines read
    std::size_t m_lineStart = 0;    ///< offset of the last line read
    bool m_canonical = false;       ///< so far the bytes are what Serialize would write
    SipMessage* m_msg = nullptr;    ///< the message being built (owned by Run)
    SipParseError* m_err = nullptr; ///< where errors go
};

} // namespace sipmob

#endif
