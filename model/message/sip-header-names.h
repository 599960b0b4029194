// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_HEADER_NAMES_H
#define SIPMOB_SIP_HEADER_NAMES_H

#include <cstdint>
#include <string_view>

namespace sipmob::headers
{

/**
 * \brief Canonical identity of a header name: long and compact forms, any case, map to the
 * same id; names outside the table are kOther (compared by text).
 */
enum Id : uint8_t
{
    kOther = 0,
    kAcceptContact,
    kReferredBy,
    kContentType,
    kRequestDisposition,
    kContentEncoding,
    kFrom,
    kCallId,
    kRejectContact,
    kSupported,
    kContentLength,
    kContact,
    kEvent,
    kReferTo,
    kSubject,
    kTo,
    kAllowEvents,
    kVia,
    kSessionExpires,
    kRoute,
    kRecordRoute,
    kCSeq,
    kMaxForwards,
    kExpires,
    kAllow,
    kRequire,
    kProxyRequire,
    kUnsupported,
    kAccept,
    kAcceptEncoding,
    kAcceptLanguage,
    kWarning,
    kInReplyTo,
    kErrorInfo,
    kAlertInfo,
    kCallInfo,
    kPath,
    kServiceRoute,
    kContentLanguage,
    kAuthorization,
    kProxyAuthorization,
    kWwwAuthenticate,
    kProxyAuthenticate,
    kUserAgent,
    kCount ///< number of ids
};

/**
 * \param name a header name in any case, long or compact form
 * \return its canonical id (kOther when not in the table)
 */
Id Classify(std::string_view name);
/**
 * \param id a canonical id
 * \return true when that header's values form a comma-separated list
 */
bool IsListId(Id id);
/**
 * \param name a header name in any case, long or compact form
 * \return the long form when name is a compact form (RFC 3261 7.3.3 and registered ones),
 * else name itself
 */
std::string_view LongForm(std::string_view name);
/**
 * \param a a header name (any case, either form)
 * \param b a header name (any case, either form)
 * \return true when both name the same header
 */
bool SameName(std::string_view a, std::string_view b);
/**
 * \param name a header name
 * \return true when the header's values form a comma-separated list (Via, Contact, Route...)
 */
bool IsListHeader(std::string_view name);

} // namespace sipmob::headers

#endif
