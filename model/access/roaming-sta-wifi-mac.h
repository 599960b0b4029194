// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_ROAMING_STA_WIFI_MAC_H
#define SIPMOB_ROAMING_STA_WIFI_MAC_H

#include "access/channel-scanner.h"

#include "ns3/event-id.h"
#include "ns3/mac48-address.h"
#include "ns3/mgt-headers.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"
#include "ns3/wifi-mac.h"

#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief A non-AP 802.11 station (one link, no QoS: 802.11b/a/g) that roams between the APs of
 * one ESS, scans a list of channels, and has no timer that outlives the state it belongs to.
 *
 * Why not ns-3.37's StaWifiMac: it arms the association-request timer (AssocRequestTimeout,
 * 0.5 s) and the beacon watchdog (MaxMissedBeacons x beacon interval) independently of its
 * state, and arms the watchdog also while it waits for the Association Response. When frames
 * are lost the watchdog fires first (3 x 102.4 ms < 0.5 s), Disassociated() clears the BSSID
 * and starts a scan, but the association timer is not cancelled; when it fires during the scan,
 * SendAssociationRequest() aborts the process ("No BSSID set for the link on which the
 * (Re)Association Request is to be sent"). Reproduced against ns-3's class in
 * tests/ns3/test-roaming-sta-wifi-mac.cc; see doc/radio-and-addressing.md.
 *
 * Here every state has at most one timer, and every state change cancels it:
 *
 * - SCANNING: the ChannelScanner's dwell timer per channel (WaitBeaconTimeout passive;
 *   ProbeRequestTimeout, or MinChannelTime on a quiet channel, active); after the last channel
 *   WAIT_ASSOC_RESP with the best AP (highest SNR), or a new scan when none was heard.
 * - WAIT_ASSOC_RESP: AssocRequestTimeout; the request is resent up to MaxAssocAttempts times,
 *   then the next best AP of the scan is tried, or a new scan starts.
 * - ASSOCIATED: beacon watchdog, MaxMissedBeacons x beacon interval after the last beacon; with
 *   LinkProbes > 0 a unicast Probe Request to the AP and LinkProbeTimeout for its answer, up to
 *   LinkProbes times; then the link is lost (DeAssoc, link down) and a scan starts.
 *
 * Link probing (LinkProbes, default 0 = off, the ns-3.37 behaviour): missed beacons alone do not
 * end the association; the station first asks the AP with a unicast Probe Request (MAC-level
 * retransmissions apply, unlike beacons), as Linux mac80211 does before it declares a connection
 * lost. Under random frame loss this separates a lost AP from lost beacons: at 30 % loss three
 * beacons in a row are missed every ~4 s (0.3^3 per beacon), while a probe exchange fails with
 * probability ~1 % (7 attempts of a frame + ACK that each succeed with 0.49). A genuine loss is
 * declared at most LinkProbes x LinkProbeTimeout later.
 *
 * A refused association (status code not success) excludes that AP from the next choice of the
 * same scan and rescans when no candidate is left. Scanning (access/channel-scanner.h) follows
 * IEEE 802.11-2020 §11.1.4: passive scanning listens for beacons for a dwell time per channel;
 * active scanning waits ProbeDelay, sends a broadcast Probe Request and listens for
 * ProbeRequestTimeout (MaxChannelTime), or only MinChannelTime when nothing is received on the
 * channel. With a channel list of n channels a scan lasts n dwell times plus n channel switches
 * (the PHY's ChannelSwitchDelay, 250 us by default). The station stays on the channel of the
 * chosen AP.
 */
class RoamingStaWifiMac : public WifiMac
{
public:
    /// Association state (IEEE 802.11-2020 §11.3: state 1 while scanning, state 3 associated)
    enum State
    {
        IDLE,            //!< not initialized yet
        SCANNING,        //!< looking for an AP of the SSID over the channel list
        WAIT_ASSOC_RESP, //!< Association Request sent to the chosen AP
        ASSOCIATED       //!< associated: data frames flow, beacons watched
    };

    /**
     * \brief Signature of the StateChanged trace source.
     * \param oldState the state left
     * \param newState the state entered
     */
    typedef void (*StateTracedCallback)(State oldState, State newState);

    /**
     * \brief Signature of the ScanDone trace source.
     * \param channels channels dwelt on
     * \param candidates APs of the SSID heard (distinct BSSIDs)
     * \param duration time from the start of the scan to its end (simulated s)
     */
    typedef void (*ScanTracedCallback)(uint32_t channels, uint32_t candidates, Time duration);

    /// \return the TypeId
    static TypeId GetTypeId();
    RoamingStaWifiMac();
    ~RoamingStaWifiMac() override;

    /// \param state a state \return its name ("scanning", ...)
    static std::string StateName(State state);

    void Enqueue(Ptr<Packet> packet, Mac48Address to) override;
    bool CanForwardPacketsTo(Mac48Address to) const override;

    /// \return true if associated with an AP (data frames can be sent)
    bool IsAssociated() const;
    /// \return the current state
    State GetState() const;
    /// \return the BSSID of the AP associated with (only meaningful when IsAssociated())
    Mac48Address GetApBssid() const;
    /// \return the channel number the PHY is tuned to
    uint8_t GetChannelNumber() const;

    /**
     * \brief Set the channels a scan visits, in order (IEEE 802.11b: 1-14 in the 2.4 GHz band).
     * An empty list scans only the current channel (ns-3.37 StaWifiMac behaviour).
     * \param channels channel numbers, each at most once
     * \return an empty string, or why the list was refused (nothing is changed then)
     */
    std::string SetScanChannels(const std::vector<uint8_t>& channels);
    /// \return the channels a scan visits (empty: the current channel only)
    const std::vector<uint8_t>& GetScanChannels() const;

    /**
     * \brief Parse a channel list "1,6,11" (ChannelScanner::ParseChannelList).
     * \param text the list ("" for none)
     * \param channels the parsed list (output)
     * \return an empty string, or the reason the text is not a channel list
     */
    static std::string ParseChannelList(const std::string& text, std::vector<uint8_t>* channels);

    /**
     * \param stream first random stream index to use (ProbeDelay)
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

protected:
    void DoInitialize() override;
    void DoDispose() override;

private:
    void Receive(Ptr<const WifiMpdu> mpdu, uint8_t linkId) override;
    void SetScanChannelsAttribute(std::string text);
    std::string GetScanChannelsAttribute() const;

    void SetState(State state);
    void StartScan();
    void SendBroadcastProbe();
    void SendProbeRequest(Mac48Address to);
    void ScanDone();
    void TryNextCandidate();
    void SendAssocRequest();
    void AssocRequestTimeout();
    void BeaconWatchdog();
    void LinkLost();
    void TuneTo(uint8_t channel);
    void SwitchChannel(uint8_t channel);
    void ReceiveBeaconOrProbeResponse(const WifiMacHeader& hdr, const MgtProbeResponseHeader& frame,
                                      double snr, bool isBeacon);
    void ReceiveAssocResponse(const WifiMacHeader& hdr, MgtAssocResponseHeader resp);

    State m_state{IDLE};         //!< association state
    EventId m_stateTimer;        //!< the one timer of the current state
    EventId m_tuneEvent;         //!< a channel switch deferred past an ACK we may owe (TuneTo)
    ChannelScanner m_scanner;    //!< channel list, dwell timers, APs heard
    ScanCandidate m_target;      //!< AP being associated with / associated with
    uint32_t m_assocAttempts{0}; //!< requests sent to m_target
    Time m_lastBeacon;           //!< last beacon of the associated AP
    uint16_t m_aid{0};           //!< association ID

    bool m_activeProbing;                   //!< send Probe Requests when scanning
    Time m_waitBeaconTimeout;               //!< passive dwell per channel
    Time m_probeRequestTimeout;             //!< active dwell per channel (MaxChannelTime)
    Time m_minChannelTime;                  //!< active: leave a quiet channel then (0: off)
    Ptr<RandomVariableStream> m_probeDelay; //!< delay before a Probe Request (us)
    Time m_assocRequestTimeout;             //!< wait for an Association Response
    uint32_t m_maxAssocAttempts;            //!< requests to one AP before rescanning
    uint32_t m_maxMissedBeacons;            //!< beacons missed before the link is lost
    uint32_t m_linkProbes;                  //!< unicast probes before the link is declared lost
    Time m_linkProbeTimeout;                //!< wait for the answer to one link probe
    uint32_t m_linkProbesSent{0};           //!< link probes sent since the last beacon or answer

    TracedCallback<Mac48Address> m_assocTrace;            //!< associated (BSSID)
    TracedCallback<Mac48Address> m_deAssocTrace;          //!< association lost (BSSID)
    TracedCallback<State, State> m_stateTrace;            //!< state changes
    TracedCallback<uint32_t, uint32_t, Time> m_scanTrace; //!< scans finished
};

} // namespace ns3

#endif // SIPMOB_ROAMING_STA_WIFI_MAC_H
