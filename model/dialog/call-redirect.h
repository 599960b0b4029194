// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_CALL_REDIRECT_H
#define SIPMOB_CALL_REDIRECT_H

#include "message/sip-message.h"

#include "ns3/inet-socket-address.h"

#include <optional>
#include <string>

namespace ns3
{

/**
 * \brief Direct calls (issue 10, doc/mobility.md "Direct calls"): a user agent asks its home
 *        marshal server where the callee is with an INVITE that requests a redirect (RFC 3841
 *        §9.1 `Request-Disposition: redirect`) and follows the 302 with a new INVITE straight to
 *        the callee's contact (RFC 3261 §8.1.3.4). Pure message logic, no state.
 */
class CallRedirect
{
public:
    /// The new INVITE after a redirect and where it goes.
    struct Target
    {
        sipmob::SipMessage invite;     ///< the INVITE to send (no Via: the stack adds one)
        InetSocketAddress destination; ///< its first hop: the contact or its ?Route
        std::string contact;           ///< the Contact followed, as received
    };

    /**
     * \brief The INVITE that follows a redirect (RFC 3261 §8.1.3.4: same Call-ID, From and To,
     *        CSeq one higher, Request-URI the contact; here also without Request-Disposition, Via,
     *        Route and the credentials given to the proxy).
     * \param invite the INVITE that was redirected (as sent, without Via)
     * \param response its final response
     * \param[out] error why it cannot be followed, one line
     * \return the new INVITE and its destination; nullopt when \p response is not 301 or 302
     *         (305 Use Proxy and 380 are not followed), has no Contact or only `*`, or its best
     *         Contact (highest q, the first of equals) is not a sip: URI whose host (or ?Route
     *         header's host) is an IPv4 address
     *
     * A `?Route=` header of the contact (RFC 3261 §19.1.5) becomes the Route of the new INVITE and
     * its first hop; other URI headers of the contact are dropped.
     */
    static std::optional<Target> Follow(const sipmob::SipMessage& invite,
                                        const sipmob::SipMessage& response, std::string& error);
};

} // namespace ns3

#endif
