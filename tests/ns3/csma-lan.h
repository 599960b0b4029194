// SPDX-License-Identifier: GPL-2.0-only
// The small wired LAN several test files build: nodes with Internet stacks on one CSMA segment
// (100 Mb/s, 1 ms propagation delay), addressed 10.0.0.1, 10.0.0.2, ... in node order; and a raw
// socket's received datagrams as strings.
#ifndef SIPMOB_TESTS_CSMA_LAN_H
#define SIPMOB_TESTS_CSMA_LAN_H

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <cstdint>
#include <string>
#include <vector>

namespace
{

/// The devices and interfaces of a LAN built by BuildCsmaLan, index i for node i.
struct CsmaLan
{
    ns3::NetDeviceContainer devices;
    ns3::Ipv4InterfaceContainer interfaces;
};

/**
 * \brief Create count nodes in nodes, install the Internet stack, then one CSMA segment (100 Mb/s,
 * 1 ms delay) and 10.0.0.0/24 addresses (the stack first: the order fixes the objects' random
 * streams, so the tests' timings stay what they were).
 */
inline CsmaLan
BuildCsmaLan(ns3::NodeContainer& nodes, uint32_t count)
{
    nodes.Create(count);
    ns3::InternetStackHelper internet;
    internet.Install(nodes);
    ns3::CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", ns3::StringValue("100Mbps"));
    csma.SetChannelAttribute("Delay", ns3::TimeValue(ns3::MilliSeconds(1)));
    CsmaLan lan;
    lan.devices = csma.Install(nodes);
    ns3::Ipv4AddressHelper ip("10.0.0.0", "255.255.255.0");
    lan.interfaces = ip.Assign(lan.devices);
    return lan;
}

/// Makes @p socket append the bytes of every datagram it receives to @p out (a raw peer's view).
inline void
CollectDatagrams(ns3::Ptr<ns3::Socket> socket, std::vector<std::string>* out)
{
    socket->SetRecvCallback(ns3::MakeBoundCallback(
        +[](std::vector<std::string>* into, ns3::Ptr<ns3::Socket> s)
        {
            ns3::Ptr<ns3::Packet> p = s->Recv();
            std::string bytes(p->GetSize(), '\0');
            p->CopyData(reinterpret_cast<uint8_t*>(bytes.data()), bytes.size());
            into->push_back(bytes);
        },
        out));
}

} // namespace

#endif // SIPMOB_TESTS_CSMA_LAN_H
