// SPDX-License-Identifier: GPL-2.0-only
#include "results/handoff-monitor.h"
#include "stack/ipv4-text.h"

#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HandoffMonitor");
NS_OBJECT_ENSURE_REGISTERED(HandoffMonitor);

namespace
{
double
NowS()
{
    return Simulator::Now().GetSeconds();
}

bool
Usable(Ipv4Address a)
{
    return a != Ipv4Address::GetAny() && !a.IsLocalhost();
}
} // namespace

TypeId
HandoffMonitor::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::HandoffMonitor")
            .SetParent<Object>()
            .SetGroupName("Sipmob")
            .AddConstructor<HandoffMonitor>()
            .AddAttribute("QualityWindowBefore",
                          "Voice-quality window of a hand-off: starts this long before the link "
                          "loss (frames by send time).",
                          TimeValue(Seconds(2)), MakeTimeAccessor(&HandoffMonitor::m_windowBefore),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("QualityWindowAfter",
                          "Voice-quality window of a hand-off: ends this long after the link loss.",
                          TimeValue(Seconds(8)), MakeTimeAccessor(&HandoffMonitor::m_windowAfter),
                          MakeTimeChecker(Time(0)))
            .AddTraceSource("Handoff", "A hand-off record is complete",
                            MakeTraceSourceAccessor(&HandoffMonitor::m_handoffTrace),
                            "ns3::HandoffMonitor::HandoffTracedCallback");
    return tid;
}

HandoffMonitor::HandoffMonitor()
    : m_address(Ipv4Address::GetAny())
{
}

void
HandoffMonitor::DoDispose()
{
    m_networkOf = nullptr;
    m_networkOfAp = nullptr;
    Object::DoDispose();
}

void
HandoffMonitor::Configure(const std::string& ua, std::function<std::string(Ipv4Address)> networkOf,
                          std::function<std::string(Mac48Address)> networkOfAp)
{
    m_ua = ua;
    m_networkOf = std::move(networkOf);
    m_networkOfAp = std::move(networkOfAp);
}

std::string
HandoffMonitor::Classify(const sipmob::HandoffRecord& record, const std::string& apNetwork)
{
    if (!record.tAssociated)
    {
        return "coverage-loss";
    }
    const std::string& entered = apNetwork.empty() ? record.toNetwork : apNetwork;
    return entered == record.fromNetwork ? "reassociation" : "handoff";
}

void
HandoffMonitor::OnDeassociated(Mac48Address bssid)
{
    NS_LOG_FUNCTION(this << bssid);
    if (m_open && !m_open->tLease)
    {
        // The link broke again before the move got an address (an association the AP did not
        // confirm, a flap at the cell edge): the same move goes on, and its L2 spans every
        // association attempt until the one that leads to a lease.
        m_open->tAssociated.reset();
        m_open->toNetwork.clear();
        m_apNetwork.clear();
        return;
    }
    if (m_open)
    {
        Emit("superseded"); // a second move before the first completed: what the first achieved
    }
    if (!Usable(m_address))
    {
        return; // lost the link before ever having an address: not a hand-off
    }
    sipmob::HandoffRecord r;
    r.ua = m_ua;
    r.oldAddress = Ipv4Text(m_address);
    m_oldAddress = m_address;
    r.fromNetwork = m_networkOf ? m_networkOf(m_address) : "";
    r.tLinkLost = NowS();
    r.tQualityFrom = *r.tLinkLost - m_windowBefore.GetSeconds();
    r.tQualityTo = *r.tLinkLost + m_windowAfter.GetSeconds();
    if (m_down.t >= 0)
    {
        r.tLastMediaDown = m_down.t;
    }
    if (m_up.t >= 0)
    {
        r.tLastMediaUp = m_up.t;
    }
    m_downBefore = m_down;
    m_upBefore = m_up;
    m_open = r;
}

void
HandoffMonitor::OnAssociated(Mac48Address bssid)
{
    NS_LOG_FUNCTION(this << bssid);
    if (m_open && !m_open->tAssociated)
    {
        m_open->tAssociated = NowS();
        m_apNetwork = m_networkOfAp ? m_networkOfAp(bssid) : "";
        if (m_open->toNetwork.empty())
        {
            m_open->toNetwork = m_apNetwork; // the lease, if one comes, confirms or corrects it
        }
    }
}

void
HandoffMonitor::OnScanDone(uint32_t channels, uint32_t candidates, Time duration)
{
    NS_LOG_FUNCTION(this << channels << candidates << duration);
    if (m_open && !m_open->tAssociated)
    {
        m_open->scanMs = m_open->scanMs.value_or(0) + duration.GetSeconds() * 1000.0;
    }
}

void
HandoffMonitor::OnLease(const Ipv4Address& address)
{
    NS_LOG_FUNCTION(this << address);
    m_address = address;
    if (m_open && !m_open->tLease)
    {
        m_open->tLease = NowS();
        m_open->newAddress = Ipv4Text(address);
        m_open->toNetwork = m_networkOf ? m_networkOf(address) : "";
    }
}

void
HandoffMonitor::OnAddressChange(Ipv4Address oldAddr, Ipv4Address newAddr)
{
    (void) oldAddr;
    if (m_open && m_open->tLease && !m_open->tDetected && Ipv4Text(newAddr) == m_open->newAddress)
    {
        m_open->tDetected = NowS();
    }
}

void
HandoffMonitor::OnDiscoverySent()
{
    if (m_open && m_open->tDetected && !m_open->tDiscoverySent)
    {
        m_open->tDiscoverySent = NowS();
    }
}

