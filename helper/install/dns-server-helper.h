// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_DNS_SERVER_HELPER_H
#define SIPMOB_DNS_SERVER_HELPER_H

#include "access/dns-server.h"

#include "ns3/application-container.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * Installs DnsServer applications, each loaded with the records added to the helper.
 */
class DnsServerHelper
{
public:
    /// @param port UDP port of the servers
    explicit DnsServerHelper(uint16_t port = 53);

    /**
     * Set an attribute of the servers to be created.
     * @param name attribute name
     * @param value attribute value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /// Add an A record to every server installed afterwards (see DnsServer::AddARecord).
    void AddARecord(const std::string& name, Ipv4Address address, uint32_t ttl = 3600);

    /// Add an SRV record to every server installed afterwards (see DnsServer::AddSrvRecord).
    void AddSrvRecord(const std::string& name, uint16_t priority, uint16_t weight, uint16_t port,
                      const std::string& target, uint32_t ttl = 3600);

    /**
     * Add the helper's records to an already installed server.
     * @param server the server
     */
    void AddRecords(Ptr<DnsServer> server) const;

    /// @param node node; @return the installed server in a container
    ApplicationContainer Install(Ptr<Node> node) const;
    /// @param nodes nodes; @return the installed servers
    ApplicationContainer Install(NodeContainer nodes) const;

private:
    ObjectFactory m_factory;                          ///< DnsServer factory
    std::vector<sipmob::DnsResourceRecord> m_records; ///< records to load
};

} // namespace ns3

#endif // SIPMOB_DNS_SERVER_HELPER_H
