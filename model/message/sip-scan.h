// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_SCAN_H
#define SIPMOB_SIP_SCAN_H

// Allocation-free syntax scanners: they validate a value and return string_view pieces of it.
// The typed Parse functions build their objects from these views, and the message parser uses
// them alone to check headers quickly, so both apply exactly the same grammar.
#include "message/sip-params.h"

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

} // namespace sipmob::scan

#endif