void
HandoffMonitor::OnDiscoveryDone(bool ok)
{
    if (m_open && m_open->tDiscoverySent && !m_open->tDiscoveryDone)
    {
        if (ok)
        {
            m_open->tDiscoveryDone = NowS();
        }
        else
        {
            m_failure = "no-proxy";
        }
    }
}

void
HandoffMonitor::OnRegisterSent(const std::string& contact)
{
    // At send time, so that a hand-off cut short by another move while its REGISTER is pending
    // (the chain's record comes much later, or never) still records that it was sent.
    if (m_open && m_open->tDetected && !m_open->tRegisterOk && !m_open->tRegisterSent &&
        contact.find(m_open->newAddress) != std::string::npos)
    {
        m_open->tRegisterSent = NowS();
    }
}

void
HandoffMonitor::OnRegistration(const sipmob::RegistrationRecord& record)
{
    if (!m_open || !m_open->tDetected || m_open->tRegisterOk)
    {
        return;
    }
    // The registration of the new contact: sent after the detection, naming the new address.
    if (record.tSent + 1e-12 < *m_open->tDetected ||
        record.contact.find(m_open->newAddress) == std::string::npos)
    {
        return;
    }
    if (!m_open->tRegisterSent)
    {
        m_open->tRegisterSent = record.tSent;
    }
    if (record.status >= 200 && record.status < 300 && record.tFinal)
    {
        m_open->tRegisterOk = record.tFinal;
        m_failure.clear(); // a retry succeeded
        MaybeComplete();
    }
    else if (record.expires == 0)
    {
        m_failure = "registration-failed";
    }
}

void
HandoffMonitor::OnReinviteSent(const std::string& callId)
{
    (void) callId;
    if (m_open && m_open->tRegisterOk && !m_open->tReinviteSent)
    {
        m_open->tReinviteSent = NowS();
    }
}

void
HandoffMonitor::OnReinviteResult(const std::string& callId, int status)
{
    (void) callId;
    if (m_open && m_open->tReinviteSent && !m_open->tReinviteOk && status >= 200 && status < 300)
    {
        m_open->tReinviteOk = NowS();
        MaybeComplete();
    }
    else if (m_open && m_open->tReinviteSent && !m_open->tReinviteOk && status >= 300)
    {
        m_failure = "reinvite-failed";
    }
}

uint64_t
HandoffMonitor::Lost(const PathState& before, uint16_t firstSeq)
{
    if (before.t < 0)
    {
        return 0;
    }
    uint16_t gap = static_cast<uint16_t>(firstSeq - before.seq);
    return gap == 0 ? 0 : gap - 1u;
}

void
HandoffMonitor::OnMobileMediaRx(const std::string& callId, Ipv4Address from, Ipv4Address local,
                                uint16_t seq)
{
    (void) from;
    if (m_open && !m_open->tMediaDown && !m_open->newAddress.empty() &&
        Ipv4Text(local) == m_open->newAddress)
    {
        m_open->tMediaDown = NowS();
        m_open->mediaLostDown = Lost(m_downBefore, seq);
        m_open->callId = callId;
        if (m_downHeard >= 0)
        {
            m_open->outageDownMs = (NowS() - m_downHeard) * 1000.0;
        }
    }
    if (local == m_address)
    {
        m_down = {NowS(), seq};
    }
    if (local == m_address || (m_open && local == m_oldAddress))
    {
        m_downHeard = NowS();
    }
    MaybeComplete();
}

void
HandoffMonitor::OnPeerMediaRx(const std::string& callId, Ipv4Address from, Ipv4Address local,
                              uint16_t seq)
{
    (void) callId;
    (void) local;
    if (m_open && !m_open->tMediaUp && !m_open->newAddress.empty() &&
        Ipv4Text(from) == m_open->newAddress)
    {
        m_open->tMediaUp = NowS();
        m_open->mediaLostUp = Lost(m_upBefore, seq);
        if (m_upHeard >= 0)
        {
            m_open->outageUpMs = (NowS() - m_upHeard) * 1000.0;
        }
    }
    if (from == m_address)
    {
        m_up = {NowS(), seq};
    }
    if (from == m_address || (m_open && from == m_oldAddress))
    {
        m_upHeard = NowS();
    }
    MaybeComplete();
}

void
HandoffMonitor::MaybeComplete()
{
    if (m_open && m_open->tMediaDown && m_open->tMediaUp && m_open->tReinviteOk)
    {
        Emit();
    }
}

void
HandoffMonitor::Emit(const std::string& status)
{
    if (!m_open)
    {
        return;
    }
    sipmob::HandoffRecord r = *m_open;
    r.kind = Classify(r, m_apNetwork);
    m_open.reset();
    bool done = r.tRegisterOk && (r.tReinviteOk || !r.tReinviteSent);
    if (done)
    {
        r.status = "completed";
    }
    else if (!r.tLease)
    {
        r.status = status.empty() ? "no-lease" : status;
    }
    else
    {
        r.status = !m_failure.empty() ? m_failure : status.empty() ? "incomplete" : status;
    }
    m_failure.clear();
    m_apNetwork.clear();
    // Every step is recorded only after the one before it, except the first media packets at
    // the new address: durations come out non-negative or empty (ResumeMs, TotalMs).
    NS_ASSERT_MSG(sipmob::HandoffRecordViolation(r).empty(),
                  m_ua << ": " << sipmob::HandoffRecordViolation(r));
    m_handoffTrace(r);
}

void
HandoffMonitor::Flush()
{
    Emit();
}

} // namespace ns3
