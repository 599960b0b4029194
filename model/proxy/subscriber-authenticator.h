// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SUBSCRIBER_AUTHENTICATOR_H
#define SIPMOB_SUBSCRIBER_AUTHENTICATOR_H

#include "proxy/marshal-processor.h"

namespace ns3
{

/**
 * \brief The identity of a request in our domain (the To of a REGISTER, else the From) must be a
 *        provisioned subscriber, else 403. A request from a trusted peer passes unless it is a
 *        REGISTER of one of our users: the home network grants its users' registrations wherever
 *        they are. Marks the request authenticated and names the subscriber for the digest check.
 */
class SubscriberAuthenticator : public MarshalProcessor
{
public:
    using MarshalProcessor::MarshalProcessor;
    /// \return "subscriber-authenticator"
    std::string Name() const override;
    Result Process(const std::shared_ptr<MarshalRequest>& request) override;
};

} // namespace ns3

#endif
