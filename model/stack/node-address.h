// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_NODE_ADDRESS_H
#define SIPMOB_NODE_ADDRESS_H

#include "ns3/ipv4-address.h"
#include "ns3/node.h"
#include "ns3/ptr.h"

namespace ns3
{

/**
 * \brief The usable IPv4 address of a node: the first address, in interface order, that is
 *        neither 0.0.0.0 nor loopback on an interface that is up.
 *
 * The one definition the SIP transport (Via, sent-by), the DNS resolver (source of queries) and
 * the RTP stream (whether to send at all) share: a mobile between two leases has none, and then
 * sends nothing rather than packets from 0.0.0.0 (doc/radio-and-addressing.md).
 *
 * \param node the node (null: none)
 * \return the address, or Ipv4Address::GetAny() when the node has none
 */
Ipv4Address UsableAddress(Ptr<Node> node);

/**
 * \param node the node (null: none)
 * \return whether UsableAddress(node) is an address
 */
bool HasUsableAddress(Ptr<Node> node);

} // namespace ns3

#endif
