// SPDX-License-Identifier: GPL-2.0-only
#include "install/radio-islands.h"

#include "ns3/abort.h"
#include "ns3/double.h"
#include "ns3/type-id.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ns3
{

namespace
{
/// Safety factor on the computed reach (the sensitivity test of YansWifiChannel also adds the
/// width ratio, +0.4 dB for 22 MHz; 1.5 x the distance is +5.3 dB at exponent 3)
constexpr double kReachMargin = 1.5;

/// The current default of a double attribute (Config::SetDefault included), read from the
/// TypeId: creating the objects would draw a random stream number (WifiPhy has a random
/// variable) and shift every stream created after it.
double
DefaultOf(const std::string& type, const std::string& name)
{
    TypeId::AttributeInformation info;
    bool found = TypeId::LookupByName(type).LookupAttributeByName(name, &info);
    NS_ABORT_MSG_IF(!found, "RadioIslands: no attribute " << type << "::" << name);
    Ptr<const DoubleValue> v = DynamicCast<const DoubleValue>(info.initialValue);
    NS_ABORT_MSG_IF(!v, "RadioIslands: " << type << "::" << name << " is not a double");
    return v->Get();
}

/// Union-find root with path halving.
uint32_t
Root(std::vector<uint32_t>& parent, uint32_t i)
{
    while (parent[i] != i)
    {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}
} // namespace

double
RadioIslands::Reach(double txPowerDbm)
{
    const std::string loss = "ns3::LogDistancePropagationLossModel";
    const std::string phy = "ns3::YansWifiPhy";
    const double exponent = DefaultOf(loss, "Exponent");
    const double refLoss = DefaultOf(loss, "ReferenceLoss");
    const double refDistance = DefaultOf(loss, "ReferenceDistance");
    const double budget = txPowerDbm + DefaultOf(phy, "TxGain") + DefaultOf(phy, "RxGain") -
                          refLoss - DefaultOf(phy, "RxSensitivity");
    // rx(d) = tx - refLoss - 10 n log10(d / d0) >= sensitivity  <=>  d <= d0 10^(budget / 10n)
    return kReachMargin * refDistance * std::pow(10.0, budget / (10.0 * exponent));
}

std::vector<uint32_t>
RadioIslands::Assign(const std::vector<Box>& boxes, double reach)
{
    const uint32_t n = boxes.size();
    std::vector<uint32_t> parent(n);
    std::iota(parent.begin(), parent.end(), 0);
    // sweep along x: a box links to the boxes whose x range starts within reach of its end
    std::vector<uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return boxes[a].xMin < boxes[b].xMin; });
    for (uint32_t k = 0; k < n; ++k)
    {
        const Box& a = boxes[order[k]];
        for (uint32_t m = k + 1; m < n && boxes[order[m]].xMin <= a.xMax + reach; ++m)
        {
            const Box& b = boxes[order[m]];
            bool nearInY = b.yMin <= a.yMax + reach && a.yMin <= b.yMax + reach;
            if (nearInY)
            {
                parent[Root(parent, order[k])] = Root(parent, order[m]);
            }
        }
    }
    std::vector<uint32_t> island(n);
    std::vector<int64_t> idOfRoot(n, -1);
    uint32_t next = 0;
    for (uint32_t i = 0; i < n; ++i)
    {
        uint32_t r = Root(parent, i);
        if (idOfRoot[r] < 0)
        {
            idOfRoot[r] = next++;
        }
        island[i] = static_cast<uint32_t>(idOfRoot[r]);
    }
    return island;
}

} // namespace ns3
