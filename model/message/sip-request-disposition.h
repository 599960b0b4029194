// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_REQUEST_DISPOSITION_H
#define SIPMOB_SIP_REQUEST_DISPOSITION_H

#include "message/sip-message.h"

namespace sipmob
{

/// The proxy directive of a request (RFC 3841 §9.1 proxy-directive).
enum class ProxyDirective
{
    NONE,     ///< no proxy directive: the server decides
    PROXY,    ///< "proxy"
    REDIRECT, ///< "redirect"
    CONFLICT  ///< both: the request contradicts itself
};

/**
 * \brief Read the proxy directive of a request.
 * \param request a request
 * \return its proxy directive, from every Request-Disposition (compact `d`) header, each a
 *         comma-separated list of tokens compared case-insensitively (RFC 3841 §9.1); the other
 *         directives (cancel, fork, recurse, parallel, queue) are ignored
 */
ProxyDirective GetProxyDirective(const SipMessage& request);

/// \param request an initial request: `Request-Disposition: redirect` is set (RFC 3841 §9.1)
void AskForRedirect(SipMessage& request);

} // namespace sipmob

#endif
