// SPDX-License-Identifier: GPL-2.0-only
// Issue 11 item 7: external peers (a SIP element outside the simulation, reached through a TAP
// device): the loader's checks (one line FILE:LINE: KEY: reason), and in simulated time where the
// testbed sends requests for the peer — nothing answers there without the host, so the
// real-time test RealtimeTap.KamailioExternalPeerInCallPath shows the calls completing.
#include "proxy/marshal-gateway.h"
#include "proxy/marshal-server.h"
#include "scenario/scenario-loader.h"
#include "scenario/simulation-runner.h"

#include "ns3/config.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

const std::string kScenario = std::string(SIPMOB_SOURCE_DIR) + "/scenarios/external-peer.yaml";

/// The smallest scenario with one external peer, plus \p extra lines.
std::string
Scenario(const std::string& peer, const std::string& dialPlan, const std::string& ua = "")
{
    return "name: x\n"
           "external_peers:\n" +
           peer +
           "networks:\n"
           "  - name: net1\n"
           "    prefix: 10.1.0.0\n"
           "    dial_plan:\n" +
           dialPlan + "  - name: net2\n    prefix: 10.2.0.0\n" +
           "wan_links:\n  - {a: net1, b: net2}\n" + ua;
}

/// \return the loader's error for a scenario text ("" when it loads)
std::string
Error(const std::string& text)
{
    // A directory of this process's own: ctest runs these tests in parallel processes, and one
    // shared file name let a test read the scenario another was writing.
    static const std::string dir = []
    {
        std::string tmpl = testing::TempDir() + "sipmob-peers-XXXXXX";
        const char* made = mkdtemp(tmpl.data());
        return made != nullptr ? std::string(made) + "/" : testing::TempDir();
    }();
    std::string path = dir + "external-peer-test.yaml";
    std::ofstream(path) << text;
    try
    {
        ScenarioLoader::Load(path);
        return "";
    }
    catch (const ScenarioError& e)
    {
        std::string what = e.what();
        return what.substr(what.find("external-peer-test.yaml"));
    }
}

const std::string kPeer = "  - {name: kam, address: 10.1.0.200, port: 5080, network: net1}\n";
const std::string kPlan = "      - {pattern: \"4xxx\", peer: kam}\n";

} // namespace

TEST(ExternalPeers, ScenarioKeysLoad)
{
    TestbedConfig cfg = ScenarioLoader::Load(kScenario);
    ASSERT_EQ(cfg.externalPeers.size(), 1u);
    const ExternalPeerConfig& kam = cfg.externalPeers[0];
    EXPECT_EQ(kam.name, "kamailio");
    EXPECT_EQ(kam.address, "10.1.0.200");
    EXPECT_EQ(kam.port, 5080);
    EXPECT_EQ(kam.domain, "kamailio.example.org");
    EXPECT_EQ(kam.network, "net1");
    EXPECT_EQ(kam.gatewayPort, 0);
    EXPECT_EQ(cfg.networks[0].dialPlan.back().pattern, "4xxx");
    EXPECT_EQ(cfg.networks[0].dialPlan.back().network, "kamailio");
    // registrar: every network's domain and prefix -> the peer, DNS off.
    const UaConfig& ua = cfg.uas[1];
    EXPECT_EQ(ua.registrar, "kamailio");
    ASSERT_EQ(ua.staticTable.size(), 2u);
    EXPECT_EQ(ua.staticTable[0].domain, "net1.example.org");
    EXPECT_EQ(ua.staticTable[0].range, "10.1.0.0/16");
    EXPECT_EQ(ua.staticTable[1].domain, "net3.example.org");
    for (const auto& e : ua.staticTable)
    {
        EXPECT_EQ(e.address, "10.1.0.200");
        EXPECT_EQ(e.port, 5080);
    }
    EXPECT_EQ(ua.useDns, std::optional<bool>(false));
    EXPECT_EQ(Error(Scenario(kPeer, kPlan)), "");
}

