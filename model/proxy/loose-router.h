// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_LOOSE_ROUTER_H
#define SIPMOB_LOOSE_ROUTER_H

#include "proxy/marshal-processor.h"

namespace ns3
{

/**
 * \brief In-dialog requests (To tag) and requests with a Route set after ours (RFC 3261 §16.4,
 *        §16.12 loose routing) are forwarded to their top Route or Request-URI without asking the
 *        redirect server. When that names no address other than us, the request goes on to the
 *        route query, marked in-dialog. Runs after authentication: only a trusted peer, a
 *        subscriber or a visitor may have a request routed by us (no open relay towards the
 *        gateways, which trust this server).
 */
class LooseRouter : public MarshalProcessor
{
public:
    using MarshalProcessor::MarshalProcessor;
    /// \return "loose-router"
    std::string Name() const override;
    Result Process(const std::shared_ptr<MarshalRequest>& request) override;
};

} // namespace ns3

#endif
