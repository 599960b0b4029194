// SPDX-License-Identifier: GPL-2.0-only
#include "access/dns-server.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DnsServer");
NS_OBJECT_ENSURE_REGISTERED(DnsServer);

using sipmob::DnsMessage;
using sipmob::DnsResourceRecord;

TypeId
DnsServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::DnsServer")
            .SetParent<Application>()
            .SetGroupName("Sipmob")
            .AddConstructor<DnsServer>()
            .AddAttribute("Port", "UDP port the server listens on.", UintegerValue(53),
                          MakeUintegerAccessor(&DnsServer::m_port), MakeUintegerChecker<uint16_t>())
            .AddAttribute("ProcessingDelay",
                          "Delay between receiving a query and sending its response.",
                          TimeValue(Seconds(0)), MakeTimeAccessor(&DnsServer::m_delay),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ProcessingJitter",
                          "Upper bound of a uniform random part added to ProcessingDelay per "
                          "query (0: none)",
                          TimeValue(Seconds(0)), MakeTimeAccessor(&DnsServer::m_jitter),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("QueryReceived", "A query arrived (partially decoded if malformed).",
                            MakeTraceSourceAccessor(&DnsServer::m_queryTrace),
                            "ns3::DnsServer::MessageTracedCallback")
            .AddTraceSource("ResponseSent", "A response was handed to the socket.",
                            MakeTraceSourceAccessor(&DnsServer::m_responseTrace),
                            "ns3::DnsServer::MessageTracedCallback");
    return tid;
}

DnsServer::DnsServer()
    : m_port(53)
{
    NS_LOG_FUNCTION(this);
}

DnsServer::~DnsServer()
{
    NS_LOG_FUNCTION(this);
}

void
DnsServer::AddARecord(const std::string& name, Ipv4Address address, uint32_t ttl)
{
    DnsResourceRecord rr;
    rr.name = DnsMessage::CanonicalName(name);
    rr.type = sipmob::DNS_TYPE_A;
    rr.ttl = ttl;
    rr.a = address.Get();
    m_zone[rr.name].push_back(rr);
}

void
DnsServer::AddSrvRecord(const std::string& name, uint16_t priority, uint16_t weight, uint16_t port,
                        const std::string& target, uint32_t ttl)
{
    DnsResourceRecord rr;
    rr.name = DnsMessage::CanonicalName(name);
    rr.type = sipmob::DNS_TYPE_SRV;
    rr.ttl = ttl;
    rr.srv = {priority, weight, port, DnsMessage::CanonicalName(target)};
    m_zone[rr.name].push_back(rr);
}

void
DnsServer::ClearRecords()
{
    m_zone.clear();
}

void
DnsServer::Answer(const sipmob::DnsQuestion& question, DnsMessage& response) const
{
    auto it = m_zone.find(DnsMessage::CanonicalName(question.name));
    if (it == m_zone.end())
    {
        response.rcode = sipmob::DNS_RCODE_NXDOMAIN;
        return;
    }
    for (const auto& rr : it->second)
    {
        if (rr.type != question.type)
        {
            continue; // name exists without this type: NOERROR with no answer (NODATA)
        }
        DnsResourceRecord answer = rr;
        answer.name = question.name; // echo the case used in the question
        response.answers.push_back(answer);
        if (rr.type != sipmob::DNS_TYPE_SRV)
        {
            continue;
        }
        auto target = m_zone.find(rr.srv.target);
        if (target == m_zone.end())
        {
            continue;
        }
        for (const auto& extra : target->second)
        {
            if (extra.type == sipmob::DNS_TYPE_A)
            {
                response.additionals.push_back(extra);
            }
        }
    }
}

bool
DnsServer::HandleQuery(const std::vector<uint8_t>& query, std::vector<uint8_t>& response)
{
    auto decoded = DnsMessage::Decode(query);
    if (decoded.error == sipmob::DnsDecodeError::ShortHeader || decoded.message.qr)
    {
        return false; // nothing to answer to, or not a query at all
    }
    const DnsMessage& q = decoded.message;
    DnsMessage r;
    r.id = q.id;
    r.qr = true;
    r.opcode = q.opcode;
    r.rd = q.rd;
    r.aa = true;
    if (!decoded.Ok())
    {
        NS_LOG_INFO("malformed query: " << sipmob::DnsDecodeErrorName(decoded.error) << " at "
                                        << decoded.offset);
        r.aa = false;
        r.rcode = sipmob::DNS_RCODE_FORMERR;
    }
    else if (q.opcode != 0)
    {
        r.aa = false;
        r.questions = q.questions;
        r.rcode = sipmob::DNS_RCODE_NOTIMP;
    }
    else if (q.questions.size() != 1 || !q.answers.empty())
    {
        r.aa = false;
        r.rcode = sipmob::DNS_RCODE_FORMERR;
    }
    else
    {
        r.questions = q.questions;
        Answer(q.questions[0], r);
    }
    std::string error;
    if (!r.Encode(response, true, &error))
    {
        NS_LOG_WARN("cannot encode response: " << error);
        r.questions.clear();
        r.answers.clear();
        r.additionals.clear();
        r.rcode = sipmob::DNS_RCODE_SERVFAIL;
        r.Encode(response, true);
    }
    return true;
}

void
DnsServer::StartApplication()
{
    NS_LOG_FUNCTION(this);
    if (!m_socket)
    {
        m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        if (m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) == -1)
        {
            NS_FATAL_ERROR("DnsServer: cannot bind UDP port " << m_port);
        }
    }
    m_socket->SetRecvCallback(MakeCallback(&DnsServer::HandleRead, this));
}

void
DnsServer::StopApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_socket)
    {
        m_socket->Close();
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket = nullptr;
    }
}

void
DnsServer::DoDispose()
{
    StopApplication();
    m_zone.clear();
    Application::DoDispose();
}

void
DnsServer::HandleRead(Ptr<Socket> socket)
{
    Address from;
    Ptr<Packet> packet;
    while ((packet = socket->RecvFrom(from)))
    {
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        m_queryTrace(DnsMessage::Decode(bytes).message, from);
        std::vector<uint8_t> response;
        if (!HandleQuery(bytes, response))
        {
            continue;
        }
        DnsMessage decoded = DnsMessage::Decode(response).message;
        Time delay = m_delay;
        if (m_jitter.IsStrictlyPositive())
        {
            if (!m_rng)
            {
                m_rng = CreateObject<UniformRandomVariable>();
            }
            delay +=
                NanoSeconds(static_cast<int64_t>(m_rng->GetValue(0, m_jitter.GetNanoSeconds())));
        }
        if (delay.IsZero())
        {
            Send(response, decoded, from);
        }
        else
        {
            Simulator::Schedule(delay, &DnsServer::Send, this, response, decoded, from);
        }
    }
}

void
DnsServer::Send(std::vector<uint8_t> bytes, DnsMessage response, Address to)
{
    if (!m_socket)
    {
        return; // stopped while the response was being "processed"
    }
    Ptr<Packet> p = Create<Packet>(bytes.data(), bytes.size());
    m_socket->SendTo(p, 0, to);
    m_responseTrace(response, to);
}

} // namespace ns3