TEST(ExternalPeers, BadPeersAreOneLineErrorsWithFileLineAndKey)
{
    EXPECT_EQ(Error(Scenario("  - {name: kam, address: 10.9.0.200, network: net1}\n", kPlan)),
              "external-peer-test.yaml:3: external_peers[0].address: 10.9.0.200 is not on net1's "
              "LAN (10.1.0.0/24), where the TAP device attaches");
    EXPECT_EQ(Error(Scenario("  - {name: kam, address: 10.1.0.10, network: net1}\n", kPlan)),
              "external-peer-test.yaml:3: external_peers[0].address: 10.1.0.10 is a simulated "
              "host's address (router .1, server .10, gateways .20+, AP routers .30+, user agents "
              ".100+): use .200-.254 (the TAP device takes .200 first)");
    EXPECT_EQ(Error(Scenario("  - {name: kam, address: ten, network: net1}\n", kPlan)),
              "external-peer-test.yaml:3: external_peers[0].address: 'ten' is not an IPv4 "
              "address A.B.C.D");
    EXPECT_EQ(
        Error(Scenario("  - {name: kam, address: 10.1.0.200, port: 0, network: net1}\n", kPlan)),
        "external-peer-test.yaml:3: external_peers[0].port: must be 1-65535");
    EXPECT_EQ(Error(Scenario("  - {name: net2, address: 10.1.0.200, network: net1}\n", kPlan)),
              "external-peer-test.yaml:3: external_peers[0].name: 'net2' already names a network");
    EXPECT_EQ(Error(Scenario("  - {name: kam, address: 10.1.0.200, network: net7}\n", kPlan)),
              "external-peer-test.yaml:3: external_peers[0].network: network 'net7' does not "
              "exist");
    EXPECT_EQ(
        Error(Scenario(kPeer + "  - {name: kam, address: 10.1.0.201, network: net1}\n", kPlan)),
        "external-peer-test.yaml:4: external_peers[1].name: 'kam' already names a peer");
    EXPECT_EQ(Error(Scenario("  - {name: kam, address: 10.1.0.200, network: net1, "
                             "gateway_port: 5065}\n",
                             kPlan)),
              "external-peer-test.yaml:3: external_peers[0].gateway_port: port 5065 is already a "
              "gateway of net1");
}

TEST(ExternalPeers, BadReferencesAreOneLineErrors)
{
    EXPECT_EQ(Error(Scenario(kPeer, "      - {pattern: \"4xxx\", peer: kamailio}\n")),
              "external-peer-test.yaml:8: networks[0].dial_plan[0].peer: external peer 'kamailio' "
              "does not exist (external_peers)");
    EXPECT_EQ(Error(Scenario(kPeer, "      - {pattern: \"4xxx\", peer: kam, network: net2}\n")),
              "external-peer-test.yaml:8: networks[0].dial_plan[0]: needs exactly one of network "
              "(a network) or peer (an external peer)");
    EXPECT_EQ(Error(Scenario(kPeer, "      - {pattern: \"4xxx\", network: kam}\n")),
              "external-peer-test.yaml:8: networks[0].dial_plan[0].network: network 'kam' does not "
              "exist");
    EXPECT_EQ(
        Error(Scenario(kPeer, kPlan,
                       "user_agents:\n  - {user: \"1002\", network: net1, registrar: kem}\n")),
        "external-peer-test.yaml:14: user_agents[0].registrar: external peer 'kem' does not "
        "exist (external_peers)");
    EXPECT_EQ(Error(Scenario(kPeer, kPlan,
                             "user_agents:\n  - {user: \"1002\", network: net1, registrar: kam, "
                             "use_dns: true}\n")),
              "external-peer-test.yaml:14: user_agents[0].registrar: a registrar (external peer) "
              "replaces static_table and use_dns: give only one");
    // A peer behind net1's own gateway is reached through net1: net2 routes to net1.
    std::string gwPeer =
        "  - {name: kam, address: 10.1.0.200, port: 5080, network: net1, gateway_port: 5067}\n";
    std::string text = Scenario(gwPeer, kPlan) + "";
    text.replace(text.find("  - name: net2\n    prefix: 10.2.0.0\n"),
                 std::string("  - name: net2\n    prefix: 10.2.0.0\n").size(),
                 "  - name: net2\n    prefix: 10.2.0.0\n    dial_plan: [{pattern: \"4xxx\", peer: "
                 "kam}]\n");
    EXPECT_EQ(Error(text),
              "external-peer-test.yaml:11: networks[1].dial_plan[0].peer: external peer 'kam' is "
              "reached through net1's gateway: route to network net1 instead");
}

