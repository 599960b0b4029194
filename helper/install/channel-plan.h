// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_CHANNEL_PLAN_H
#define SIPMOB_CHANNEL_PLAN_H

#include "ns3/vector.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \brief The default 802.11b channel plan of a deployment: the three non-overlapping channels
 * 1, 6 and 11 (2.4 GHz channels are 5 MHz apart and 22 MHz wide, so only channels five apart do
 * not overlap; IEEE 802.11-2020 §15.4.4.3) spread over neighbouring access points.
 *
 * Rule (greedy colouring in AP order): APs with a channel of their own keep it; every other AP,
 * in the order given, takes the first of 1, 6, 11 that no AP within NeighbourDistance() already
 * uses; when all three are used nearby, the one whose nearest user is farthest (first in plan
 * order on a tie). APs on a line 100 m apart get 1, 6, 11, 1, 6, ...
 *
 * Neighbour distance 200 m: two 20 dBm 802.11b cells (range ~70 m with ns-3's log-distance
 * loss, doc/radio-and-addressing.md) whose APs are 200 m apart still bring their stations within
 * ~60 m of each other, where they hear (and collide with) each other's frames.
 */
class ChannelPlan
{
public:
    /// \return the distance (m) within which two APs count as neighbours (200 m)
    static double NeighbourDistance();
    /// \return the channels of the plan, in order of preference {1, 6, 11}
    static const std::vector<uint8_t>& PlanChannels();
    /**
     * \param positions AP positions (m)
     * \param fixed the channel asked for per AP (same size; 0: none, take one from the plan)
     * \return the channel of every AP (1-13), in AP order
     */
    static std::vector<uint8_t> Assign(const std::vector<Vector>& positions,
                                       const std::vector<uint8_t>& fixed);
};

} // namespace ns3

#endif // SIPMOB_CHANNEL_PLAN_H
