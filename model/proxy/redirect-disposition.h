// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_REDIRECT_DISPOSITION_H
#define SIPMOB_REDIRECT_DISPOSITION_H

#include "proxy/marshal-processor.h"

#include <memory>
#include <string>

namespace ns3
{

/**
 * \brief Answers an initial INVITE that asks to be redirected (`Request-Disposition: redirect`,
 *        compact form `d`, RFC 3841 §9.1) with `302 Moved Temporarily` and the callee's contact,
 *        instead of proxying it.
 *
 * This is how a mobile under Home-Registration-Only learns where its callee is, so that it can
 * send its INVITE "directly to the callee" (the seed; doc/mobility.md, "Direct calls"): it asks
 * its home marshal server, which authenticated it as for any call. The route comes from the
 * route query (MarshalRequest::target, the redirect server's first Contact):
 * - a contact of a user agent (a binding of this network, or a visitor's): answered here, 302 with
 *   that Contact (RFC 3261 §21.3.3; the caller ACKs it, §17.1.1.3, and sends a new INVITE to it,
 *   §8.1.3.4);
 * - a next hop that is a trusted peer (a local gateway towards the callee's network) or a contact
 *   reachable only through one (a `?Route=` header, an outbound-proxy visitor binding): the
 *   request, directive included, is forwarded as usual, so the marshal server of the callee's
 *   network answers 302 from its own redirect server; the 302 comes back along the Via path
 *   (every proxy relays a 3xx it does not recurse on, §16.7 step 6).
 * So the redirect servers still answer only their own marshal servers and the gateways still
 * forward only for their peer and their own marshal (doc/security.md).
 *
 * Only an out-of-dialog INVITE (no To tag) is redirected: in-dialog requests follow their dialog,
 * other methods are proxied. A directive list naming both `proxy` and `redirect` contradicts
 * itself: 400 with a Warning. With `RedirectOnRequest` off (MarshalServer attribute) the directive
 * is ignored and the INVITE proxied, which RFC 3841 §9.1 allows (the directive is a preference).
 */
class RedirectDisposition : public MarshalProcessor
{
public:
    using MarshalProcessor::MarshalProcessor;
    /// \return "redirect-disposition"
    std::string Name() const override;
    Result Process(const std::shared_ptr<MarshalRequest>& request) override;

private:
    /// \param request the request and its route \return true when its target must be reached
    /// through a peer network (a trusted peer as next hop, or a `?Route=` header)
    bool TargetBeyondUs(const MarshalRequest& request) const;
};

} // namespace ns3

#endif
