// SPDX-License-Identifier: GPL-2.0-only
#include "install/marshal-server-helper.h"

#include "ns3/inet-socket-address.h"
#include "ns3/uinteger.h"

namespace ns3
{

MarshalServerHelper::MarshalServerHelper()
{
    m_factory.SetTypeId(MarshalServer::GetTypeId());
}

void
MarshalServerHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

void
MarshalServerHelper::SetSubscriberStore(std::shared_ptr<sipmob::SubscriberStore> store)
{
    m_store = std::move(store);
}

void
MarshalServerHelper::AddTrustedPeer(Ipv4Address address, uint16_t port)
{
    m_trusted.emplace_back(address, port);
}

Ptr<MarshalServer>
MarshalServerHelper::Create() const
{
    Ptr<MarshalServer> app = m_factory.Create<MarshalServer>();
    app->SetSubscriberStore(m_store);
    for (const auto& a : m_trusted)
    {
        app->AddTrustedPeer(a.first, a.second);
    }
    return app;
}

ApplicationContainer
MarshalServerHelper::Install(Ptr<Node> node) const
{
    Ptr<MarshalServer> app = Create();
    node->AddApplication(app);
    return ApplicationContainer(app);
}

ApplicationContainer
MarshalServerHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(Install(*it));
    }
    return apps;
}

} // namespace ns3
