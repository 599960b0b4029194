// SPDX-License-Identifier: GPL-2.0-only
#include "access/roaming-dhcp-client.h"

#include "access/roaming-sta-wifi-mac.h"

#include "ns3/dhcp-header.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-routing-table-entry.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
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
#include <array>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RoamingDhcpClient");
NS_OBJECT_ENSURE_REGISTERED(RoamingDhcpClient);

namespace
{
constexpr uint16_t kServerPort = 67;   ///< DHCP server port
constexpr uint16_t kClientPort = 68;   ///< DHCP client port
constexpr uint32_t kBootpSize = 236;   ///< fixed BOOTP part, before the magic cookie
constexpr uint32_t kMaxMessage = 1500; ///< larger replies are not DHCP in this model
const std::array<uint8_t, 4> kCookie = {99, 130, 83, 99}; ///< RFC 2131 magic cookie
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
    : m_backoff(2.0)
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

Ipv4Address
RoamingDhcpClient::GetAddress() const
{
    return m_address;
}

Ipv4Mask
RoamingDhcpClient::GetMask() const
{
    return HasLease() ? m_lease.mask : Ipv4Mask::GetZero();
}

Ipv4Address
RoamingDhcpClient::GetGateway() const
{
    return m_gateway;
}

Ipv4Address
RoamingDhcpClient::GetServer() const
{
    return HasLease() ? m_lease.server : Ipv4Address::GetZero();
}

Ipv4Address
RoamingDhcpClient::GetDnsServer() const
{
    return m_state == BOUND || m_state == RENEWING || m_state == REBINDING ? m_lease.dns
                                                                           : Ipv4Address::GetAny();
}

std::string
RoamingDhcpClient::GetDomainName() const
{
    return m_state == BOUND || m_state == RENEWING || m_state == REBINDING ? m_lease.domain : "";
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
    return 1;
}

bool
RoamingDhcpClient::IsWellFormed(Ptr<const Packet> packet)
{
    uint32_t size = packet->GetSize();
    if (size < kBootpSize + kCookie.size() + 1 || size > kMaxMessage)
    {
        return false;
    }
    std::vector<uint8_t> buf(size);
    packet->CopyData(buf.data(), size);
    if (!std::equal(kCookie.begin(), kCookie.end(), buf.begin() + kBootpSize))
    {
        return false;
    }
    uint32_t i = kBootpSize + kCookie.size();
    while (i < size)
    {
        uint8_t code = buf[i];
        if (code == DhcpHeader::OP_END)
        {
            return true;
        }
        if (code == 0) // pad
        {
            ++i;
            continue;
        }
        if (i + 1 >= size || i + 2 + buf[i + 1] > size)
        {
            return false;
        }
        i += 2 + buf[i + 1];
    }
    return false; // no END option
}

RoamingDhcpClient::ExtraOptions
RoamingDhcpClient::TakeExtraOptions(Ptr<Packet>& packet)
{
    // Options ns-3.37's DhcpHeader::Deserialize accepts (RFC 2132 codes); any other makes it fail.
    static const std::array<uint8_t, 9> known = {0, 1, 3, 50, 51, 53, 54, 58, 59};
    ExtraOptions out;
    std::vector<uint8_t> buf(packet->GetSize());
    packet->CopyData(buf.data(), buf.size());
    std::vector<uint8_t> kept(buf.begin(), buf.begin() + kBootpSize + kCookie.size());
    bool stripped = false;
    for (uint32_t i = kBootpSize + kCookie.size(); i < buf.size();)
    {
        uint8_t code = buf[i];
        if (code == DhcpHeader::OP_END || code == 0)
        {
            kept.insert(kept.end(), buf.begin() + i, buf.end()); // END and the padding after it
            break;
        }
        uint8_t len = buf[i + 1]; // bounds checked by IsWellFormed
        if (code == 6 && len >= 4 && len % 4 == 0)
        {
            out.dns = Ipv4Address((uint32_t(buf[i + 2]) << 24) | (uint32_t(buf[i + 3]) << 16) |
                                  (uint32_t(buf[i + 4]) << 8) | buf[i + 5]);
        }
        else if (code == 15 && len > 0)
        {
            out.domain.assign(buf.begin() + i + 2, buf.begin() + i + 2 + len);
            while (!out.domain.empty() && out.domain.back() == '\0')
            {
                out.domain.pop_back(); // some servers count a terminating NUL (RFC 2132 §2)
            }
        }
        if (std::find(known.begin(), known.end(), code) != known.end())
        {
            kept.insert(kept.end(), buf.begin() + i, buf.begin() + i + 2 + len);
        }
        else
        {
            stripped = true;
        }
        i += 2 + len;
    }
    if (stripped)
    {
        packet = Create<Packet>(kept.data(), kept.size());
    }
    return out;
}

void
RoamingDhcpClient::DoDispose()
{
    NS_LOG_FUNCTION(this);
    CancelTimers();
    m_device = nullptr;
    m_socket = nullptr;
    Application::DoDispose();
}

int32_t
RoamingDhcpClient::InterfaceIndex() const
{
    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    return ipv4 ? ipv4->GetInterfaceForDevice(m_device) : -1;
}

bool
RoamingDhcpClient::InterfaceHasAddress(Ipv4Address addr) const
{
    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    int32_t ifIndex = InterfaceIndex();
    for (uint32_t i = 0; i < ipv4->GetNAddresses(ifIndex); ++i)
    {
        if (ipv4->GetAddress(ifIndex, i).GetLocal() == addr)
        {
            return true;
        }
    }
    return false;
}

void
RoamingDhcpClient::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(!m_device, "RoamingDhcpClient: no device set (call SetDevice)");
    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    NS_ABORT_MSG_IF(!ipv4, "RoamingDhcpClient: node has no IPv4 stack");
    int32_t ifIndex = ipv4->GetInterfaceForDevice(m_device);
    if (ifIndex < 0)
    {
        ifIndex = ipv4->AddInterface(m_device);
        ipv4->SetMetric(ifIndex, 1);
    }
    ipv4->SetUp(ifIndex);
    if (!InterfaceHasAddress(Ipv4Address::GetZero()))
    {
        ipv4->AddAddress(ifIndex, Ipv4InterfaceAddress(Ipv4Address::GetZero(), Ipv4Mask("/0")));
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
    Ipv4Address held = HasLease() ? m_address : Ipv4Address::GetZero();
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
    DhcpHeader header;
    header.ResetOpt();
    header.SetTran(m_xid);
    header.SetType(DhcpHeader::DHCPDISCOVER);
    header.SetTime();
    header.SetChaddr(m_device->GetAddress());
    Ptr<Packet> packet = Create<Packet>();
    packet->AddHeader(header);
    m_offers.clear();
    m_state = SELECTING;
    ++m_discoverCount;
    Send(packet, Ipv4Address::GetBroadcast(), DhcpHeader::DHCPDISCOVER);
    m_discoverEvent = Simulator::Schedule(m_currentRtrs, &RoamingDhcpClient::DiscoverTimeout, this);
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

bool
RoamingDhcpClient::ChaddrMatches(DhcpHeader& header) const
{
    std::array<uint8_t, 20> mine{};
    std::array<uint8_t, 20> theirs{};
    uint32_t len = m_device->GetAddress().CopyTo(mine.data());
    header.GetChaddr().CopyTo(theirs.data());
    return std::equal(mine.begin(), mine.begin() + len, theirs.begin());
}

void
RoamingDhcpClient::Receive(Ptr<Socket> socket)
{
    Address from;
    Ptr<Packet> packet;
    while ((packet = socket->RecvFrom(from)))
    {
        if (!IsWellFormed(packet))
        {
            NS_LOG_WARN("malformed DHCP message of " << packet->GetSize() << " bytes dropped");
            continue;
        }
        ExtraOptions extra = TakeExtraOptions(packet);
        DhcpHeader header;
        if (packet->RemoveHeader(header) == 0 || header.GetTran() != m_xid ||
            !ChaddrMatches(header))
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
    Offer offer;
    offer.address = header.GetYiaddr();
    offer.mask = Ipv4Mask(header.GetMask());
    offer.server = header.GetDhcps();
    offer.router = header.GetRouter();
    if (offer.router == Ipv4Address::GetZero())
    {
        offer.router = offer.server;
    }
    offer.lease = Seconds(header.GetLease());
    offer.renew = Seconds(header.GetRenew());
    offer.rebind = Seconds(header.GetRebind());
    m_offers.push_back(offer);
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
        Simulator::Schedule(m_requestTimeout, &RoamingDhcpClient::RequestTimeout, this);
}

void
RoamingDhcpClient::SendRequest(Ipv4Address to, Ipv4Address requested)
{
    DhcpHeader header;
    header.ResetOpt();
    header.SetTran(m_xid);
    header.SetType(DhcpHeader::DHCPREQ);
    header.SetTime();
    header.SetReq(requested);
    header.SetChaddr(m_device->GetAddress());
    Ptr<Packet> packet = Create<Packet>();
    packet->AddHeader(header);
    Send(packet, to, DhcpHeader::DHCPREQ);
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
        ConfigureLease();
        m_boundTime = Simulator::Now();
        m_newLeaseTrace(m_address);
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
    SendRequest(m_lease.server, m_address);
}

void
RoamingDhcpClient::Rebind()
{
    m_state = REBINDING;
    m_xid = static_cast<uint32_t>(m_xidRng->GetValue());
    SendRequest(Ipv4Address::GetBroadcast(), m_address);
}

void
RoamingDhcpClient::Expire()
{
    Ipv4Address old = m_address;
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
RoamingDhcpClient::ConfigureLease()
{
    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    int32_t ifIndex = InterfaceIndex();
    m_address = m_lease.address;
    m_gateway = m_lease.router;
    // Add the new address before removing 0.0.0.0: the interface must never be empty, or
    // broadcasting on it aborts in UdpSocketImpl.
    ipv4->AddAddress(ifIndex, Ipv4InterfaceAddress(m_address, m_lease.mask));
    for (uint32_t i = 0; i < ipv4->GetNAddresses(ifIndex); ++i)
    {
        if (ipv4->GetAddress(ifIndex, i).GetLocal() == Ipv4Address::GetZero())
        {
            ipv4->RemoveAddress(ifIndex, i);
            break;
        }
    }
    Ipv4StaticRoutingHelper helper;
    helper.GetStaticRouting(ipv4)->SetDefaultRoute(m_gateway, ifIndex, 0);
    NS_LOG_INFO(Simulator::Now().As(Time::S)
                << " bound " << m_address << " gw " << m_gateway << " if " << ifIndex);
}

void
RoamingDhcpClient::RemoveLeaseRoute()
{
    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    int32_t ifIndex = InterfaceIndex();
    Ipv4StaticRoutingHelper helper;
    Ptr<Ipv4StaticRouting> routing = helper.GetStaticRouting(ipv4);
    for (uint32_t i = routing->GetNRoutes(); i-- > 0;)
    {
        Ipv4RoutingTableEntry r = routing->GetRoute(i);
        // Only the default route this lease installed: never 127.0.0.0/8 or on-link routes.
        if (r.GetInterface() == static_cast<uint32_t>(ifIndex) && r.IsDefault() &&
            r.GetGateway() == m_gateway && m_gateway != Ipv4Address::GetZero())
        {
            routing->RemoveRoute(i);
        }
    }
}

void
RoamingDhcpClient::DropLease()
{
    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    int32_t ifIndex = InterfaceIndex();
    RemoveLeaseRoute();
    if (!InterfaceHasAddress(Ipv4Address::GetZero()))
    {
        ipv4->AddAddress(ifIndex, Ipv4InterfaceAddress(Ipv4Address::GetZero(), Ipv4Mask("/0")));
    }
    for (uint32_t i = 0; i < ipv4->GetNAddresses(ifIndex); ++i)
    {
        if (ipv4->GetAddress(ifIndex, i).GetLocal() == m_address &&
            m_address != Ipv4Address::GetZero())
        {
            ipv4->RemoveAddress(ifIndex, i);
            break;
        }
    }
    m_address = Ipv4Address::GetZero();
    m_gateway = Ipv4Address::GetZero();
    m_boundTime = Seconds(-1);
    m_state = IDLE;
}

} // namespace ns3
