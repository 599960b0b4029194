// SPDX-License-Identifier: GPL-2.0-only
#include "access/roaming-dhcp-client.h"

#include "access/roaming-sta-wifi-mac.h"

#include "ns3/dhcp-header.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/integer.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/mac48-address.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/sta-wifi-mac.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"
#include "ns3/wifi-net-device.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RoamingDhcpClient");
NS_OBJECT_ENSURE_REGISTERED(RoamingDhcpClient);

namespace
{
constexpr uint16_t kServerPort = 67; ///< DHCP server port
constexpr uint16_t kClientPort = 68; ///< DHCP client port
} // namespace

TypeId
RoamingDhcpClient::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RoamingDhcpClient")
            .SetParent<Application>()
            .SetGroupName("Sipmob")
            .AddConstructor<RoamingDhcpClient>()
            .AddAttribute("Collect", "How long offers are collected after the first one arrives",
                          TimeValue(MilliSeconds(50)),
                          MakeTimeAccessor(&RoamingDhcpClient::m_collect), MakeTimeChecker(Time(0)))
            .AddAttribute("RTRS", "First DISCOVER retransmission timeout", TimeValue(Seconds(1)),
                          MakeTimeAccessor(&RoamingDhcpClient::m_rtrs),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("Backoff", "Multiplier applied to RTRS after each retransmission",
                          DoubleValue(2.0), MakeDoubleAccessor(&RoamingDhcpClient::m_backoff),
                          MakeDoubleChecker<double>(1.0))
            .AddAttribute("MaxRTRS", "Upper bound of the DISCOVER retransmission timeout",
                          TimeValue(Seconds(8)), MakeTimeAccessor(&RoamingDhcpClient::m_maxRtrs),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("RetryCount",
                          "DISCOVER retransmissions per link-up before giving up (0: no limit)",
                          UintegerValue(0), MakeUintegerAccessor(&RoamingDhcpClient::m_maxRetries),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("RequestTimeout", "Wait for an ACK before discovery restarts",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&RoamingDhcpClient::m_requestTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("Jitter",
                          "Largest randomization of a retransmission delay (RFC 2131 4.1: uniform "
                          "-1..+1 s); at most half the delay is used",
                          TimeValue(Seconds(1)), MakeTimeAccessor(&RoamingDhcpClient::m_jitter),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("Transactions", "Random variable for transaction ids",
                          StringValue("ns3::UniformRandomVariable[Min=0.0|Max=4294967295.0]"),
                          MakePointerAccessor(&RoamingDhcpClient::m_xidRng),
                          MakePointerChecker<RandomVariableStream>())
            .AddTraceSource("NewLease", "A new address was configured on the interface",
                            MakeTraceSourceAccessor(&RoamingDhcpClient::m_newLeaseTrace),
                            "ns3::Ipv4Address::TracedCallback")
            .AddTraceSource("ExpireLease",
                            "The lease ran out without renewal; the address was removed",
                            MakeTraceSourceAccessor(&RoamingDhcpClient::m_expireTrace),
                            "ns3::Ipv4Address::TracedCallback")
            .AddTraceSource("LinkLost",
                            "Link went down; argument is the address held (0.0.0.0 if none)",
                            MakeTraceSourceAccessor(&RoamingDhcpClient::m_linkLostTrace),
                            "ns3::Ipv4Address::TracedCallback")
            .AddTraceSource("Tx", "A DHCP message was sent (type, xid)",
                            MakeTraceSourceAccessor(&RoamingDhcpClient::m_txTrace),
                            "ns3::RoamingDhcpClient::TxTracedCallback");
    return tid;
}

RoamingDhcpClient::RoamingDhcpClient()
    : m_jitterStreamAssigned(false)
    , m_backoff(2.0)
    , m_maxRetries(0)
    , m_state(IDLE)
    , m_linkUp(false)
    , m_callbackRegistered(false)
    , m_xid(0)
    , m_retries(0)
    , m_boundTime(Seconds(-1))
    , m_discoverCount(0)
    , m_linkUpCount(0)
{
    NS_LOG_FUNCTION(this);
    // The stream is given at creation: the default (-1) would take the next number of ns-3's
    // automatic sequence and shift the streams of every variable created after this client.
    // StartApplication sets the station's own stream (AssignStreams).
    m_jitterRng = CreateObjectWithAttributes<UniformRandomVariable>(
        "Min", DoubleValue(-1.0), "Max", DoubleValue(1.0), "Stream",
        IntegerValue(kJitterStreamBase));
}

RoamingDhcpClient::~RoamingDhcpClient()
{
    NS_LOG_FUNCTION(this);
}

void
RoamingDhcpClient::SetDevice(Ptr<NetDevice> device)
{
    m_device = device;
}

Ptr<NetDevice>
RoamingDhcpClient::GetDevice() const
{
    return m_device;
}

bool
RoamingDhcpClient::HasLease() const
{
    return m_state == BOUND || m_state == RENEWING || m_state == REBINDING;
}

DhcpLease
RoamingDhcpClient::GetLease() const
{
    DhcpLease held;
    held.address = m_installer.GetAddress();
    held.router = m_installer.GetGateway();
    held.mask = Ipv4Mask::GetZero();
    held.server = Ipv4Address::GetZero();
    held.dns = Ipv4Address::GetAny();
    if (HasLease())
    {
        held.mask = m_lease.mask;
        held.server = m_lease.server;
        held.lease = m_lease.lease;
        held.renew = m_lease.renew;
        held.rebind = m_lease.rebind;
        held.dns = m_lease.dns;
        held.domain = m_lease.domain;
    }
    return held;
}

Time
RoamingDhcpClient::GetLeaseBoundTime() const
{
    return m_boundTime;
}

RoamingDhcpClient::State
RoamingDhcpClient::GetState() const
{
    return m_state;
}

uint32_t
RoamingDhcpClient::GetDiscoverCount() const
{
    return m_discoverCount;
}

uint32_t
RoamingDhcpClient::GetLinkUpCount() const
{
    return m_linkUpCount;
}

int64_t
RoamingDhcpClient::AssignStreams(int64_t stream)
{
    m_xidRng->SetStream(stream);
    m_jitterRng->SetStream(stream + 1);
    m_jitterStreamAssigned = true;
    return 2;
}

void
RoamingDhcpClient::DoDispose()
{
    NS_LOG_FUNCTION(this);
    CancelTimers();
    m_installer.Detach();
    m_device = nullptr;
    m_socket = nullptr;
    Application::DoDispose();
}

void
RoamingDhcpClient::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(!m_device, "RoamingDhcpClient: no device set (call SetDevice)");
    m_installer.Attach(GetNode(), m_device);
    if (!m_jitterStreamAssigned)
    {
        // One stream per station, whatever the order stations were created in.
        int64_t key = GetNode()->GetId(); // devices without a MAC-48 address: the node
        if (Mac48Address::IsMatchingType(m_device->GetAddress()))
        {
            uint8_t mac[6] = {};
            Mac48Address::ConvertFrom(m_device->GetAddress()).CopyTo(mac);
            key = 0;
            for (uint8_t octet : mac)
            {
                key = (key << 8) | octet;
            }
        }
        m_jitterRng->SetStream(kJitterStreamBase + key);
        m_jitterStreamAssigned = true;
    }
    if (!m_socket)
    {
        m_socket = Socket::CreateSocket(GetNode(), TypeId::LookupByName("ns3::UdpSocketFactory"));
        m_socket->SetAllowBroadcast(true);
        m_socket->BindToNetDevice(m_device);
        m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), kClientPort));
    }
    m_socket->SetRecvCallback(MakeCallback(&RoamingDhcpClient::Receive, this));
    if (!m_callbackRegistered)
    {
        m_device->AddLinkChangeCallback(MakeCallback(&RoamingDhcpClient::LinkStateHandler, this));
        m_callbackRegistered = true;
    }
    m_linkUp = false;
    Address bssid;
    if (LinkIsUp(&bssid))
    {
        OnLinkUp(bssid);
    }
}

