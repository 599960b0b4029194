// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_DHCP_LEASE_INSTALLER_H
#define SIPMOB_DHCP_LEASE_INSTALLER_H

#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/ptr.h"

#include <cstdint>

namespace ns3
{

/**
 * \brief Puts a DHCP lease on a node's IPv4 interface and takes it off again: the address and
 * the default route through the lease's router.
 *
 * The interface is never left without an address: 0.0.0.0/0 stands in while no lease is held,
 * because broadcasting on an interface without any address aborts in ns-3.37's UdpSocketImpl.
 */
class DhcpLeaseInstaller
{
public:
    /**
     * \brief Bind to the interface of @p device on @p node, adding and raising it if needed,
     * with 0.0.0.0 until a lease is installed. Aborts when the node has no IPv4 stack.
     * \param node the node
     * \param device its device whose interface the lease configures
     */
    void Attach(Ptr<Node> node, Ptr<NetDevice> device);
    /// \brief Forget the node and device (DoDispose).
    void Detach();
    /**
     * \brief Configure the lease: add its address (then remove 0.0.0.0), set the default route.
     * \param address the leased address
     * \param mask its mask
     * \param router the default gateway
     */
    void Install(Ipv4Address address, Ipv4Mask mask, Ipv4Address router);
    /// \brief Remove the lease's default route and address, putting 0.0.0.0 back.
    void Remove();
    /// \return the installed address, 0.0.0.0 once removed
    Ipv4Address GetAddress() const;
    /// \return the installed default gateway, 0.0.0.0 once removed
    Ipv4Address GetGateway() const;
    /// \return the interface index of the device, -1 when it has none
    int32_t InterfaceIndex() const;

private:
    /// \return true when the interface holds @p addr
    bool HasAddress(Ipv4Address addr) const;
    /// \brief Remove the default route this lease installed (never loopback or on-link routes).
    void RemoveDefaultRoute();

    Ptr<Node> m_node;        //!< the node configured
    Ptr<NetDevice> m_device; //!< its device
    // Default-constructed until the first lease, as the client always had them.
    Ipv4Address m_address; //!< installed address (0.0.0.0 after Remove)
    Ipv4Address m_gateway; //!< installed default gateway (0.0.0.0 after Remove)
};

} // namespace ns3

#endif // SIPMOB_DHCP_LEASE_INSTALLER_H
