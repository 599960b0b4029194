// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_OUTBOUND_PROXY_REGISTRATION_MODEL_H
#define SIPMOB_OUTBOUND_PROXY_REGISTRATION_MODEL_H

#include "mobility/registration-model.h"

namespace ns3
{

/**
 * \brief Outbound-Proxy-Intercept: every out-of-dialog request, the REGISTER for the home AoR
 *        included, goes to the outbound proxy of the network the user agent is in now
 *        (ProxyDiscovery::DiscoverForAddress of the current address): the foreign marshal server
 *        when roaming, the home one at home. Without a discovery, or when the address belongs to
 *        no known range, the static home proxy is used.
 */
class OutboundProxyRegistrationModel : public RegistrationModel
{
public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    OutboundProxyRegistrationModel();
    ~OutboundProxyRegistrationModel() override;

    std::string GetName() const override;
    /// \return true: in-dialog requests cross the current outbound proxy too (RFC 3261 §8.1.2)
    bool PreloadsRoute() const override;
    void Resolve(Ipv4Address localAddress, ResolveCallback done) override;
};

} // namespace ns3

#endif
