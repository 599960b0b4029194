// SPDX-License-Identifier: GPL-2.0-only
#include "stack/node-address.h"

#include "ns3/ipv4.h"

namespace ns3
{

Ipv4Address
UsableAddress(Ptr<Node> node)
{
    Ptr<Ipv4> ipv4 = node ? node->GetObject<Ipv4>() : nullptr;
    if (!ipv4)
    {
        return Ipv4Address::GetAny();
    }
    for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
    {
        if (!ipv4->IsUp(i))
        {
            continue;
        }
        for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
        {
            const Ipv4Address a = ipv4->GetAddress(i, j).GetLocal();
            if (a != Ipv4Address::GetAny() && !a.IsLocalhost())
            {
                return a;
            }
        }
    }
    return Ipv4Address::GetAny();
}

bool
HasUsableAddress(Ptr<Node> node)
{
    return UsableAddress(node) != Ipv4Address::GetAny();
}

} // namespace ns3
