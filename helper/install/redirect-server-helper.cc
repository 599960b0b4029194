// SPDX-License-Identifier: GPL-2.0-only
#include "install/redirect-server-helper.h"

#include "ns3/inet-socket-address.h"
#include "ns3/uinteger.h"

namespace ns3
{

RedirectServerHelper::RedirectServerHelper()
{
    m_factory.SetTypeId(RedirectServer::GetTypeId());
}

void
RedirectServerHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

void
RedirectServerHelper::SetDialPlan(std::shared_ptr<sipmob::DialPlan> plan)
{
    m_dialPlan = std::move(plan);
}

void
RedirectServerHelper::AddPeerNetwork(const RedirectServer::PeerNetwork& peer)
{
    m_peers.push_back(peer);
}

void
RedirectServerHelper::AddTrustedPeer(Ipv4Address address, uint16_t port)
{
    m_trusted.emplace_back(address, port);
}

Ptr<RedirectServer>
RedirectServerHelper::Create() const
{
    Ptr<RedirectServer> app = m_factory.Create<RedirectServer>();
    app->SetDialPlan(m_dialPlan);
    for (const auto& p : m_peers)
    {
        app->AddPeerNetwork(p);
    }
    for (const auto& t : m_trusted)
    {
        app->AddTrustedPeer(t.first, t.second);
    }
    return app;
}

ApplicationContainer
RedirectServerHelper::Install(Ptr<Node> node) const
{
    Ptr<RedirectServer> app = Create();
    node->AddApplication(app);
    return ApplicationContainer(app);
}

ApplicationContainer
RedirectServerHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(Install(*it));
    }
    return apps;
}

} // namespace ns3
