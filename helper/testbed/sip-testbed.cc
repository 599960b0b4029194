// SPDX-License-Identifier: GPL-2.0-only
#include "testbed/sip-testbed.h"
#include "install/channel-plan.h"
#include "install/radio-islands.h"

#include "ns3/arp-cache.h"
#include "ns3/bridge-helper.h"
#include "ns3/csma-helper.h"
#include "ns3/error-model.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/mobility-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/string.h"
#include "ns3/waypoint-mobility-model.h"
#include "ns3/wifi-net-device.h"
#include "ns3/wifi-phy.h"
#include "ns3/yans-wifi-helper.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cmath>
#include <deque>
#include <set>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SipTestbed");

namespace
{
const Ipv4Mask kLanMask("255.255.255.0");
const Ipv4Mask kNetMask("255.255.0.0");
const Ipv4Mask kWanMask("255.255.255.252");
constexpr uint32_t kServerHost = 10;
constexpr uint32_t kFirstGatewayHost = 20;
constexpr uint32_t kFirstApHost = 30;
constexpr uint32_t kFirstUaHost = 100;
constexpr uint32_t kFirstApSubnet = 100;

Ipv4Address
ParsePrefix(const std::string& text, const std::string& network)
{
    in_addr parsed{};
    if (inet_pton(AF_INET, text.c_str(), &parsed) != 1)
    {
        throw TestbedError("network '" + network + "': prefix '" + text +
                           "' is not an IPv4 address");
    }
    Ipv4Address a(text.c_str());
    if ((a.Get() & 0xffff) != 0)
    {
        throw TestbedError("network '" + network + "': prefix '" + text +
                           "' must be a /16 network address (like 10.1.0.0)");
    }
    return a;
}

Ipv4Address
Host(Ipv4Address prefix, uint32_t subnet, uint32_t host)
{
    return Ipv4Address(prefix.Get() | (subnet << 8) | host);
}

uint32_t
AddInterface(Ptr<Node> node, Ptr<NetDevice> dev, Ipv4Address addr, Ipv4Mask mask)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    int32_t i = ipv4->AddInterface(dev);
    ipv4->AddAddress(i, Ipv4InterfaceAddress(addr, mask));
    ipv4->SetMetric(i, 1);
    ipv4->SetUp(i);
    return i;
}
} // namespace

SipTestbed::SipTestbed() = default;

const std::vector<ExternalPeerConfig>&
SipTestbed::GetExternalPeers() const
{
    return m_config.externalPeers;
}

const std::vector<SipTestbed::Network>&
SipTestbed::GetNetworks() const
{
    return m_networks;
}

SipTestbed::Network&
SipTestbed::FindNetwork(const std::string& name)
{
    for (auto& n : m_networks)
    {
        if (n.config.name == name)
        {
            return n;
        }
    }
    throw TestbedError("unknown network '" + name + "'");
}

const SipTestbed::Network&
SipTestbed::GetNetwork(const std::string& name) const
{
    return const_cast<SipTestbed*>(this)->FindNetwork(name);
}

Ptr<Node>
SipTestbed::GetUaNode(const std::string& user) const
{
    auto it = m_uaNodes.find(user);
    if (it == m_uaNodes.end())
    {
        throw TestbedError("unknown user agent '" + user + "'");
    }
    return it->second;
}

WifiAccessHelper&
SipTestbed::GetWifi()
{
    return m_wifi;
}

Ptr<RoamingDhcpClient>
SipTestbed::GetDhcpClient(const std::string& user) const
{
    auto it = m_dhcpClients.find(user);
    return it == m_dhcpClients.end() ? nullptr : it->second;
}

Ptr<NetDevice>
SipTestbed::GetStaDevice(const std::string& user) const
{
    auto it = m_staDevices.find(user);
    return it == m_staDevices.end() ? nullptr : it->second;
}

