// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_PEER_TRUST_H
#define SIPMOB_PEER_TRUST_H

#include "proxy/marshal-processor.h"

namespace ns3
{

/**
 * \brief Marks requests from a trusted peer (a local gateway: MarshalServer::AddTrustedPeer,
 *        attribute TrustedPeers) by source address; the authenticators treat them differently.
 */
class PeerTrust : public MarshalProcessor
{
public:
    using MarshalProcessor::MarshalProcessor;
    /// \return "peer-trust"
    std::string Name() const override;
    Result Process(const std::shared_ptr<MarshalRequest>& request) override;
};

} // namespace ns3

#endif
