// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_DIGEST_H
#define SIPMOB_SIP_DIGEST_H

#include "message/sip-params.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sipmob
{

/**
 * \brief Credentials or challenge (Authorization, WWW-Authenticate, Proxy-*): scheme + params.
 */
struct SipDigest
{
    std::string scheme = "Digest"; ///< auth scheme as written
    SipParams params;              ///< unquoted values, in order

    /**
     * \brief Parse `Digest a="b", c=d`.
     * \param text the header value
     * \param err if not null, receives the reason on failure
     * \return the value or nullopt
     */
    static std::optional<SipDigest> Parse(std::string_view text, std::string* err = nullptr);
    /// \return the header value; values are quoted except algorithm, qop (in Authorization), nc,
    /// stale
    std::string ToString() const;
    /// \param name parameter name (case-insensitive)
    /// \return its unquoted value or nullopt
    std::optional<std::string> Get(std::string_view name) const;
    /// \brief Replace or append a parameter.
    /// \param name parameter name
    /// \param value unquoted value
    void Set(std::string name, std::string value);
};

} // namespace sipmob

#endif
