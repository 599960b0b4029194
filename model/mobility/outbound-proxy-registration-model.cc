// SPDX-License-Identifier: GPL-2.0-only
#include "mobility/outbound-proxy-registration-model.h"

#include "mobility/registration-model-registry.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("OutboundProxyRegistrationModel");
NS_OBJECT_ENSURE_REGISTERED(OutboundProxyRegistrationModel);
SIPMOB_REGISTRATION_MODEL(g_outboundProxy, "outbound-proxy", "ns3::OutboundProxyRegistrationModel",
                          "Outbound-Proxy-Intercept: the visited marshal relays REGISTER home and "
                          "registers the visitor on 200 OK",
                          true);

TypeId
OutboundProxyRegistrationModel::GetTypeId()
{
    static TypeId tid = TypeId("ns3::OutboundProxyRegistrationModel")
                            .SetParent<RegistrationModel>()
                            .SetGroupName("Sipmob")
                            .AddConstructor<OutboundProxyRegistrationModel>();
    return tid;
}

OutboundProxyRegistrationModel::OutboundProxyRegistrationModel() = default;

OutboundProxyRegistrationModel::~OutboundProxyRegistrationModel() = default;

std::string
OutboundProxyRegistrationModel::GetName() const
{
    return "outbound-proxy";
}

bool
OutboundProxyRegistrationModel::PreloadsRoute() const
{
    return true;
}

void
OutboundProxyRegistrationModel::Resolve(Ipv4Address localAddress, ResolveCallback done)
{
    NS_LOG_FUNCTION(this << localAddress);
    // The domain of the network the node is in now decides the proxy, not the home domain.
    if (!m_discovery)
    {
        DiscoverDomain("", std::move(done));
        return;
    }
    m_discovery->DiscoverForAddress(localAddress, MakeDone(std::move(done)));
}

} // namespace ns3
