// SPDX-License-Identifier: GPL-2.0-only
#include "results/sip-message-tracer.h"

#include "stack/sip-udp-transport.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SipMessageTracer");
NS_OBJECT_ENSURE_REGISTERED(SipMessageTracer);

namespace
{

/// \return "a.b.c.d:port"
std::string
AddressText(const InetSocketAddress& a)
{
    std::ostringstream out;
    a.GetIpv4().Print(out);
    out << ":" << a.GetPort();
    return out.str();
}

/// \return the request line or status line of @p msg (RFC 3261 §7.1, §7.2)
std::string
FirstLine(const sipmob::SipMessage& msg)
{
    if (msg.IsRequest())
    {
        return msg.GetMethod() + " " + msg.GetRequestUri().ToString() + " SIP/2.0";
    }
    return "SIP/2.0 " + std::to_string(msg.GetStatusCode()) + " " + msg.GetReasonPhrase();
}

} // namespace

TypeId
SipMessageTracer::GetTypeId()
{
    static TypeId tid = TypeId("ns3::SipMessageTracer")
                            .SetParent<Object>()
                            .SetGroupName("Sipmob")
                            .AddConstructor<SipMessageTracer>();
    return tid;
}

SipMessageTracer::SipMessageTracer() = default;

void
SipMessageTracer::DoDispose()
{
    m_out = nullptr;
    Object::DoDispose();
}

void
SipMessageTracer::Configure(Detail detail, std::vector<SipMessageRecord>* out)
{
    m_detail = detail;
    m_out = out;
}

std::string
SipMessageTracer::EntityName(const std::string& kind, const std::string& network,
                             const std::string& detail)
{
    if (kind == "ua")
    {
        return "ua:" + detail + "@" + network;
    }
    if (kind == "gateway")
    {
        return "gateway@" + network + ">" + detail;
    }
    return kind + "@" + network;
}

SipMessageRecord
SipMessageTracer::MakeRecord(double t, uint32_t node, const std::string& entity,
                             const std::string& direction, const sipmob::SipMessage& msg,
                             const InetSocketAddress& from, const InetSocketAddress& to,
                             uint32_t bytes, bool full)
{
    SipMessageRecord r;
    r.t = t;
    r.node = node;
    r.entity = entity;
    r.direction = direction;
    r.src = AddressText(from);
    r.dst = AddressText(to);
    r.firstLine = FirstLine(msg);
    const auto& cseq = msg.GetCSeq();
    r.method = msg.IsRequest() ? msg.GetMethod() : cseq.method;
    if (msg.IsResponse())
    {
        r.status = msg.GetStatusCode();
    }
    r.callId = msg.GetCallId();
    if (msg.GetHeader("CSeq"))
    {
        r.cseq = cseq.seq;
    }
    r.branch = msg.GetVias().empty() ? std::string() : msg.GetTopVia().GetBranch();
    r.bytes = bytes;
    if (full)
    {
        r.text = msg.Serialize();
    }
    return r;
}

void
SipMessageTracer::Watch(Ptr<Application> app, const std::string& entity, StackGetter stack)
{
    const uint32_t node = app->GetNode()->GetId();
    if (Ptr<SipStack> now = stack())
    {
        Connect(now, node, entity);
        return;
    }
    TimeValue start;
    app->GetAttribute("StartTime", start);
    Ptr<SipMessageTracer> self = this;
    // At the start time this event runs before StartApplication (scheduled earlier); the one it
    // schedules now runs right after it.
    Simulator::Schedule(start.Get(),
                        [self, node, entity, stack]()
                        {
                            Simulator::ScheduleNow([self, node, entity, stack]()
                                                   { self->Connect(stack(), node, entity); });
                        });
}

void
SipMessageTracer::Connect(Ptr<SipStack> stack, uint32_t node, const std::string& entity)
{
    if (!stack || !m_out)
    {
        NS_LOG_WARN("no SIP stack to trace for " << entity);
        return;
    }
    Ptr<SipUdpTransport> transport = stack->GetTransport();
    const bool full = m_detail == Detail::Full;
    std::vector<SipMessageRecord>* out = m_out;
    for (const char* direction : {"tx", "rx"})
    {
        const std::string dir = direction;
        transport->TraceConnectWithoutContext(
            dir == "tx" ? "Tx" : "Rx",
            Callback<void, const sipmob::SipMessage&, const InetSocketAddress&,
                     const InetSocketAddress&, uint32_t>(
                [out, node, entity, dir, full](const sipmob::SipMessage& msg,
                                               const InetSocketAddress& from,
                                               const InetSocketAddress& to, uint32_t bytes)
                {
                    out->push_back(MakeRecord(Simulator::Now().GetSeconds(), node, entity, dir, msg,
                                              from, to, bytes, full));
                }));
    }
}

} // namespace ns3
