// SPDX-License-Identifier: GPL-2.0-only
#include "install/marshal-gateway-helper.h"

#include "ns3/inet-socket-address.h"
#include "ns3/uinteger.h"

namespace ns3
{

MarshalGatewayHelper::MarshalGatewayHelper()
{
    m_factory.SetTypeId(MarshalGateway::GetTypeId());
}

void
MarshalGatewayHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

void
MarshalGatewayHelper::SetEnds(const InetSocketAddress& localMarshal,
                              const InetSocketAddress& peerGateway)
{
    m_factory.Set("LocalMarshalAddress", Ipv4AddressValue(localMarshal.GetIpv4()));
    m_factory.Set("LocalMarshalPort", UintegerValue(localMarshal.GetPort()));
    m_factory.Set("PeerGatewayAddress", Ipv4AddressValue(peerGateway.GetIpv4()));
    m_factory.Set("PeerGatewayPort", UintegerValue(peerGateway.GetPort()));
}

Ptr<MarshalGateway>
MarshalGatewayHelper::Create() const
{
    Ptr<MarshalGateway> app = m_factory.Create<MarshalGateway>();
    return app;
}

ApplicationContainer
MarshalGatewayHelper::Install(Ptr<Node> node) const
{
    Ptr<MarshalGateway> app = Create();
    node->AddApplication(app);
    return ApplicationContainer(app);
}

ApplicationContainer
MarshalGatewayHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(Install(*it));
    }
    return apps;
}

} // namespace ns3