std::string
SipTestbed::NetworkOfAddress(Ipv4Address address) const
{
    for (const auto& n : m_networks)
    {
        if (kNetMask.IsMatch(address, n.prefix))
        {
            return n.config.name;
        }
    }
    return "";
}

void
SipTestbed::BuildTopology(const TestbedConfig& config)
{
    m_config = config;
    std::set<std::string> names;
    std::set<uint32_t> prefixes;
    for (uint32_t i = 0; i < config.networks.size(); ++i)
    {
        Network net;
        net.config = config.networks[i];
        net.index = i;
        if (!names.insert(net.config.name).second)
        {
            throw TestbedError("network '" + net.config.name + "' is defined twice");
        }
        net.prefix = ParsePrefix(net.config.prefix, net.config.name);
        if (!prefixes.insert(net.prefix.Get()).second)
        {
            throw TestbedError("network '" + net.config.name + "': prefix " + net.config.prefix +
                               " overlaps another network's");
        }
        m_networks.push_back(net);
    }
    for (const auto& link : config.wanLinks)
    {
        if (link.a == link.b)
        {
            throw TestbedError("WAN link joins network '" + link.a + "' to itself");
        }
        FindNetwork(link.a);
        FindNetwork(link.b);
    }
    BuildAccessPoints();
    for (auto& net : m_networks)
    {
        BuildNetwork(net);
        if (m_config.lanStaticArp)
        {
            FillLanArpCaches(net);
        }
    }
    BuildWanLinks();
    BuildUserAgents();
    AddWirelessLoss();
    AddStaticRoutes();
}

void
SipTestbed::BuildAccessPoints()
{
    std::vector<Ipv4Address> subnets;
    std::vector<Vector> positions;
    std::vector<uint8_t> channels;                            // asked for (0: from the plan)
    std::vector<std::pair<std::string, Ipv4Address>> options; // DHCP options 15 and 6 per AP
    for (auto& net : m_networks)
    {
        for (uint32_t a = 0; a < net.config.accessPoints.size(); ++a)
        {
            subnets.push_back(Host(net.prefix, kFirstApSubnet + a, 0));
            options.emplace_back(net.config.domain, net.config.dns
                                                        ? Host(net.prefix, 0, kServerHost)
                                                        : Ipv4Address::GetAny());
            positions.emplace_back(net.config.accessPoints[a].x, net.config.accessPoints[a].y, 0);
            channels.push_back(net.config.accessPoints[a].channel);
            net.accessPoints.push_back(positions.size() - 1);
        }
    }
    if (positions.empty())
    {
        return;
    }
    m_wifi.SetSubnets(subnets, kLanMask);
    m_wifi.SetApChannels(ChannelPlan::Assign(positions, channels));
    AssignRadioIslands(positions);
    m_wifi.SetAccessNetworkOptions(options);
    m_wifi.SetTxPower(m_config.wifiTxPowerDbm);
    m_wifi.SetMaxMissedBeacons(m_config.wifiMaxMissedBeacons);
    m_wifi.SetLinkProbes(m_config.wifiLinkProbes);
    m_wifi.SetBeaconInterval(MicroSeconds(std::llround(m_config.wifiBeaconIntervalMs * 1000)));
    m_wifi.InstallAccessPoints(positions);
}

