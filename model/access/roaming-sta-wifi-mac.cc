// SPDX-License-Identifier: GPL-2.0-only
#include "access/roaming-sta-wifi-mac.h"
#include "access/station-rates.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/snr-tag.h"
#include "ns3/string.h"
#include "ns3/txop.h"
#include "ns3/uinteger.h"
#include "ns3/wifi-mac-header.h"
#include "ns3/wifi-mac-queue.h"
#include "ns3/wifi-mpdu.h"
#include "ns3/wifi-phy.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RoamingStaWifiMac");
NS_OBJECT_ENSURE_REGISTERED(RoamingStaWifiMac);

namespace
{
/// Beacon interval assumed when an AP advertises 0 (100 TU, the usual default)
const Time kDefaultBeaconInterval = MicroSeconds(102400);
} // namespace

TypeId
RoamingStaWifiMac::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RoamingStaWifiMac")
            .SetParent<WifiMac>()
            .SetGroupName("Sipmob")
            .AddConstructor<RoamingStaWifiMac>()
            .AddAttribute("ActiveProbing",
                          "Send a broadcast Probe Request on each channel of a scan (active "
                          "scanning) instead of only listening for beacons (passive).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&RoamingStaWifiMac::m_activeProbing),
                          MakeBooleanChecker())
            .AddAttribute("ProbeDelay",
                          "Delay (us) on a channel before the Probe Request is sent "
                          "(IEEE 802.11-2020 §11.1.4.3.2 ProbeDelay; ns-3.37 StaWifiMac default).",
                          StringValue("ns3::UniformRandomVariable[Min=50.0|Max=250.0]"),
                          MakePointerAccessor(&RoamingStaWifiMac::m_probeDelay),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("ProbeRequestTimeout",
                          "Active scanning: time listening for Probe Responses on a channel "
                          "after the Probe Request, MaxChannelTime of IEEE 802.11-2020 "
                          "§11.1.4.3.2 (ns-3.37 StaWifiMac default 50 ms).",
                          TimeValue(MilliSeconds(50)),
                          MakeTimeAccessor(&RoamingStaWifiMac::m_probeRequestTimeout),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("MinChannelTime",
                          "Active scanning: a channel on which nothing was received this long "
                          "after the Probe Request is left at once (IEEE 802.11-2020 §11.1.4.3.2 "
                          "MinChannelTime; 0 = off: every channel gets ProbeRequestTimeout).",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&RoamingStaWifiMac::m_minChannelTime),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("WaitBeaconTimeout",
                          "Passive scanning: time listening for beacons on a channel "
                          "(ns-3.37 StaWifiMac default 120 ms, a little over one 102.4 ms "
                          "beacon interval).",
                          TimeValue(MilliSeconds(120)),
                          MakeTimeAccessor(&RoamingStaWifiMac::m_waitBeaconTimeout),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("AssocRequestTimeout",
                          "Time to wait for the Association Response before the request is "
                          "sent again (ns-3.37 StaWifiMac default 0.5 s).",
                          TimeValue(MilliSeconds(500)),
                          MakeTimeAccessor(&RoamingStaWifiMac::m_assocRequestTimeout),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("MaxAssocAttempts",
                          "Association Requests sent to one AP before it is given up for "
                          "this scan (the next best AP is tried, or a new scan starts).",
                          UintegerValue(3),
                          MakeUintegerAccessor(&RoamingStaWifiMac::m_maxAssocAttempts),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxMissedBeacons",
                          "Consecutive beacons of the associated AP that may be missed before "
                          "the link is declared lost (ns-3.37 StaWifiMac default 10).",
                          UintegerValue(10),
                          MakeUintegerAccessor(&RoamingStaWifiMac::m_maxMissedBeacons),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("LinkProbes",
                          "Unicast Probe Requests sent to the AP after MaxMissedBeacons missed "
                          "beacons before the link is declared lost (0: none, ns-3.37 "
                          "behaviour; Linux mac80211 probes the AP the same way).",
                          UintegerValue(0), MakeUintegerAccessor(&RoamingStaWifiMac::m_linkProbes),
                          MakeUintegerChecker<uint32_t>(0, 10))
            .AddAttribute("LinkProbeTimeout",
                          "Time for the AP to answer one link probe (its Probe Response is "
                          "unicast and retransmitted by the MAC).",
                          TimeValue(MilliSeconds(50)),
                          MakeTimeAccessor(&RoamingStaWifiMac::m_linkProbeTimeout),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("ScanChannels",
                          "Channels a scan visits, in order, e.g. \"1,6,11\" (2.4 GHz: 1-14). "
                          "Empty: only the current channel, as ns-3.37 StaWifiMac.",
                          StringValue(""),
                          MakeStringAccessor(&RoamingStaWifiMac::SetScanChannelsAttribute,
                                             &RoamingStaWifiMac::GetScanChannelsAttribute),
                          MakeStringChecker())
            .AddTraceSource("Assoc", "Associated with an AP (its BSSID).",
                            MakeTraceSourceAccessor(&RoamingStaWifiMac::m_assocTrace),
                            "ns3::Mac48Address::TracedCallback")
            .AddTraceSource("DeAssoc", "Association lost: beacons of the AP stopped (its BSSID).",
                            MakeTraceSourceAccessor(&RoamingStaWifiMac::m_deAssocTrace),
                            "ns3::Mac48Address::TracedCallback")
            .AddTraceSource("StateChanged", "Association state changed (old, new).",
                            MakeTraceSourceAccessor(&RoamingStaWifiMac::m_stateTrace),
                            "ns3::RoamingStaWifiMac::StateTracedCallback")
            .AddTraceSource("ScanDone", "A scan ended (channels dwelt on, APs heard, duration).",
                            MakeTraceSourceAccessor(&RoamingStaWifiMac::m_scanTrace),
                            "ns3::RoamingStaWifiMac::ScanTracedCallback");
    return tid;
}

RoamingStaWifiMac::RoamingStaWifiMac()
{
    NS_LOG_FUNCTION(this);
    SetTypeOfStation(STA);
    m_scanner.SetCallbacks(MakeCallback(&RoamingStaWifiMac::TuneTo, this),
                           MakeCallback(&RoamingStaWifiMac::SendBroadcastProbe, this),
                           MakeCallback(&RoamingStaWifiMac::ScanDone, this));
}

RoamingStaWifiMac::~RoamingStaWifiMac()
{
    NS_LOG_FUNCTION(this);
}

std::string
RoamingStaWifiMac::StateName(State state)
{
    static const char* const names[] = {"idle", "scanning", "wait-assoc-resp", "associated"};
    return names[state];
}

void
RoamingStaWifiMac::DoInitialize()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(GetQosSupported(),
                    "RoamingStaWifiMac models non-QoS stations only (802.11a/b/g)");
    NS_ABORT_MSG_IF(GetNLinks() != 1, "RoamingStaWifiMac models single-link stations only");
    WifiMac::DoInitialize();
    StartScan();
}

void
RoamingStaWifiMac::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_stateTimer.Cancel();
    m_tuneEvent.Cancel();
    m_scanner.Stop();
    m_scanner.SetCallbacks(MakeNullCallback<void, uint8_t>(), MakeNullCallback<void>(),
                           MakeNullCallback<void>());
    m_probeDelay = nullptr;
    WifiMac::DoDispose();
}

int64_t
RoamingStaWifiMac::AssignStreams(int64_t stream)
{
    m_probeDelay->SetStream(stream);
    return 1;
}

std::string
RoamingStaWifiMac::ParseChannelList(const std::string& text, std::vector<uint8_t>* channels)
{
    return ChannelScanner::ParseChannelList(text, channels);
}

std::string
RoamingStaWifiMac::SetScanChannels(const std::vector<uint8_t>& channels)
{
    return m_scanner.SetChannels(channels);
}

const std::vector<uint8_t>&
RoamingStaWifiMac::GetScanChannels() const
{
    return m_scanner.GetChannels();
}

void
RoamingStaWifiMac::SetScanChannelsAttribute(std::string text)
{
    std::vector<uint8_t> channels;
    std::string error = ChannelScanner::ParseChannelList(text, &channels);
    NS_ABORT_MSG_IF(!error.empty(),
                    "RoamingStaWifiMac::ScanChannels \"" << text << "\": " << error);
    m_scanner.SetChannels(channels);
}

std::string
RoamingStaWifiMac::GetScanChannelsAttribute() const
{
    return ChannelScanner::FormatChannelList(m_scanner.GetChannels());
}

bool
RoamingStaWifiMac::IsAssociated() const
{
    return m_state == ASSOCIATED;
}

RoamingStaWifiMac::State
RoamingStaWifiMac::GetState() const
{
    return m_state;
}

Mac48Address
RoamingStaWifiMac::GetApBssid() const
{
    return m_target.bssid;
}

uint8_t
RoamingStaWifiMac::GetChannelNumber() const
{
    return GetWifiPhy()->GetChannelNumber();
}

bool
RoamingStaWifiMac::CanForwardPacketsTo(Mac48Address /* to */) const
{
    return IsAssociated();
}

void
RoamingStaWifiMac::Enqueue(Ptr<Packet> packet, Mac48Address to)
{
    NS_LOG_FUNCTION(this << packet << to);
    if (!IsAssociated())
    {
        // Unlike ns-3.37, nothing is restarted from here: the state machine always has a
        // timer running that leads back to an association.
        NotifyTxDrop(packet);
        return;
    }
    WifiMacHeader hdr;
    hdr.SetType(WIFI_MAC_DATA);
    hdr.SetAddr1(m_target.bssid);
    hdr.SetAddr2(GetAddress());
    hdr.SetAddr3(to);
    hdr.SetDsNotFrom();
    hdr.SetDsTo();
    GetTxop()->Queue(packet, hdr);
}

void
RoamingStaWifiMac::SetState(State state)
{
    // The invariant that removes the ns-3.37 race: a timer never outlives its state.
    m_stateTimer.Cancel();
    m_scanner.Stop();
    if (state == m_state)
    {
        return;
    }
    State old = m_state;
    m_state = state;
    NS_LOG_DEBUG(StateName(old) << " -> " << StateName(state));
    m_stateTrace(old, state);
}

void
RoamingStaWifiMac::TuneTo(uint8_t channel)
{
    m_tuneEvent.Cancel(); // a newer decision replaces a deferred switch
    Ptr<WifiPhy> phy = GetWifiPhy();
    if (channel == 0 || channel == phy->GetChannelNumber())
    {
        return;
    }
    // A frame that has just been received may be owed an ACK, which the frame exchange manager
    // sends SIFS after the frame's end (the DCF acknowledgment, IEEE 802.11-2020 §10.3) without
    // asking the PHY. A switch in between (ChannelSwitchDelay, 250 us) makes that transmission
    // start in the SWITCHING state, on which ns-3.37 aborts ("Invalid WifiPhy state.",
    // WifiPhyStateHelper::SwitchToTx): e.g. a Deauthentication from our AP, which starts a scan
    // on another channel at once. Switch just after the SIFS instead: the ACK is then on the
    // air, and the PHY postpones the switch to its end.
    Time rxEnd = phy->GetState()->GetLastRxEndTime();
    Time ackStart = rxEnd + phy->GetSifs();
    if (rxEnd.IsStrictlyPositive() && rxEnd <= Simulator::Now() && Simulator::Now() <= ackStart)
    {
        m_tuneEvent = Simulator::Schedule(ackStart - Simulator::Now() + NanoSeconds(1),
                                          &RoamingStaWifiMac::SwitchChannel, this, channel);
        return;
    }
    SwitchChannel(channel);
}

void
RoamingStaWifiMac::SwitchChannel(uint8_t channel)
{
    Ptr<WifiPhy> phy = GetWifiPhy();
    NS_LOG_DEBUG("tune to channel " << +channel);
    // width 0: the default width of the standard in this band (22 MHz for 802.11b)
    phy->SetOperatingChannel(WifiPhy::ChannelTuple{channel, 0, phy->GetPhyBand(), 0});
}

void
RoamingStaWifiMac::StartScan()
{
    NS_LOG_FUNCTION(this);
    SetState(SCANNING);
    ChannelScanner::Timing timing;
    timing.active = m_activeProbing;
    timing.passiveDwell = m_waitBeaconTimeout;
    timing.probeDelay = m_probeDelay;
    timing.minChannelTime = m_minChannelTime;
    timing.maxChannelTime = m_probeRequestTimeout;
    m_scanner.Start(GetChannelNumber(), timing);
}

void
RoamingStaWifiMac::SendBroadcastProbe()
{
    SendProbeRequest(Mac48Address::GetBroadcast());
}

void
RoamingStaWifiMac::SendProbeRequest(Mac48Address to)
{
    NS_LOG_FUNCTION(this << to);
    WifiMacHeader hdr;
    hdr.SetType(WIFI_MAC_MGT_PROBE_REQUEST);
    hdr.SetAddr1(to);
    hdr.SetAddr2(GetAddress());
    hdr.SetAddr3(to);
    hdr.SetDsNotFrom();
    hdr.SetDsNotTo();
    MgtProbeRequestHeader probe;
    probe.SetSsid(GetSsid());
    probe.SetSupportedRates(StationRates::Offered(GetWifiPhy()));
    Ptr<Packet> packet = Create<Packet>();
    packet->AddHeader(probe);
    GetTxop()->Queue(packet, hdr);
}

void
RoamingStaWifiMac::ScanDone()
{
    NS_LOG_FUNCTION(this);
    m_scanTrace(m_scanner.GetChannelsScanned(), m_scanner.GetCandidates(), m_scanner.GetDuration());
    TryNextCandidate();
}

void
RoamingStaWifiMac::TryNextCandidate()
{
    NS_LOG_FUNCTION(this);
    const ScanCandidate* best = m_scanner.Best();
    if (!best)
    {
        NS_LOG_DEBUG("no AP of the SSID left: scan again");
        StartScan();
        return;
    }
    m_target = *best;
    NS_LOG_DEBUG("associate with " << m_target.bssid << " on channel " << +m_target.channel);
    TuneTo(m_target.channel);
    StationRates::LearnFromAp(GetWifiPhy(), GetWifiRemoteStationManager(), m_target.bssid,
                              m_target.rates, m_target.capability);
    m_assocAttempts = 0;
    SetState(WAIT_ASSOC_RESP);
    SendAssocRequest();
}

void
RoamingStaWifiMac::SendAssocRequest()
{
    NS_LOG_FUNCTION(this << m_target.bssid << m_assocAttempts);
    WifiMacHeader hdr;
    hdr.SetType(WIFI_MAC_MGT_ASSOCIATION_REQUEST);
    hdr.SetAddr1(m_target.bssid);
    hdr.SetAddr2(GetAddress());
    hdr.SetAddr3(m_target.bssid);
    hdr.SetDsNotFrom();
    hdr.SetDsNotTo();
    MgtAssocRequestHeader request;
    request.SetSsid(GetSsid());
    request.SetSupportedRates(StationRates::Offered(GetWifiPhy()));
    request.SetCapabilities(StationRates::Capabilities(
        GetWifiPhy(), GetErpSupported(SINGLE_LINK_OP_ID), GetShortSlotTimeSupported()));
    request.SetListenInterval(0);
    Ptr<Packet> packet = Create<Packet>();
    packet->AddHeader(request);
    GetTxop()->Queue(packet, hdr);
    ++m_assocAttempts;
    m_stateTimer =
        Simulator::Schedule(m_assocRequestTimeout, &RoamingStaWifiMac::AssocRequestTimeout, this);
}

void
RoamingStaWifiMac::AssocRequestTimeout()
{
    NS_LOG_FUNCTION(this << m_assocAttempts);
    if (m_assocAttempts < m_maxAssocAttempts)
    {
        SendAssocRequest();
        return;
    }
    NS_LOG_DEBUG("no Association Response from " << m_target.bssid << " after " << m_assocAttempts
                                                 << " requests");
    m_scanner.Refuse(m_target.bssid);
    TryNextCandidate();
}

void
RoamingStaWifiMac::BeaconWatchdog()
{
    Time interval = m_target.beaconInterval.IsStrictlyPositive() ? m_target.beaconInterval
                                                                 : kDefaultBeaconInterval;
    Time deadline = m_lastBeacon + interval * m_maxMissedBeacons;
    if (deadline > Simulator::Now())
    {
        m_stateTimer = Simulator::Schedule(deadline - Simulator::Now(),
                                           &RoamingStaWifiMac::BeaconWatchdog, this);
        return;
    }
    if (m_linkProbesSent < m_linkProbes)
    {
        // ask the AP before giving it up: an answer refreshes m_lastBeacon
        ++m_linkProbesSent;
        NS_LOG_DEBUG("beacons of " << m_target.bssid << " missed: link probe " << m_linkProbesSent);
        SendProbeRequest(m_target.bssid);
        m_stateTimer =
            Simulator::Schedule(m_linkProbeTimeout, &RoamingStaWifiMac::BeaconWatchdog, this);
        return;
    }
    if (GetWifiPhy()->IsStateRx() && GetWifiPhy()->GetDelayUntilIdle().IsStrictlyPositive())
    {
        // the frame being received may be the awaited beacon: decide when it has ended
        m_stateTimer = Simulator::Schedule(GetWifiPhy()->GetDelayUntilIdle(),
                                           &RoamingStaWifiMac::BeaconWatchdog, this);
        return;
    }
    NS_LOG_DEBUG(m_maxMissedBeacons << " beacons of " << m_target.bssid << " missed");
    LinkLost();
}

void
RoamingStaWifiMac::LinkLost()
{
    NS_LOG_FUNCTION(this);
    Mac48Address old = m_target.bssid;
    m_aid = 0;
    // Drop the frames queued for the lost AP, so that they do not hold up the next
    // association (ns-3.37 StaWifiMac does it by switching the PHY off and on, but
    // WifiPhy::SetOffMode in the 4 us preamble-detection window leaves a stale entry in
    // m_currentPreambleEvents that ResumeFromOff does not clear: the PHY then drops every frame
    // as BUSY_DECODING_PREAMBLE and the station is deaf for the rest of the run).
    GetTxop()->GetWifiMacQueue()->Flush();
    // Scan first so that anyone asking IsAssociated() from the traces below hears "no".
    StartScan();
    m_deAssocTrace(old);
    if (!m_linkDown.IsNull())
    {
        m_linkDown();
    }
}

void
RoamingStaWifiMac::Receive(Ptr<const WifiMpdu> mpdu, uint8_t linkId)
{
    NS_LOG_FUNCTION(this << *mpdu << +linkId);
    const WifiMacHeader& hdr = mpdu->GetHeader();
    Ptr<const Packet> packet = mpdu->GetPacket();
    if (m_state == SCANNING)
    {
        m_scanner.NoteFrameReceived(); // the channel is in use (MinChannelTime)
    }
    if (hdr.GetAddr3() == GetAddress())
    {
        return; // our own frame, relayed by the AP
    }
    if (hdr.GetAddr1() != GetAddress() && !hdr.GetAddr1().IsGroup())
    {
        NotifyRxDrop(packet);
        return;
    }
    if (hdr.IsData())
    {
        bool fromOurAp =
            IsAssociated() && hdr.IsFromDs() && !hdr.IsToDs() && hdr.GetAddr2() == m_target.bssid;
        if (!fromOurAp || hdr.IsQosData())
        {
            NotifyRxDrop(packet);
            return;
        }
        if (hdr.HasData())
        {
            ForwardUp(packet, hdr.GetAddr3(), hdr.GetAddr1());
        }
        return;
    }
    SnrTag snr;
    switch (hdr.GetType())
    {
    case WIFI_MAC_MGT_BEACON:
    {
        MgtBeaconHeader beacon;
        packet->PeekHeader(beacon);
        packet->PeekPacketTag(snr);
        ReceiveBeaconOrProbeResponse(hdr, beacon, snr.Get(), true);
        break;
    }
    case WIFI_MAC_MGT_PROBE_RESPONSE:
    {
        MgtProbeResponseHeader response;
        packet->PeekHeader(response);
        packet->PeekPacketTag(snr);
        ReceiveBeaconOrProbeResponse(hdr, response, snr.Get(), false);
        break;
    }
    case WIFI_MAC_MGT_ASSOCIATION_RESPONSE:
    case WIFI_MAC_MGT_REASSOCIATION_RESPONSE:
    {
        MgtAssocResponseHeader response;
        packet->PeekHeader(response);
        ReceiveAssocResponse(hdr, response);
        break;
    }
    case WIFI_MAC_MGT_DEAUTHENTICATION:
    case WIFI_MAC_MGT_DISASSOCIATION:
        // our AP no longer counts us as associated (e.g. it lost the ACKs of its Association
        // Response): associate again rather than send into a void
        if (m_state == ASSOCIATED && hdr.GetAddr2() == m_target.bssid)
        {
            NS_LOG_DEBUG("deauthenticated by " << m_target.bssid);
            LinkLost();
        }
        break;
    case WIFI_MAC_MGT_PROBE_REQUEST:
    case WIFI_MAC_MGT_ASSOCIATION_REQUEST:
    case WIFI_MAC_MGT_REASSOCIATION_REQUEST:
        NotifyRxDrop(packet); // meant for APs
        break;
    default:
        WifiMac::Receive(mpdu, linkId);
    }
}

void
RoamingStaWifiMac::ReceiveBeaconOrProbeResponse(const WifiMacHeader& hdr,
                                                const MgtProbeResponseHeader& frame, double snr,
                                                bool isBeacon)
{
    if (!GetSsid().IsBroadcast() && !frame.GetSsid().IsEqual(GetSsid()))
    {
        return; // another ESS
    }
    Mac48Address bssid = hdr.GetAddr3();
    if (m_state == ASSOCIATED)
    {
        // a beacon, or the answer to a link probe, shows the AP is still there
        if (bssid == m_target.bssid && (isBeacon || hdr.GetAddr1() == GetAddress()))
        {
            m_lastBeacon = Simulator::Now();
            m_linkProbesSent = 0;
            StationRates::LearnFromAp(GetWifiPhy(), GetWifiRemoteStationManager(), bssid,
                                      frame.GetSupportedRates(), frame.GetCapabilities());
        }
        return;
    }
    if (m_state != SCANNING)
    {
        return;
    }
    ScanCandidate heard;
    heard.bssid = bssid;
    heard.snr = snr;
    heard.channel = GetChannelNumber();
    heard.beaconInterval = MicroSeconds(frame.GetBeaconIntervalUs());
    heard.rates = frame.GetSupportedRates();
    heard.capability = frame.GetCapabilities();
    m_scanner.Hear(heard);
    NS_LOG_DEBUG("heard " << bssid << " on channel " << +heard.channel << " snr " << snr);
}

void
RoamingStaWifiMac::ReceiveAssocResponse(const WifiMacHeader& hdr, MgtAssocResponseHeader response)
{
    if (m_state != WAIT_ASSOC_RESP || hdr.GetAddr3() != m_target.bssid)
    {
        NS_LOG_LOGIC("stale Association Response from " << hdr.GetAddr3() << " ignored");
        return;
    }
    if (!response.GetStatusCode().IsSuccess())
    {
        NS_LOG_DEBUG("association refused by " << m_target.bssid);
        m_scanner.Refuse(m_target.bssid);
        TryNextCandidate();
        return;
    }
    m_aid = response.GetAssociationId();
    StationRates::LearnFromAp(GetWifiPhy(), GetWifiRemoteStationManager(), m_target.bssid,
                              response.GetSupportedRates(), response.GetCapabilities());
    SetBssid(m_target.bssid, SINGLE_LINK_OP_ID);
    SetState(ASSOCIATED);
    m_lastBeacon = Simulator::Now();
    m_linkProbesSent = 0;
    BeaconWatchdog();
    NS_LOG_DEBUG("associated with " << m_target.bssid << " aid " << m_aid);
    m_assocTrace(m_target.bssid);
    if (!m_linkUp.IsNull())
    {
        m_linkUp();
    }
}

} // namespace ns3
