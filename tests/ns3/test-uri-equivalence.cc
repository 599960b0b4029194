// SPDX-License-Identifier: GPL-2.0-only
// Issue 11 item 5: every URI comparison of the servers goes through the one RFC 3261 §19.1.4
// function (sipmob::SipUri::Equivalent). Here: a proxy recognising its own URI in a Route
// (ElementIdentity::IsOwnUri, used to pop Route headers, §16.4) in every equivalent form and in
// no other.
#include "stack/element-identity.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/simple-net-device-helper.h"

#include <gtest/gtest.h>

#include <string>

using namespace ns3;

namespace
{

/// An element on a node with address 10.1.0.10, serving net1.example.org on \p port.
ElementIdentity
Element(uint16_t port)
{
    NodeContainer nodes;
    nodes.Create(1);
    InternetStackHelper internet;
    internet.Install(nodes);
    SimpleNetDeviceHelper simple;
    NetDeviceContainer devices = simple.Install(nodes);
    Ipv4AddressHelper addresses("10.1.0.0", "255.255.255.0", "0.0.0.10");
    addresses.Assign(devices);
    ElementIdentity identity;
    identity.SetTransport(nodes.Get(0), port);
    identity.AddDomain("net1.example.org");
    identity.AddAlias("ms.net1.example.org");
    return identity;
}

/// \return whether \p text parses and names the element
bool
Own(const ElementIdentity& identity, const std::string& text)
{
    auto uri = sipmob::SipUri::Parse(text);
    EXPECT_TRUE(uri.has_value()) << text;
    return uri && identity.IsOwnUri(*uri);
}

} // namespace

TEST(UriEquivalence, Rfc3261_19_1_4_ProxyRecognisesItsOwnRouteInEveryEquivalentForm)
{
    ElementIdentity ms = Element(5060);
    // Its Record-Route as written, and forms §19.1.4 calls equivalent (parameter order, case of
    // the host and of `transport`, parameters other than user/ttl/method/maddr/transport).
    EXPECT_TRUE(Own(ms, "sip:10.1.0.10:5060;lr"));
    EXPECT_TRUE(Own(ms, "sip:10.1.0.10;lr"));                    // 5060 is the default port
    EXPECT_TRUE(Own(ms, "sip:10.1.0.10:5060;transport=UDP;lr")); // the transport it speaks
    EXPECT_TRUE(Own(ms, "sip:10.1.0.10;ftag=abc;lr;transport=udp"));
    EXPECT_TRUE(Own(ms, "sip:NET1.Example.ORG;lr"));         // its domain, any case
    EXPECT_TRUE(Own(ms, "sip:ms.net1.example.org:5060;lr")); // an alias
    // Not this element: another port, a user part, another transport, a maddr, another host.
    EXPECT_FALSE(Own(ms, "sip:10.1.0.10:5070;lr"));
    EXPECT_FALSE(Own(ms, "sip:1001@10.1.0.10;lr"));
    EXPECT_FALSE(Own(ms, "sip:10.1.0.10;transport=tcp;lr"));
    EXPECT_FALSE(Own(ms, "sip:10.1.0.10;maddr=10.1.0.20;lr"));
    EXPECT_FALSE(Own(ms, "sip:10.1.0.11;lr"));
    EXPECT_FALSE(Own(ms, "sip:net2.example.org;lr"));
    Simulator::Destroy();
}

TEST(UriEquivalence, Rfc3261_19_1_2_AnAddressWithoutPortIsOurOnlyOn5060)
{
    // A gateway on 5065: `sip:ADDRESS` means port 5060 (§19.1.2), another element of the node;
    // its domain names it with any port (the SRV record gives the port, RFC 3263 §4.2).
    ElementIdentity gw = Element(5065);
    EXPECT_TRUE(Own(gw, "sip:10.1.0.10:5065;lr"));
    EXPECT_FALSE(Own(gw, "sip:10.1.0.10;lr"));
    EXPECT_TRUE(Own(gw, "sip:net1.example.org;lr"));
    EXPECT_EQ(gw.OwnUris("10.1.0.10").size(), 2u); // with and without ;transport=udp
    EXPECT_TRUE(gw.OwnUris("10.9.9.9").empty());
    Simulator::Destroy();
}