void
SipTestbed::AssignRadioIslands(const std::vector<Vector>& apPositions)
{
    std::vector<RadioIslands::Box> boxes;
    for (const auto& p : apPositions)
    {
        boxes.push_back({p.x, p.x, p.y, p.y});
    }
    std::vector<std::string> mobiles;
    for (const auto& ua : m_config.uas)
    {
        if (!ua.mobile)
        {
            continue;
        }
        // where the station can be: its waypoints, and the origin before the first one
        RadioIslands::Box box{0, 0, 0, 0};
        bool fromOrigin = ua.path.empty() || ua.path.front().t > 0;
        bool first = !fromOrigin;
        for (const auto& wp : ua.path)
        {
            box = first ? RadioIslands::Box{wp.x, wp.x, wp.y, wp.y}
                        : RadioIslands::Box{std::min(box.xMin, wp.x), std::max(box.xMax, wp.x),
                                            std::min(box.yMin, wp.y), std::max(box.yMax, wp.y)};
            first = false;
        }
        boxes.push_back(box);
        mobiles.push_back(ua.user);
    }
    std::vector<uint32_t> islands =
        RadioIslands::Assign(boxes, RadioIslands::Reach(m_config.wifiTxPowerDbm));
    m_wifi.SetApIslands(
        std::vector<uint32_t>(islands.begin(), islands.begin() + apPositions.size()));
    for (std::size_t i = 0; i < mobiles.size(); ++i)
    {
        m_staIslands[mobiles[i]] = islands[apPositions.size() + i];
    }
}

void
SipTestbed::BuildNetwork(Network& net)
{
    NodeContainer hosts;
    net.router = CreateObject<Node>();
    net.server = CreateObject<Node>();
    hosts.Add(net.router);
    hosts.Add(net.server);
    for (const auto& link : m_config.wanLinks)
    {
        if (link.a == net.config.name || link.b == net.config.name)
        {
            const std::string& peer = link.a == net.config.name ? link.b : link.a;
            Ptr<Node> gw = CreateObject<Node>();
            net.gateways[peer] = gw;
            net.gatewayPort[peer] = link.a == net.config.name ? link.portA : link.portB;
            hosts.Add(gw);
        }
    }
    // A gateway towards an external peer (a real proxy on the host, reached through the TAP).
    for (const auto& peer : m_config.externalPeers)
    {
        if (peer.network == net.config.name && peer.gatewayPort != 0)
        {
            Ptr<Node> gw = CreateObject<Node>();
            net.gateways[peer.name] = gw;
            net.gatewayPort[peer.name] = peer.gatewayPort;
            hosts.Add(gw);
        }
    }
    for (const auto& ua : m_config.uas)
    {
        if (ua.network == net.config.name && !ua.mobile)
        {
            if (m_uaNodes.count(ua.user))
            {
                throw TestbedError("user agent '" + ua.user + "' is defined twice");
            }
            m_uaNodes[ua.user] = CreateObject<Node>();
            hosts.Add(m_uaNodes[ua.user]);
        }
    }
    InternetStackHelper internet;
    internet.Install(hosts);

    NodeContainer lan(hosts);
    for (uint32_t ap : net.accessPoints)
    {
        lan.Add(m_wifi.GetApNode(ap));
    }
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", StringValue(m_config.lanDataRate));
    csma.SetChannelAttribute("Delay", TimeValue(Seconds(m_config.lanDelayMs / 1000.0)));
    if (m_config.lanKind == "shared")
    {
        net.lanDevices = csma.Install(lan);
    }
    else if (m_config.lanKind == "switched")
    {
        // One link per host into a learning bridge: after the first frames (ARP floods), unicast
        // reaches only its destination, so a frame costs the same events at any LAN size.
        net.lanSwitch = CreateObject<Node>();
        NetDeviceContainer ports;
        for (uint32_t i = 0; i < lan.GetN(); ++i)
        {
            NetDeviceContainer link = csma.Install(NodeContainer(lan.Get(i), net.lanSwitch));
            net.lanDevices.Add(link.Get(0));
            ports.Add(link.Get(1));
        }
        BridgeHelper().Install(net.lanSwitch, ports);
    }
    else
    {
        throw TestbedError("LAN kind '" + m_config.lanKind +
                           "' is not one of 'switched', 'shared'");
    }

    // Addresses by role, so that a reader of a pcap knows who is who.
    uint32_t d = 0;
    AddInterface(net.router, net.lanDevices.Get(d++), Host(net.prefix, 0, 1), kLanMask);
    net.lanDeviceNames.emplace_back("router");
    net.serverAddress = Host(net.prefix, 0, kServerHost);
    AddInterface(net.server, net.lanDevices.Get(d++), net.serverAddress, kLanMask);
    net.lanDeviceNames.emplace_back("server");
    uint32_t g = 0;
    auto external = [this](const std::string& name)
    {
        return std::any_of(m_config.externalPeers.begin(), m_config.externalPeers.end(),
                           [&name](const ExternalPeerConfig& p) { return p.name == name; });
    };
    for (auto& [peer, node] : net.gateways)
    {
        (void) node;
        if (!external(peer))
        {
            net.gatewayAddress[peer] = Host(net.prefix, 0, kFirstGatewayHost + g++);
        }
    }
    // then the gateways towards external peers, so the WAN gateways keep their addresses
    for (const auto& peer : m_config.externalPeers)
    {
        if (net.gateways.count(peer.name))
        {
            net.gatewayAddress[peer.name] = Host(net.prefix, 0, kFirstGatewayHost + g++);
        }
    }
    // gateways were added to `hosts` in WAN-link order; map them back in the same order
    for (const auto& link : m_config.wanLinks)
    {
        if (link.a == net.config.name || link.b == net.config.name)
        {
            const std::string& peer = link.a == net.config.name ? link.b : link.a;
            AddInterface(net.gateways[peer], net.lanDevices.Get(d++), net.gatewayAddress[peer],
                         kLanMask);
            net.lanDeviceNames.push_back("gw-" + peer);
        }
    }
    for (const auto& peer : m_config.externalPeers)
    {
        if (peer.network == net.config.name && peer.gatewayPort != 0)
        {
            AddInterface(net.gateways[peer.name], net.lanDevices.Get(d++),
                         net.gatewayAddress[peer.name], kLanMask);
            net.lanDeviceNames.push_back("gw-" + peer.name);
        }
    }
    uint32_t u = 0;
    for (const auto& ua : m_config.uas)
    {
        if (ua.network == net.config.name && !ua.mobile)
        {
            AddInterface(m_uaNodes[ua.user], net.lanDevices.Get(d++),
                         Host(net.prefix, 0, kFirstUaHost + u++), kLanMask);
            net.lanDeviceNames.push_back("ua-" + ua.user);
        }
    }
    uint32_t a = 0;
    for (uint32_t ap : net.accessPoints)
    {
        AddInterface(m_wifi.GetApNode(ap), net.lanDevices.Get(d++),
                     Host(net.prefix, 0, kFirstApHost + a), kLanMask);
        net.lanDeviceNames.push_back("ap-" + std::to_string(a++));
    }
}

