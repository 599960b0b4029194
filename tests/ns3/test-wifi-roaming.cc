// SPDX-License-Identifier: GPL-2.0-only
// A station walks from AP1 to AP2 (100 m apart, 20 dBm, 802.11b): L2 hand-off, DHCP in the new
// subnet, and UDP to a wired host behind the AP routers (static routes).
#include "access/roaming-dhcp-client.h"
#include "install/wifi-access-helper.h"

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/mobility-module.h"
#include "ns3/network-module.h"

#include <gtest/gtest.h>

#include <vector>

using namespace ns3;

namespace
{

/// Two APs on a CSMA backbone (192.168.0.0/24) with a wired host at 192.168.0.100.
struct Walk
{
    WifiAccessHelper access;
    Ptr<Node> sta;
    Ptr<Node> host;
    Ptr<RoamingDhcpClient> client;
    Ptr<Socket> staSocket;
    Ptr<Socket> hostSocket;
    std::vector<std::pair<Time, Mac48Address>> assocs;
    std::vector<std::pair<Time, Mac48Address>> deassocs;
    std::vector<std::pair<Time, Ipv4Address>> leases;
    std::vector<Time> discovers;
    std::vector<std::pair<Time, Ipv4Address>> hostRx; ///< (time, source) of uplink datagrams
    std::vector<Time> staRx;                          ///< echo replies at the station

    /// \param speed walking speed in m/s from x = 10 m to x = 90 m
    /// \param legs how many times the station walks the 80 m (back and forth)
    explicit Walk(double speed, int legs = 1)
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        NodeContainer aps = access.InstallAccessPoints({Vector(0, 0, 0), Vector(100, 0, 0)});
        host = CreateObject<Node>();
        InternetStackHelper().Install(host);
        BuildBackbone(aps);

        sta = CreateObject<Node>();
        Ptr<WaypointMobilityModel> way = CreateObject<WaypointMobilityModel>();
        sta->AggregateObject(way);
        way->AddWaypoint(Waypoint(Seconds(0), Vector(10, 0, 0)));
        for (int k = 1; k <= legs; ++k)
        {
            way->AddWaypoint(Waypoint(Seconds(k * 80 / speed), Vector(k % 2 ? 90 : 10, 0, 0)));
        }
        client = access.InstallStation(sta);
        client->TraceConnectWithoutContext("NewLease", MakeCallback(&Walk::OnLease, this));
        client->TraceConnectWithoutContext("Tx", MakeCallback(&Walk::OnTx, this));
        WifiAccessHelper::ConnectStaLinkTraces(client->GetDevice(),
                                               MakeCallback(&Walk::OnAssoc, this),
                                               MakeCallback(&Walk::OnDeAssoc, this));
        access.AssignStreams(100);
        StartTraffic();
    }

    ~Walk()
    {
        Simulator::Destroy();
    }

    void BuildBackbone(NodeContainer aps)
    {
        NodeContainer lan(aps);
        lan.Add(host);
        CsmaHelper csma;
        NetDeviceContainer devs = csma.Install(lan);
        Ipv4AddressHelper addr("192.168.0.0", "255.255.255.0");
        addr.Assign(NetDeviceContainer(devs.Get(0), devs.Get(1)));
        addr.SetBase("192.168.0.0", "255.255.255.0", "0.0.0.100");
        addr.Assign(NetDeviceContainer(devs.Get(2)));
        Ipv4StaticRoutingHelper routing;
        Ptr<Ipv4StaticRouting> hostRoutes = routing.GetStaticRouting(host->GetObject<Ipv4>());
        uint32_t hostIf = host->GetObject<Ipv4>()->GetInterfaceForDevice(devs.Get(2));
        for (uint32_t i = 0; i < access.GetNAccessPoints(); ++i)
        {
            hostRoutes->AddNetworkRouteTo(access.GetSubnet(i), access.GetSubnetMask(),
                                          Ipv4Address(0xc0a80001 + i), // 192.168.0.(i+1)
                                          hostIf);
        }
    }

