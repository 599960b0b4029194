// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_REDIRECT_SERVER_HELPER_H
#define SIPMOB_REDIRECT_SERVER_HELPER_H

#include "proxy/redirect-server.h"

#include "ns3/application-container.h"
#include "ns3/attribute.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \brief Installs ns3::RedirectServer applications on nodes (ns-3 `*Helper` style).
 */
class RedirectServerHelper
{
public:
    RedirectServerHelper();
    /**
     * \brief Set an attribute of the applications to install.
     * \param name attribute name
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);
    /// \param plan the dial plan given to every server installed
    void SetDialPlan(std::shared_ptr<sipmob::DialPlan> plan);
    /// \param peer a peer network (gateway route) given to every server installed
    void AddPeerNetwork(const RedirectServer::PeerNetwork& peer);
    /// \param address a source answered by every server installed (its marshal server)
    /// \param port its port (0: any)
    void AddTrustedPeer(Ipv4Address address, uint16_t port = 0);
    /**
     * \param node the node
     * \return the installed application
     */
    ApplicationContainer Install(Ptr<Node> node) const;
    /**
     * \param nodes the nodes
     * \return one application per node
     */
    ApplicationContainer Install(NodeContainer nodes) const;

private:
    /// Create and configure one application.
    Ptr<RedirectServer> Create() const;

    ObjectFactory m_factory;                                 ///< application factory
    std::shared_ptr<sipmob::DialPlan> m_dialPlan;            ///< dial plan
    std::vector<RedirectServer::PeerNetwork> m_peers;        ///< peer networks
    std::vector<std::pair<Ipv4Address, uint16_t>> m_trusted; ///< trusted peers
};

} // namespace ns3

#endif