void
RoamingDhcpClient::StopApplication()
{
    NS_LOG_FUNCTION(this);
    CancelTimers();
    if (HasLease())
    {
        DropLease();
    }
    m_state = IDLE;
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    }
}

void
RoamingDhcpClient::CancelTimers()
{
    m_discoverEvent.Cancel();
    m_collectEvent.Cancel();
    m_requestEvent.Cancel();
    m_renewEvent.Cancel();
    m_rebindEvent.Cancel();
    m_expireEvent.Cancel();
}

bool
RoamingDhcpClient::LinkIsUp(Address* bssid) const
{
    // A wifi station reports its link up before it is associated (ns-3.37): ask the MAC.
    Ptr<WifiNetDevice> wifi = DynamicCast<WifiNetDevice>(m_device);
    if (auto roaming = wifi ? DynamicCast<RoamingStaWifiMac>(wifi->GetMac()) : nullptr)
    {
        if (roaming->IsAssociated() && bssid)
        {
            *bssid = roaming->GetApBssid();
        }
        return roaming->IsAssociated();
    }
    Ptr<StaWifiMac> sta = wifi ? DynamicCast<StaWifiMac>(wifi->GetMac()) : nullptr;
    if (!sta)
    {
        return m_device->IsLinkUp();
    }
    if (sta->IsAssociated() && bssid)
    {
        *bssid = sta->GetBssid(0);
    }
    return sta->IsAssociated();
}