    void StartTraffic()
    {
        TypeId udp = UdpSocketFactory::GetTypeId();
        hostSocket = Socket::CreateSocket(host, udp);
        hostSocket->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9000));
        hostSocket->SetRecvCallback(MakeCallback(&Walk::HostRx, this));
        staSocket = Socket::CreateSocket(sta, udp);
        staSocket->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9001));
        staSocket->SetRecvCallback(MakeCallback(&Walk::StaRx, this));
        Simulator::Schedule(Seconds(1), &Walk::SendUplink, this);
    }

    void SendUplink()
    {
        if (client->HasLease())
        {
            staSocket->SendTo(Create<Packet>(160), 0,
                              InetSocketAddress(Ipv4Address("192.168.0.100"), 9000));
        }
        Simulator::Schedule(MilliSeconds(100), &Walk::SendUplink, this);
    }

    void HostRx(Ptr<Socket> s)
    {
        Address from;
        while (Ptr<Packet> p = s->RecvFrom(from))
        {
            InetSocketAddress src = InetSocketAddress::ConvertFrom(from);
            hostRx.emplace_back(Simulator::Now(), src.GetIpv4());
            s->SendTo(p, 0, from); // echo
        }
    }

    void StaRx(Ptr<Socket> s)
    {
        while (s->Recv())
        {
            staRx.push_back(Simulator::Now());
        }
    }

    void OnAssoc(Mac48Address b)
    {
        assocs.emplace_back(Simulator::Now(), b);
    }

    void OnDeAssoc(Mac48Address b)
    {
        deassocs.emplace_back(Simulator::Now(), b);
    }

    void OnLease(const Ipv4Address& a)
    {
        leases.emplace_back(Simulator::Now(), a);
    }

    void OnTx(uint8_t type, uint32_t)
    {
        if (type == 0) // DHCPDISCOVER
        {
            discovers.push_back(Simulator::Now());
        }
    }

    bool InSubnet(Ipv4Address a, uint32_t ap) const
    {
        return a.CombineMask(access.GetSubnetMask()) == access.GetSubnet(ap);
    }
};

} // namespace

TEST(WifiRoaming, HandsOverToSecondApWithNewLeaseAndRoutes)
{
    Walk walk(2.0); // 40 s walk
    Simulator::Stop(Seconds(42));
    Simulator::Run();

    // L2: AP1, lost, then AP2.
    ASSERT_EQ(walk.assocs.size(), 2u);
    ASSERT_EQ(walk.deassocs.size(), 1u);
    EXPECT_EQ(walk.assocs[0].second, walk.access.GetApBssid(0));
    EXPECT_EQ(walk.deassocs[0].second, walk.access.GetApBssid(0));
    EXPECT_EQ(walk.assocs[1].second, walk.access.GetApBssid(1));
    Time lost = walk.deassocs[0].first;
    EXPECT_GT(lost, Seconds(25)); // beyond x = 60 m
    EXPECT_LT(lost, Seconds(38)); // before x = 86 m
    EXPECT_GT(walk.assocs[1].first, lost);

    // DHCP: one lease per association, in the AP's subnet, each < 200 ms after association.
    ASSERT_EQ(walk.leases.size(), 2u);
    EXPECT_TRUE(walk.InSubnet(walk.leases[0].second, 0));
    EXPECT_TRUE(walk.InSubnet(walk.leases[1].second, 1));
    Time l2 = walk.assocs[1].first - lost;
    Time dhcp = walk.leases[1].first - walk.assocs[1].first;
    EXPECT_LT(l2, Seconds(1));
    EXPECT_GT(dhcp, MilliSeconds(50)); // the Collect window
    EXPECT_LT(dhcp, MilliSeconds(200));
    EXPECT_LT(walk.leases[0].first - walk.assocs[0].first, MilliSeconds(200));
    EXPECT_EQ(walk.client->GetLeaseBoundTime(), walk.leases[1].first);
    std::cout << "[measure] link lost " << lost.As(Time::S) << ", L2 " << l2.As(Time::MS)
              << ", DHCP " << dhcp.As(Time::MS) << std::endl;

    // Exactly one DISCOVER per link-up.
    ASSERT_EQ(walk.discovers.size(), 2u);
    EXPECT_EQ(walk.discovers[0], walk.assocs[0].first);
    EXPECT_EQ(walk.discovers[1], walk.assocs[1].first);

    // Interface: only the new address; default route via the new router.
    Ptr<Ipv4> ipv4 = walk.sta->GetObject<Ipv4>();
    int32_t ifIndex = ipv4->GetInterfaceForDevice(walk.client->GetDevice());
    ASSERT_EQ(ipv4->GetNAddresses(ifIndex), 1u);
    EXPECT_EQ(ipv4->GetAddress(ifIndex, 0).GetLocal(), walk.leases[1].second);
    Ipv4Header probe;
    probe.SetDestination(Ipv4Address("192.168.0.100"));
    Socket::SocketErrno err;
    Ptr<Ipv4Route> route =
        ipv4->GetRoutingProtocol()->RouteOutput(Create<Packet>(), probe, nullptr, err);
    ASSERT_TRUE(route);
    EXPECT_EQ(route->GetGateway(), walk.access.GetApAddress(1));
    EXPECT_EQ(route->GetSource(), walk.leases[1].second);

    // Traffic: uplink reached the wired host from both subnets, and echoes came back after
    // the hand-off (host -> AP2 by static route -> station).
    bool fromOld = false;
    bool fromNew = false;
    for (const auto& [t, src] : walk.hostRx)
    {
        fromOld |= (src == walk.leases[0].second && t < lost);
        fromNew |= (src == walk.leases[1].second && t > walk.leases[1].first);
        EXPECT_NE(src, Ipv4Address::GetZero());
    }
    EXPECT_TRUE(fromOld);
    EXPECT_TRUE(fromNew);
    size_t echoesAfter = 0;
    for (const auto& t : walk.staRx)
    {
        echoesAfter += (t > walk.leases[1].first) ? 1 : 0;
    }
    EXPECT_GT(echoesAfter, 20u); // ~4-5 s at 10 packets/s after the hand-off (ARP loss aside)
}

