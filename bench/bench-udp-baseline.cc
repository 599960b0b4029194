// SPDX-License-Identifier: GPL-2.0-only
// bench-udp-baseline: the topology of a scenario (SipTestbed::BuildTopology: LANs, WAN links,
// 802.11b APs with DHCP, the mobile's walk) with the SIP applications replaced by plain UDP of the
// same sizes and rates: for every call, 172-octet datagrams (RTP header + 160 octets of G.711)
// every 20 ms in both directions for the call's duration, and a handful of SIP-sized datagrams
// (a REGISTER to the home server when a user agent starts and after every new lease, the six
// messages of a call, a re-INVITE after a move). bench/bench-harness.sh compares its wall time
// with `sipmob run` on the same scenario and overrides.
//
// Usage: bench-udp-baseline SCENARIO [--set KEY=VALUE]... [--seed N] [--run N]
// Prints one line: "udp-baseline <simulated s> s simulated in <wall s> s wall, <events> events,
// <datagrams> datagrams received".
#include "access/dns-resolver.h"
#include "access/dns-server.h"
#include "media/rtp-media-stream.h"
#include "mobility/proxy-discovery.h"
#include "proxy/marshal-gateway.h"
#include "proxy/marshal-server.h"
#include "proxy/redirect-server.h"
#include "scenario/scenario-loader.h"
#include "stack/sip-stack.h"
#include "testbed/sip-testbed.h"
#include "ua/sip-user-agent.h"

#include "ns3/config.h"
#include "ns3/core-module.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

constexpr uint32_t kRtpSize = 172;  // 12-octet RTP header + 160 octets of G.711 (20 ms)
constexpr uint32_t kRegister = 520; // typical sizes of the testbed's SIP messages
constexpr uint32_t kRegOk = 420;
constexpr uint32_t kInvite = 950;
constexpr uint32_t kSmall = 400; // 180, ACK, BYE, 200 to BYE
constexpr uint32_t kInviteOk = 800;
constexpr uint16_t kSipPort = 5060;
constexpr uint16_t kMediaPortBase = 16384;

uint64_t g_received = 0;

/// The node's current unicast address (the mobile's changes with its lease; 0.0.0.0 if none).
Ipv4Address
CurrentAddress(Ptr<Node> node)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    for (uint32_t i = ipv4->GetNInterfaces(); i-- > 1;)
    {
        for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
        {
            Ipv4Address a = ipv4->GetAddress(i, j).GetLocal();
            if (a != Ipv4Address::GetAny() && !a.IsLocalhost())
            {
                return a;
            }
        }
    }
    return Ipv4Address::GetAny();
}

void
Receive(Ptr<Socket> socket)
{
    while (Ptr<Packet> p = socket->Recv())
    {
        ++g_received;
    }
}

/// A home server answers every REGISTER with a 200 OK of typical size.
void
ServerReceive(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        ++g_received;
        socket->SendTo(Create<Packet>(kRegOk), 0, from);
    }
}

/// One UDP socket per node and port, receiving (and counting) everything sent to it.
Ptr<Socket>
OpenSocket(Ptr<Node> node, uint16_t port)
{
    Ptr<Socket> s = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    s->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
    s->SetRecvCallback(MakeCallback(&Receive));
    return s;
}

/// Send one datagram of `size` octets to the peer node's current address (if both have one).
void
SendOne(Ptr<Socket> from, Ptr<Node> fromNode, Ptr<Node> to, uint16_t port, uint32_t size)
{
    Ipv4Address dst = CurrentAddress(to);
    if (dst == Ipv4Address::GetAny() || CurrentAddress(fromNode) == Ipv4Address::GetAny())
    {
        return;
    }
    from->SendTo(Create<Packet>(size), 0, InetSocketAddress(dst, port));
}

/// A media stream: a datagram every 20 ms from `from` to `to` during [start, stop).
void
MediaTick(Ptr<Socket> from, Ptr<Node> fromNode, Ptr<Node> to, uint16_t port, Time stop)
{
    SendOne(from, fromNode, to, port, kRtpSize);
    if (Simulator::Now() + MilliSeconds(20) < stop)
    {
        Simulator::Schedule(MilliSeconds(20), &MediaTick, from, fromNode, to, port, stop);
    }
}

} // namespace

