// SPDX-License-Identifier: GPL-2.0-only
#include "access/dns-resolver.h"

#include "stack/node-address.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DnsResolver");
NS_OBJECT_ENSURE_REGISTERED(DnsResolver);

using sipmob::DnsMessage;
using sipmob::DnsSrvData;

const char*
DnsResolveResult::ErrorName(Error error)
{
    switch (error)
    {
    case NONE:
        return "none";
    case TIMEOUT:
        return "timeout";
    case NXDOMAIN:
        return "nxdomain";
    case SERVFAIL:
        return "servfail";
    case FORMERR:
        return "formerr";
    case REFUSED:
        return "refused";
    case NODATA:
        return "nodata";
    case BAD_RESPONSE:
        return "bad-response";
    }
    return "unknown";
}

TypeId
DnsResolver::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::DnsResolver")
            .SetParent<Object>()
            .SetGroupName("Sipmob")
            .AddConstructor<DnsResolver>()
            .AddAttribute("ServerAddress", "IPv4 address of the DNS server.",
                          Ipv4AddressValue(Ipv4Address("127.0.0.1")),
                          MakeIpv4AddressAccessor(&DnsResolver::m_server), MakeIpv4AddressChecker())
            .AddAttribute("ServerPort", "UDP port of the DNS server.", UintegerValue(53),
                          MakeUintegerAccessor(&DnsResolver::m_serverPort),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Timeout", "Time to wait for a response to one attempt.",
                          TimeValue(Seconds(1)), MakeTimeAccessor(&DnsResolver::m_timeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("Retries", "Retransmissions after the first attempt before giving up.",
                          UintegerValue(2), MakeUintegerAccessor(&DnsResolver::m_retries),
                          MakeUintegerChecker<uint32_t>(0, 100))
            .AddAttribute("SrvRandom",
                          "Stream in [0,1) for RFC 2782 weighted selection among equal priority.",
                          StringValue("ns3::UniformRandomVariable[Min=0.0|Max=1.0]"),
                          MakePointerAccessor(&DnsResolver::m_srvRandom),
                          MakePointerChecker<RandomVariableStream>())
            .AddTraceSource("Query",
                            "An attempt of a query: sent, or suppressed for lack of an address.",
                            MakeTraceSourceAccessor(&DnsResolver::m_queryTrace),
                            "ns3::DnsResolver::QueryTracedCallback")
            .AddTraceSource("Result",
                            "A query completed (including follow-up A queries of SRV lookups).",
                            MakeTraceSourceAccessor(&DnsResolver::m_resultTrace),
                            "ns3::DnsResolver::ResultTracedCallback");
    return tid;
}

DnsResolver::DnsResolver()
    : m_serverPort(53)
    , m_retries(2)
    , m_idRandom(CreateObject<UniformRandomVariable>())
    , m_nextId(0)
    , m_idInitialised(false)
{
    NS_LOG_FUNCTION(this);
}

DnsResolver::~DnsResolver()
{
    NS_LOG_FUNCTION(this);
}

void
DnsResolver::SetNode(Ptr<Node> node)
{
    m_node = node;
}

Ptr<Node>
DnsResolver::GetNode() const
{
    return m_node;
}

void
DnsResolver::NotifyNewAggregate()
{
    if (!m_node)
    {
        m_node = GetObject<Node>();
    }
    Object::NotifyNewAggregate();
}

int64_t
DnsResolver::AssignStreams(int64_t stream)
{
    m_srvRandom->SetStream(stream);
    m_idRandom->SetStream(stream + 1);
    return 2;
}

void
DnsResolver::DoDispose()
{
    for (auto& entry : m_pending)
    {
        entry.second.timer.Cancel();
    }
    m_pending.clear();
    if (m_socket)
    {
        m_socket->Close();
        m_socket = nullptr;
    }
    m_node = nullptr;
    m_srvRandom = nullptr;
    m_idRandom = nullptr;
    Object::DoDispose();
}

void
DnsResolver::Rebind()
{
    NS_LOG_FUNCTION(this);
    if (m_socket)
    {
        m_socket->Close();
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket = nullptr;
    }
    Ipv4Address local = UsableAddress(m_node);
    if (!m_node || local == Ipv4Address::GetAny())
    {
        return; // created on the next attempt once an address exists
    }
    m_socket = Socket::CreateSocket(m_node, UdpSocketFactory::GetTypeId());
    m_socket->Bind(InetSocketAddress(local, 0));
    m_socket->SetRecvCallback(MakeCallback(&DnsResolver::HandleRead, this));
}

std::size_t
DnsResolver::GetPendingCount() const
{
    return m_pending.size();
}

uint16_t
DnsResolver::NextId()
{
    if (!m_idInitialised)
    {
        m_nextId = static_cast<uint16_t>(m_idRandom->GetInteger(0, 0xffff));
        m_idInitialised = true;
    }
    do
    {
        ++m_nextId;
    } while (m_pending.count(m_nextId) != 0);
    return m_nextId;
}

void
DnsResolver::ResolveA(const std::string& name, ResolveCallback cb)
{
    StartQuery(name, sipmob::DNS_TYPE_A, cb);
}

void
DnsResolver::ResolveSrv(const std::string& name, ResolveCallback cb)
{
    StartQuery(name, sipmob::DNS_TYPE_SRV, cb);
}

void
DnsResolver::StartQuery(const std::string& name, uint16_t type, ResolveCallback cb)
{
    NS_LOG_FUNCTION(this << name << type);
    NS_ABORT_MSG_IF(!m_node, "DnsResolver needs a node (SetNode or aggregate to one)");
    uint16_t id = NextId();
    Pending& p = m_pending[id];
    p.name = DnsMessage::CanonicalName(name);
    p.type = type;
    p.cb = cb;
    Transmit(id);
}

void
DnsResolver::Transmit(uint16_t id)
{
    Pending& p = m_pending[id];
    p.timer = Simulator::Schedule(m_timeout, &DnsResolver::HandleTimeout, this, id);
    Ipv4Address local = UsableAddress(m_node);
    if (local == Ipv4Address::GetAny())
    {
        NS_LOG_INFO("no usable IPv4 address: attempt " << p.attempt << " of " << p.name
                                                       << " not sent");
        m_queryTrace(p.name, p.type, p.attempt, false);
        return;
    }
    Address bound;
    if (m_socket)
    {
        m_socket->GetSockName(bound);
    }
    if (!m_socket || InetSocketAddress::ConvertFrom(bound).GetIpv4() != local)
    {
        Rebind(); // the address changed since the socket was made
    }
    DnsMessage q;
    q.id = id;
    q.rd = true;
    q.questions.push_back({p.name, p.type, 1});
    std::vector<uint8_t> bytes;
    std::string error;
    if (!q.Encode(bytes, true, &error))
    {
        p.timer.Cancel();
        NS_LOG_WARN("cannot encode query for '" << p.name << "': " << error);
        DnsResolveResult r;
        r.error = DnsResolveResult::FORMERR;
        Simulator::ScheduleNow(&DnsResolver::Finish, this, id, r);
        return;
    }
    m_socket->SendTo(Create<Packet>(bytes.data(), bytes.size()), 0,
                     InetSocketAddress(m_server, m_serverPort));
    m_queryTrace(p.name, p.type, p.attempt, true);
}

void
DnsResolver::HandleTimeout(uint16_t id)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
    {
        return;
    }
    if (it->second.attempt < m_retries)
    {
        ++it->second.attempt;
        Transmit(id);
        return;
    }
    DnsResolveResult r;
    r.error = DnsResolveResult::TIMEOUT;
    Finish(id, r);
}

