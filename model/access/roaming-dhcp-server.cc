// SPDX-License-Identifier: GPL-2.0-only
#include "access/roaming-dhcp-server.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/string.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <array>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RoamingDhcpServer");
NS_OBJECT_ENSURE_REGISTERED(RoamingDhcpServer);

namespace
{
constexpr uint16_t kServerPort = 67;                      ///< RFC 2131 §4.1
constexpr uint16_t kClientPort = 68;                      ///< RFC 2131 §4.1
constexpr uint32_t kBootpSize = 236;                      ///< BOOTP header before the cookie
const std::array<uint8_t, 4> kCookie = {99, 130, 83, 99}; ///< RFC 2131 §3 magic cookie
constexpr uint8_t kOptPad = 0;                            ///< RFC 2132 §3.1
constexpr uint8_t kOptMask = 1;                           ///< RFC 2132 §3.3
constexpr uint8_t kOptRouter = 3;                         ///< RFC 2132 §3.5
constexpr uint8_t kOptDns = 6;                            ///< RFC 2132 §3.8
constexpr uint8_t kOptDomain = 15;                        ///< RFC 2132 §3.17
constexpr uint8_t kOptRequested = 50;                     ///< RFC 2132 §9.1
constexpr uint8_t kOptLease = 51;                         ///< RFC 2132 §9.2
constexpr uint8_t kOptType = 53;                          ///< RFC 2132 §9.6
constexpr uint8_t kOptServerId = 54;                      ///< RFC 2132 §9.7
constexpr uint8_t kOptRenew = 58;                         ///< RFC 2132 §9.11
constexpr uint8_t kOptRebind = 59;                        ///< RFC 2132 §9.12
constexpr uint8_t kOptEnd = 255;                          ///< RFC 2132 §3.2

uint32_t
ReadU32(const std::vector<uint8_t>& b, size_t at)
{
    return (uint32_t(b[at]) << 24) | (uint32_t(b[at + 1]) << 16) | (uint32_t(b[at + 2]) << 8) |
           uint32_t(b[at + 3]);
}

void
PutU32(std::vector<uint8_t>& b, size_t at, uint32_t v)
{
    for (int i = 0; i < 4; ++i)
    {
        b[at + i] = static_cast<uint8_t>(v >> (24 - 8 * i));
    }
}

void
AddOption(std::vector<uint8_t>& b, uint8_t code, const std::vector<uint8_t>& value)
{
    b.push_back(code);
    b.push_back(static_cast<uint8_t>(value.size()));
    b.insert(b.end(), value.begin(), value.end());
}

std::vector<uint8_t>
U32(uint32_t v)
{
    return {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16),
            static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
}
} // namespace

TypeId
RoamingDhcpServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RoamingDhcpServer")
            .SetParent<Application>()
            .SetGroupName("Sipmob")
            .AddConstructor<RoamingDhcpServer>()
            .AddAttribute("PoolStart", "First address offered", Ipv4AddressValue("10.0.0.10"),
                          MakeIpv4AddressAccessor(&RoamingDhcpServer::m_poolStart),
                          MakeIpv4AddressChecker())
            .AddAttribute("PoolEnd", "Last address offered", Ipv4AddressValue("10.0.0.254"),
                          MakeIpv4AddressAccessor(&RoamingDhcpServer::m_poolEnd),
                          MakeIpv4AddressChecker())
            .AddAttribute("Mask", "Subnet mask (option 1)", Ipv4MaskValue("255.255.255.0"),
                          MakeIpv4MaskAccessor(&RoamingDhcpServer::m_mask), MakeIpv4MaskChecker())
            .AddAttribute("Router", "Default router (option 3)", Ipv4AddressValue("10.0.0.1"),
                          MakeIpv4AddressAccessor(&RoamingDhcpServer::m_router),
                          MakeIpv4AddressChecker())
            .AddAttribute(
                "DnsServer", "DNS server of the access network (option 6; 0.0.0.0: not offered)",
                Ipv4AddressValue(Ipv4Address::GetAny()),
                MakeIpv4AddressAccessor(&RoamingDhcpServer::m_dns), MakeIpv4AddressChecker())
            .AddAttribute("DomainName",
                          "Domain name of the access network, its SIP domain (option 15; empty: "
                          "not offered)",
                          StringValue(""), MakeStringAccessor(&RoamingDhcpServer::m_domain),
                          MakeStringChecker())
            .AddAttribute("LeaseTime", "Lease granted (option 51; T1 = 1/2, T2 = 7/8 of it)",
                          TimeValue(Seconds(30)), MakeTimeAccessor(&RoamingDhcpServer::m_lease),
                          MakeTimeChecker(Seconds(1)))
            .AddTraceSource("Rx", "A request arrived (type, client, requested or 0.0.0.0)",
                            MakeTraceSourceAccessor(&RoamingDhcpServer::m_rxTrace),
                            "ns3::RoamingDhcpServer::MessageTracedCallback")
            .AddTraceSource("Tx", "A reply was sent (type, client, yiaddr)",
                            MakeTraceSourceAccessor(&RoamingDhcpServer::m_txTrace),
                            "ns3::RoamingDhcpServer::MessageTracedCallback")
            .AddTraceSource("Dropped", "A malformed message was dropped (its size in octets)",
                            MakeTraceSourceAccessor(&RoamingDhcpServer::m_droppedTrace),
                            "ns3::TracedValueCallback::Uint32");
    return tid;
}

