// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_WIFI_ACCESS_HELPER_H
#define SIPMOB_WIFI_ACCESS_HELPER_H

#include "access/roaming-dhcp-client.h"

#include "ns3/callback.h"
#include "ns3/ipv4-address.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"
#include "ns3/ssid.h"
#include "ns3/vector.h"
#include "ns3/yans-wifi-channel.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief Builds 802.11b access networks for roaming: one AP node per position, each the IPv4
 * router and DHCP server of its own subnet, and the station side (STA device + RoamingDhcpClient).
 *
 * All APs share one YansWifiChannel, one SSID and one channel, so a station roams when beacons
 * of its AP stop (MaxMissedBeacons x beacon interval). Stations use RoamingStaWifiMac, which
 * has none of the association races that abort ns-3.37's StaWifiMac under frame loss. Defaults: 20
 * dBm, 102.4 ms beacons, MaxMissedBeacons 3, subnets 10.<i+1>.0.0/24 with the router at .1 and a
 * DHCP pool .10 - .254. Callers connect the AP nodes to a wired backbone themselves (CSMA) and add
 * static routes; Ipv4GlobalRoutingHelper aborts on this topology in ns-3.37.
 */
class WifiAccessHelper
{
public:
    WifiAccessHelper();

    /// \param ssid the SSID of every AP and of the stations
    void SetSsid(const Ssid& ssid);
    /// \param dbm transmit power of APs and stations (TxPowerStart and TxPowerEnd)
    void SetTxPower(double dbm);
    /// \param interval AP beacon interval (multiple of 1024 us)
    void SetBeaconInterval(Time interval);
    /// \param count MaxMissedBeacons of the station MACs
    void SetMaxMissedBeacons(uint32_t count);
    /**
     * \brief LinkProbes of the station MACs installed later (ns3::RoamingStaWifiMac only; ns-3's
     * StaWifiMac has no link probing): unicast Probe Requests to the AP after MaxMissedBeacons
     * missed beacons before the link is declared lost. Unset: the attribute's default (0).
     * Attributes given with SetStationMacAttribute take precedence.
     * \param probes 0 to 10
     */
    void SetLinkProbes(uint32_t probes);
    /**
     * \brief How long the AP routers installed later hold an unresolved station address as dead
     * (ns3::ArpCache::DeadTimeout of their Wi-Fi interface) before the next packet for it starts
     * a new ARP resolution. Default 1 s instead of ns-3's 100 s: an AP's ARP Requests are
     * broadcast, so never retransmitted by the 802.11 MAC; at 30 % frame loss all 4 requests of
     * one resolution (MaxRetries 3) are lost with probability 0.3^4 = 0.8 %, and ns-3.37 then
     * dropped every packet for the station for 100 s (a registration's whole 32 s transaction,
     * bench/README.md, loss study). Linux retries a failed neighbour on the next packet; RFC 1122
     * §2.3.2.1 only limits requests to one per second per address (WaitReplyTimeout, 1 s).
     * \param timeout > 0
     */
    void SetApArpDeadTimeout(Time timeout);
    /**
     * \brief Choose the station MAC: ns3::RoamingStaWifiMac (default; see
     * access/roaming-sta-wifi-mac.h) or ns-3.37's ns3::StaWifiMac (to reproduce its aborts).
     * \param type the TypeId name
     */
    void SetStationMacType(const std::string& type);
    /**
     * \brief Set an attribute of every station MAC installed later (e.g. WaitBeaconTimeout).
     * \param name attribute name of the chosen MAC type
     * \param value attribute value
     */
    void SetStationMacAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \brief Set the 802.11b channel of each AP, in AP order (1-13; APs beyond the list and all
     * APs when unset: channel 1). When the APs use more than one channel, RoamingStaWifiMac
     * stations scan the distinct channels in ascending order (ScanChannels), as a card scans.
     * \param channels one channel per AP
     */
    void SetApChannels(const std::vector<uint8_t>& channels);
    /// \param i AP index \return the channel of AP i
    uint8_t GetApChannel(uint32_t i) const;
    /**
     * \brief Put the APs on radio islands, in AP order (default: all on island 0): each island
     * has its own YansWifiChannel object, so frames are never delivered across islands
     * (install/radio-islands.h says when that changes no result).
     * \param islands one island number per AP
     */
    void SetApIslands(const std::vector<uint32_t>& islands);
    /// \return the number of channel objects created so far (one per island used)
    uint32_t GetNChannelObjects() const;
    /**
     * \brief Set the subnets of the APs, in AP order (defaults 10.<i+1>.0.0/24 when unset).
     * \param networks one network address per AP
     * \param mask the mask of every subnet (at most /28)
     */
    void SetSubnets(const std::vector<Ipv4Address>& networks, Ipv4Mask mask);
    /**
     * \brief Set an attribute of every RoamingDhcpClient installed later.
     * \param name attribute name
     * \param value attribute value
     */
    void SetClientAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \brief Set an attribute of every DhcpServer installed later (e.g. LeaseTime).
     * \param name attribute name
     * \param value attribute value
     */
    void SetServerAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \brief What each AP's access network tells a new station, in AP order: its domain name
     *        (DHCP option 15) and DNS server (option 6; Any: none). When set, every AP runs a
     *        RoamingDhcpServer offering them (ns-3's DhcpServer cannot); when not, ns-3's.
     * \param options (domain, DNS server) per AP
     */
    void SetAccessNetworkOptions(const std::vector<std::pair<std::string, Ipv4Address>>& options);

    /**
     * \brief Create one AP node per position (internet stack, AP device, router address, DHCP
     * server started at time 0).
     * \param positions AP positions
     * \return the AP nodes, in order
     */
    NodeContainer InstallAccessPoints(const std::vector<Vector>& positions);

    /**
     * \brief Install the station side on a node that already has a mobility model: a STA
     * device, an internet stack if absent, and a RoamingDhcpClient started at time 0.
     * \param station the mobile node
     * \param island the radio island it moves in (SetApIslands; 0 by default)
     * \return the client (its device is client->GetDevice())
     */
    Ptr<RoamingDhcpClient> InstallStation(Ptr<Node> station, uint32_t island = 0);

    /// \return the number of APs installed
    uint32_t GetNAccessPoints() const;
    /// \param i AP index \return the AP node
    Ptr<Node> GetApNode(uint32_t i) const;
    /// \param i AP index \return the AP wifi device
    Ptr<NetDevice> GetApDevice(uint32_t i) const;
    /// \param i AP index \return the IPv4 interface index of the AP wifi device
    uint32_t GetApInterface(uint32_t i) const;
    /// \param i AP index \return the router (and DHCP server) address on the wireless subnet
    Ipv4Address GetApAddress(uint32_t i) const;
    /// \param i AP index \return the network address of the AP's subnet
    Ipv4Address GetSubnet(uint32_t i) const;
    /// \return the mask of the wireless subnets
    Ipv4Mask GetSubnetMask() const;
    /// \param i AP index \return the BSSID (MAC address) of the AP
    Mac48Address GetApBssid(uint32_t i) const;
    /// \param bssid a BSSID \return the AP index, or -1 if unknown
    int32_t FindAp(Mac48Address bssid) const;

    /**
     * \brief Connect to the "Assoc" and "DeAssoc" trace sources of a station device's MAC
     * (RoamingStaWifiMac or StaWifiMac).
     * \param staDevice a station WifiNetDevice
     * \param assoc called with the BSSID on association (may be null)
     * \param deassoc called with the old BSSID when the link is lost (may be null)
     * \return false if the device is not a wifi station
     */
    static bool ConnectStaLinkTraces(Ptr<NetDevice> staDevice, Callback<void, Mac48Address> assoc,
                                     Callback<void, Mac48Address> deassoc);

    /**
     * \brief Fix the random streams of all wifi devices and DHCP clients installed so far.
     * \param stream first stream index
     * \return number of streams used
     */
    int64_t AssignStreams(int64_t stream);

private:
    Ptr<YansWifiChannel> GetChannel(uint32_t island);
    Ipv4Address SubnetOf(uint32_t i) const;

    Ssid m_ssid;                          //!< SSID
    double m_txPower;                     //!< dBm
    Time m_beaconInterval;                //!< AP beacon interval
    uint32_t m_maxMissedBeacons;          //!< station beacon-loss threshold
    std::string m_staMacType;             //!< station MAC TypeId name
    std::optional<uint32_t> m_linkProbes; //!< LinkProbes of RoamingStaWifiMac stations
    Time m_apArpDeadTimeout{Seconds(1)};  //!< ArpCache DeadTimeout of the APs' Wi-Fi interfaces
    std::vector<uint8_t> m_apChannels;    //!< channel per AP (may be empty)
    std::vector<uint8_t> m_scanChannels;  //!< distinct AP channels when more than one
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_staMacAttributes; //!< for MACs
    std::vector<Ipv4Address> m_subnets; //!< configured networks (may be empty)
    Ipv4Mask m_mask;                    //!< subnet mask
    ObjectFactory m_clientFactory;      //!< RoamingDhcpClient factory
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_serverAttributes; //!< for servers
    std::vector<std::pair<std::string, Ipv4Address>> m_networkOptions; //!< domain, DNS per AP

    /// Configure the AP's router address and start a RoamingDhcpServer for AP `ap`.
    void InstallRoamingServer(Ptr<Node> node, Ptr<NetDevice> dev, uint32_t ap, Ipv4Address router,
                              Ipv4Address last);
    /// Sets the ARP hold-down (SetApArpDeadTimeout) on the AP's Wi-Fi interface.
    void HoldDownFailedArpBriefly(Ptr<Node> node, Ptr<NetDevice> dev) const;
    std::map<uint32_t, Ptr<YansWifiChannel>> m_channels; //!< channel object per radio island
    std::vector<uint32_t> m_apIslands;                   //!< island per AP (may be empty)
    NodeContainer m_apNodes;                             //!< AP nodes
    NetDeviceContainer m_apDevices;                      //!< AP devices
    NetDeviceContainer m_staDevices;                     //!< STA devices
    std::vector<uint32_t> m_apInterfaces;                //!< AP wireless interface indices
    std::vector<Ptr<RoamingDhcpClient>> m_clients;       //!< installed clients
};

} // namespace ns3

#endif // SIPMOB_WIFI_ACCESS_HELPER_H