void
SipTestbed::FillLanArpCaches(const Network& net)
{
    struct Host
    {
        Ptr<Ipv4Interface> iface;
        Ipv4Address address;
        Address mac;
    };
    std::vector<Host> hosts;
    for (uint32_t i = 0; i < net.lanDevices.GetN(); ++i)
    {
        Ptr<NetDevice> dev = net.lanDevices.Get(i);
        Ptr<Ipv4L3Protocol> ipv4 = dev->GetNode()->GetObject<Ipv4L3Protocol>();
        int32_t index = ipv4->GetInterfaceForDevice(dev);
        if (index < 0)
        {
            continue;
        }
        Ptr<Ipv4Interface> iface = ipv4->GetInterface(index);
        hosts.push_back({iface, iface->GetAddress(0).GetLocal(), dev->GetAddress()});
    }
    for (const auto& a : hosts)
    {
        for (const auto& b : hosts)
        {
            if (a.address != b.address)
            {
                ArpCache::Entry* e = a.iface->GetArpCache()->Add(b.address);
                e->SetMacAddress(b.mac);
                e->MarkPermanent();
            }
        }
    }
}

void
SipTestbed::AddWirelessLoss()
{
    if (m_config.wifiLossRate <= 0)
    {
        return;
    }
    std::vector<Ptr<NetDevice>> devices;
    for (uint32_t i = 0; i < m_wifi.GetNAccessPoints(); ++i)
    {
        devices.push_back(m_wifi.GetApDevice(i));
    }
    for (const auto& [user, dev] : m_staDevices)
    {
        (void) user;
        devices.push_back(dev);
    }
    for (const auto& dev : devices)
    {
        Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
        em->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
        em->SetRate(m_config.wifiLossRate);
        DynamicCast<WifiNetDevice>(dev)->GetPhy()->SetPostReceptionErrorModel(em);
    }
}

