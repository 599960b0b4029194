// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_IPV4_TEXT_H
#define SIPMOB_IPV4_TEXT_H

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"

#include <sstream>
#include <string>

namespace ns3
{

/**
 * \brief Dotted text of an IPv4 address, as SIP headers and records carry it.
 * \param a the address
 * \return e.g. "10.1.0.10"
 */
inline std::string
Ipv4Text(Ipv4Address a)
{
    std::ostringstream os;
    os << a;
    return os.str();
}

/**
 * \brief A loose-routing Route or Record-Route value naming a SIP element by its socket address
 *        (RFC 3261 §16.12.1.1: the `lr` parameter).
 * \param hop the element's address and port
 * \param params more URI parameters, each with its leading ';' (e.g. ";dlg=..."), or empty
 * \return e.g. "<sip:10.1.0.100:5060;lr>"
 */
inline std::string
LooseRouteValue(const InetSocketAddress& hop, const std::string& params = "")
{
    return "<sip:" + Ipv4Text(hop.GetIpv4()) + ":" + std::to_string(hop.GetPort()) + ";lr" +
           params + ">";
}

} // namespace ns3

#endif
