// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_MARSHAL_GATEWAY_HELPER_H
#define SIPMOB_MARSHAL_GATEWAY_HELPER_H

#include "proxy/marshal-gateway.h"

#include "ns3/inet-socket-address.h"

#include "ns3/application-container.h"
#include "ns3/attribute.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief Installs ns3::MarshalGateway applications on nodes (ns-3 `*Helper` style).
 */
class MarshalGatewayHelper
{
public:
    MarshalGatewayHelper();
    /**
     * \brief Set an attribute of the applications to install.
     * \param name attribute name
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \brief Set local marshal and peer gateway in one call.
     * \param localMarshal the marshal server of this network
     * \param peerGateway the other end of the pair
     */
    void SetEnds(const InetSocketAddress& localMarshal, const InetSocketAddress& peerGateway);
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
    Ptr<MarshalGateway> Create() const;

    ObjectFactory m_factory; ///< application factory
};

} // namespace ns3

#endif
