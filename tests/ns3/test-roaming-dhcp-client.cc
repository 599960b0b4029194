// SPDX-License-Identifier: GPL-2.0-only
// RoamingDhcpClient against ns-3's stock DhcpServer, and the two ns-3.37 DhcpClient bugs it
// fixes, reproduced against ns-3's own DhcpClient.
#include "access/dhcp-message-codec.h"
#include "access/roaming-dhcp-client.h"
#include "install/wifi-access-helper.h"

#include "ns3/core-module.h"
#include "ns3/dhcp-client.h"
#include "ns3/dhcp-header.h"
#include "ns3/internet-module.h"
#include "ns3/mobility-module.h"
#include "ns3/network-module.h"
#include "ns3/wifi-module.h"

#include <gtest/gtest.h>

#include <csignal>
#include <vector>

using namespace ns3;

namespace
{

/// One AP at the origin and one station 10 m away; the station's client is chosen per test.
struct Cell
{
    WifiAccessHelper access;
    Ptr<Node> sta;
    Ptr<NetDevice> staDevice;
    std::vector<Time> discovers;    ///< DISCOVERs leaving the station's IP layer
    std::vector<Time> assocs;       ///< association times
    std::vector<Time> deassocs;     ///< link-lost times (StaWifiMac DeAssoc)
    std::vector<Time> leases;       ///< NewLease times
    std::vector<Ipv4Address> addrs; ///< NewLease addresses

    /// \param ours true: RoamingDhcpClient; false: ns-3's DhcpClient with the given attributes
    explicit Cell(bool ours, Time collect = MilliSeconds(50), Time rtrs = Seconds(1))
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        access.InstallAccessPoints({Vector(0, 0, 0)});
        sta = CreateObject<Node>();
        MobilityHelper mobility;
        mobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
        mobility.Install(sta);
        sta->GetObject<MobilityModel>()->SetPosition(Vector(10, 0, 0));
        access.SetClientAttribute("Collect", TimeValue(collect));
        access.SetClientAttribute("RTRS", TimeValue(rtrs));
        Ptr<RoamingDhcpClient> client = access.InstallStation(sta);
        staDevice = client->GetDevice();
        if (ours)
        {
            m_ours = client;
            client->TraceConnectWithoutContext("NewLease", MakeCallback(&Cell::OnLease, this));
        }
        else
        {
            client->SetStopTime(Seconds(0)); // replaced by ns-3's client below
            client->SetStartTime(Seconds(1000));
            m_stock = CreateObject<DhcpClient>();
            m_stock->SetAttribute("Collect", TimeValue(collect));
            m_stock->SetAttribute("RTRS", TimeValue(rtrs));
            m_stock->SetDhcpClientNetDevice(staDevice);
            sta->AddApplication(m_stock);
            m_stock->SetStartTime(Seconds(0));
            m_stock->TraceConnectWithoutContext("NewLease", MakeCallback(&Cell::OnLease, this));
        }
        DynamicCast<WifiNetDevice>(staDevice)->GetMac()->TraceConnectWithoutContext(
            "MacTx", MakeCallback(&Cell::OnMacTx, this));
        WifiAccessHelper::ConnectStaLinkTraces(staDevice, MakeCallback(&Cell::OnAssoc, this),
                                               MakeCallback(&Cell::OnDeAssoc, this));
    }

    ~Cell()
    {
        Simulator::Destroy();
    }

    Ptr<RoamingDhcpClient> m_ours; ///< our client (null when ns-3's is used)
    Ptr<DhcpClient> m_stock;       ///< ns-3's client (null when ours is used)

    /// Every frame the station's MAC is handed (even when unassociated and then dropped).
    void OnMacTx(Ptr<const Packet> p)
    {
        Ptr<Packet> copy = p->Copy();
        LlcSnapHeader llc;
        Ipv4Header ip;
        UdpHeader udp;
        copy->RemoveHeader(llc);
        if (llc.GetType() != Ipv4L3Protocol::PROT_NUMBER || copy->RemoveHeader(ip) == 0 ||
            ip.GetProtocol() != UdpL4Protocol::PROT_NUMBER || copy->RemoveHeader(udp) == 0 ||
            udp.GetDestinationPort() != 67)
        {
            return;
        }
        DhcpHeader dhcp;
        if (copy->RemoveHeader(dhcp) != 0 && dhcp.GetType() == DhcpHeader::DHCPDISCOVER)
        {
            discovers.push_back(Simulator::Now());
        }
    }

