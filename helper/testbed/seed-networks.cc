// SPDX-License-Identifier: GPL-2.0-only
#include "testbed/seed-networks.h"

namespace ns3
{

TestbedConfig
MakeSeedNetworks(uint32_t usersPerNetwork, double wanDelayMs, const std::string& wanRate)
{
    TestbedConfig cfg;
    for (uint32_t n = 1; n <= 3; ++n)
    {
        NetworkConfig net;
        net.name = "net" + std::to_string(n);
        net.domain = net.name + ".example.org";
        net.prefix = "10." + std::to_string(n) + ".0.0";
        for (uint32_t u = 0; u < usersPerNetwork; ++u)
        {
            net.subscribers.push_back({std::to_string(n * 1000 + u), ""});
        }
        for (uint32_t p = 1; p <= 3; ++p)
        {
            if (p != n)
            {
                net.dialPlan.push_back({std::to_string(p) + "xxx", "net" + std::to_string(p)});
            }
        }
        cfg.networks.push_back(net);
    }
    cfg.wanLinks = {{"net1", "net2", wanDelayMs, wanRate, 5065, 5066},
                    {"net1", "net3", wanDelayMs, wanRate, 5065, 5066},
                    {"net2", "net3", wanDelayMs, wanRate, 5065, 5066}};
    return cfg;
}

} // namespace ns3
