// SPDX-License-Identifier: GPL-2.0-only
#include "install/wifi-access-helper.h"

#include "access/ap-deauth-guard.h"
#include "access/ap-lost-station-guard.h"
#include "access/roaming-dhcp-server.h"
#include "access/roaming-sta-wifi-mac.h"

#include "ns3/abort.h"
#include "ns3/application-container.h"
#include "ns3/arp-cache.h"
#include "ns3/boolean.h"
#include "ns3/dhcp-helper.h"
#include "ns3/double.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/mobility-helper.h"
#include "ns3/mobility-model.h"
#include "ns3/names.h"
#include "ns3/sta-wifi-mac.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"
#include "ns3/wifi-helper.h"
#include "ns3/wifi-mac-helper.h"
#include "ns3/wifi-net-device.h"
#include "ns3/yans-wifi-channel.h"
#include "ns3/yans-wifi-helper.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("WifiAccessHelper");

namespace
{
/// Channel of every AP when none is given (ns-3.37's 802.11b default)
constexpr uint8_t kDefaultChannel = 1;

/// \param channel 2.4 GHz channel number \return the WifiPhy ChannelSettings value (22 MHz)
std::string
ChannelSettings(uint8_t channel)
{
    return "{" + std::to_string(channel) + ", 0, BAND_2_4GHZ, 0}";
}
} // namespace

WifiAccessHelper::WifiAccessHelper()
    : m_ssid("sipmob")
    , m_txPower(20.0)
    , m_beaconInterval(MicroSeconds(102400))
    , m_maxMissedBeacons(3)
    , m_staMacType("ns3::RoamingStaWifiMac")
    , m_mask("255.255.255.0")
{
    m_clientFactory.SetTypeId(RoamingDhcpClient::GetTypeId());
}

void
WifiAccessHelper::SetSsid(const Ssid& ssid)
{
    m_ssid = ssid;
}

void
WifiAccessHelper::SetTxPower(double dbm)
{
    m_txPower = dbm;
}

void
WifiAccessHelper::SetBeaconInterval(Time interval)
{
    NS_ABORT_MSG_IF(interval.GetMicroSeconds() % 1024 != 0 || !interval.IsStrictlyPositive(),
                    "WifiAccessHelper: beacon interval must be a positive multiple of 1024 us");
    m_beaconInterval = interval;
}

void
WifiAccessHelper::SetMaxMissedBeacons(uint32_t count)
{
    NS_ABORT_MSG_IF(count == 0, "WifiAccessHelper: MaxMissedBeacons must be at least 1");
    m_maxMissedBeacons = count;
}

void
WifiAccessHelper::SetLinkProbes(uint32_t probes)
{
    m_linkProbes = probes;
}

void
WifiAccessHelper::SetStationMacType(const std::string& type)
{
    NS_ABORT_MSG_IF(type != "ns3::RoamingStaWifiMac" && type != "ns3::StaWifiMac",
                    "WifiAccessHelper: station MAC must be ns3::RoamingStaWifiMac or "
                    "ns3::StaWifiMac, not "
                        << type);
    m_staMacType = type;
}

void
WifiAccessHelper::SetStationMacAttribute(const std::string& name, const AttributeValue& value)
{
    m_staMacAttributes.emplace_back(name, value.Copy());
}

void
WifiAccessHelper::SetApChannels(const std::vector<uint8_t>& channels)
{
    std::vector<uint8_t> distinct;
    for (uint8_t ch : channels)
    {
        NS_ABORT_MSG_IF(ch < 1 || ch > 13,
                        "WifiAccessHelper: AP channel " << +ch << " is outside 1-13");
        if (std::find(distinct.begin(), distinct.end(), ch) == distinct.end())
        {
            distinct.push_back(ch);
        }
    }
    // a card scans its channel list in channel order
    std::sort(distinct.begin(), distinct.end());
    m_apChannels = channels;
    m_scanChannels = distinct.size() > 1 ? distinct : std::vector<uint8_t>{};
}

uint8_t
WifiAccessHelper::GetApChannel(uint32_t i) const
{
    return i < m_apChannels.size() ? m_apChannels[i] : kDefaultChannel;
}

void
WifiAccessHelper::SetSubnets(const std::vector<Ipv4Address>& networks, Ipv4Mask mask)
{
    NS_ABORT_MSG_IF(mask.GetPrefixLength() > 28, "WifiAccessHelper: subnet mask too long");
    for (const auto& net : networks)
    {
        NS_ABORT_MSG_IF(net.CombineMask(mask) != net,
                        "WifiAccessHelper: " << net << " is not a network address for " << mask);
    }
    m_subnets = networks;
    m_mask = mask;
}

