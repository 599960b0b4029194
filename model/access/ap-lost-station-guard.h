// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_AP_LOST_STATION_GUARD_H
#define SIPMOB_AP_LOST_STATION_GUARD_H

#include "ns3/mac48-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/phy-entity.h"
#include "ns3/traced-callback.h"
#include "ns3/wifi-mpdu.h"
#include "ns3/wifi-net-device.h"

#include <map>

namespace ns3
{

/**
 * \brief Makes an ns-3.37 AP let go of a station that has left it: after MaxFinalFailures
 * consecutive data frames to the station have used up all their retransmissions with nothing
 * heard from the station in between, the AP counts it as disassociated and drops the frames it
 * still queues for it.
 *
 * Why: a roaming station reassociates with another AP without telling the old one (the old one
 * is out of its range, and in ns-3 no distribution system passes the reassociation on to it).
 * ns-3's ApWifiMac keeps such a station associated
 * for ever, and the downlink of its call (50 frames/s, sent to its old address until its
 * re-INVITE lands) makes the AP try every frame ShortRetryLimit + 1 times at falling rates down
 * to 1 Mb/s. Those retry chains occupy the AP's only DCF queue, so every other frame of the AP
 * waits behind them: the broadcast DHCP OFFERs and ACKs of the stations that just arrived were
 * observed 0.5-1.5 s late or dropped at the queue's MaxDelay, and DHCP of mobiles arriving
 * together with a departing one took 6-39 s (trial finding 4). Real APs do the same as this
 * guard (disassociation on excessive unacknowledged frames, reason 34 of IEEE 802.11-2020
 * Table 9-49). No Disassociation frame is sent: to an absent station it would cost one more
 * full retry chain; a station that is still there and talks gets ApDeauthGuard's
 * Deauthentication and associates again at once.
 *
 * It watches the AP's remote station manager (MacTxFinalDataFailed), the MAC (AckedMpdu: a
 * frame to the station was acknowledged) and the PHY (MonitorSnifferRx: a frame from the
 * station was received), so it needs no change to ApWifiMac. Non-QoS APs only (802.11b): the
 * frames are purged from the DCF's queue (the APs of this project have no QoS).
 */
class ApLostStationGuard : public Object
{
public:
    /// \return the TypeId
    static TypeId GetTypeId();
    ApLostStationGuard();
    ~ApLostStationGuard() override;

    /// \param ap the AP device to guard (its MAC must be an ns3::ApWifiMac)
    void Install(Ptr<WifiNetDevice> ap);

    /// \return the number of stations the AP let go of so far
    uint32_t GetLostCount() const;

    /// Signature of the "Lost" trace: the station let go of, and how many queued frames to it
    /// were dropped.
    typedef void (*LostTracedCallback)(Mac48Address station, uint32_t purged);

protected:
    void DoDispose() override;

private:
    void OnFinalDataFailed(Mac48Address station);
    void OnAcked(Ptr<const WifiMpdu> mpdu);
    void OnSniffRx(Ptr<const Packet> packet, uint16_t channelFreqMhz, WifiTxVector txVector,
                   MpduInfo aMpdu, SignalNoiseDbm signalNoise, uint16_t staId);
    void LetGo(Mac48Address station);

    Ptr<WifiNetDevice> m_ap;                            //!< guarded AP
    uint32_t m_maxFinalFailures{4};                     //!< threshold (0: never let go)
    std::map<Mac48Address, uint32_t> m_failures;        //!< consecutive final failures per station
    uint32_t m_lost{0};                                 //!< stations let go of
    TracedCallback<Mac48Address, uint32_t> m_lostTrace; //!< a station was let go of
};

} // namespace ns3

#endif // SIPMOB_AP_LOST_STATION_GUARD_H
