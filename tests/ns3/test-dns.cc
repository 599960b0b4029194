// SPDX-License-Identifier: GPL-2.0-only
// DnsServer + DnsResolver over a CSMA link in simulated time.
#include "access/dns-resolver.h"
#include "access/dns-server.h"
#include "command-output.h"
#include "install/dns-server-helper.h"

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>

using namespace ns3;

namespace
{

const std::string kSrv = "_sip._udp.net1.example.org";

/// Two nodes on a CSMA link: n0 = DNS server 10.1.0.1, n1 = client 10.1.0.2 with a resolver.
class DnsTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        RngSeedManager::SetSeed(7);
        RngSeedManager::SetRun(1);
        m_nodes.Create(2);
        CsmaHelper csma;
        csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
        csma.SetChannelAttribute("Delay", TimeValue(MilliSeconds(1)));
        m_devices = csma.Install(m_nodes);
        InternetStackHelper().Install(m_nodes);
        Ipv4AddressHelper ip("10.1.0.0", "255.255.255.0");
        ip.Assign(m_devices);
        m_helper.AddSrvRecord(kSrv, 10, 0, 5060, "proxy.net1.example.org");
        m_helper.AddSrvRecord(kSrv, 20, 0, 5070, "backup.net1.example.org");
        m_helper.AddARecord("proxy.net1.example.org", Ipv4Address("10.1.0.3"));
        m_helper.AddARecord("backup.net1.example.org", Ipv4Address("10.1.0.4"));
        m_resolver = CreateObject<DnsResolver>();
        m_resolver->SetAttribute("ServerAddress", Ipv4AddressValue("10.1.0.1"));
        m_nodes.Get(1)->AggregateObject(m_resolver);
        m_resolver->AssignStreams(100);
        m_resolver->TraceConnectWithoutContext("Query", MakeCallback(&DnsTest::OnQuery, this));
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    /// Install the server with the helper's records; it runs from 0 s to @p stop.
    Ptr<DnsServer> InstallServer(Time stop = Seconds(100))
    {
        ApplicationContainer apps = m_helper.Install(m_nodes.Get(0));
        apps.Start(Seconds(0));
        apps.Stop(stop);
        Ptr<DnsServer> server = DynamicCast<DnsServer>(apps.Get(0));
        server->TraceConnectWithoutContext("QueryReceived",
                                           MakeCallback(&DnsTest::OnServerQuery, this));
        return server;
    }

    /// Schedule a lookup at @p at; the result lands in m_results with its completion time.
    void ResolveAt(Time at, const std::string& name, bool srv)
    {
        Simulator::Schedule(at,
                            [this, name, srv]()
                            {
                                DnsResolver::ResolveCallback cb(
                                    [this](const DnsResolveResult& r)
                                    {
                                        m_results.push_back(r);
                                        m_resultTimes.push_back(Simulator::Now());
                                    });
                                if (srv)
                                {
                                    m_resolver->ResolveSrv(name, cb);
                                }
                                else
                                {
                                    m_resolver->ResolveA(name, cb);
                                }
                            });
    }

    void OnQuery(const std::string&, uint16_t, uint32_t attempt, bool sent)
    {
        m_queryTimes.push_back(Simulator::Now());
        m_queryAttempts.push_back(attempt);
        m_querySent.push_back(sent);
    }

    void OnServerQuery(const sipmob::DnsMessage& m, const Address&)
    {
        m_serverQuestions.push_back(m.questions.empty() ? "" : m.questions[0].name);
    }

    NodeContainer m_nodes;
    NetDeviceContainer m_devices;
    DnsServerHelper m_helper;
    Ptr<DnsResolver> m_resolver;
    std::vector<DnsResolveResult> m_results;
    std::vector<Time> m_resultTimes;
    std::vector<Time> m_queryTimes;
    std::vector<uint32_t> m_queryAttempts;
    std::vector<bool> m_querySent;
    std::vector<std::string> m_serverQuestions;
};

} // namespace

