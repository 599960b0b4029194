// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_TESTBED_H
#define SIPMOB_SIP_TESTBED_H

#include "install/wifi-access-helper.h"
#include "testbed/testbed-config.h"

#include "ns3/ipv4-address.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace ns3
{

/// A testbed description that cannot be built (unknown network, overlapping prefixes, ...).
class TestbedError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/**
 * \brief Builds the nodes, links, addresses and static routes of a SIP mobility testbed.
 *
 * Each network gets an Ethernet LAN (router .1, server node .10 for the marshal server, redirect
 * server and DNS server, one node per gateway from .20, access-point routers from .30, wired user
 * agents from .100) inside its /16 prefix, and one 802.11b access point per configured position,
 * each the router and DHCP server of its own /24 (prefix .100+i). WAN point-to-point links join
 * routers. Routing is static (global routing aborts on Wi-Fi subnets whose stations have no
 * address yet).
 *
 * The LAN is switched by default (lanKind "switched"): every host has its own two-device CSMA link
 * (`lanDataRate`, `lanDelayMs`) to a switch node whose BridgeNetDevice learns MAC addresses, so a
 * unicast frame reaches only its destination and the cost per frame does not grow with the LAN.
 * Host to host therefore crosses two links, store-and-forward at the switch (the frame is
 * serialised twice). lanKind "shared" puts every host on one CSMA segment (every frame reaches
 * every device, one link per hop).
 */
class SipTestbed
{
public:
    /// The nodes and addresses of one network.
    struct Network
    {
        NetworkConfig config;                              ///< what was asked for
        uint32_t index = 0;                                ///< position in the config
        Ipv4Address prefix;                                ///< the /16
        Ptr<Node> router;                                  ///< LAN router, WAN endpoint
        Ptr<Node> server;                                  ///< marshal + redirect + DNS
        Ipv4Address serverAddress;                         ///< LAN address of the server node
        std::map<std::string, Ptr<Node>> gateways;         ///< peer network name -> gateway node
        std::map<std::string, Ipv4Address> gatewayAddress; ///< peer network name -> its address
        std::map<std::string, uint16_t> gatewayPort;       ///< peer network name -> its port
        std::vector<uint32_t> accessPoints;                ///< indices into the Wi-Fi helper
        NetDeviceContainer lanDevices; ///< every host's LAN device (router first), for pcap
        std::vector<std::string> lanDeviceNames; ///< role of each of lanDevices ("router", ...)
        Ptr<Node> lanSwitch;                     ///< the bridge node (null for a shared segment)
    };

    SipTestbed();

    /**
     * \brief Build the topology (no SIP applications).
     * \param config the testbed
     * \throws TestbedError when the description is inconsistent
     */
    void BuildTopology(const TestbedConfig& config);

    /// \return the networks, in configuration order
    const std::vector<Network>& GetNetworks() const;
    /// \return the SIP elements outside the simulation (scenario key `external_peers`)
    const std::vector<ExternalPeerConfig>& GetExternalPeers() const;
    /// \param name a network name \return the network \throws TestbedError when unknown
    const Network& GetNetwork(const std::string& name) const;
    /// \param user a user ID \return its node \throws TestbedError when unknown
    Ptr<Node> GetUaNode(const std::string& user) const;
    /// \return the Wi-Fi helper that built the access points and stations
    WifiAccessHelper& GetWifi();
    /// \param user a mobile user's ID \return its DHCP client (null for wired users)
    Ptr<RoamingDhcpClient> GetDhcpClient(const std::string& user) const;
    /// \param user a mobile user's ID \return its Wi-Fi station device (null for wired users)
    Ptr<NetDevice> GetStaDevice(const std::string& user) const;
    /// \param address any address \return the name of the network whose /16 holds it, or ""
    std::string NetworkOfAddress(Ipv4Address address) const;
    /**
     * \brief Write pcap files of every host's LAN device, the WAN and Wi-Fi devices into a
     * directory.
     *
     * LAN files are `NETWORK-lan-ROLE.pcap` (ROLE: router, server, gw-PEER, ap-N, ua-USER), one per
     * host device (none for switch ports), in promiscuous mode.
     * \param dir an existing directory
     */
    void EnablePcap(const std::string& dir);

private:
    void BuildNetwork(Network& net);
    void BuildAccessPoints();
    /// Radio islands of the APs and mobiles (install/radio-islands.h): one channel object each.
    void AssignRadioIslands(const std::vector<Vector>& apPositions);
    void BuildWanLinks();
    void BuildUserAgents();
    void AddStaticRoutes();
    void AddWirelessLoss();
    void FillLanArpCaches(const Network& net);
    void AddRoute(Ptr<Node> node, Ipv4Address dest, Ipv4Mask mask, Ipv4Address nextHop);
    void SetDefaultRoute(Ptr<Node> node, Ipv4Address gateway);
    uint32_t InterfaceTowards(Ptr<Node> node, Ipv4Address nextHop) const;
    Network& FindNetwork(const std::string& name);

    TestbedConfig m_config;          ///< the description
    std::vector<Network> m_networks; ///< built networks
    WifiAccessHelper m_wifi;         ///< APs and stations (one channel object per radio island)
    std::map<std::string, Ptr<Node>> m_uaNodes;                  ///< user -> node
    std::map<std::string, Ptr<RoamingDhcpClient>> m_dhcpClients; ///< mobile user -> client
    std::map<std::string, Ptr<NetDevice>> m_staDevices;          ///< mobile user -> STA device
    std::map<std::string, uint32_t> m_staIslands; ///< mobile user -> radio island (RadioIslands)
    /// router-to-router WAN links: (network a, network b) -> (address at a, address at b)
    std::map<std::pair<std::string, std::string>, std::pair<Ipv4Address, Ipv4Address>> m_wan;
    NetDeviceContainer m_wanDevices;   ///< for pcap
    NetDeviceContainer m_apLanDevices; ///< AP routers' LAN side (also in lanDevices)
};

} // namespace ns3

#endif
