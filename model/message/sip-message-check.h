// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_MESSAGE_CHECK_H
#define SIPMOB_SIP_MESSAGE_CHECK_H

#include "message/sip-message.h"
#include "message/sip-parse-error.h"

#include <string>
#include <string_view>

namespace sipmob
{

/**
 * \brief The checks an element makes on a parsed message before it processes it, beyond the
 * syntax SipMessage::Parse checks: the one place both `sipmob parse` and SipUdpTransport use.
 *
 * - No control character (%x00-08, %x0A-1F, %x7F) in the start line or a header field: RFC 3261
 *   §25.1 allows one only as a quoted-pair (a backslash before it) inside a quoted string; CR and
 *   LF end lines, HTAB is whitespace. The body is not checked (it has its own content type).
 * - The mandatory header fields are present: Via, From, To, Call-ID, CSeq and Max-Forwards in a
 *   request (RFC 3261 §8.1.1), all but Max-Forwards in a response (§8.2.6.2 copies them from the
 *   request), and all but Via (a list) only once (§7.3.1). Their values were already checked by
 *   the parse when present (Via, From and To
 *   name-addr syntax, Call-ID one word, CSeq number and the method matching the request's,
 *   §8.1.1.5, Max-Forwards 0-255).
 *
 * \param msg the message SipMessage::Parse returned for @p datagram
 * \param datagram the bytes it was parsed from
 * \param error on failure (may be null): `what` names the header and the rule, `line` and `offset`
 *        say where (for a missing header: the empty line that ends the header section)
 * \return true when the message may be processed; false: a request gets 400 Bad Request
 *         (§8.2.2, §16.3) when a Via is there to answer to, anything else is dropped
 */
bool CheckReceivedMessage(const SipMessage& msg, std::string_view datagram, SipParseError* error);

/**
 * \return @p text with every control byte (%x00-1F, %x7F) written as \\xNN, so that it can go to
 *         a terminal or a log as it is (other bytes, UTF-8 text, are kept)
 */
std::string PrintableText(std::string_view text);

} // namespace sipmob

#endif