    void OnAssoc(Mac48Address)
    {
        assocs.push_back(Simulator::Now());
    }

    void OnDeAssoc(Mac48Address)
    {
        deassocs.push_back(Simulator::Now());
    }

    void OnLease(const Ipv4Address& a)
    {
        leases.push_back(Simulator::Now());
        addrs.push_back(a);
    }

    /// Move the station at time t.
    void MoveAt(Time t, Vector pos)
    {
        Simulator::Schedule(t, &MobilityModel::SetPosition, sta->GetObject<MobilityModel>(), pos);
    }

    /**
     * Every DISCOVER left while associated, before the lease of that association, and is
     * either the one sent at link-up or a retransmission at least rtrs after the previous one.
     */
    ::testing::AssertionResult DiscoversAreLegit(Time rtrs) const
    {
        Time prev = Seconds(-1);
        for (const auto& d : discovers)
        {
            Time a = Seconds(-1);
            for (const auto& t : assocs)
            {
                a = (t <= d) ? t : a;
            }
            if (a.IsNegative())
            {
                return ::testing::AssertionFailure() << "DISCOVER before association at " << d;
            }
            for (const auto& t : deassocs)
            {
                if (t > a && t <= d)
                {
                    return ::testing::AssertionFailure() << "DISCOVER with link down at " << d;
                }
            }
            for (const auto& t : leases)
            {
                if (t > a && t <= d)
                {
                    return ::testing::AssertionFailure() << "DISCOVER after lease at " << d;
                }
            }
            bool first = prev < a;
            if (first && d - a > MilliSeconds(1))
            {
                return ::testing::AssertionFailure() << "late first DISCOVER at " << d;
            }
            if (!first && d - prev < rtrs)
            {
                return ::testing::AssertionFailure() << "DISCOVER too soon at " << d;
            }
            prev = d;
        }
        return ::testing::AssertionSuccess();
    }

    /// \return true if the 127.0.0.0/8 route is in the station's static routing table
    bool HasLoopbackRoute() const
    {
        Ipv4StaticRoutingHelper helper;
        Ptr<Ipv4StaticRouting> r = helper.GetStaticRouting(sta->GetObject<Ipv4>());
        for (uint32_t i = 0; i < r->GetNRoutes(); ++i)
        {
            Ipv4RoutingTableEntry e = r->GetRoute(i);
            if (e.GetDestNetwork() == Ipv4Address("127.0.0.0") &&
                e.GetDestNetworkMask() == Ipv4Mask("255.0.0.0"))
            {
                return true;
            }
        }
        return false;
    }

    /// \return the addresses on the station's wifi interface
    std::vector<Ipv4Address> Addresses() const
    {
        Ptr<Ipv4> ipv4 = sta->GetObject<Ipv4>();
        int32_t ifIndex = ipv4->GetInterfaceForDevice(staDevice);
        std::vector<Ipv4Address> out;
        for (uint32_t i = 0; i < ipv4->GetNAddresses(ifIndex); ++i)
        {
            out.push_back(ipv4->GetAddress(ifIndex, i).GetLocal());
        }
        return out;
    }
};

/// Serialized DHCP OFFER as ns-3's server writes it.
std::vector<uint8_t>
OfferBytes()
{
    DhcpHeader h;
    h.ResetOpt();
    h.SetType(DhcpHeader::DHCPOFFER);
    h.SetTran(42);
    h.SetYiaddr(Ipv4Address("10.1.0.10"));
    h.SetMask(0xffffff00);
    h.SetLease(30);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    std::vector<uint8_t> out(p->GetSize());
    p->CopyData(out.data(), out.size());
    return out;
}

Ptr<const Packet>
FromBytes(const std::vector<uint8_t>& b)
{
    return Create<Packet>(b.data(), b.size());
}

} // namespace

TEST(RoamingDhcpClientWire, AcceptsWellFormedOffer)
{
    auto bytes = OfferBytes();
    ASSERT_GE(bytes.size(), 241u);
    EXPECT_EQ(bytes[236], 99);
    EXPECT_TRUE(DhcpMessageCodec::IsWellFormed(FromBytes(bytes)));
}

