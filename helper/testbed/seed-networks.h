// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SEED_NETWORKS_H
#define SIPMOB_SEED_NETWORKS_H

#include "testbed/testbed-config.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \brief The seed's three SIP networks in code: net1..net3 (domains netN.example.org, prefixes
 *        10.N.0.0), subscribers N000 .. N000+usersPerNetwork-1, dial plans sending `Mxxx` to netM,
 *        and a gateway pair (ports 5065/5066) on a WAN link between every pair of networks.
 * \param usersPerNetwork subscribers provisioned in each network
 * \param wanDelayMs one-way delay of each WAN link
 * \param wanRate data rate of each WAN link
 * \return a testbed without user agents (add them to `uas`)
 */
TestbedConfig MakeSeedNetworks(uint32_t usersPerNetwork, double wanDelayMs = 10,
                               const std::string& wanRate = "10Mbps");

} // namespace ns3

#endif
