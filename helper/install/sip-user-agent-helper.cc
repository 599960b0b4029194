// SPDX-License-Identifier: GPL-2.0-only
#include "install/sip-user-agent-helper.h"

#include "ns3/string.h"

namespace ns3
{

SipUserAgentHelper::SipUserAgentHelper()
{
    m_factory.SetTypeId(SipUserAgent::GetTypeId());
}

void
SipUserAgentHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
SipUserAgentHelper::Install(Ptr<Node> node) const
{
    Ptr<SipUserAgent> ua = m_factory.Create<SipUserAgent>();
    node->AddApplication(ua);
    return ApplicationContainer(ua);
}

ApplicationContainer
SipUserAgentHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(Install(*it));
    }
    return apps;
}

ApplicationContainer
SipUserAgentHelper::Install(Ptr<Node> node, const std::string& user,
                            const std::string& domain) const
{
    Ptr<SipUserAgent> ua = m_factory.Create<SipUserAgent>();
    ua->SetAttribute("User", StringValue(user));
    ua->SetAttribute("Domain", StringValue(domain));
    node->AddApplication(ua);
    return ApplicationContainer(ua);
}

} // namespace ns3