void
WifiAccessHelper::SetClientAttribute(const std::string& name, const AttributeValue& value)
{
    m_clientFactory.Set(name, value);
}

void
WifiAccessHelper::SetServerAttribute(const std::string& name, const AttributeValue& value)
{
    m_serverAttributes.emplace_back(name, value.Copy());
}

void
WifiAccessHelper::SetApIslands(const std::vector<uint32_t>& islands)
{
    m_apIslands = islands;
}

uint32_t
WifiAccessHelper::GetNChannelObjects() const
{
    return m_channels.size();
}

Ptr<YansWifiChannel>
WifiAccessHelper::GetChannel(uint32_t island)
{
    Ptr<YansWifiChannel>& channel = m_channels[island];
    if (!channel)
    {
        channel = YansWifiChannelHelper::Default().Create();
    }
    return channel;
}

Ipv4Address
WifiAccessHelper::SubnetOf(uint32_t i) const
{
    if (i < m_subnets.size())
    {
        return m_subnets[i];
    }
    NS_ABORT_MSG_IF(!m_subnets.empty(),
                    "WifiAccessHelper: more APs than subnets given to SetSubnets");
    NS_ABORT_MSG_IF(i >= 254, "WifiAccessHelper: at most 254 APs with default subnets");
    return Ipv4Address((10u << 24) | ((i + 1) << 16));
}

NodeContainer
WifiAccessHelper::InstallAccessPoints(const std::vector<Vector>& positions)
{
    NodeContainer nodes;
    nodes.Create(positions.size());
    MobilityHelper mobility;
    mobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
    mobility.Install(nodes);
    InternetStackHelper internet;
    internet.Install(nodes);

    WifiHelper wifi;
    wifi.SetStandard(WIFI_STANDARD_80211b);
    YansWifiPhyHelper phy;
    phy.Set("TxPowerStart", DoubleValue(m_txPower));
    phy.Set("TxPowerEnd", DoubleValue(m_txPower));
    WifiMacHelper mac;
    mac.SetType("ns3::ApWifiMac", "Ssid", SsidValue(m_ssid), "BeaconInterval",
                TimeValue(m_beaconInterval));

    for (uint32_t k = 0; k < nodes.GetN(); ++k)
    {
        uint32_t i = m_apNodes.GetN();
        Ptr<Node> node = nodes.Get(k);
        node->GetObject<MobilityModel>()->SetPosition(positions[k]);
        phy.Set("ChannelSettings", StringValue(ChannelSettings(GetApChannel(i))));
        phy.SetChannel(GetChannel(i < m_apIslands.size() ? m_apIslands[i] : 0));
        Ptr<NetDevice> dev = wifi.Install(phy, mac, node).Get(0);

        Ipv4Address net = SubnetOf(i);
        uint32_t broadcast = net.Get() | ~m_mask.Get();
        Ipv4Address router(net.Get() + 1);
        if (i < m_networkOptions.size())
        {
            InstallRoamingServer(node, dev, i, router, Ipv4Address(broadcast - 1));
        }
        else
        {
            DhcpHelper dhcp;
            for (const auto& [name, value] : m_serverAttributes)
            {
                dhcp.SetServerAttribute(name, *value);
            }
            ApplicationContainer server =
                dhcp.InstallDhcpServer(dev, router, net, m_mask, Ipv4Address(net.Get() + 10),
                                       Ipv4Address(broadcast - 1), router);
            server.Start(Seconds(0));
        }
        HoldDownFailedArpBriefly(node, dev);
        // the AP answers data from a station it does not count as associated (ApDeauthGuard)
        Ptr<ApDeauthGuard> guard = CreateObject<ApDeauthGuard>();
        guard->Install(DynamicCast<WifiNetDevice>(dev));
        node->AggregateObject(guard);
        // and lets go of a station whose frames go unacknowledged (ApLostStationGuard): a roamed
        // station's downlink would otherwise hold up every frame of the AP
        Ptr<ApLostStationGuard> lost = CreateObject<ApLostStationGuard>();
        lost->Install(DynamicCast<WifiNetDevice>(dev));
        node->AggregateObject(lost);
        m_apNodes.Add(node);
        m_apDevices.Add(dev);
        m_apInterfaces.push_back(node->GetObject<Ipv4>()->GetInterfaceForDevice(dev));
    }
    return nodes;
}

