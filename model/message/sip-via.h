// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_VIA_H
#define SIPMOB_SIP_VIA_H

#include "message/sip-params.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sipmob
{

namespace scan
{
struct ViaView;
} // namespace scan

/**
 * \brief One Via header field value (RFC 3261 20.42): SIP/2.0/transport sent-by;params.
 */
struct SipVia
{
    std::string transport = "UDP"; ///< transport token as written (upper case usually)
    std::string host;              ///< sent-by host (name, IPv4 or "[v6]")
    uint16_t port = 0;             ///< sent-by port, 0 when absent
    SipParams params;              ///< via-params in order

    // User-provided (not "= default"): value-initialization (optional::emplace(),
    // vector::emplace_back()) then runs the member initializers only, without first zeroing the
    // whole object, which showed as a rep stos per typed value built from the parser's scan.
    SipVia()
    {
    }

    /**
     * \brief Parse one Via value (not a comma list).
     * \param text the value
     * \param err if not null, receives the reason on failure
     * \return the Via or nullopt
     */
    static std::optional<SipVia> Parse(std::string_view text, std::string* err = nullptr);
    /**
     * \brief Build the Via from the pieces scan::Via found (no second scan of the value; the
     *        parameter list is split while it is stored).
     * \param view pieces of a value scan::Via accepted (views must still be valid)
     * \return the Via
     */
    static SipVia FromView(const scan::ViaView& view);
    /**
     * \brief FromView into an existing, default-constructed Via (built in place).
     * \param view pieces of a value scan::Via accepted
     * \param out a default-constructed Via, receives the value
     */
    static void FromView(const scan::ViaView& view, SipVia& out);
    /// \return "SIP/2.0/UDP host:port;params"
    std::string ToString() const;
    /// \param name parameter name (case-insensitive)
    /// \return its value ("" for a flag) or nullopt
    std::optional<std::string> GetParam(std::string_view name) const;
    /// \brief Replace or append a parameter.
    /// \param name parameter name
    /// \param value value ("" for a flag)
    void SetParam(std::string name, std::string value = "");
    /// \param name parameter name (case-insensitive) to remove
    void RemoveParam(std::string_view name);
    /// \return the branch parameter, "" when absent (valid until the params change)
    const std::string& GetBranch() const;
    /// \return the received parameter
    std::optional<std::string> GetReceived() const;
    /// \return true when an rport parameter is present (with or without value)
    bool HasRport() const;
    /// \return the rport value when present with a valid number
    std::optional<uint16_t> GetRport() const;
    /// \return "host" or "host:port"
    std::string SentBy() const;
};

} // namespace sipmob

#endif
