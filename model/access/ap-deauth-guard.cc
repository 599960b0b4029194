// SPDX-License-Identifier: GPL-2.0-only
#include "access/ap-deauth-guard.h"

#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/txop.h"
#include "ns3/wifi-mac-header.h"
#include "ns3/wifi-mac.h"
#include "ns3/wifi-phy.h"
#include "ns3/wifi-remote-station-manager.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ApDeauthGuard");
NS_OBJECT_ENSURE_REGISTERED(ApDeauthGuard);

namespace
{
/// IEEE 802.11-2020 Table 9-49, reason 7: class 3 frame received from nonassociated STA
constexpr uint8_t kReasonClass3FromNonassociated = 7;
} // namespace

TypeId
ApDeauthGuard::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::ApDeauthGuard")
            .SetParent<Object>()
            .SetGroupName("Sipmob")
            .AddConstructor<ApDeauthGuard>()
            .AddAttribute(
                "MinInterval", "Least time between two Deauthentication frames to one station.",
                TimeValue(MilliSeconds(100)), MakeTimeAccessor(&ApDeauthGuard::m_minInterval),
                MakeTimeChecker(Seconds(0)))
            .AddTraceSource("Deauth", "A Deauthentication (reason 7) was queued for a station.",
                            MakeTraceSourceAccessor(&ApDeauthGuard::m_deauthTrace),
                            "ns3::Mac48Address::TracedCallback");
    return tid;
}

ApDeauthGuard::ApDeauthGuard() = default;

ApDeauthGuard::~ApDeauthGuard() = default;

void
ApDeauthGuard::DoDispose()
{
    m_ap = nullptr;
    Object::DoDispose();
}

void
ApDeauthGuard::Install(Ptr<WifiNetDevice> ap)
{
    m_ap = ap;
    ap->GetPhy()->TraceConnectWithoutContext("MonitorSnifferRx",
                                             MakeCallback(&ApDeauthGuard::OnSniffRx, this));
}

uint32_t
ApDeauthGuard::GetDeauthCount() const
{
    return m_count;
}

void
ApDeauthGuard::OnSniffRx(Ptr<const Packet> packet, uint16_t /* channelFreqMhz */,
                         WifiTxVector /* txVector */, MpduInfo /* aMpdu */,
                         SignalNoiseDbm /* signalNoise */, uint16_t /* staId */)
{
    if (!m_ap)
    {
        return;
    }
    WifiMacHeader hdr;
    if (packet->PeekHeader(hdr) == 0 || !hdr.IsData() || !hdr.IsToDs() || hdr.IsFromDs())
    {
        return;
    }
    Ptr<WifiMac> mac = m_ap->GetMac();
    if (hdr.GetAddr1() != mac->GetAddress())
    {
        return;
    }
    Mac48Address sta = hdr.GetAddr2();
    Ptr<WifiRemoteStationManager> manager = mac->GetWifiRemoteStationManager();
    if (manager->IsAssociated(sta) || manager->IsWaitAssocTxOk(sta))
    {
        return;
    }
    auto last = m_lastSent.find(sta);
    if (last != m_lastSent.end() && Simulator::Now() - last->second < m_minInterval)
    {
        return;
    }
    m_lastSent[sta] = Simulator::Now();
    SendDeauth(sta);
}

void
ApDeauthGuard::SendDeauth(Mac48Address sta)
{
    NS_LOG_DEBUG("data from non-associated " << sta << ": Deauthentication");
    Ptr<WifiMac> mac = m_ap->GetMac();
    WifiMacHeader hdr;
    hdr.SetType(WIFI_MAC_MGT_DEAUTHENTICATION);
    hdr.SetAddr1(sta);
    hdr.SetAddr2(mac->GetAddress());
    hdr.SetAddr3(mac->GetAddress());
    hdr.SetDsNotFrom();
    hdr.SetDsNotTo();
    const uint8_t body[2] = {kReasonClass3FromNonassociated, 0}; // reason code, little endian
    mac->GetTxop()->Queue(Create<Packet>(body, sizeof(body)), hdr);
    ++m_count;
    m_deauthTrace(sta);
}

} // namespace ns3
