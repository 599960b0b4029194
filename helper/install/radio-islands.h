// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_RADIO_ISLANDS_H
#define SIPMOB_RADIO_ISLANDS_H

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \brief Groups the radios of a deployment (access points and the areas mobiles walk in) into
 * islands that can never hear each other, so that each island gets a YansWifiChannel of its own.
 *
 * Why: ns-3.37's YansWifiChannel::Send schedules one reception event (and copies the PPDU) for
 * every other radio on the same channel number, however far away; a radio below its
 * RxSensitivity drops the frame only when that event runs. With N radios on one channel object
 * every frame costs N events, so a run with N mobiles costs ~N^2 (issue 15: 10 -> 100 mobiles
 * cost x48 CPU). Radios of different islands are farther apart than Reach() at every moment,
 * so no frame between them is ever above the sensitivity: splitting the channel object changes
 * no result, only drops those events.
 *
 * Each radio is an axis-aligned box (an AP: its position; a mobile: the bounding box of its path
 * and start position). Two boxes are linked when the gap between them is at most the reach in
 * both x and y (conservative: the Euclidean gap may then be up to reach x sqrt(2)); islands are
 * the connected components of that graph.
 */
class RadioIslands
{
public:
    /// An area a radio can be in (m).
    struct Box
    {
        double xMin; //!< west edge
        double xMax; //!< east edge
        double yMin; //!< south edge
        double yMax; //!< north edge
    };

    /**
     * \brief The farthest distance at which a frame sent at @p txPowerDbm can still be above the
     * receiver's sensitivity, with ns-3's current defaults for the log-distance loss model
     * (Exponent, ReferenceLoss, ReferenceDistance) and the Wi-Fi PHY (RxSensitivity, TxGain,
     * RxGain), times a margin of 1.5 (default 20 dBm: ~300 m x 1.5).
     * \param txPowerDbm transmit power of every radio (dBm)
     * \return the reach (m)
     */
    static double Reach(double txPowerDbm);

    /**
     * \param boxes the radios' areas
     * \param reach the distance beyond which two radios cannot hear each other (m)
     * \return the island of each radio (0, 1, ... in order of first appearance)
     */
    static std::vector<uint32_t> Assign(const std::vector<Box>& boxes, double reach);
};

} // namespace ns3

#endif // SIPMOB_RADIO_ISLANDS_H
