// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_CSEQ_H
#define SIPMOB_SIP_CSEQ_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sipmob
{

/**
 * \brief The CSeq header value: sequence number and method.
 */
struct SipCSeq
{
    uint32_t seq = 0;   ///< sequence number, 0 .. 2^32 - 1 (RFC 3261 §8.1.1.5, §12.2.1.1)
    std::string method; ///< method token

    /**
     * \brief Parse "1234 INVITE".
     * \param text the value
     * \param err if not null, receives the reason on failure
     * \return the value, or nullopt (non-numeric, >= 2^32, bad method token)
     */
    static std::optional<SipCSeq> Parse(std::string_view text, std::string* err = nullptr);
    /// \return "seq METHOD"
    std::string ToString() const;
};

} // namespace sipmob

#endif