namespace
{

/// Where the marshal servers and gateways of a simulated-time run sent requests.
struct Sent
{
    std::vector<std::string> marshal; ///< "METHOD host:port" of every request a marshal forwarded
    std::vector<std::string> gateway; ///< "direction METHOD ruri" of every gateway forward
    RunOutput out;
};

Sent
RunSimulated(const std::vector<std::pair<std::string, std::string>>& sets)
{
    TestbedConfig cfg = ScenarioLoader::Load(kScenario, sets);
    cfg.duration = 36; // the REGISTER to the silent peer times out (Timer F, 32 s) and is recorded
    auto sent = std::make_shared<Sent>();
    RunOptions opt;
    opt.onBuilt = [sent](SipTestbed&)
    {
        Config::ConnectWithoutContextFailSafe(
            "/NodeList/*/ApplicationList/*/$ns3::MarshalServer/Forwarded",
            MakeCallback(+[](Sent* s, const sipmob::SipMessage& m, const InetSocketAddress& to)
                         {
                             std::ostringstream os;
                             os << m.GetMethod() << " " << to.GetIpv4() << ":" << to.GetPort();
                             s->marshal.push_back(os.str());
                         })
                .Bind(sent.get()));
        Config::ConnectWithoutContextFailSafe(
            "/NodeList/*/ApplicationList/*/$ns3::MarshalGateway/Forwarded",
            MakeCallback(+[](Sent* s, const std::string& direction, const sipmob::SipMessage& m) {
                s->gateway.push_back(direction + " " + m.GetMethod() + " " +
                                     m.GetRequestUri().ToString());
            }).Bind(sent.get()));
    };
    sent->out = SimulationRunner::Run(cfg, opt);
    return *sent;
}

bool
Has(const std::vector<std::string>& list, const std::string& item)
{
    return std::find(list.begin(), list.end(), item) != list.end();
}

} // namespace

TEST(ExternalPeers, DialPlanPeerAndRegistrarInSimulatedTime)
{
    // (a) 3001's INVITE for 4001 crosses net3's marshal and the gateways; net1's marshal sends it
    // to the peer's address and port. (c) 1002 registers at the peer, not at net1's marshal.
    Sent sent = RunSimulated({});
    EXPECT_TRUE(Has(sent.marshal, "INVITE 10.1.0.200:5080"));
    bool registerAtPeer = false;
    for (const auto& r : sent.out.results.registrations)
    {
        if (r.ua == "sip:1002@net1.example.org")
        {
            registerAtPeer = true;
            EXPECT_EQ(r.via, "10.1.0.200:5080");
        }
    }
    EXPECT_TRUE(registerAtPeer) << testing::PrintToString(sent.marshal);
    // net1's marshal relayed no REGISTER of 1002 to its registrar (it never saw one).
    EXPECT_FALSE(Has(sent.marshal, "REGISTER 10.1.0.10:5070"));
}

TEST(ExternalPeers, GatewayPeerCarriesTheCall)
{
    // (b) With gateway_port, net1 gets a gateway of its own towards the peer (10.1.0.21, after
    // the WAN gateway .20, which keeps its address): net1's marshal sends the call there, and the
    // gateway forwards it outbound, to the peer (its far end; the Request-URI stays the gateway's,
    // as between two gateways of a pair).
    Sent sent = RunSimulated({{"external_peers.0.gateway_port", "5067"}});
    EXPECT_FALSE(Has(sent.marshal, "INVITE 10.1.0.200:5080"));
    EXPECT_TRUE(Has(sent.marshal, "INVITE 10.1.0.21:5067")) << testing::PrintToString(sent.marshal);
    EXPECT_TRUE(Has(sent.gateway, "outbound INVITE sip:4001@10.1.0.21:5067"))
        << testing::PrintToString(sent.gateway);
}
