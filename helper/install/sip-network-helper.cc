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

#include <sstream>

namespace ns3
{

std::string
SipNetworkHelper::MarshalHostName(const NetworkConfig& net)
{
    return "ms." + net.domain;
}

namespace
{

sipmob::ProvisioningSpec
MakeSpec(const SipTestbed::Network& net)
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
    sipmob::Provisioning::Load(MakeSpec(net), *out.subscribers, *out.dialPlan);

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

    for (const auto& [peerName, gwNode] : net.gateways)
    {
        const SipTestbed::Network& peer = testbed.GetNetwork(peerName);
        InetSocketAddress local(net.gatewayAddress.at(peerName), net.gatewayPort.at(peerName));
        InetSocketAddress remote(peer.gatewayAddress.at(name), peer.gatewayPort.at(name));
        rs.AddPeerNetwork({peerName, peer.config.domain, local, peer.serverAddress});
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