void
RoamingDhcpClient::LinkStateHandler()
{
    if (!m_device || !m_socket)
    {
        return; // disposed, or never started
    }
    Address bssid;
    bool up = LinkIsUp(&bssid);
    if (up && m_linkUp && bssid != m_bssid)
    {
        NS_LOG_INFO("re-associated with " << bssid << " without link-down");
        OnLinkUp(bssid);
        return;
    }
    if (up == m_linkUp)
    {
        NS_LOG_LOGIC("duplicate link notification ignored");
        return;
    }
    if (up)
    {
        OnLinkUp(bssid);
    }
    else
    {
        OnLinkDown();
    }
}

void
RoamingDhcpClient::OnLinkUp(const Address& bssid)
{
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " link up " << bssid);
    m_linkUp = true;
    m_bssid = bssid;
    ++m_linkUpCount;
    StartDiscovery();
}

void
RoamingDhcpClient::OnLinkDown()
{
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " link down");
    m_linkUp = false;
    CancelTimers();
    Ipv4Address held = HasLease() ? m_installer.GetAddress() : Ipv4Address::GetZero();
    if (HasLease())
    {
        DropLease();
    }
    m_offers.clear();
    m_state = IDLE;
    m_linkLostTrace(held);
}

void
RoamingDhcpClient::StartDiscovery()
{
    CancelTimers();
    if (HasLease())
    {
        DropLease(); // a new link may be a new subnet
    }
    m_xid = static_cast<uint32_t>(m_xidRng->GetValue());
    m_retries = 0;
    m_currentRtrs = m_rtrs;
    SendDiscover();
}

void
RoamingDhcpClient::Send(Ptr<Packet> packet, Ipv4Address to, uint8_t type)
{
    if (m_socket->SendTo(packet, 0, InetSocketAddress(to, kServerPort)) < 0)
    {
        NS_LOG_WARN("send of DHCP message type " << +type << " failed");
        return;
    }
    m_txTrace(type, m_xid);
}

void
RoamingDhcpClient::SendDiscover()
{
    Ptr<Packet> packet = DhcpMessageCodec::MakeDiscover(m_xid, m_device->GetAddress());
    m_offers.clear();
    m_state = SELECTING;
    ++m_discoverCount;
    Send(packet, Ipv4Address::GetBroadcast(), DhcpHeader::DHCPDISCOVER);
    m_discoverEvent =
        Simulator::Schedule(Randomize(m_currentRtrs), &RoamingDhcpClient::DiscoverTimeout, this);
}

Time
RoamingDhcpClient::Randomize(Time delay)
{
    // RFC 2131 §4.1 randomizes each retransmission delay by a uniform -1..+1 s so that clients
    // that started together (a link lost by several stations at once, a power failure) spread
    // out. Its delays start at 4 s; the hand-off friendly RTRS may be much shorter, so at most
    // half the delay is used: a retransmission never comes sooner than half its timeout.
    Time bound = std::min(m_jitter, delay / 2);
    return delay + Seconds(bound.GetSeconds() * m_jitterRng->GetValue());
}

void
RoamingDhcpClient::DiscoverTimeout()
{
    ++m_retries;
    if (m_maxRetries != 0 && m_retries > m_maxRetries)
    {
        NS_LOG_INFO("no offer after " << m_maxRetries << " retransmissions; waiting for link-up");
        m_state = IDLE;
        return;
    }
    Time next = Seconds(m_currentRtrs.GetSeconds() * m_backoff);
    m_currentRtrs = std::min(next, m_maxRtrs);
    SendDiscover();
}