void
SipTestbed::BuildWanLinks()
{
    uint32_t k = 0;
    for (const auto& link : m_config.wanLinks)
    {
        Network& a = FindNetwork(link.a);
        Network& b = FindNetwork(link.b);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue(link.dataRate));
        p2p.SetChannelAttribute("Delay", TimeValue(Seconds(link.delayMs / 1000.0)));
        NetDeviceContainer devs = p2p.Install(a.router, b.router);
        Ipv4Address base((172u << 24) | (16u << 16) | (k++ << 2));
        Ipv4Address atA(base.Get() + 1);
        Ipv4Address atB(base.Get() + 2);
        AddInterface(a.router, devs.Get(0), atA, kWanMask);
        AddInterface(b.router, devs.Get(1), atB, kWanMask);
        m_wan[{link.a, link.b}] = {atA, atB};
        m_wan[{link.b, link.a}] = {atB, atA};
        m_wanDevices.Add(devs);
    }
}

void
SipTestbed::BuildUserAgents()
{
    for (const auto& ua : m_config.uas)
    {
        FindNetwork(ua.network);
        if (!ua.mobile)
        {
            continue;
        }
        if (m_uaNodes.count(ua.user))
        {
            throw TestbedError("user agent '" + ua.user + "' is defined twice");
        }
        if (m_wifi.GetNAccessPoints() == 0)
        {
            throw TestbedError("mobile user agent '" + ua.user + "' needs access points");
        }
        Ptr<Node> node = CreateObject<Node>();
        Ptr<WaypointMobilityModel> mobility = CreateObject<WaypointMobilityModel>();
        node->AggregateObject(mobility);
        for (const auto& wp : ua.path)
        {
            mobility->AddWaypoint(Waypoint(Seconds(wp.t), Vector(wp.x, wp.y, 0)));
        }
        m_uaNodes[ua.user] = node;
        m_dhcpClients[ua.user] = m_wifi.InstallStation(node, m_staIslands[ua.user]);
        Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
        m_staDevices[ua.user] = ipv4->GetNetDevice(ipv4->GetNInterfaces() - 1);
    }
}

uint32_t
SipTestbed::InterfaceTowards(Ptr<Node> node, Ipv4Address nextHop) const
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
    {
        for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
        {
            Ipv4InterfaceAddress ia = ipv4->GetAddress(i, j);
            if (ia.GetMask().IsMatch(ia.GetLocal(), nextHop) && !ia.GetLocal().IsLocalhost())
            {
                return i;
            }
        }
    }
    throw TestbedError("no interface towards next hop");
}

void
SipTestbed::AddRoute(Ptr<Node> node, Ipv4Address dest, Ipv4Mask mask, Ipv4Address nextHop)
{
    Ipv4StaticRoutingHelper helper;
    Ptr<Ipv4StaticRouting> routing = helper.GetStaticRouting(node->GetObject<Ipv4>());
    routing->AddNetworkRouteTo(dest, mask, nextHop, InterfaceTowards(node, nextHop));
}

void
SipTestbed::SetDefaultRoute(Ptr<Node> node, Ipv4Address gateway)
{
    Ipv4StaticRoutingHelper helper;
    Ptr<Ipv4StaticRouting> routing = helper.GetStaticRouting(node->GetObject<Ipv4>());
    routing->SetDefaultRoute(gateway, InterfaceTowards(node, gateway));
}