RoamingDhcpServer::RoamingDhcpServer() = default;
RoamingDhcpServer::~RoamingDhcpServer() = default;

void
RoamingDhcpServer::SetDevice(Ptr<NetDevice> device)
{
    m_device = device;
}

void
RoamingDhcpServer::DoDispose()
{
    m_socket = nullptr;
    m_device = nullptr;
    Application::DoDispose();
}

void
RoamingDhcpServer::StartApplication()
{
    NS_ABORT_MSG_IF(!m_device, "RoamingDhcpServer needs SetDevice()");
    NS_ABORT_MSG_IF(m_domain.size() > 255, "DomainName longer than an option can carry");
    m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    m_socket->SetAllowBroadcast(true);
    m_socket->BindToNetDevice(m_device);
    m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), kServerPort));
    m_socket->SetRecvCallback(MakeCallback(&RoamingDhcpServer::HandleRead, this));
}

void
RoamingDhcpServer::StopApplication()
{
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
    }
}

bool
RoamingDhcpServer::Parse(const std::vector<uint8_t>& b, Message& out)
{
    if (b.size() < kBootpSize + kCookie.size() + 3 || b[0] != 1 || b[1] != 1 || b[2] != 6 ||
        !std::equal(kCookie.begin(), kCookie.end(), b.begin() + kBootpSize))
    {
        return false; // not a BOOTREQUEST over Ethernet-style addresses with the DHCP cookie
    }
    out.xid = ReadU32(b, 4);
    out.flags = static_cast<uint16_t>((b[10] << 8) | b[11]);
    out.ciaddr = Ipv4Address(ReadU32(b, 12));
    uint8_t mac[6];
    std::copy(b.begin() + 28, b.begin() + 34, mac);
    out.chaddr.CopyFrom(mac);
    for (size_t i = kBootpSize + kCookie.size(); i < b.size();)
    {
        uint8_t code = b[i];
        if (code == kOptEnd)
        {
            return out.type != 0;
        }
        if (code == kOptPad)
        {
            ++i;
            continue;
        }
        if (i + 1 >= b.size() || i + 2 + b[i + 1] > b.size())
        {
            return false; // an option overruns the message
        }
        uint8_t len = b[i + 1];
        if (code == kOptType && len == 1)
        {
            out.type = b[i + 2];
        }
        else if (code == kOptRequested && len == 4)
        {
            out.requested = Ipv4Address(ReadU32(b, i + 2));
        }
        else if (code == kOptServerId && len == 4)
        {
            out.serverId = Ipv4Address(ReadU32(b, i + 2));
        }
        i += 2 + len;
    }
    return false; // no END option
}

void
RoamingDhcpServer::HandleRead(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        Message m;
        if (!Parse(bytes, m))
        {
            NS_LOG_WARN("malformed DHCP message of " << bytes.size() << " octets dropped");
            m_droppedTrace(bytes.size());
            continue;
        }
        m_rxTrace(m.type, m.chaddr, m.requested);
        if (m.type == DISCOVER)
        {
            OnDiscover(m);
        }
        else if (m.type == REQUEST)
        {
            OnRequest(m);
        }
        else if (m.type == RELEASE || m.type == DECLINE)
        {
            m_bound.erase(m.chaddr);
        }
    }
}