void
RoamingDhcpClient::Receive(Ptr<Socket> socket)
{
    Address from;
    Ptr<Packet> packet;
    while ((packet = socket->RecvFrom(from)))
    {
        if (!DhcpMessageCodec::IsWellFormed(packet))
        {
            NS_LOG_WARN("malformed DHCP message of " << packet->GetSize() << " bytes dropped");
            continue;
        }
        DhcpMessageCodec::ExtraOptions extra = DhcpMessageCodec::TakeExtraOptions(packet);
        DhcpHeader header;
        if (packet->RemoveHeader(header) == 0 || header.GetTran() != m_xid ||
            !DhcpMessageCodec::ChaddrMatches(header, m_device->GetAddress()))
        {
            continue;
        }
        uint8_t type = header.GetType();
        if (type == DhcpHeader::DHCPOFFER && m_state == SELECTING)
        {
            HandleOffer(header);
            m_offers.back().dns = extra.dns;
            m_offers.back().domain = extra.domain;
        }
        else if (type == DhcpHeader::DHCPACK &&
                 (m_state == REQUESTING || m_state == RENEWING || m_state == REBINDING))
        {
            HandleAck(header);
        }
        else if (type == DhcpHeader::DHCPNACK && m_state != SELECTING && m_state != IDLE)
        {
            NS_LOG_INFO("NACK: restarting discovery");
            StartDiscovery();
        }
    }
}

void
RoamingDhcpClient::HandleOffer(DhcpHeader& header)
{
    m_offers.push_back(DhcpMessageCodec::ReadOffer(header));
    if (m_offers.size() == 1)
    {
        m_discoverEvent.Cancel();
        m_collectEvent = Simulator::Schedule(m_collect, &RoamingDhcpClient::Select, this);
    }
}

void
RoamingDhcpClient::Select()
{
    if (m_offers.empty())
    {
        SendDiscover();
        return;
    }
    m_lease = m_offers.front();
    m_offers.clear();
    m_state = REQUESTING;
    SendRequest(Ipv4Address::GetBroadcast(), m_lease.address);
    m_requestEvent =
        Simulator::Schedule(Randomize(m_requestTimeout), &RoamingDhcpClient::RequestTimeout, this);
}

void
RoamingDhcpClient::SendRequest(Ipv4Address to, Ipv4Address requested)
{
    Send(DhcpMessageCodec::MakeRequest(m_xid, m_device->GetAddress(), requested), to,
         DhcpHeader::DHCPREQ);
}

void
RoamingDhcpClient::RequestTimeout()
{
    NS_LOG_INFO("no ACK: restarting discovery");
    m_xid = static_cast<uint32_t>(m_xidRng->GetValue());
    m_currentRtrs = m_rtrs;
    SendDiscover();
}

void
RoamingDhcpClient::HandleAck(DhcpHeader& header)
{
    if (header.GetYiaddr() != m_lease.address)
    {
        NS_LOG_WARN("ACK for " << header.GetYiaddr() << " ignored; requested " << m_lease.address);
        return;
    }
    CancelTimers();
    bool fresh = (m_state == REQUESTING);
    m_state = BOUND;
    if (fresh)
    {
        m_installer.Install(m_lease.address, m_lease.mask, m_lease.router);
        NS_LOG_INFO(Simulator::Now().As(Time::S)
                    << " bound " << m_installer.GetAddress() << " gw " << m_installer.GetGateway()
                    << " if " << m_installer.InterfaceIndex());
        m_boundTime = Simulator::Now();
        m_newLeaseTrace(m_installer.GetAddress());
    }
    // Servers that leave the timers out get RFC 2131 defaults (T1 = 0.5, T2 = 0.875 lease).
    Time lease = m_lease.lease.IsStrictlyPositive() ? m_lease.lease : Seconds(3600);
    Time t1 = m_lease.renew.IsStrictlyPositive() ? m_lease.renew : lease / 2;
    Time t2 = m_lease.rebind.IsStrictlyPositive() ? m_lease.rebind : lease * 7 / 8;
    m_renewEvent = Simulator::Schedule(t1, &RoamingDhcpClient::Renew, this);
    m_rebindEvent = Simulator::Schedule(t2, &RoamingDhcpClient::Rebind, this);
    m_expireEvent = Simulator::Schedule(lease, &RoamingDhcpClient::Expire, this);
}

void
RoamingDhcpClient::Renew()
{
    m_state = RENEWING;
    m_xid = static_cast<uint32_t>(m_xidRng->GetValue());
    SendRequest(m_lease.server, m_installer.GetAddress());
}

void
RoamingDhcpClient::Rebind()
{
    m_state = REBINDING;
    m_xid = static_cast<uint32_t>(m_xidRng->GetValue());
    SendRequest(Ipv4Address::GetBroadcast(), m_installer.GetAddress());
}

void
RoamingDhcpClient::Expire()
{
    Ipv4Address old = m_installer.GetAddress();
    CancelTimers();
    DropLease();
    m_state = IDLE;
    m_expireTrace(old);
    if (m_linkUp)
    {
        StartDiscovery();
    }
}

void
RoamingDhcpClient::DropLease()
{
    m_installer.Remove();
    m_boundTime = Seconds(-1);
    m_state = IDLE;
}

} // namespace ns3
