// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_AP_DEAUTH_GUARD_H
#define SIPMOB_AP_DEAUTH_GUARD_H

#include "ns3/mac48-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/phy-entity.h"
#include "ns3/traced-callback.h"
#include "ns3/wifi-net-device.h"

#include <map>

namespace ns3
{

/**
 * \brief Makes an ns-3.37 AP answer a data frame from a station it does not consider associated
 * with a Deauthentication (reason 7, "class 3 frame received from nonassociated STA"), as IEEE
 * 802.11-2020 §11.3.3 requires and ns-3's ApWifiMac does not.
 *
 * Why: when every ACK of the AP's Association Response is lost, ApWifiMac records the
 * association as failed while the station, which received the response, believes it is
 * associated; the AP then drops all its data frames silently and the station stays mute until
 * its next link loss (observed at 30 % frame loss: the DHCP DISCOVERs of the new cell never reach
 * the server for ~50 s). With the Deauthentication the station (RoamingStaWifiMac) declares the
 * link lost and associates again at once.
 *
 * It watches the AP PHY's MonitorSnifferRx trace (frames received without error), so it needs no
 * change to ApWifiMac. At most one Deauthentication per station per MinInterval.
 */
class ApDeauthGuard : public Object
{
public:
    /// \return the TypeId
    static TypeId GetTypeId();
    ApDeauthGuard();
    ~ApDeauthGuard() override;

    /// \param ap the AP device to guard (its MAC must be an ns3::ApWifiMac)
    void Install(Ptr<WifiNetDevice> ap);

    /// \return the number of Deauthentication frames queued so far
    uint32_t GetDeauthCount() const;

protected:
    void DoDispose() override;

private:
    void OnSniffRx(Ptr<const Packet> packet, uint16_t channelFreqMhz, WifiTxVector txVector,
                   MpduInfo aMpdu, SignalNoiseDbm signalNoise, uint16_t staId);
    void SendDeauth(Mac48Address sta);

    Ptr<WifiNetDevice> m_ap;                    //!< guarded AP
    Time m_minInterval;                         //!< between two frames to one station
    std::map<Mac48Address, Time> m_lastSent;    //!< last Deauthentication per station
    uint32_t m_count{0};                        //!< frames queued
    TracedCallback<Mac48Address> m_deauthTrace; //!< station deauthenticated
};

} // namespace ns3

#endif // SIPMOB_AP_DEAUTH_GUARD_H
