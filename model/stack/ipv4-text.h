// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_IPV4_TEXT_H
#define SIPMOB_IPV4_TEXT_H

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

} // namespace ns3

#endif
