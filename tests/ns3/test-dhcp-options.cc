// SPDX-License-Identifier: GPL-2.0-only
// Issue 10 item 7: each access network's DHCP server offers its domain name (option 15) and DNS
// server (option 6); Wireshark (tshark) decodes them in the mobile's pcap, and the mobile uses
// them: the SRV query after the move goes to the visited network's DNS server, for its domain.
#include "access/dns-server.h"
#include "access/roaming-dhcp-client.h"
#include "command-output.h"
#include "mobility-fixture.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <set>

using namespace ns3;
using namespace mobtest;

TEST(DhcpOptions, DomainAndDnsOfferedDecodedByTsharkAndUsed)
{
    if (std::system("tshark --version >/dev/null 2>&1") != 0)
    {
        GTEST_SKIP() << "tshark is not installed (apt-get install tshark)";
    }
    char tmpl[] = "/tmp/sipmob-dhcp-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    std::filesystem::path dir(tmpl);
    TestbedConfig cfg = TwoNetworks("outbound-proxy", 3, 11, 14);
    cfg.pcapDir = dir.string();
    std::vector<std::pair<std::string, std::string>> leases;  // domain, DNS at each new lease
    std::vector<std::pair<std::string, std::string>> queries; // DNS server, name asked
    MobilityRun r(cfg);
    r.setup = [&leases, &queries](MobilityRun& run)
    {
        Ptr<RoamingDhcpClient> dhcp = run.tb->GetDhcpClient("1001");
        RoamingDhcpClient* client = PeekPointer(dhcp);
        dhcp->TraceConnectWithoutContext(
            "NewLease",
            Callback<void, const Ipv4Address&>(
                [&leases, client](const Ipv4Address&)
                { leases.emplace_back(client->GetLease().domain, Text(client->GetLease().dns)); }));
        for (const auto& net : run.tb->GetNetworks())
        {
            for (uint32_t i = 0; i < net.server->GetNApplications(); ++i)
            {
                if (auto dns = DynamicCast<DnsServer>(net.server->GetApplication(i)))
                {
                    std::string at = Text(net.serverAddress);
                    dns->TraceConnectWithoutContext(
                        "QueryReceived",
                        Callback<void, const sipmob::DnsMessage&, const Address&>(
                            [&queries, at](const sipmob::DnsMessage& m, const Address&)
                            {
                                for (const auto& q : m.questions)
                                {
                                    queries.emplace_back(at, q.name);
                                }
                            }));
                }
            }
        }
    };
    r.Run();
    std::vector<std::pair<std::string, std::string>> expected = {{"net1.example.org", "10.1.0.10"},
                                                                 {"net2.example.org", "10.2.0.10"}};
    EXPECT_EQ(leases, expected);
    bool srvNet2 = false;
    for (const auto& [server, name] : queries)
    {
        srvNet2 = srvNet2 || (server == "10.2.0.10" && name == "_sip._udp.net2.example.org");
    }
    EXPECT_TRUE(srvNet2) << "no SRV query for net2's domain to net2's DNS server";

    std::string pcaps;
    for (const auto& e : std::filesystem::directory_iterator(dir))
    {
        if (e.path().filename().string().rfind("ua-1001", 0) == 0)
        {
            pcaps = e.path().string();
        }
    }
    ASSERT_FALSE(pcaps.empty());
    std::string out =
        sipmobtest::CommandOutput("tshark -n -r '" + pcaps +
                                  "' -Y 'dhcp.option.dhcp == 5' -T fields -E separator='|' "
                                  "-e dhcp.option.domain_name -e dhcp.option.domain_name_server "
                                  "2>/dev/null");
    std::set<std::string> acks;
    size_t start = 0;
    for (size_t nl; (nl = out.find('\n', start)) != std::string::npos; start = nl + 1)
    {
        acks.insert(out.substr(start, nl - start));
    }
    EXPECT_EQ(acks,
              (std::set<std::string>{"net1.example.org|10.1.0.10", "net2.example.org|10.2.0.10"}))
        << out;
    std::filesystem::remove_all(dir);
}
