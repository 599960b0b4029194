// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_SCAN_H
#define SIPMOB_SIP_SCAN_H

// Allocation-free syntax scanners: they validate a value and return string_view pieces of it.
// The typed Parse functions build their objects from these views, and the message parser uses
// them alone to check headers quickly, so both apply exactly the same grammar.
#include "message/sip-params.h"
#include "message/sip-text.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sipmob::scan
{

/// Pieces of a URI (views into the scanned text, still %-escaped).
struct UriView
{
    std::string_view scheme;   ///< as written
    std::string_view opaque;   ///< after ':' for non-sip schemes
    std::string_view user;     ///< escaped user ("" when absent)
    std::string_view password; ///< escaped password
    std::string_view host;     ///< host as written
    uint16_t port = 0;         ///< 0 when absent
    std::string_view params;   ///< text after the first ';' up to '?' (no leading ';')
    std::string_view headers;  ///< text after '?'
    bool sip = false;          ///< sip or sips
};

/// Pieces of a name-addr / addr-spec value.
struct NameAddrView
{
    std::string_view display; ///< raw display name (quoted form includes the quotes)
    std::string_view uri;     ///< URI text
    std::string_view params;  ///< header params starting at ';' (or empty)
    bool wildcard = false;    ///< "*"
    UriView uriParts;         ///< pieces of uri (not set for "*"): SipUri::FromView builds on it
};

/// Pieces of one Via value.
struct ViaView
{
    std::string_view transport; ///< transport token
    std::string_view host;      ///< sent-by host
    uint16_t port = 0;          ///< 0 when absent
    std::string_view params;    ///< via-params starting at ';' (or empty)
};

/// Called for each (name, value) of a list; value is empty for a flag. Returns false to stop.
using ParamVisitor = std::function<bool(std::string_view, std::string_view)>;

/**
 * \brief Scan a URI.
 * \param text the URI
 * \param out the pieces
 * \param err reason on failure (may be null)
 * \return false on a syntax error
 */
bool Uri(std::string_view text, UriView& out, std::string* err);
/**
 * \brief Visit a URI parameter (sep ';') or header (sep '&') list, still escaped.
 * \return false on a syntax error (or when the visitor returns false)
 */
bool UriList(std::string_view list, char sep, bool headers, const ParamVisitor& visit,
             std::string* err);
/**
 * \brief Scan a name-addr or addr-spec value; the URI is scanned too.
 * \return false on a syntax error
 */
bool NameAddr(std::string_view text, NameAddrView& out, std::string* err);
/**
 * \brief Scan one Via value including the ttl/rport/branch checks.
 * \return false on a syntax error
 */
bool Via(std::string_view text, ViaView& out, std::string* err);
/**
 * \brief Visit ";name=value;flag" generic-params (quoted values keep their quotes).
 * \return false on a syntax error (or when the visitor returns false)
 */
bool Params(std::string_view text, const ParamVisitor& visit, std::string* err);
/// A visitor that accepts every parameter (ParamsWith: syntax check only).
struct NoVisit
{
    /// \return true
    constexpr bool operator()(std::string_view, std::string_view) const
    {
        return true;
    }
};

/**
 * \brief Params with the visitor called directly (inlined; no std::function): what the header
 *        checks use on every message.
 * \param text the list starting at ';' (or empty)
 * \param visit callable (name, value) -> bool; NoVisit{} to check the syntax only
 * \param err reason on failure (may be null)
 * \return false on a syntax error (or when the visitor returns false)
 */
template <typename F> bool ParamsWith(std::string_view text, const F& visit, std::string* err);

/**
 * \brief Store the (name, value) pairs of a generic-param list that Params already accepted
 *        (typed values built from a scan): splits without checking again.
 * \param text the list starting at ';' (or empty)
 * \param out receives the pairs; quoted values keep their quotes, as Params gives them
 */
void SplitParams(std::string_view text, SipParams& out);
/**
 * \brief Find a parameter by name (case-insensitive) in a generic-param list Params accepted.
 * \param text the list starting at ';' (or empty)
 * \param name the parameter name
 * \return its value as written ("" for a flag), or nullopt when absent; no allocation
 */
std::optional<std::string_view> FindParam(std::string_view text, std::string_view name);

namespace detail
{

/// Bytes that end an unquoted parameter value (RFC 3261 25.1 token / host characters only).
inline constexpr text::CharSet kParamValueStop(" \t\"");

/// \return false (and the reason in err) for a failed check (every scanner's)
inline bool
Fail(std::string* err, const char* what)
{
    if (err)
    {
        *err = what;
    }
    return false;
}

/// One "name[=value]" of a generic-param list.
template <typename F>
bool
OneParam(std::string_view item, const F& visit, std::string* err)
{
    std::size_t eq = item.find('=');
    std::string_view name = text::Trim(item.substr(0, eq));
    if (!text::IsTokenString(name))
    {
        return Fail(err, "bad parameter name");
    }
    std::string_view value;
    if (eq != item.npos)
    {
        value = text::Trim(item.substr(eq + 1));
        std::size_t end = 0;
        if (value.empty())
        {
            return Fail(err, "empty parameter value");
        }
        if (value.front() == '"' && (!text::ReadQuoted(value, end, nullptr) || end != value.size()))
        {
            return Fail(err, "unterminated quoted parameter value");
        }
        if (value.front() != '"' && text::FindFirstOf(value, kParamValueStop) != value.npos)
        {
            return Fail(err, "bad parameter value");
        }
    }
    return visit(name, value);
}

} // namespace detail

template <typename F>
bool
ParamsWith(std::string_view s, const F& visit, std::string* err)
{
    s = text::Trim(s);
    if (s.empty())
    {
        return true;
    }
    if (s.front() != ';')
    {
        return detail::Fail(err, "expected ';' before parameters");
    }
    std::size_t start = 1;
    while (true)
    {
        std::size_t semi = text::FindUnquoted(s, ';', start);
        std::string_view item = s.substr(start, semi == s.npos ? s.npos : semi - start);
        if (!detail::OneParam(item, visit, err))
        {
            return false;
        }
        if (semi == s.npos)
        {
            return true;
        }
        start = semi + 1;
    }
}

} // namespace sipmob::scan

#endif