TEST_F(DnsTest, SrvAndAResolvedEndToEndWithGlue)
{
    InstallServer();
    std::string dir = std::string(SIPMOB_BINARY_DIR) + "/test-dns-pcap";
    std::filesystem::create_directories(dir);
    std::string pcap = dir + "/srv.pcap";
    std::filesystem::remove(pcap);
    CsmaHelper().EnablePcap(pcap, m_devices.Get(1), false, true);
    ResolveAt(Seconds(1), "_SIP._udp.NET1.example.org.", true);
    Simulator::Stop(Seconds(5));
    Simulator::Run();

    ASSERT_EQ(m_results.size(), 1u);
    const DnsResolveResult& r = m_results[0];
    EXPECT_TRUE(r.Ok()) << DnsResolveResult::ErrorName(r.error);
    EXPECT_EQ(r.target, "proxy.net1.example.org");
    EXPECT_EQ(r.port, 5060);
    EXPECT_EQ(r.address, Ipv4Address("10.1.0.3"));
    ASSERT_EQ(r.srvOrder.size(), 2u);
    EXPECT_EQ(r.srvOrder[1].target, "backup.net1.example.org");
    EXPECT_EQ(r.srvOrder[1].port, 5070);
    // Glue in the additional section: a single query, answered after ARP both ways + link delays.
    EXPECT_EQ(m_serverQuestions, std::vector<std::string>{kSrv});
    EXPECT_GT(m_resultTimes[0], Seconds(1.002));
    EXPECT_LT(m_resultTimes[0], Seconds(1.05));
    EXPECT_EQ(m_resolver->GetPendingCount(), 0u);

    // The devices' trace sinks own the pcap writer: release them so the file is flushed.
    Simulator::Destroy();
    m_devices = NetDeviceContainer();
    m_nodes = NodeContainer();
    m_resolver = nullptr;
    if (sipmobtest::CommandOutput("command -v tshark").empty())
    {
        GTEST_SKIP() << "tshark not installed: pcap not checked";
    }
    std::string fields =
        sipmobtest::CommandOutput("tshark -r " + pcap +
                                  " -Y dns -T fields -E separator=\"|\" -e dns.flags.response "
                                  "-e dns.srv.target -e dns.srv.port -e dns.a 2>/dev/null");
    EXPECT_NE(fields.find("0|||"), std::string::npos) << fields;
    EXPECT_NE(fields.find("1|proxy.net1.example.org,backup.net1.example.org|5060,5070|"
                          "10.1.0.3,10.1.0.4"),
              std::string::npos)
        << fields;
    std::string malformed =
        sipmobtest::CommandOutput("tshark -r " + pcap + " -Y _ws.malformed 2>/dev/null");
    EXPECT_EQ(malformed, "") << malformed;
}

TEST_F(DnsTest, SrvWithoutGlueAsksForTheTargetsAddress)
{
    m_helper.AddSrvRecord("_sip._udp.net2.example.org", 0, 0, 5062, "gw.elsewhere.org");
    InstallServer();
    ResolveAt(Seconds(1), "_sip._udp.net2.example.org", true);
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    // gw.elsewhere.org is not in the zone: the follow-up A query gets NXDOMAIN.
    EXPECT_EQ(m_serverQuestions,
              (std::vector<std::string>{"_sip._udp.net2.example.org", "gw.elsewhere.org"}));
    ASSERT_EQ(m_results.size(), 1u);
    EXPECT_EQ(m_results[0].error, DnsResolveResult::NXDOMAIN);
    EXPECT_EQ(m_results[0].target, "gw.elsewhere.org");
    EXPECT_EQ(m_results[0].port, 5062);
}

