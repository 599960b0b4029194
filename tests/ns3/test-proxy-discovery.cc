// SPDX-License-Identifier: GPL-2.0-only
// ProxyDiscovery: DNS SRV, static table, DNS failure with fallback, total failure.
#include "access/dns-resolver.h"
#include "install/dns-server-helper.h"
#include "mobility/proxy-discovery.h"

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

/// One outcome seen on the traces.
struct Outcome
{
    bool ok;            ///< Discovered (true) or Failed (false)
    std::string domain; ///< domain
    Ipv4Address proxy;  ///< proxy (Discovered)
    uint16_t port;      ///< port (Discovered)
    std::string text;   ///< method or reason
    Time at;            ///< simulated time
};

/// n0 = DNS server 10.1.0.1 (zone for net1), n1 = mobile 10.1.0.2 with resolver + discovery.
class ProxyDiscoveryTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        RngSeedManager::SetSeed(3);
        RngSeedManager::SetRun(1);
        m_nodes.Create(2);
        CsmaHelper csma;
        csma.SetChannelAttribute("Delay", TimeValue(MilliSeconds(1)));
        NetDeviceContainer devices = csma.Install(m_nodes);
        InternetStackHelper().Install(m_nodes);
        Ipv4AddressHelper ip("10.1.0.0", "255.255.255.0");
        ip.Assign(devices);
        DnsServerHelper dns;
        dns.AddSrvRecord("_sip._udp.net1.example.org", 0, 0, 5060, "ms.net1.example.org");
        dns.AddARecord("ms.net1.example.org", Ipv4Address("10.1.0.10"));
        m_server = dns.Install(m_nodes.Get(0));
        m_server.Start(Seconds(0));
        auto resolver = CreateObject<DnsResolver>();
        resolver->SetAttribute("ServerAddress", Ipv4AddressValue("10.1.0.1"));
        m_nodes.Get(1)->AggregateObject(resolver);
        m_discovery = CreateObject<ProxyDiscovery>();
        m_discovery->SetResolver(resolver);
        m_discovery->TraceConnectWithoutContext(
            "Discovered", MakeCallback(&ProxyDiscoveryTest::OnDiscovered, this));
        m_discovery->TraceConnectWithoutContext("Failed",
                                                MakeCallback(&ProxyDiscoveryTest::OnFailed, this));
    }

    void TearDown() override
    {
        m_discovery->Dispose();
        Simulator::Destroy();
    }

    void OnDiscovered(const std::string& d, Ipv4Address p, uint16_t port, const std::string& m)
    {
        m_outcomes.push_back({true, d, p, port, m, Simulator::Now()});
    }

    void OnFailed(const std::string& d, const std::string& reason)
    {
        m_outcomes.push_back({false, d, Ipv4Address(), 0, reason, Simulator::Now()});
    }

    void DiscoverAt(Time at, const std::string& domain)
    {
        Simulator::Schedule(at, [this, domain]() { m_discovery->Discover(domain); });
    }

    void Run()
    {
        Simulator::Stop(Seconds(10));
        Simulator::Run();
    }

    NodeContainer m_nodes;
    ApplicationContainer m_server;
    Ptr<ProxyDiscovery> m_discovery;
    std::vector<Outcome> m_outcomes;
};

} // namespace

TEST_F(ProxyDiscoveryTest, ViaDnsSrv)
{
    // A static entry exists too, but DNS wins when it answers.
    m_discovery->AddStaticDomain("net1.example.org", Ipv4Address("10.9.9.9"), 5099);
    DiscoverAt(Seconds(1), "NET1.example.org");
    Run();
    ASSERT_EQ(m_outcomes.size(), 1u);
    EXPECT_TRUE(m_outcomes[0].ok);
    EXPECT_EQ(m_outcomes[0].domain, "net1.example.org");
    EXPECT_EQ(m_outcomes[0].proxy, Ipv4Address("10.1.0.10"));
    EXPECT_EQ(m_outcomes[0].port, 5060);
    EXPECT_EQ(m_outcomes[0].text, "dns");
    EXPECT_GT(m_outcomes[0].at, Seconds(1));
    EXPECT_LT(m_outcomes[0].at, Seconds(1.05));
}

TEST_F(ProxyDiscoveryTest, ViaStaticTableOnlyWhenDnsDisabled)
{
    m_discovery->SetAttribute("UseDns", BooleanValue(false));
    m_discovery->AddStaticDomain("net1.example.org", Ipv4Address("10.9.9.9"), 5099);
    DiscoverAt(Seconds(1), "net1.example.org");
    Run();
    ASSERT_EQ(m_outcomes.size(), 1u);
    EXPECT_TRUE(m_outcomes[0].ok);
    EXPECT_EQ(m_outcomes[0].proxy, Ipv4Address("10.9.9.9"));
    EXPECT_EQ(m_outcomes[0].port, 5099);
    EXPECT_EQ(m_outcomes[0].text, "static");
    EXPECT_EQ(m_outcomes[0].at, Seconds(1)); // no network round trip
}

