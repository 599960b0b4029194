// SPDX-License-Identifier: GPL-2.0-only
#include "access/ap-lost-station-guard.h"

#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/qos-blocked-destinations.h"
#include "ns3/simulator.h"
#include "ns3/txop.h"
#include "ns3/uinteger.h"
#include "ns3/wifi-mac-queue.h"
#include "ns3/wifi-mac.h"
#include "ns3/wifi-mpdu.h"
#include "ns3/wifi-phy.h"
#include "ns3/wifi-remote-station-manager.h"

#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ApLostStationGuard");
NS_OBJECT_ENSURE_REGISTERED(ApLostStationGuard);

TypeId
ApLostStationGuard::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::ApLostStationGuard")
            .SetParent<Object>()
            .SetGroupName("Sipmob")
            .AddConstructor<ApLostStationGuard>()
            .AddAttribute(
                "MaxFinalFailures",
                "Consecutive data frames to a station that used up their retransmissions, "
                "with nothing received from the station in between, after which the AP "
                "counts the station as gone (0: never).",
                UintegerValue(4), MakeUintegerAccessor(&ApLostStationGuard::m_maxFinalFailures),
                MakeUintegerChecker<uint32_t>())
            .AddTraceSource("Lost", "The AP let go of a station (station, queued frames dropped).",
                            MakeTraceSourceAccessor(&ApLostStationGuard::m_lostTrace),
                            "ns3::ApLostStationGuard::LostTracedCallback");
    return tid;
}

ApLostStationGuard::ApLostStationGuard() = default;

ApLostStationGuard::~ApLostStationGuard() = default;

void
ApLostStationGuard::DoDispose()
{
    m_ap = nullptr;
    Object::DoDispose();
}

void
ApLostStationGuard::Install(Ptr<WifiNetDevice> ap)
{
    m_ap = ap;
    Ptr<WifiMac> mac = ap->GetMac();
    mac->GetWifiRemoteStationManager()->TraceConnectWithoutContext(
        "MacTxFinalDataFailed", MakeCallback(&ApLostStationGuard::OnFinalDataFailed, this));
    mac->TraceConnectWithoutContext("AckedMpdu", MakeCallback(&ApLostStationGuard::OnAcked, this));
    ap->GetPhy()->TraceConnectWithoutContext("MonitorSnifferRx",
                                             MakeCallback(&ApLostStationGuard::OnSniffRx, this));
}

uint32_t
ApLostStationGuard::GetLostCount() const
{
    return m_lost;
}

void
ApLostStationGuard::OnAcked(Ptr<const WifiMpdu> mpdu)
{
    // An acknowledged frame: the station is there.
    m_failures.erase(mpdu->GetHeader().GetAddr1());
}

void
ApLostStationGuard::OnSniffRx(Ptr<const Packet> packet, uint16_t /* channelFreqMhz */,
                              WifiTxVector /* txVector */, MpduInfo /* aMpdu */,
                              SignalNoiseDbm /* signalNoise */, uint16_t /* staId */)
{
    if (m_failures.empty())
    {
        return;
    }
    WifiMacHeader hdr;
    if (packet->PeekHeader(hdr) == 0 || hdr.IsCtl())
    {
        return; // control frames (ACK, CTS) carry no transmitter address
    }
    // Anything the station sends shows it is in range, even if its ACKs were lost.
    m_failures.erase(hdr.GetAddr2());
}

void
ApLostStationGuard::OnFinalDataFailed(Mac48Address station)
{
    if (m_maxFinalFailures == 0 || !m_ap)
    {
        return;
    }
    uint32_t& failures = m_failures[station];
    ++failures;
    NS_LOG_LOGIC(station << ": " << failures << " frame(s) in a row without acknowledgement");
    if (failures >= m_maxFinalFailures)
    {
        m_failures.erase(station);
        // Called from inside the frame exchange that just gave up; let it finish first.
        Simulator::ScheduleNow(&ApLostStationGuard::LetGo, this, station);
    }
}

void
ApLostStationGuard::LetGo(Mac48Address station)
{
    if (!m_ap)
    {
        return;
    }
    Ptr<WifiMac> mac = m_ap->GetMac();
    Ptr<WifiRemoteStationManager> manager = mac->GetWifiRemoteStationManager();
    if (!manager->IsAssociated(station))
    {
        return; // already gone (or associating again)
    }
    // ApWifiMac forwards nothing more to a station that is not associated (CanForwardPacketsTo).
    manager->RecordDisassociated(station);
    Ptr<WifiMacQueue> queue = mac->GetTxop()->GetWifiMacQueue();
    NS_LOG_LOGIC(queue->GetNPackets() << " frame(s) queued");
    std::vector<Ptr<WifiMpdu>> doomed;
    for (Ptr<WifiMpdu> item = queue->PeekFirstAvailable(SINGLE_LINK_OP_ID); item;
         item = queue->PeekFirstAvailable(SINGLE_LINK_OP_ID, nullptr, item))
    {
        const WifiMacHeader& hdr = item->GetHeader();
        if (hdr.IsData() && hdr.GetAddr1() == station && !item->IsInFlight())
        {
            doomed.push_back(item);
        }
    }
    for (const auto& item : doomed)
    {
        queue->Remove(item);
    }
    ++m_lost;
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " " << station << " taken for gone; "
                                             << doomed.size() << " queued frame(s) dropped");
    m_lostTrace(station, static_cast<uint32_t>(doomed.size()));
}

} // namespace ns3