void
WifiAccessHelper::HoldDownFailedArpBriefly(Ptr<Node> node, Ptr<NetDevice> dev) const
{
    Ptr<Ipv4L3Protocol> ip = node->GetObject<Ipv4L3Protocol>();
    const int32_t iface = ip->GetInterfaceForDevice(dev);
    NS_ABORT_MSG_IF(iface < 0, "WifiAccessHelper: the AP's Wi-Fi device has no IPv4 interface");
    ip->GetInterface(iface)->GetArpCache()->SetAttribute("DeadTimeout",
                                                         TimeValue(m_apArpDeadTimeout));
}

void
WifiAccessHelper::SetApArpDeadTimeout(Time timeout)
{
    NS_ABORT_MSG_IF(!timeout.IsStrictlyPositive(),
                    "WifiAccessHelper: the ARP hold-down must be positive");
    m_apArpDeadTimeout = timeout;
}

void
WifiAccessHelper::SetAccessNetworkOptions(
    const std::vector<std::pair<std::string, Ipv4Address>>& options)
{
    m_networkOptions = options;
}

void
WifiAccessHelper::InstallRoamingServer(Ptr<Node> node, Ptr<NetDevice> dev, uint32_t ap,
                                       Ipv4Address router, Ipv4Address last)
{
    // The router address is configured on the AP's device here, as DhcpHelper does for its own.
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    int32_t iface = ipv4->AddInterface(dev);
    ipv4->AddAddress(iface, Ipv4InterfaceAddress(router, m_mask));
    ipv4->SetMetric(iface, 1);
    ipv4->SetUp(iface);
    Ptr<RoamingDhcpServer> server = CreateObject<RoamingDhcpServer>();
    server->SetAttribute("PoolStart", Ipv4AddressValue(Ipv4Address(router.Get() + 9)));
    server->SetAttribute("PoolEnd", Ipv4AddressValue(last));
    server->SetAttribute("Mask", Ipv4MaskValue(m_mask));
    server->SetAttribute("Router", Ipv4AddressValue(router));
    server->SetAttribute("DomainName", StringValue(m_networkOptions[ap].first));
    server->SetAttribute("DnsServer", Ipv4AddressValue(m_networkOptions[ap].second));
    for (const auto& [name, value] : m_serverAttributes)
    {
        server->SetAttributeFailSafe(name, *value); // ns-3 DhcpServer names it shares (LeaseTime)
    }
    server->SetDevice(dev);
    node->AddApplication(server);
    server->SetStartTime(Seconds(0));
}

Ptr<RoamingDhcpClient>
WifiAccessHelper::InstallStation(Ptr<Node> station, uint32_t island)
{
    NS_ABORT_MSG_IF(!station->GetObject<MobilityModel>(),
                    "WifiAccessHelper: install a mobility model on the station first");
    if (!station->GetObject<Ipv4>())
    {
        InternetStackHelper internet;
        internet.Install(station);
    }
    WifiHelper wifi;
    wifi.SetStandard(WIFI_STANDARD_80211b);
    YansWifiPhyHelper phy;
    phy.SetChannel(GetChannel(island));
    phy.Set("TxPowerStart", DoubleValue(m_txPower));
    phy.Set("TxPowerEnd", DoubleValue(m_txPower));
    WifiMacHelper mac;
    // ActiveProbing keeps its default (false: passive scanning), so that `defaults:` or
    // --set ns3::RoamingStaWifiMac::ActiveProbing=true reaches the stations
    mac.SetType(m_staMacType, "Ssid", SsidValue(m_ssid), "MaxMissedBeacons",
                UintegerValue(m_maxMissedBeacons));
    // start on the channel of the first AP; a scan visits the channels of all APs
    phy.Set("ChannelSettings", StringValue(ChannelSettings(GetApChannel(0))));
    Ptr<NetDevice> dev = wifi.Install(phy, mac, station).Get(0);
    if (!m_scanChannels.empty() && m_staMacType == "ns3::RoamingStaWifiMac")
    {
        std::string text;
        for (uint8_t ch : m_scanChannels)
        {
            text += (text.empty() ? "" : ",") + std::to_string(ch);
        }
        DynamicCast<WifiNetDevice>(dev)->GetMac()->SetAttribute("ScanChannels", StringValue(text));
    }
    if (m_linkProbes && m_staMacType == "ns3::RoamingStaWifiMac")
    {
        DynamicCast<WifiNetDevice>(dev)->GetMac()->SetAttribute("LinkProbes",
                                                                UintegerValue(*m_linkProbes));
    }
    for (const auto& [name, value] : m_staMacAttributes)
    {
        DynamicCast<WifiNetDevice>(dev)->GetMac()->SetAttribute(name, *value);
    }

    Ptr<Ipv4> ipv4 = station->GetObject<Ipv4>();
    int32_t ifIndex = ipv4->AddInterface(dev);
    ipv4->SetMetric(ifIndex, 1);
    ipv4->SetUp(ifIndex);

    Ptr<RoamingDhcpClient> client = m_clientFactory.Create<RoamingDhcpClient>();
    client->SetDevice(dev);
    station->AddApplication(client);
    client->SetStartTime(Seconds(0));
    m_staDevices.Add(dev);
    m_clients.push_back(client);
    return client;
}

