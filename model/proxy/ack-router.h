// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_ACK_ROUTER_H
#define SIPMOB_ACK_ROUTER_H

#include "proxy/marshal-processor.h"

namespace ns3
{

/**
 * \brief ACK (for a 2xx: no transaction, RFC 3261 §17.1.1.3 / §16.7) is routed statelessly by
 *        Route and Request-URI; ends the chain for ACK, lets every other method pass. Runs after
 *        authentication: an ACK of an unknown sender is dropped there, not relayed.
 */
class AckRouter : public MarshalProcessor
{
public:
    using MarshalProcessor::MarshalProcessor;
    /// \return "ack-router"
    std::string Name() const override;
    Result Process(const std::shared_ptr<MarshalRequest>& request) override;
};

} // namespace ns3

#endif
