// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_USER_AGENT_HELPER_H
#define SIPMOB_SIP_USER_AGENT_HELPER_H

#include "ua/sip-user-agent.h"

#include "ns3/application-container.h"
#include "ns3/attribute.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{

/**
 * \brief Installs ns3::SipUserAgent applications on nodes (ns-3 `*Helper` style).
 */
class SipUserAgentHelper
{
public:
    SipUserAgentHelper();
    /**
     * \brief Set an attribute of the user agents created next.
     * \param name attribute name
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \param node the node
     * \return the user agent installed on it
     */
    ApplicationContainer Install(Ptr<Node> node) const;
    /**
     * \param nodes the nodes
     * \return one user agent per node
     */
    ApplicationContainer Install(NodeContainer nodes) const;
    /**
     * \brief Install a user agent with its own identity.
     * \param node the node
     * \param user user ID, e.g. "1001"
     * \param domain home domain, e.g. "net1.example.org"
     * \return the user agent
     */
    ApplicationContainer Install(Ptr<Node> node, const std::string& user,
                                 const std::string& domain) const;

private:
    ObjectFactory m_factory; ///< SipUserAgent factory
};

} // namespace ns3

#endif
