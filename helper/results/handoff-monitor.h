// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_HANDOFF_MONITOR_H
#define SIPMOB_HANDOFF_MONITOR_H

#include "records/run-records.h"

#include "ns3/ipv4-address.h"
#include "ns3/mac48-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <functional>
#include <optional>
#include <string>

namespace ns3
{

/**
 * \brief Builds the HandoffRecord of every hand-off of one mobile user agent from trace events.
 *
 * It subscribes (through the On* methods, which the runner connects to trace sources) to the
 * station's L2 events, the DHCP client's leases, the user agent's detection, registration and
 * re-INVITE events, and the media packets received by the mobile and by its peers. A record opens
 * when the link is lost while the station holds an address, and is emitted (trace source
 * `Handoff`) when media has resumed in both directions, when the next hand-off begins, or at
 * Flush(). Nothing is estimated: a step that did not happen leaves its timestamp empty.
 *
 * Outage as heard (outageDownMs, outageUpMs): from the last media packet received before the
 * gap, at whichever address, to the first at the new address; it starts when packets stop
 * arriving, which precedes the link loss by the beacon-loss detection time.
 * The voice-quality window [link lost - QualityWindowBefore, link lost + QualityWindowAfter)
 * selects the frames (by send time) that the results' hand-off R and MOS are computed over.
 */
class HandoffMonitor : public Object
{
public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    HandoffMonitor();

    /**
     * \param ua the mobile's AoR (copied into records)
     * \param networkOf maps an address to the name of the network that holds it
     * \param networkOfAp maps an AP's BSSID to the name of its network (may be null: the
     *        network is then known only from the lease)
     */
    void Configure(const std::string& ua, std::function<std::string(Ipv4Address)> networkOf,
                   std::function<std::string(Mac48Address)> networkOfAp = nullptr);

    /**
     * \brief The kind of a link event (the `kind` column): "coverage-loss" when the station did
     * not associate again, "reassociation" when the network associated with (`apNetwork`, or
     * the lease's when unknown) is the one left, "handoff" otherwise.
     * \param record the record (fromNetwork, toNetwork, tAssociated are read)
     * \param apNetwork network of the AP associated with ("" if unknown)
     * \return the kind
     */
    static std::string Classify(const sipmob::HandoffRecord& record, const std::string& apNetwork);

    void OnDeassociated(Mac48Address bssid); ///< station lost its AP
    void OnAssociated(Mac48Address bssid);   ///< station joined an AP
    /// The station finished a scan (RoamingStaWifiMac ScanDone): its duration counts in scan_ms.
    void OnScanDone(uint32_t channels, uint32_t candidates, Time duration);
    void OnLease(const Ipv4Address& address);                       ///< DHCP lease bound
    void OnAddressChange(Ipv4Address oldAddr, Ipv4Address newAddr); ///< the UA noticed
    void OnDiscoverySent();                                         ///< the UA asks for a proxy
    void OnDiscoveryDone(bool ok);                                  ///< and knows the answer
    void OnRegisterSent(const std::string& contact);                ///< a REGISTER chain started
    void OnRegistration(const sipmob::RegistrationRecord& record);  ///< a REGISTER finished
    void OnReinviteSent(const std::string& callId);                 ///< the mobile sent a re-INVITE
    void OnReinviteResult(const std::string& callId, int status);   ///< and got its final answer
    /// A media packet arrived at the mobile.
    void OnMobileMediaRx(const std::string& callId, Ipv4Address from, Ipv4Address local,
                         uint16_t seq);
    /// A media packet arrived at one of the mobile's peers.
    void OnPeerMediaRx(const std::string& callId, Ipv4Address from, Ipv4Address local,
                       uint16_t seq);
    /// Emit the open record, if any (end of the run).
    void Flush();

    /// Signature of the Handoff trace source.
    typedef void (*HandoffTracedCallback)(const sipmob::HandoffRecord& record);

protected:
    void DoDispose() override;

private:
    /// Last media packet seen on one path (for gaps and losses).
    struct PathState
    {
        double t = -1;    ///< when
        uint16_t seq = 0; ///< its sequence number
    };

    void Emit(const std::string& status = "");
    void MaybeComplete();
    static uint64_t Lost(const PathState& before, uint16_t firstSeq);

    std::string m_ua;                                       ///< AoR
    std::function<std::string(Ipv4Address)> m_networkOf;    ///< address -> network name
    std::function<std::string(Mac48Address)> m_networkOfAp; ///< BSSID -> network name
    std::string m_apNetwork; ///< network of the AP associated with in the open record
    Ipv4Address m_address;   ///< the mobile's current address (Any when none)
    std::optional<sipmob::HandoffRecord> m_open; ///< hand-off in progress
    std::string m_failure;                       ///< why the open hand-off stalled ("" while none)
    PathState m_down;         ///< last packet received by the mobile at m_address
    PathState m_up;           ///< last packet from m_address at a peer
    PathState m_downBefore;   ///< m_down when the open hand-off began
    PathState m_upBefore;     ///< m_up when the open hand-off began
    Ipv4Address m_oldAddress; ///< the address the open hand-off left
    double m_downHeard = -1;  ///< last packet the mobile received at any of its addresses (s)
    double m_upHeard = -1;    ///< last packet a peer received from any mobile address (s)
    Time m_windowBefore;      ///< voice-quality window: starts this long before the link loss
    Time m_windowAfter;       ///< and ends this long after it
    TracedCallback<const sipmob::HandoffRecord&> m_handoffTrace; ///< completed records
};

} // namespace ns3

#endif
