// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_DIGEST_AUTH_H
#define SIPMOB_SIP_DIGEST_AUTH_H

#include <string>
#include <string_view>

namespace sipmob
{

/**
 * \brief RFC 2617 digest response (MD5), hex lower case.
 *
 * With qop "auth": MD5(HA1:nonce:nc:cnonce:qop:HA2); with qop "" (RFC 2069 compatibility):
 * MD5(HA1:nonce:HA2). HA1 = MD5(user:realm:password), HA2 = MD5(method:uri).
 * \param user user name
 * \param realm realm
 * \param password password
 * \param method request method
 * \param uri digest-uri
 * \param nonce server nonce
 * \param nc nonce count ("00000001"), ignored without qop
 * \param cnonce client nonce, ignored without qop
 * \param qop "auth" or ""
 * \return 32 hex digits
 */
std::string DigestResponse(std::string_view user, std::string_view realm, std::string_view password,
                           std::string_view method, std::string_view uri, std::string_view nonce,
                           std::string_view nc, std::string_view cnonce, std::string_view qop);

/**
 * \param data bytes
 * \return MD5 of the bytes as 32 lower-case hex digits
 */
std::string Md5Hex(std::string_view data);

} // namespace sipmob

#endif
