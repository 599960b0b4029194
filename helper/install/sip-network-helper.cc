// SPDX-License-Identifier: GPL-2.0-only
#include "install/sip-network-helper.h"

#include "mobility/registration-model-registry.h"

#include "install/dns-server-helper.h"
#include "install/marshal-gateway-helper.h"
#include "install/marshal-server-helper.h"
#include "install/redirect-server-helper.h"
#include "registrar/provisioning.h"

#include "ns3/boolean.h"
#include "ns3/ipv4-address.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <sstream>
#include <vector>

namespace ns3
{

std::string
SipNetworkHelper::MarshalHostName(const NetworkConfig& net)
{
    return "ms." + net.domain;
}

namespace
{

/// \return the external peers that \p net's dial plan names and that it reaches directly (no
/// gateway of its own towards them)
std::vector<const ExternalPeerConfig*>
DirectPeersOf(const SipTestbed::Network& net, const std::vector<ExternalPeerConfig>& peers)
{
    std::vector<const ExternalPeerConfig*> out;
    for (const auto& peer : peers)
    {
        bool named =
            std::any_of(net.config.dialPlan.begin(), net.config.dialPlan.end(),
                        [&peer](const DialPlanConfig& e) { return e.network == peer.name; });
        if (named && !net.gateways.count(peer.name))
        {
            out.push_back(&peer);
        }
    }
    return out;
}

/// \return the external peer of that name, or null
const ExternalPeerConfig*
FindPeer(const std::vector<ExternalPeerConfig>& peers, const std::string& name)
{
    auto it = std::find_if(peers.begin(), peers.end(),
                           [&name](const ExternalPeerConfig& p) { return p.name == name; });
    return it == peers.end() ? nullptr : &*it;
}

sipmob::ProvisioningSpec
MakeSpec(const SipTestbed::Network& net, const std::vector<const ExternalPeerConfig*>& direct)
{
    sipmob::ProvisioningSpec spec;
    for (const auto& s : net.config.subscribers)
    {
        spec.subscribers.push_back({s.user, net.config.domain, s.password});
    }
    for (const auto& e : net.config.dialPlan)
    {
        spec.dialPlan.push_back({e.pattern, e.network});
    }
    for (const auto& [peer, node] : net.gateways)
    {
        (void) node;
        spec.knownHops.insert(peer);
    }
    for (const auto* peer : direct)
    {
        spec.knownHops.insert(peer->name);
    }
    return spec;
}

Ptr<DnsServer>
InstallDns(const SipTestbed::Network& net)
{
    DnsServerHelper dns;
    std::string host = SipNetworkHelper::MarshalHostName(net.config);
    dns.AddSrvRecord("_sip._udp." + net.config.domain, 0, 0, net.config.marshalPort, host);
    dns.AddARecord(host, net.serverAddress);
    ApplicationContainer apps = dns.Install(net.server);
    apps.Start(Seconds(0));
    return DynamicCast<DnsServer>(apps.Get(0));
}

} // namespace

SipNetworkHelper::Installed
SipNetworkHelper::Install(const SipTestbed& testbed, const std::string& name,
                          const std::string& model)
{
    const SipTestbed::Network& net = testbed.GetNetwork(name);
    Installed out;
    out.subscribers = std::make_shared<sipmob::SubscriberStore>();
    out.dialPlan = std::make_shared<sipmob::DialPlan>(out.subscribers->GetDatabase());
    const auto direct = DirectPeersOf(net, testbed.GetExternalPeers());
    sipmob::Provisioning::Load(MakeSpec(net, direct), *out.subscribers, *out.dialPlan);

    RedirectServerHelper rs;
    rs.SetAttribute("Port", UintegerValue(net.config.redirectPort));
    rs.SetAttribute("Domain", StringValue(net.config.domain));
    rs.SetDialPlan(out.dialPlan);
    // Trust boundaries (doc/security.md): the redirect server answers only its marshal server.
    rs.AddTrustedPeer(net.serverAddress, net.config.marshalPort);
    std::ostringstream marshalAddress;
    marshalAddress << net.serverAddress;
    rs.SetAttribute("DomainAliases", StringValue(marshalAddress.str()));
    MarshalServerHelper ms;
    ms.SetAttribute("Port", UintegerValue(net.config.marshalPort));
    ms.SetAttribute("Domain", StringValue(net.config.domain));
    ms.SetAttribute("Realm", StringValue(net.config.domain));
    ms.SetAttribute("RedirectServerAddress", Ipv4AddressValue(net.serverAddress));
    ms.SetAttribute("RedirectServerPort", UintegerValue(net.config.redirectPort));
    ms.SetAttribute(
        "AllowForeignRegister",
        BooleanValue(RegistrationModelRegistry::Find(model) &&
                     RegistrationModelRegistry::Find(model)->marshalRelaysForeignRegister));
    ms.SetSubscriberStore(out.subscribers);

    // External peers reached directly (doc/realtime.md, "External peers"): the redirect server
    // routes their users and domain to them, the marshal server accepts their requests (address
    // and port, like a gateway). No "marshal" address: no binding is rerouted through them.
    for (const auto* peer : direct)
    {
        InetSocketAddress at(Ipv4Address(peer->address.c_str()), peer->port);
        rs.AddPeerNetwork({peer->name, peer->domain, at, Ipv4Address::GetAny()});
        ms.AddTrustedPeer(at.GetIpv4(), at.GetPort());
    }
    for (const auto& [peerName, gwNode] : net.gateways)
    {
        InetSocketAddress local(net.gatewayAddress.at(peerName), net.gatewayPort.at(peerName));
        const ExternalPeerConfig* external = FindPeer(testbed.GetExternalPeers(), peerName);
        std::string peerDomain;
        Ipv4Address peerMarshal;
        InetSocketAddress remote(Ipv4Address::GetAny(), 0);
        if (external)
        {
            // A gateway whose far end is a real element on the host (a gateway peer).
            peerDomain = external->domain;
            peerMarshal = Ipv4Address::GetAny();
            remote = InetSocketAddress(Ipv4Address(external->address.c_str()), external->port);
        }
        else
        {
            const SipTestbed::Network& peer = testbed.GetNetwork(peerName);
            peerDomain = peer.config.domain;
            peerMarshal = peer.serverAddress;
            remote = InetSocketAddress(peer.gatewayAddress.at(name), peer.gatewayPort.at(name));
        }
        rs.AddPeerNetwork({peerName, peerDomain, local, peerMarshal});
        ms.AddTrustedPeer(local.GetIpv4(), local.GetPort());

        MarshalGatewayHelper gw;
        gw.SetAttribute("Port", UintegerValue(local.GetPort()));
        // As in VOCAL, the gateway pair stays on the path of dialogs: ACK, BYE and re-INVITEs
        // between networks cross the gateways like the initial INVITE.
        gw.SetAttribute("RecordRoute", BooleanValue(true));
        gw.SetEnds(InetSocketAddress(net.serverAddress, net.config.marshalPort), remote);
        ApplicationContainer apps = gw.Install(gwNode);
        apps.Start(Seconds(0));
        out.gateways[peerName] = DynamicCast<MarshalGateway>(apps.Get(0));
    }
    ApplicationContainer rsApps = rs.Install(net.server);
    ApplicationContainer msApps = ms.Install(net.server);
    rsApps.Start(Seconds(0));
    msApps.Start(Seconds(0));
    out.redirect = DynamicCast<RedirectServer>(rsApps.Get(0));
    out.marshal = DynamicCast<MarshalServer>(msApps.Get(0));
    if (net.config.dns)
    {
        out.dns = InstallDns(net);
    }
    return out;
}

} // namespace ns3
