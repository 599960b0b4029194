// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_STATION_RATES_H
#define SIPMOB_STATION_RATES_H

#include "ns3/capability-information.h"
#include "ns3/mac48-address.h"
#include "ns3/ptr.h"
#include "ns3/supported-rates.h"

namespace ns3
{

class WifiPhy;
class WifiRemoteStationManager;

/**
 * \brief What a non-AP station offers in its Probe and Association Requests (rates,
 * capabilities) and what it learns from an AP's Beacon, Probe Response or Association Response
 * (IEEE 802.11-2020 §9.4.2.3 Supported Rates, §9.4.1.4 Capability Information), for
 * RoamingStaWifiMac (one link, no QoS).
 */
class StationRates
{
public:
    /// \param phy the station's PHY \return every rate of its mode list (bit/s), as offered
    static SupportedRates Offered(Ptr<WifiPhy> phy);
    /**
     * \param phy the station's PHY
     * \param erp the link supports ERP (802.11g)
     * \param shortSlot the MAC supports the short slot time
     * \return the station's Capability Information (short preamble, short slot time)
     */
    static CapabilityInformation Capabilities(Ptr<WifiPhy> phy, bool erp, bool shortSlot);
    /**
     * \brief Record what an AP supports in the station's remote station manager.
     * \param phy the station's PHY
     * \param manager its remote station manager
     * \param ap the AP's address
     * \param rates the AP's Supported Rates (basic rates marked)
     * \param capability the AP's Capability Information
     */
    static void LearnFromAp(Ptr<WifiPhy> phy, Ptr<WifiRemoteStationManager> manager,
                            Mac48Address ap, const SupportedRates& rates,
                            const CapabilityInformation& capability);
};

} // namespace ns3

#endif // SIPMOB_STATION_RATES_H