uint32_t
WifiAccessHelper::GetNAccessPoints() const
{
    return m_apNodes.GetN();
}

Ptr<Node>
WifiAccessHelper::GetApNode(uint32_t i) const
{
    NS_ABORT_MSG_IF(i >= m_apNodes.GetN(), "WifiAccessHelper: no AP " << i);
    return m_apNodes.Get(i);
}

Ptr<NetDevice>
WifiAccessHelper::GetApDevice(uint32_t i) const
{
    NS_ABORT_MSG_IF(i >= m_apDevices.GetN(), "WifiAccessHelper: no AP " << i);
    return m_apDevices.Get(i);
}

uint32_t
WifiAccessHelper::GetApInterface(uint32_t i) const
{
    NS_ABORT_MSG_IF(i >= m_apInterfaces.size(), "WifiAccessHelper: no AP " << i);
    return m_apInterfaces[i];
}

Ipv4Address
WifiAccessHelper::GetApAddress(uint32_t i) const
{
    return Ipv4Address(GetSubnet(i).Get() + 1);
}

Ipv4Address
WifiAccessHelper::GetSubnet(uint32_t i) const
{
    NS_ABORT_MSG_IF(i >= m_apNodes.GetN(), "WifiAccessHelper: no AP " << i);
    return SubnetOf(i);
}

Ipv4Mask
WifiAccessHelper::GetSubnetMask() const
{
    return m_mask;
}

Mac48Address
WifiAccessHelper::GetApBssid(uint32_t i) const
{
    return Mac48Address::ConvertFrom(GetApDevice(i)->GetAddress());
}

int32_t
WifiAccessHelper::FindAp(Mac48Address bssid) const
{
    for (uint32_t i = 0; i < m_apDevices.GetN(); ++i)
    {
        if (GetApBssid(i) == bssid)
        {
            return static_cast<int32_t>(i);
        }
    }
    return -1;
}

bool
WifiAccessHelper::ConnectStaLinkTraces(Ptr<NetDevice> staDevice, Callback<void, Mac48Address> assoc,
                                       Callback<void, Mac48Address> deassoc)
{
    Ptr<WifiNetDevice> wifi = DynamicCast<WifiNetDevice>(staDevice);
    Ptr<WifiMac> mac = wifi ? wifi->GetMac() : nullptr;
    if (!mac || (!DynamicCast<StaWifiMac>(mac) && !DynamicCast<RoamingStaWifiMac>(mac)))
    {
        return false;
    }
    if (!assoc.IsNull())
    {
        mac->TraceConnectWithoutContext("Assoc", assoc);
    }
    if (!deassoc.IsNull())
    {
        mac->TraceConnectWithoutContext("DeAssoc", deassoc);
    }
    return true;
}

int64_t
WifiAccessHelper::AssignStreams(int64_t stream)
{
    int64_t current = stream;
    WifiHelper wifi;
    current += wifi.AssignStreams(m_apDevices, current);
    current += wifi.AssignStreams(m_staDevices, current);
    for (uint32_t i = 0; i < m_staDevices.GetN(); ++i)
    {
        Ptr<WifiNetDevice> dev = DynamicCast<WifiNetDevice>(m_staDevices.Get(i));
        if (auto mac = DynamicCast<RoamingStaWifiMac>(dev->GetMac()))
        {
            current += mac->AssignStreams(current);
        }
    }
    for (auto& client : m_clients)
    {
        current += client->AssignStreams(current);
    }
    return current - stream;
}

} // namespace ns3