int
main(int argc, char** argv)
{
    auto wallStart = std::chrono::steady_clock::now();
    if (argc < 2)
    {
        std::cerr
            << "usage: bench-udp-baseline SCENARIO [--set KEY=VALUE]... [--seed N] [--run N]\n";
        return 2;
    }
    std::string scenario = argv[1];
    std::vector<std::pair<std::string, std::string>> overrides;
    uint32_t seed = 1;
    uint32_t run = 1;
    for (int i = 2; i + 1 < argc; i += 2)
    {
        std::string opt = argv[i];
        if (opt == "--set")
        {
            overrides.push_back(ScenarioLoader::SplitOverride(argv[i + 1]));
        }
        else if (opt == "--seed")
        {
            seed = std::stoul(argv[i + 1]);
        }
        else if (opt == "--run")
        {
            run = std::stoul(argv[i + 1]);
        }
        else
        {
            std::cerr << "bench-udp-baseline: unknown option " << opt << "\n";
            return 2;
        }
    }
    // The loader validates `attributes:` against these TypeIds: link them in (static library).
    for (TypeId tid :
         {SipUserAgent::GetTypeId(), MarshalServer::GetTypeId(), RedirectServer::GetTypeId(),
          MarshalGateway::GetTypeId(), SipStack::GetTypeId(), DnsServer::GetTypeId(),
          DnsResolver::GetTypeId(), RtpMediaStream::GetTypeId(), ProxyDiscovery::GetTypeId()})
    {
        (void) tid;
    }
    TestbedConfig cfg;
    try
    {
        cfg = ScenarioLoader::Load(scenario, overrides);
    }
    catch (const ScenarioError& e)
    {
        std::cerr << "bench-udp-baseline: " << e.what() << "\n";
        return 2;
    }
    RngSeedManager::SetSeed(seed);
    RngSeedManager::SetRun(run);
    // Same ns-3 defaults as the SIP run (Wi-Fi, DHCP client); SIP entity attributes do not apply.
    for (const auto& [key, value] : cfg.defaults)
    {
        Config::SetDefault(key, StringValue(value));
    }
    for (const auto& [key, value] : cfg.attributes)
    {
        if (key.rfind("dhcp.", 0) == 0)
        {
            Config::SetDefault("ns3::RoamingDhcpClient::" + key.substr(5), StringValue(value));
        }
    }

    SipTestbed testbed;
    testbed.BuildTopology(cfg);
    std::map<std::string, Ptr<Socket>> sip;
    std::map<std::string, Ptr<Node>> homeServer;
    for (const auto& net : testbed.GetNetworks())
    {
        OpenSocket(net.server, kSipPort)->SetRecvCallback(MakeCallback(&ServerReceive));
    }
    for (const auto& ua : cfg.uas)
    {
        Ptr<Node> node = testbed.GetUaNode(ua.user);
        Ptr<Node> server = testbed.GetNetwork(ua.network).server;
        sip[ua.user] = OpenSocket(node, kSipPort);
        homeServer[ua.user] = server;
        // REGISTER and its 200 OK at start.
        Simulator::Schedule(Seconds(ua.startAt), &SendOne, sip[ua.user], node, server, kSipPort,
                            kRegister);
        if (Ptr<RoamingDhcpClient> dhcp = testbed.GetDhcpClient(ua.user))
        {
            // After every new lease: a REGISTER to the home server (and a re-INVITE below).
            Ptr<Socket> s = sip[ua.user];
            dhcp->TraceConnectWithoutContext(
                "NewLease", Callback<void, const Ipv4Address&>(
                                ([s, node, server](const Ipv4Address&)
                                 { SendOne(s, node, server, kSipPort, kRegister); })));
        }
    }
    uint16_t port = kMediaPortBase;
    for (const auto& ua : cfg.uas)
    {
        Ptr<Node> a = testbed.GetUaNode(ua.user);
        for (const auto& call : ua.calls)
        {
            Ptr<Node> b = testbed.GetUaNode(call.callee);
            Ptr<Socket> sa = sip[ua.user];
            Ptr<Socket> sb = sip[call.callee];
            Time t = Seconds(call.at);
            // INVITE, 180, 200, ACK; answer 100 ms later; BYE and its 200 at the end.
            Simulator::Schedule(t, &SendOne, sa, a, b, kSipPort, kInvite);
            Simulator::Schedule(t + MilliSeconds(20), &SendOne, sb, b, a, kSipPort, kSmall);
            Simulator::Schedule(t + MilliSeconds(100), &SendOne, sb, b, a, kSipPort, kInviteOk);
            Simulator::Schedule(t + MilliSeconds(120), &SendOne, sa, a, b, kSipPort, kSmall);
            Time start = t + MilliSeconds(120);
            Time stop = start + Seconds(call.duration);
            Ptr<Socket> ma = OpenSocket(a, port);
            Ptr<Socket> mb = OpenSocket(b, port + 1);
            Simulator::Schedule(start, &MediaTick, ma, a, b, port + 1, stop);
            Simulator::Schedule(start, &MediaTick, mb, b, a, port, stop);
            Simulator::Schedule(stop, &SendOne, sa, a, b, kSipPort, kSmall);
            Simulator::Schedule(stop + MilliSeconds(20), &SendOne, sb, b, a, kSipPort, kSmall);
            port += 2;
            for (Ptr<Node> mobile : {a, b})
            {
                const std::string& user = mobile == a ? ua.user : call.callee;
                if (Ptr<RoamingDhcpClient> dhcp = testbed.GetDhcpClient(user))
                {
                    Ptr<Node> peer = mobile == a ? b : a;
                    Ptr<Socket> s = sip[user];
                    Ptr<Socket> ps = sip[mobile == a ? call.callee : ua.user];
                    dhcp->TraceConnectWithoutContext(
                        "NewLease",
                        Callback<void, const Ipv4Address&>((
                            [s, ps, mobile, peer, start, stop](const Ipv4Address&)
                            {
                                Time now = Simulator::Now();
                                if (now > start && now < stop)
                                {
                                    SendOne(s, mobile, peer, kSipPort, kInvite); // re-INVITE
                                    Simulator::Schedule(MilliSeconds(50), &SendOne, ps, peer,
                                                        mobile, kSipPort, kInviteOk);
                                }
                            })));
                }
            }
        }
    }
    Simulator::Stop(Seconds(cfg.duration + 2));
    Simulator::Run();
    double simS = Simulator::Now().GetSeconds();
    uint64_t events = Simulator::GetEventCount();
    Simulator::Destroy();
    double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    std::cout << "udp-baseline " << simS << " s simulated in " << wall << " s wall, " << events
              << " events, " << g_received << " datagrams received\n";
    return 0;
}