TEST_F(DnsTest, UnknownNameIsNxdomainAndMissingTypeIsNodata)
{
    InstallServer();
    ResolveAt(Seconds(1), "nothere.example.org", false);
    ResolveAt(Seconds(2), kSrv, false);
    ResolveAt(Seconds(3), "proxy.net1.example.org", false);
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    ASSERT_EQ(m_results.size(), 3u);
    EXPECT_EQ(m_results[0].error, DnsResolveResult::NXDOMAIN);
    EXPECT_EQ(m_results[0].name, "nothere.example.org");
    EXPECT_EQ(m_results[1].error, DnsResolveResult::NODATA);
    EXPECT_TRUE(m_results[2].Ok());
    EXPECT_EQ(m_results[2].address, Ipv4Address("10.1.0.3"));
    EXPECT_EQ(m_queryTimes.size(), 3u); // no retransmissions
}

TEST_F(DnsTest, TimeoutAfterRetriesAtExactSimulatedTimes)
{
    InstallServer(Seconds(0.5)); // server gone before the query
    ResolveAt(Seconds(1), kSrv, true);
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    EXPECT_EQ(m_queryTimes, (std::vector<Time>{Seconds(1), Seconds(2), Seconds(3)}));
    EXPECT_EQ(m_queryAttempts, (std::vector<uint32_t>{0, 1, 2}));
    EXPECT_EQ(m_querySent, (std::vector<bool>{true, true, true}));
    ASSERT_EQ(m_results.size(), 1u);
    EXPECT_EQ(m_results[0].error, DnsResolveResult::TIMEOUT);
    EXPECT_EQ(m_resultTimes[0], Seconds(4));
    EXPECT_TRUE(m_serverQuestions.empty());
}

TEST_F(DnsTest, RetriesAndTimeoutFollowAttributes)
{
    InstallServer(Seconds(0.5));
    m_resolver->SetAttribute("Timeout", TimeValue(MilliSeconds(300)));
    m_resolver->SetAttribute("Retries", UintegerValue(0));
    ResolveAt(Seconds(1), "x.example.org", false);
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    EXPECT_EQ(m_queryTimes, (std::vector<Time>{Seconds(1)}));
    ASSERT_EQ(m_results.size(), 1u);
    EXPECT_EQ(m_results[0].error, DnsResolveResult::TIMEOUT);
    EXPECT_EQ(m_resultTimes[0], Seconds(1.3));
}

TEST_F(DnsTest, DoesNotSendWithoutAddressAndRebindsWhenOneAppears)
{
    InstallServer();
    Ptr<Ipv4> ipv4 = m_nodes.Get(1)->GetObject<Ipv4>();
    uint32_t iface = ipv4->GetInterfaceForDevice(m_devices.Get(1));
    Ipv4InterfaceAddress addr = ipv4->GetAddress(iface, 0);
    // Learn the server's MAC first, then lose the address (as during a hand-off).
    ResolveAt(Seconds(0.5), "proxy.net1.example.org", false);
    Simulator::Schedule(Seconds(0.9), [ipv4, iface]() { ipv4->RemoveAddress(iface, 0); });
    ResolveAt(Seconds(1), "backup.net1.example.org", false);
    Simulator::Schedule(Seconds(2.5),
                        [this, ipv4, iface, addr]()
                        {
                            ipv4->AddAddress(iface, addr);
                            m_resolver->Rebind();
                        });
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    EXPECT_EQ(m_queryTimes, (std::vector<Time>{Seconds(0.5), Seconds(1), Seconds(2), Seconds(3)}));
    EXPECT_EQ(m_querySent, (std::vector<bool>{true, false, false, true}));
    ASSERT_EQ(m_results.size(), 2u);
    EXPECT_TRUE(m_results[1].Ok()) << DnsResolveResult::ErrorName(m_results[1].error);
    EXPECT_EQ(m_results[1].address, Ipv4Address("10.1.0.4"));
    EXPECT_GT(m_resultTimes[1], Seconds(3));
    EXPECT_LT(m_resultTimes[1], Seconds(3.01));
}

