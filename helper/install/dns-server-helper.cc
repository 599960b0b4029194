// SPDX-License-Identifier: GPL-2.0-only
#include "install/dns-server-helper.h"

#include "ns3/uinteger.h"

namespace ns3
{

DnsServerHelper::DnsServerHelper(uint16_t port)
{
    m_factory.SetTypeId(DnsServer::GetTypeId());
    m_factory.Set("Port", UintegerValue(port));
}

void
DnsServerHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

void
DnsServerHelper::AddARecord(const std::string& name, Ipv4Address address, uint32_t ttl)
{
    sipmob::DnsResourceRecord rr;
    rr.name = name;
    rr.type = sipmob::DNS_TYPE_A;
    rr.ttl = ttl;
    rr.a = address.Get();
    m_records.push_back(rr);
}

void
DnsServerHelper::AddSrvRecord(const std::string& name, uint16_t priority, uint16_t weight,
                              uint16_t port, const std::string& target, uint32_t ttl)
{
    sipmob::DnsResourceRecord rr;
    rr.name = name;
    rr.type = sipmob::DNS_TYPE_SRV;
    rr.ttl = ttl;
    rr.srv = {priority, weight, port, target};
    m_records.push_back(rr);
}

void
DnsServerHelper::AddRecords(Ptr<DnsServer> server) const
{
    for (const auto& rr : m_records)
    {
        if (rr.type == sipmob::DNS_TYPE_A)
        {
            server->AddARecord(rr.name, Ipv4Address(rr.a), rr.ttl);
        }
        else
        {
            server->AddSrvRecord(rr.name, rr.srv.priority, rr.srv.weight, rr.srv.port,
                                 rr.srv.target, rr.ttl);
        }
    }
}

ApplicationContainer
DnsServerHelper::Install(Ptr<Node> node) const
{
    Ptr<DnsServer> server = m_factory.Create<DnsServer>();
    AddRecords(server);
    node->AddApplication(server);
    return ApplicationContainer(server);
}

ApplicationContainer
DnsServerHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(Install(*it));
    }
    return apps;
}

} // namespace ns3