void
SipTestbed::AddStaticRoutes()
{
    for (auto& net : m_networks)
    {
        Ipv4Address router = Host(net.prefix, 0, 1);
        SetDefaultRoute(net.server, router);
        for (auto& [peer, gw] : net.gateways)
        {
            (void) peer;
            SetDefaultRoute(gw, router);
        }
        for (const auto& ua : m_config.uas)
        {
            if (ua.network == net.config.name && !ua.mobile)
            {
                SetDefaultRoute(m_uaNodes[ua.user], router);
            }
        }
        for (uint32_t a = 0; a < net.accessPoints.size(); ++a)
        {
            Ptr<Node> ap = m_wifi.GetApNode(net.accessPoints[a]);
            SetDefaultRoute(ap, router);
            AddRoute(net.router, Host(net.prefix, kFirstApSubnet + a, 0), kLanMask,
                     Host(net.prefix, 0, kFirstApHost + a));
        }
        // Other networks: breadth-first over the WAN graph gives the first hop of a shortest path.
        std::map<std::string, std::string> firstHop;
        std::deque<std::string> queue{net.config.name};
        firstHop[net.config.name] = "";
        while (!queue.empty())
        {
            std::string cur = queue.front();
            queue.pop_front();
            for (const auto& link : m_config.wanLinks)
            {
                if (link.a != cur && link.b != cur)
                {
                    continue;
                }
                const std::string& next = link.a == cur ? link.b : link.a;
                if (!firstHop.count(next))
                {
                    firstHop[next] = cur == net.config.name ? next : firstHop[cur];
                    queue.push_back(next);
                }
            }
        }
        for (const auto& [other, hop] : firstHop)
        {
            if (hop.empty())
            {
                continue;
            }
            Ipv4Address via = m_wan.at({net.config.name, hop}).second;
            AddRoute(net.router, FindNetwork(other).prefix, kNetMask, via);
        }
    }
}

void
SipTestbed::EnablePcap(const std::string& dir)
{
    CsmaHelper csma;
    PointToPointHelper p2p;
    for (const auto& net : m_networks)
    {
        // Host devices only (not switch ports): one file per host, named by its role.
        for (uint32_t i = 0; i < net.lanDevices.GetN(); ++i)
        {
            csma.EnablePcap(dir + "/" + net.config.name + "-lan-" + net.lanDeviceNames[i] + ".pcap",
                            net.lanDevices.Get(i), true, true);
        }
    }
    // WAN: wan-HERE-THERE.pcap at each end of the link between networks HERE and THERE.
    for (std::size_t k = 0; k < m_config.wanLinks.size(); ++k)
    {
        const auto& link = m_config.wanLinks[k];
        p2p.EnablePcap(dir + "/wan-" + link.a + "-" + link.b + ".pcap", m_wanDevices.Get(2 * k),
                       true, true);
        p2p.EnablePcap(dir + "/wan-" + link.b + "-" + link.a + ".pcap", m_wanDevices.Get(2 * k + 1),
                       true, true);
    }
    // Wi-Fi (radiotap): NETWORK-apN.pcap (N counts the network's APs from 1), ua-USER-wifi.pcap.
    YansWifiPhyHelper phy;
    phy.SetPcapDataLinkType(WifiPhyHelper::DLT_IEEE802_11_RADIO);
    std::map<std::string, int> aps;
    for (uint32_t i = 0; i < m_wifi.GetNAccessPoints(); ++i)
    {
        const std::string net = NetworkOfAddress(m_wifi.GetSubnet(i));
        phy.EnablePcap(dir + "/" + net + "-ap" + std::to_string(++aps[net]) + ".pcap",
                       m_wifi.GetApDevice(i), true, true);
    }
    for (const auto& [user, dev] : m_staDevices)
    {
        phy.EnablePcap(dir + "/ua-" + user + "-wifi.pcap", dev, true, true);
    }
}

} // namespace ns3