TEST(RoamingDhcpClientWire, RejectsMalformedMessages)
{
    auto good = OfferBytes();
    auto truncated = std::vector<uint8_t>(good.begin(), good.begin() + 200);
    EXPECT_FALSE(DhcpMessageCodec::IsWellFormed(FromBytes(truncated)));

    auto badCookie = good;
    badCookie[237] = 0;
    EXPECT_FALSE(DhcpMessageCodec::IsWellFormed(FromBytes(badCookie)));

    auto noEnd = good;
    noEnd.back() = 0; // END replaced by a pad: options never terminate
    EXPECT_FALSE(DhcpMessageCodec::IsWellFormed(FromBytes(noEnd)));

    auto overrun = std::vector<uint8_t>(good.begin(), good.begin() + 240);
    overrun.push_back(DhcpHeader::OP_LEASE);
    overrun.push_back(200); // claims 200 bytes that are not there
    overrun.push_back(1);
    EXPECT_FALSE(DhcpMessageCodec::IsWellFormed(FromBytes(overrun)));

    EXPECT_FALSE(DhcpMessageCodec::IsWellFormed(Create<Packet>()));
}

TEST(RoamingDhcpClient, AcquiresLeaseWithOneDiscoverPerLinkUp)
{
    Cell cell(true);
    Simulator::Stop(Seconds(5));
    Simulator::Run();

    ASSERT_EQ(cell.assocs.size(), 1u);
    ASSERT_EQ(cell.leases.size(), 1u);
    EXPECT_EQ(cell.addrs[0], Ipv4Address("10.1.0.10"));
    EXPECT_TRUE(cell.m_ours->HasLease());
    EXPECT_EQ(cell.m_ours->GetState(), RoamingDhcpClient::BOUND);
    EXPECT_EQ(cell.m_ours->GetLease().router, Ipv4Address("10.1.0.1"));
    EXPECT_EQ(cell.m_ours->GetLease().server, Ipv4Address("10.1.0.1"));
    EXPECT_EQ(cell.m_ours->GetLeaseBoundTime(), cell.leases[0]);
    // Exactly one DISCOVER, and none before the link was up.
    ASSERT_EQ(cell.discovers.size(), 1u);
    EXPECT_EQ(cell.m_ours->GetDiscoverCount(), 1u);
    EXPECT_EQ(cell.m_ours->GetLinkUpCount(), 1u);
    EXPECT_GE(cell.discovers[0], cell.assocs[0]);
    // Association to lease with Collect = 50 ms.
    Time dhcp = cell.leases[0] - cell.assocs[0];
    EXPECT_GT(dhcp, MilliSeconds(50));
    EXPECT_LT(dhcp, MilliSeconds(200));
    std::cout << "[measure] association at " << cell.assocs[0].As(Time::MS) << ", lease after "
              << dhcp.As(Time::MS) << std::endl;
    // The interface holds exactly the lease (0.0.0.0 removed), and the loopback route is kept.
    EXPECT_EQ(cell.Addresses(), std::vector<Ipv4Address>{Ipv4Address("10.1.0.10")});
    EXPECT_TRUE(cell.HasLoopbackRoute());
}

TEST(RoamingDhcpClient, RenewsLeaseWithoutNewAddress)
{
    Cell cell(true);
    // Server defaults: lease 30 s, renew 15 s: 40 s covers two renewals past the first lease.
    Simulator::Stop(Seconds(40));
    Simulator::Run();
    ASSERT_EQ(cell.leases.size(), 1u);
    EXPECT_TRUE(cell.m_ours->HasLease());
    EXPECT_EQ(cell.m_ours->GetLease().address, Ipv4Address("10.1.0.10"));
    EXPECT_EQ(cell.discovers.size(), 1u);
}

TEST(Ns3DhcpClientBug, StrayDiscoverAfterLeaseFromUncancelledTimer)
{
    // ns-3.37: Boot() at start (link down) schedules a retransmission; the link-up Boot()
    // overwrites the EventId without cancelling it, so a DISCOVER leaves after the lease.
    Cell cell(false);
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    ASSERT_GE(cell.leases.size(), 1u);
    size_t afterLease = 0;
    for (const auto& t : cell.discovers)
    {
        afterLease += (t > cell.leases[0]) ? 1 : 0;
    }
    EXPECT_GE(afterLease, 1u) << "bug no longer reproduces: ns-3's DhcpClient was fixed?";
}

