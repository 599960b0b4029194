// SPDX-License-Identifier: GPL-2.0-only
#include "install/channel-plan.h"

#include "ns3/abort.h"

#include <limits>

namespace ns3
{

double
ChannelPlan::NeighbourDistance()
{
    return 200.0;
}

const std::vector<uint8_t>&
ChannelPlan::PlanChannels()
{
    static const std::vector<uint8_t> plan{1, 6, 11};
    return plan;
}

std::vector<uint8_t>
ChannelPlan::Assign(const std::vector<Vector>& positions, const std::vector<uint8_t>& fixed)
{
    NS_ABORT_MSG_IF(positions.size() != fixed.size(), "ChannelPlan: one channel entry per AP");
    std::vector<uint8_t> channels = fixed;
    for (std::size_t i = 0; i < positions.size(); ++i)
    {
        if (channels[i] != 0)
        {
            continue;
        }
        // distance to the nearest AP (already given a channel) using each plan channel
        std::vector<double> nearest(PlanChannels().size(), std::numeric_limits<double>::max());
        for (std::size_t j = 0; j < positions.size(); ++j)
        {
            if (j == i || channels[j] == 0)
            {
                continue;
            }
            double d = CalculateDistance(positions[i], positions[j]);
            for (std::size_t k = 0; k < PlanChannels().size(); ++k)
            {
                if (channels[j] == PlanChannels()[k] && d < nearest[k])
                {
                    nearest[k] = d;
                }
            }
        }
        std::size_t best = 0;
        for (std::size_t k = 0; k < nearest.size(); ++k)
        {
            if (nearest[k] > NeighbourDistance())
            {
                best = k; // free in the neighbourhood: the first such wins
                break;
            }
            if (nearest[k] > nearest[best])
            {
                best = k;
            }
        }
        channels[i] = PlanChannels()[best];
    }
    return channels;
}

} // namespace ns3
