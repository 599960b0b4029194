// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_NAME_ADDR_H
#define SIPMOB_SIP_NAME_ADDR_H

#include "message/sip-uri.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sipmob
{

/**
 * \brief A From/To/Contact/Route/Record-Route value: name-addr or addr-spec plus header params.
 */
struct SipNameAddr
{
    std::string displayName; ///< unquoted display name ("" when absent)
    SipUri uri;              ///< the address
    SipParams params;        ///< header parameters (tag, expires, q)
    bool wildcard = false;   ///< Contact: *

    // User-provided (not "= default"): value-initialization (optional::emplace(),
    // vector::emplace_back()) then runs the member initializers only, without first zeroing the
    // whole object, which showed as a rep stos per typed value built from the parser's scan.
    SipNameAddr()
    {
    }

    /**
     * \brief Parse one value (not a comma list).
     * \param text the value
     * \param err if not null, receives the reason on failure
     * \return the value or nullopt
     */
    static std::optional<SipNameAddr> Parse(std::string_view text, std::string* err = nullptr);
    /**
     * \brief Build the value from the pieces scan::NameAddr found (no second scan of the
     *        address; the parameter list is split while it is stored).
     * \param view pieces of a value scan::NameAddr accepted (views must still be valid)
     * \return the value
     */
    static SipNameAddr FromView(const scan::NameAddrView& view);
    /**
     * \brief FromView into an existing, default-constructed value (built in place).
     * \param view pieces of a value scan::NameAddr accepted
     * \param out a default-constructed value, receives the value
     */
    static void FromView(const scan::NameAddrView& view, SipNameAddr& out);
    /// \return the value, always in name-addr form ("Name" <uri>;params) unless wildcard
    std::string ToString() const;
    /// \param name parameter name (case-insensitive)
    /// \return its value ("" for a flag) or nullopt
    std::optional<std::string> GetParam(std::string_view name) const;
    /// \brief Replace or append a header parameter.
    /// \param name parameter name
    /// \param value value ("" for a flag)
    void SetParam(std::string name, std::string value = "");
    /// \return the tag parameter, "" when absent (valid until the params change)
    const std::string& GetTag() const;
    /// \param tag the new tag
    void SetTag(std::string tag);
};

} // namespace sipmob

#endif
