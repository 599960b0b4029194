// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_HEADER_NAMES_H
#define SIPMOB_SIP_HEADER_NAMES_H

#include <string_view>

namespace sipmob::headers
{

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