TEST(RoamingDhcpClient, NoStrayDiscoverAfterLease)
{
    Cell cell(true);
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    ASSERT_EQ(cell.leases.size(), 1u);
    for (const auto& t : cell.discovers)
    {
        EXPECT_LT(t, cell.leases[0]);
    }
}

TEST(Ns3DhcpClientBug, LinkDownBeforeLeaseDeletesLoopbackRoute)
{
    // Default Collect (5 s) keeps ns-3's client without lease when the link drops at ~1.3 s.
    Cell cell(false, Seconds(5), Seconds(5));
    cell.MoveAt(Seconds(1), Vector(1000, 0, 0));
    Simulator::Stop(Seconds(3)); // before the orphan DISCOVER timer (t = 5 s) would abort
    Simulator::Run();
    ASSERT_EQ(cell.deassocs.size(), 1u);
    EXPECT_TRUE(cell.leases.empty());
    EXPECT_FALSE(cell.HasLoopbackRoute()) << "bug no longer reproduces";
}

TEST(RoamingDhcpClient, LinkDownBeforeLeaseKeepsLoopbackRoute)
{
    Cell cell(true, Seconds(5), Seconds(5));
    cell.MoveAt(Seconds(1), Vector(1000, 0, 0));
    cell.MoveAt(Seconds(4), Vector(10, 0, 0));
    Simulator::Stop(Seconds(12));
    Simulator::Run();
    ASSERT_EQ(cell.deassocs.size(), 1u);
    EXPECT_GT(cell.deassocs[0], Seconds(1.2));
    EXPECT_LT(cell.deassocs[0], Seconds(1.5)); // 3 beacons x 102.4 ms
    EXPECT_TRUE(cell.HasLoopbackRoute());
    // Back in range: re-associates, one DISCOVER per link-up, and the lease comes.
    ASSERT_EQ(cell.assocs.size(), 2u);
    EXPECT_EQ(cell.discovers.size(), 2u);
    ASSERT_EQ(cell.leases.size(), 1u);
    EXPECT_GT(cell.leases[0], cell.assocs[1]);
    EXPECT_TRUE(cell.m_ours->HasLease());
    // 0.0.0.0 was kept on the interface while acquiring, so sending never found it empty.
    EXPECT_EQ(cell.Addresses(), std::vector<Ipv4Address>{Ipv4Address("10.1.0.10")});
}

TEST(Ns3DhcpClientBugDeathTest, FlapBeforeLeaseAbortsInUdpSend)
{
    // Same as above, but run past t = 5 s: the orphan DISCOVER is sent on an interface whose
    // only address (0.0.0.0) was removed at link-down, and ns-3 aborts.
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_EXIT(
        {
            Cell cell(false, Seconds(5), Seconds(5));
            cell.MoveAt(Seconds(1), Vector(1000, 0, 0));
            Simulator::Stop(Seconds(8));
            Simulator::Run();
        },
        ::testing::KilledBySignal(SIGABRT), "");
}

TEST(RoamingDhcpClient, SurvivesRapidLinkFlapping)
{
    Cell cell(true);
    // Out of range and back, ten times, faster than a lease can always complete.
    for (int k = 0; k < 10; ++k)
    {
        cell.MoveAt(Seconds(1 + 0.8 * k), Vector(1000, 0, 0));
        cell.MoveAt(Seconds(1.4 + 0.8 * k), Vector(10, 0, 0));
    }
    Simulator::Stop(Seconds(15));
    Simulator::Run();
    EXPECT_GE(cell.deassocs.size(), 5u);
    EXPECT_EQ(cell.m_ours->GetLinkUpCount(), cell.assocs.size());
    EXPECT_EQ(cell.m_ours->GetDiscoverCount(), cell.discovers.size());
    EXPECT_GE(cell.discovers.size(), cell.assocs.size());
    EXPECT_TRUE(cell.DiscoversAreLegit(Seconds(1)));
    EXPECT_TRUE(cell.HasLoopbackRoute());
    EXPECT_TRUE(cell.m_ours->HasLease());
    EXPECT_EQ(cell.Addresses(), std::vector<Ipv4Address>{Ipv4Address("10.1.0.10")});
}