TEST_F(ProxyDiscoveryTest, DomainForAddressUsesLongestPrefix)
{
    m_discovery->AddStaticRange("10.1.0.0", "255.255.0.0", "net1.example.org");
    m_discovery->AddStaticRange("10.1.7.0", "255.255.255.0", "net7.example.org");
    m_discovery->AddStaticRange("10.2.0.0", "255.255.0.0", "Net2.Example.org");
    EXPECT_EQ(m_discovery->DomainForAddress("10.1.3.4"), "net1.example.org");
    EXPECT_EQ(m_discovery->DomainForAddress("10.1.7.200"), "net7.example.org");
    EXPECT_EQ(m_discovery->DomainForAddress("10.2.0.1"), "net2.example.org");
    EXPECT_EQ(m_discovery->DomainForAddress("192.168.0.1"), "");
}

TEST_F(ProxyDiscoveryTest, DiscoverForAddressMapsRangeThenAsksDns)
{
    m_discovery->AddStaticRange("10.1.0.0", "255.255.255.0", "net1.example.org");
    Simulator::Schedule(Seconds(1),
                        [this]()
                        {
                            m_discovery->DiscoverForAddress("10.1.0.2");
                            m_discovery->DiscoverForAddress("172.16.0.1");
                        });
    Run();
    ASSERT_EQ(m_outcomes.size(), 2u);
    EXPECT_FALSE(m_outcomes[0].ok); // the unmapped address fails at once
    EXPECT_EQ(m_outcomes[0].text, "no domain configured for address 172.16.0.1");
    EXPECT_TRUE(m_outcomes[1].ok);
    EXPECT_EQ(m_outcomes[1].text, "dns");
    EXPECT_EQ(m_outcomes[1].proxy, Ipv4Address("10.1.0.10"));
}

TEST_F(ProxyDiscoveryTest, NxdomainFallsBackToStaticTable)
{
    m_discovery->AddStaticDomain("net2.example.org", Ipv4Address("10.2.0.10"), 5062);
    DiscoverAt(Seconds(1), "net2.example.org");
    Run();
    ASSERT_EQ(m_outcomes.size(), 1u);
    EXPECT_TRUE(m_outcomes[0].ok);
    EXPECT_EQ(m_outcomes[0].proxy, Ipv4Address("10.2.0.10"));
    EXPECT_EQ(m_outcomes[0].port, 5062);
    EXPECT_EQ(m_outcomes[0].text, "static-fallback");
    EXPECT_LT(m_outcomes[0].at, Seconds(1.05)); // after the NXDOMAIN, not a timeout
}

TEST_F(ProxyDiscoveryTest, DnsTimeoutFallsBackAfterAllRetries)
{
    m_server.Stop(Seconds(0.5));
    m_discovery->AddStaticDomain("net1.example.org", Ipv4Address("10.9.9.9"), 5099);
    DiscoverAt(Seconds(1), "net1.example.org");
    Run();
    ASSERT_EQ(m_outcomes.size(), 1u);
    EXPECT_TRUE(m_outcomes[0].ok);
    EXPECT_EQ(m_outcomes[0].text, "static-fallback");
    EXPECT_EQ(m_outcomes[0].at, Seconds(4)); // 1 s timeout x (1 + 2 retries)
}

TEST_F(ProxyDiscoveryTest, TotalFailureIsReportedWithReason)
{
    bool called = false;
    Simulator::Schedule(Seconds(1),
                        [this, &called]()
                        {
                            m_discovery->Discover(
                                "net3.example.org",
                                ProxyDiscovery::DoneCallback(
                                    [&called](bool ok, const std::string& domain, Ipv4Address,
                                              uint16_t port, const std::string& text)
                                    {
                                        called = true;
                                        EXPECT_FALSE(ok);
                                        EXPECT_EQ(domain, "net3.example.org");
                                        EXPECT_EQ(port, 0);
                                        EXPECT_NE(text.find("nxdomain"), std::string::npos);
                                    }));
                        });
    Run();
    EXPECT_TRUE(called);
    ASSERT_EQ(m_outcomes.size(), 1u);
    EXPECT_FALSE(m_outcomes[0].ok);
    EXPECT_EQ(m_outcomes[0].domain, "net3.example.org");
    EXPECT_EQ(m_outcomes[0].text, "dns: nxdomain; no static entry for 'net3.example.org'");
}