TEST_F(DnsTest, WeightedSelectionAmongEqualPriorityFollowsWeights)
{
    const std::string name = "_sip._udp.weighted.example.org";
    m_helper.AddSrvRecord(name, 5, 80, 5060, "heavy.example.org");
    m_helper.AddSrvRecord(name, 5, 20, 5060, "light.example.org");
    m_helper.AddSrvRecord(name, 9, 100, 5060, "never.example.org");
    m_helper.AddARecord("heavy.example.org", Ipv4Address("10.1.0.5"));
    m_helper.AddARecord("light.example.org", Ipv4Address("10.1.0.6"));
    InstallServer();
    const int n = 400;
    for (int i = 0; i < n; ++i)
    {
        ResolveAt(Seconds(1) + MilliSeconds(10 * i), name, true);
    }
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    ASSERT_EQ(m_results.size(), static_cast<std::size_t>(n));
    std::map<std::string, int> count;
    for (const auto& r : m_results)
    {
        ASSERT_TRUE(r.Ok());
        count[r.target]++;
        ASSERT_EQ(r.srvOrder.size(), 3u);
        EXPECT_EQ(r.srvOrder[2].target, "never.example.org");
    }
    EXPECT_EQ(count["never.example.org"], 0);
    // Expected share of "heavy" is 81/101 (RFC 2782 draws 0..sum inclusive): 80.2 % +- 5 %.
    EXPECT_GT(count["heavy.example.org"], n * 75 / 100);
    EXPECT_LT(count["heavy.example.org"], n * 85 / 100);
    EXPECT_EQ(count["heavy.example.org"] + count["light.example.org"], n);
}

TEST(DnsServerQuery, MalformedQueriesGetFormerrAndOtherOpcodesNotimp)
{
    Ptr<DnsServer> server = CreateObject<DnsServer>();
    server->AddARecord("a.b", Ipv4Address("192.0.2.1"));
    std::vector<uint8_t> resp;
    // Header then a label length byte 0x41 (reserved): FORMERR, id echoed, no sections.
    std::vector<uint8_t> bad = {0xab, 0xcd, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0x41, 0, 0, 1};
    ASSERT_TRUE(server->HandleQuery(bad, resp));
    EXPECT_EQ(resp, (std::vector<uint8_t>{0xab, 0xcd, 0x81, 0x01, 0, 0, 0, 0, 0, 0, 0, 0}));
    // Opcode 2 (STATUS): NOTIMP with the question echoed.
    std::vector<uint8_t> status = {0, 7, 0x10, 0, 0,   1, 0, 0, 0, 0, 0,
                                   0, 1, 'a',  1, 'b', 0, 0, 1, 0, 1};
    ASSERT_TRUE(server->HandleQuery(status, resp));
    auto r = sipmob::DnsMessage::Decode(resp);
    ASSERT_TRUE(r.Ok());
    EXPECT_EQ(r.message.rcode, sipmob::DNS_RCODE_NOTIMP);
    EXPECT_EQ(r.message.opcode, 2);
    EXPECT_TRUE(r.message.qr);
    // Two questions: FORMERR.
    std::vector<uint8_t> two = {0, 8, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1};
    ASSERT_TRUE(server->HandleQuery(two, resp));
    EXPECT_EQ(sipmob::DnsMessage::Decode(resp).message.rcode, sipmob::DNS_RCODE_FORMERR);
    // A valid query answered authoritatively.
    status[2] = 0x01;
    ASSERT_TRUE(server->HandleQuery(status, resp));
    r = sipmob::DnsMessage::Decode(resp);
    ASSERT_TRUE(r.Ok());
    EXPECT_TRUE(r.message.aa);
    ASSERT_EQ(r.message.answers.size(), 1u);
    EXPECT_EQ(r.message.answers[0].a, 0xc0000201u);
    // Responses and runts are not answered at all.
    status[2] = 0x81;
    EXPECT_FALSE(server->HandleQuery(status, resp));
    EXPECT_FALSE(server->HandleQuery({1, 2, 3}, resp));
    server->Dispose();
}
