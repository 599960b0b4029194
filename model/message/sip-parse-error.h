// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_PARSE_ERROR_H
#define SIPMOB_SIP_PARSE_ERROR_H

#include <cstddef>
#include <string>

namespace sipmob
{

/**
 * \brief Why and where a SIP message failed to parse.
 */
struct SipParseError
{
    std::string what;       ///< human-readable reason
    std::size_t offset = 0; ///< byte offset in the datagram where the problem was found
    int line = 0;           ///< 1-based line number of that offset (0 when unknown)
    /// \return "line L, offset O: what"
    std::string ToString() const;
};

} // namespace sipmob

#endif