void
DnsResolver::HandleRead(Ptr<Socket> socket)
{
    Address from;
    Ptr<Packet> packet;
    while ((packet = socket->RecvFrom(from)))
    {
        if (!InetSocketAddress::IsMatchingType(from) ||
            InetSocketAddress::ConvertFrom(from).GetIpv4() != m_server ||
            InetSocketAddress::ConvertFrom(from).GetPort() != m_serverPort)
        {
            continue; // not from our server
        }
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        auto decoded = DnsMessage::Decode(bytes);
        if (decoded.error == sipmob::DnsDecodeError::ShortHeader || !decoded.message.qr)
        {
            continue;
        }
        if (!decoded.Ok())
        {
            NS_LOG_INFO("undecodable response: " << sipmob::DnsDecodeErrorName(decoded.error));
            if (m_pending.count(decoded.message.id))
            {
                DnsResolveResult r;
                r.error = DnsResolveResult::BAD_RESPONSE;
                Finish(decoded.message.id, r);
            }
            continue;
        }
        HandleResponse(decoded.message);
    }
}

void
DnsResolver::HandleResponse(const DnsMessage& msg)
{
    auto it = m_pending.find(msg.id);
    if (it == m_pending.end())
    {
        return; // late duplicate or unknown id
    }
    const Pending& p = it->second;
    if (msg.questions.size() == 1 && (DnsMessage::CanonicalName(msg.questions[0].name) != p.name ||
                                      msg.questions[0].type != p.type))
    {
        return; // id collision with a different question: ignore
    }
    DnsResolveResult r;
    switch (msg.rcode)
    {
    case sipmob::DNS_RCODE_NOERROR:
        break;
    case sipmob::DNS_RCODE_NXDOMAIN:
        r.error = DnsResolveResult::NXDOMAIN;
        break;
    case sipmob::DNS_RCODE_SERVFAIL:
        r.error = DnsResolveResult::SERVFAIL;
        break;
    case sipmob::DNS_RCODE_FORMERR:
        r.error = DnsResolveResult::FORMERR;
        break;
    default:
        r.error = DnsResolveResult::REFUSED;
        break;
    }
    for (const auto& rr : msg.answers)
    {
        if (rr.type == p.type && DnsMessage::CanonicalName(rr.name) == p.name)
        {
            r.records.push_back(rr);
        }
    }
    if (r.Ok() && r.records.empty())
    {
        r.error = DnsResolveResult::NODATA;
    }
    if (!r.Ok() || p.type == sipmob::DNS_TYPE_A)
    {
        if (r.Ok())
        {
            r.target = p.name;
            r.address = Ipv4Address(r.records.front().a);
        }
        Finish(msg.id, r);
        return;
    }
    ResolveCallback cb = p.cb;
    std::string name = p.name;
    it->second.timer.Cancel();
    m_pending.erase(it);
    r.name = name;
    CompleteSrv(r, msg, cb);
}

