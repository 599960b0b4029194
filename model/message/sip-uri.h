// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_URI_H
#define SIPMOB_SIP_URI_H

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
struct UriView;
struct NameAddrView;
struct ViaView;
} // namespace scan

/**
 * \brief A SIP or SIPS URI (RFC 3261 19.1); other schemes (tel:, http:, ...) are kept opaque.
 *
 * User, password, parameter names/values and header names/values are stored unescaped and
 * re-escaped by ToString().
 */
class SipUri
{
public:
    /// A list of (name, value) pairs; value is empty for a bare flag parameter.
    using Params = SipParams;

    // User-provided (not "= default"): value-initialization (a SipNameAddr built in
    // place) then runs the member initializers only, without first zeroing the
    // whole object, which showed as a rep stos per typed value built from the parser's scan.
    SipUri()
    {
    }

    /**
     * \brief Parse a URI.
     * \param text the URI text (no surrounding whitespace or angle brackets)
     * \param error if not null, receives the reason on failure
     * \return the URI, or nullopt on a syntax error
     */
    static std::optional<SipUri> Parse(std::string_view text, std::string* error = nullptr);
    /**
     * \brief Build a URI from the pieces scan::Uri found (no second scan of the text; only the
     *        parameter and header lists are split while they are stored).
     * \param view pieces of a URI that scan::Uri accepted (views must still be valid)
     * \return the URI
     */
    static SipUri FromView(const scan::UriView& view);
    /**
     * \brief FromView into an existing, default-constructed URI (a typed value built in place in
     *        its message: no temporary to move).
     * \param view pieces of a URI that scan::Uri accepted
     * \param out a default-constructed URI, receives the value
     */
    static void FromView(const scan::UriView& view, SipUri& out);
    /// \return the URI text, re-escaped (opaque URIs: as parsed)
    std::string ToString() const;
    /// \return the scheme in lower case ("sip", "sips", "tel", ...)
    const std::string& GetScheme() const;
    /// \param scheme the new scheme (lower case)
    void SetScheme(std::string scheme);
    /// \return true for a URI whose scheme is neither sip nor sips (kept as text)
    bool IsOpaque() const;
    /// \return the text after "scheme:" of an opaque URI (empty for sip/sips)
    const std::string& GetOpaque() const;
    /// \return the unescaped user part (may be empty)
    const std::string& GetUser() const;
    /// \param user the unescaped user part
    void SetUser(std::string user);
    /// \return the unescaped password (may be empty)
    const std::string& GetPassword() const;
    /// \param password the unescaped password
    void SetPassword(std::string password);
    /// \return the host as written: name, IPv4 or "[v6]"
    const std::string& GetHost() const;
    /// \param host the host: name, IPv4 or "[v6]"
    void SetHost(std::string host);
    /// \return the port, 0 when absent
    uint16_t GetPort() const;
    /// \param port the port, 0 to remove it
    void SetPort(uint16_t port);
    /// \param name parameter name (case-insensitive)
    /// \return true if the URI parameter is present
    bool HasParam(std::string_view name) const;
    /// \param name parameter name (case-insensitive)
    /// \return the unescaped value ("" for a flag), or nullopt when absent
    std::optional<std::string> GetParam(std::string_view name) const;
    /// \brief Set (replace or append) a URI parameter.
    /// \param name parameter name
    /// \param value value, "" for a flag
    void SetParam(std::string name, std::string value = "");
    /// \param name parameter name (case-insensitive) to remove
    void RemoveParam(std::string_view name);
    /// \return the URI parameters in order
    const Params& GetParams() const;
    /// \return the URI headers (?a=b&c=d) in order, unescaped
    const Params& GetHeaders() const;
    /// \return "host" or "host:port"
    std::string HostPort() const;
    /// \param other another URI
    /// \return true if the URIs are equivalent under RFC 3261 19.1.4
    bool Equivalent(const SipUri& other) const;

private:
    std::string m_scheme{"sip"}; ///< lower-case scheme
    std::string m_opaque;        ///< text after ':' for opaque URIs
    std::string m_user;          ///< unescaped user
    std::string m_password;      ///< unescaped password
    std::string m_host;          ///< host as written
    uint16_t m_port = 0;         ///< port, 0 when absent
    Params m_params;             ///< URI parameters
    Params m_headers;            ///< URI headers
};

} // namespace sipmob

#endif