TEST(WifiRoaming, SlowWalkHandsOverOnce)
{
    Walk walk(1.0); // 80 s walk
    Simulator::Stop(Seconds(82));
    Simulator::Run();
    std::cout << "[measure] 1 m/s: " << walk.assocs.size() << " associations, "
              << walk.deassocs.size() << " losses, " << walk.leases.size() << " leases"
              << std::endl;
    ASSERT_EQ(walk.assocs.size(), 2u);
    EXPECT_EQ(walk.deassocs.size(), 1u);
    EXPECT_EQ(walk.leases.size(), 2u);
    EXPECT_EQ(walk.assocs.back().second, walk.access.GetApBssid(1));
    EXPECT_EQ(walk.discovers.size(), walk.assocs.size());
    ASSERT_FALSE(walk.leases.empty());
    EXPECT_TRUE(walk.InSubnet(walk.leases.back().second, 1));
    EXPECT_TRUE(walk.InSubnet(walk.client->GetLease().address, 1));
    EXPECT_EQ(walk.client->GetLease().router, walk.access.GetApAddress(1));
}

TEST(WifiRoaming, BackAndForthEachAssociationGetsLeaseOfItsAp)
{
    Walk walk(2.0, 3); // AP1 -> AP2 -> AP1 -> AP2, 120 s
    Simulator::Stop(Seconds(122));
    Simulator::Run();
    ASSERT_EQ(walk.assocs.size(), 4u);
    EXPECT_EQ(walk.deassocs.size(), 3u);
    ASSERT_EQ(walk.leases.size(), 4u);
    EXPECT_EQ(walk.discovers.size(), 4u);
    for (size_t i = 0; i < 4; ++i)
    {
        int32_t ap = walk.access.FindAp(walk.assocs[i].second);
        EXPECT_EQ(ap, static_cast<int32_t>(i % 2));
        EXPECT_TRUE(walk.InSubnet(walk.leases[i].second, ap));
        Time dhcp = walk.leases[i].first - walk.assocs[i].first;
        EXPECT_GT(dhcp, Time(0));
        EXPECT_LT(dhcp, MilliSeconds(200));
    }
    // Coming back to AP1, its server hands out the same address again.
    EXPECT_EQ(walk.leases[2].second, walk.leases[0].second);
    EXPECT_EQ(walk.client->GetLease().router, walk.access.GetApAddress(1));
}