void
DnsResolver::CompleteSrv(DnsResolveResult result, const DnsMessage& msg, ResolveCallback cb)
{
    std::vector<DnsSrvData> srv;
    for (const auto& rr : result.records)
    {
        srv.push_back(rr.srv);
    }
    result.srvOrder = OrderSrv(srv);
    const DnsSrvData& first = result.srvOrder.front();
    result.target = DnsMessage::CanonicalName(first.target);
    result.port = first.port;
    if (result.target.empty())
    {
        result.error = DnsResolveResult::NODATA; // "." : service decidedly not available
        m_resultTrace(result);
        cb(result);
        return;
    }
    for (const auto& rr : msg.additionals)
    {
        if (rr.type == sipmob::DNS_TYPE_A && DnsMessage::CanonicalName(rr.name) == result.target)
        {
            result.address = Ipv4Address(rr.a);
            m_resultTrace(result);
            cb(result);
            return;
        }
    }
    // No glue: ask for the target's address, then complete.
    StartQuery(result.target, sipmob::DNS_TYPE_A,
               ResolveCallback(
                   [this, result, cb](const DnsResolveResult& a)
                   {
                       DnsResolveResult r = result;
                       r.error = a.error;
                       r.address = a.address;
                       m_resultTrace(r);
                       cb(r);
                   }));
}

std::vector<DnsSrvData>
DnsResolver::OrderSrv(std::vector<DnsSrvData> records)
{
    std::stable_sort(records.begin(), records.end(),
                     [](const auto& a, const auto& b) { return a.priority < b.priority; });
    std::vector<DnsSrvData> ordered;
    std::size_t i = 0;
    while (i < records.size())
    {
        std::size_t j = i;
        while (j < records.size() && records[j].priority == records[i].priority)
        {
            ++j;
        }
        // RFC 2782: zero-weight entries first, then repeatedly draw by running sum.
        std::vector<DnsSrvData> group(records.begin() + i, records.begin() + j);
        std::stable_partition(group.begin(), group.end(),
                              [](const auto& r) { return r.weight == 0; });
        while (!group.empty())
        {
            uint32_t sum = 0;
            for (const auto& r : group)
            {
                sum += r.weight;
            }
            double u = std::min(std::max(m_srvRandom->GetValue(), 0.0), 1.0);
            uint32_t pick = std::min(sum, static_cast<uint32_t>(std::floor(u * (sum + 1.0))));
            uint32_t running = 0;
            std::size_t k = 0;
            for (; k < group.size(); ++k)
            {
                running += group[k].weight;
                if (running >= pick)
                {
                    break;
                }
            }
            k = std::min(k, group.size() - 1);
            ordered.push_back(group[k]);
            group.erase(group.begin() + k);
        }
        i = j;
    }
    return ordered;
}

void
DnsResolver::Finish(uint16_t id, DnsResolveResult result)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
    {
        return;
    }
    it->second.timer.Cancel();
    ResolveCallback cb = it->second.cb;
    result.name = it->second.name;
    m_pending.erase(it);
    m_resultTrace(result);
    cb(result);
}

} // namespace ns3
