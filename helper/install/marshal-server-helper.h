// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_MARSHAL_SERVER_HELPER_H
#define SIPMOB_MARSHAL_SERVER_HELPER_H

#include "proxy/marshal-server.h"

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
 * \brief Installs ns3::MarshalServer applications on nodes (ns-3 `*Helper` style).
 */
class MarshalServerHelper
{
public:
    MarshalServerHelper();
    /**
     * \brief Set an attribute of the applications to install.
     * \param name attribute name
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);
    /// \param store the subscriber store given to every server installed
    void SetSubscriberStore(std::shared_ptr<sipmob::SubscriberStore> store);
    /// \param address a trusted peer (local gateway) of every server installed \param port its
    /// port (0: any)
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
    Ptr<MarshalServer> Create() const;

    ObjectFactory m_factory;                                 ///< application factory
    std::shared_ptr<sipmob::SubscriberStore> m_store;        ///< subscribers
    std::vector<std::pair<Ipv4Address, uint16_t>> m_trusted; ///< trusted peers
};

} // namespace ns3

#endif