Ipv4Address
RoamingDhcpServer::AddressFor(Mac48Address client)
{
    auto it = m_bound.find(client);
    if (it != m_bound.end())
    {
        return it->second;
    }
    for (uint32_t a = m_poolStart.Get(); a <= m_poolEnd.Get(); ++a)
    {
        bool used = std::any_of(m_bound.begin(), m_bound.end(),
                                [a](const auto& kv) { return kv.second.Get() == a; });
        if (!used)
        {
            m_bound[client] = Ipv4Address(a);
            return Ipv4Address(a);
        }
    }
    return Ipv4Address::GetAny();
}

void
RoamingDhcpServer::OnDiscover(const Message& m)
{
    Ipv4Address offer = AddressFor(m.chaddr);
    if (offer == Ipv4Address::GetAny())
    {
        NS_LOG_WARN("pool exhausted: no offer to " << m.chaddr);
        return;
    }
    Reply(m, OFFER, offer);
}

void
RoamingDhcpServer::OnRequest(const Message& m)
{
    Ipv4Address local =
        GetNode()
            ->GetObject<Ipv4>()
            ->GetAddress(GetNode()->GetObject<Ipv4>()->GetInterfaceForDevice(m_device), 0)
            .GetLocal();
    if (m.serverId != Ipv4Address() && m.serverId != Ipv4Address::GetAny() && m.serverId != local)
    {
        return; // the client selected another server (RFC 2131 §4.3.2)
    }
    Ipv4Address wanted = m.requested != Ipv4Address() ? m.requested : m.ciaddr;
    auto it = m_bound.find(m.chaddr);
    if (it != m_bound.end() && it->second == wanted)
    {
        Reply(m, ACK, wanted);
        return;
    }
    Reply(m, NAK, Ipv4Address::GetAny());
}

std::vector<uint8_t>
RoamingDhcpServer::Encode(const Message& m, uint8_t type, Ipv4Address yiaddr) const
{
    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    Ipv4Address local = ipv4->GetAddress(ipv4->GetInterfaceForDevice(m_device), 0).GetLocal();
    std::vector<uint8_t> b(kBootpSize, 0);
    b[0] = 2; // BOOTREPLY
    b[1] = 1; // Ethernet-style hardware addresses
    b[2] = 6;
    PutU32(b, 4, m.xid);
    b[10] = static_cast<uint8_t>(m.flags >> 8);
    b[11] = static_cast<uint8_t>(m.flags);
    PutU32(b, 16, yiaddr.Get());
    PutU32(b, 20, local.Get()); // siaddr
    m.chaddr.CopyTo(&b[28]);
    b.insert(b.end(), kCookie.begin(), kCookie.end());
    AddOption(b, kOptType, {type});
    AddOption(b, kOptServerId, U32(local.Get()));
    if (type != NAK)
    {
        uint32_t lease = static_cast<uint32_t>(m_lease.GetSeconds());
        AddOption(b, kOptLease, U32(lease));
        AddOption(b, kOptRenew, U32(lease / 2));
        AddOption(b, kOptRebind, U32(lease * 7 / 8));
        AddOption(b, kOptMask, U32(m_mask.Get()));
        AddOption(b, kOptRouter, U32(m_router.Get()));
        if (m_dns != Ipv4Address::GetAny())
        {
            AddOption(b, kOptDns, U32(m_dns.Get()));
        }
        if (!m_domain.empty())
        {
            AddOption(b, kOptDomain, std::vector<uint8_t>(m_domain.begin(), m_domain.end()));
        }
    }
    b.push_back(kOptEnd);
    b.resize(std::max<size_t>(b.size(), 300), kOptPad); // BOOTP minimum (RFC 1542 §2.1)
    return b;
}

void
RoamingDhcpServer::Reply(const Message& m, uint8_t type, Ipv4Address yiaddr)
{
    std::vector<uint8_t> bytes = Encode(m, type, yiaddr);
    Ptr<Packet> p = Create<Packet>(bytes.data(), bytes.size());
    m_socket->SendTo(p, 0, InetSocketAddress(Ipv4Address::GetBroadcast(), kClientPort));
    m_txTrace(type, m.chaddr, yiaddr);
}

} // namespace ns3
