// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_REQUEST_FORWARDER_H
#define SIPMOB_REQUEST_FORWARDER_H

#include "proxy/marshal-processor.h"

namespace ns3
{

/**
 * \brief Forwards a request statefully (RFC 3261 §16.6) to the next hop the redirect server named
 *        (MarshalRequest::target): the Request-URI becomes the contact (not for REGISTER), a
 *        `?Route=` header of the contact becomes the top Route and gives the address; the copy is
 *        prepared by an earlier processor when it asked to (visitor interception). A target with
 *        no IPv4 address is answered 404. Always ends the chain.
 */
class RequestForwarder : public MarshalProcessor
{
public:
    using MarshalProcessor::MarshalProcessor;
    /// \return "forwarder"
    std::string Name() const override;
    Result Process(const std::shared_ptr<MarshalRequest>& request) override;
};

} // namespace ns3

#endif
