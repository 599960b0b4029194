// SPDX-License-Identifier: GPL-2.0-only
#include "access/dhcp-lease-installer.h"

#include "ns3/abort.h"
#include "ns3/ipv4-routing-table-entry.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/ipv4.h"

namespace ns3
{

void
DhcpLeaseInstaller::Attach(Ptr<Node> node, Ptr<NetDevice> device)
{
    m_node = node;
    m_device = device;
    Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
    NS_ABORT_MSG_IF(!ipv4, "RoamingDhcpClient: node has no IPv4 stack");
    int32_t ifIndex = ipv4->GetInterfaceForDevice(m_device);
    if (ifIndex < 0)
    {
        ifIndex = ipv4->AddInterface(m_device);
        ipv4->SetMetric(ifIndex, 1);
    }
    ipv4->SetUp(ifIndex);
    if (!HasAddress(Ipv4Address::GetZero()))
    {
        ipv4->AddAddress(ifIndex, Ipv4InterfaceAddress(Ipv4Address::GetZero(), Ipv4Mask("/0")));
    }
}

void
DhcpLeaseInstaller::Detach()
{
    m_node = nullptr;
    m_device = nullptr;
}

int32_t
DhcpLeaseInstaller::InterfaceIndex() const
{
    Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
    return ipv4 ? ipv4->GetInterfaceForDevice(m_device) : -1;
}

bool
DhcpLeaseInstaller::HasAddress(Ipv4Address addr) const
{
    Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
    int32_t ifIndex = InterfaceIndex();
    for (uint32_t i = 0; i < ipv4->GetNAddresses(ifIndex); ++i)
    {
        if (ipv4->GetAddress(ifIndex, i).GetLocal() == addr)
        {
            return true;
        }
    }
    return false;
}

void
DhcpLeaseInstaller::Install(Ipv4Address address, Ipv4Mask mask, Ipv4Address router)
{
    Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
    int32_t ifIndex = InterfaceIndex();
    m_address = address;
    m_gateway = router;
    // Add the new address before removing 0.0.0.0: the interface must never be empty, or
    // broadcasting on it aborts in UdpSocketImpl.
    ipv4->AddAddress(ifIndex, Ipv4InterfaceAddress(m_address, mask));
    for (uint32_t i = 0; i < ipv4->GetNAddresses(ifIndex); ++i)
    {
        if (ipv4->GetAddress(ifIndex, i).GetLocal() == Ipv4Address::GetZero())
        {
            ipv4->RemoveAddress(ifIndex, i);
            break;
        }
    }
    Ipv4StaticRoutingHelper helper;
    helper.GetStaticRouting(ipv4)->SetDefaultRoute(m_gateway, ifIndex, 0);
}

void
DhcpLeaseInstaller::RemoveDefaultRoute()
{
    Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
    int32_t ifIndex = InterfaceIndex();
    Ipv4StaticRoutingHelper helper;
    Ptr<Ipv4StaticRouting> routing = helper.GetStaticRouting(ipv4);
    for (uint32_t i = routing->GetNRoutes(); i-- > 0;)
    {
        Ipv4RoutingTableEntry r = routing->GetRoute(i);
        // Only the default route this lease installed: never 127.0.0.0/8 or on-link routes.
        if (r.GetInterface() == static_cast<uint32_t>(ifIndex) && r.IsDefault() &&
            r.GetGateway() == m_gateway && m_gateway != Ipv4Address::GetZero())
        {
            routing->RemoveRoute(i);
        }
    }
}

void
DhcpLeaseInstaller::Remove()
{
    Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
    int32_t ifIndex = InterfaceIndex();
    RemoveDefaultRoute();
    if (!HasAddress(Ipv4Address::GetZero()))
    {
        ipv4->AddAddress(ifIndex, Ipv4InterfaceAddress(Ipv4Address::GetZero(), Ipv4Mask("/0")));
    }
    for (uint32_t i = 0; i < ipv4->GetNAddresses(ifIndex); ++i)
    {
        if (ipv4->GetAddress(ifIndex, i).GetLocal() == m_address &&
            m_address != Ipv4Address::GetZero())
        {
            ipv4->RemoveAddress(ifIndex, i);
            break;
        }
    }
    m_address = Ipv4Address::GetZero();
    m_gateway = Ipv4Address::GetZero();
}

Ipv4Address
DhcpLeaseInstaller::GetAddress() const
{
    return m_address;
}

Ipv4Address
DhcpLeaseInstaller::GetGateway() const
{
    return m_gateway;
}

} // namespace ns3
