// SPDX-License-Identifier: GPL-2.0-only
#include "stack/sip-udp-transport.h"

#include "stack/node-address.h"

#include "message/sip-message-check.h"

#include "ns3/boolean.h"
#include "ns3/ipv4-packet-info-tag.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <arpa/inet.h>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SipUdpTransport");
NS_OBJECT_ENSURE_REGISTERED(SipUdpTransport);

TypeId
SipUdpTransport::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SipUdpTransport")
            .SetParent<Object>()
            .SetGroupName("Sipmob")
            .AddConstructor<SipUdpTransport>()
            .AddAttribute("Port", "UDP port to listen on and send from", UintegerValue(5060),
                          MakeUintegerAccessor(&SipUdpTransport::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute(
                "AnswerBadRequests",
                "Answer an unparsable request, or one without a mandatory header, with 400 Bad "
                "Request (RFC 3261 §8.2.2)",
                BooleanValue(true), MakeBooleanAccessor(&SipUdpTransport::m_answerBadRequests),
                MakeBooleanChecker())
            .AddTraceSource("Tx", "A SIP message was sent",
                            MakeTraceSourceAccessor(&SipUdpTransport::m_txTrace),
                            "ns3::SipUdpTransport::MessageTracedCallback")
            .AddTraceSource("Rx", "A SIP message was received and parsed",
                            MakeTraceSourceAccessor(&SipUdpTransport::m_rxTrace),
                            "ns3::SipUdpTransport::MessageTracedCallback")
            .AddTraceSource(
                "ParseError",
                "A datagram could not be parsed as SIP, or lacks a mandatory header or has a "
                "control byte (CheckReceivedMessage); it was answered 400 or dropped",
                MakeTraceSourceAccessor(&SipUdpTransport::m_parseErrorTrace),
                "ns3::SipUdpTransport::ParseErrorTracedCallback");
    return tid;
}

SipUdpTransport::SipUdpTransport()
    : m_port(5060)
    , m_answerBadRequests(true)
{
}

SipUdpTransport::~SipUdpTransport() = default;

void
SipUdpTransport::DoDispose()
{
    Stop();
    m_node = nullptr;
    m_receive = ReceiveCallback();
    Object::DoDispose();
}

bool
SipUdpTransport::Start(Ptr<Node> node)
{
    NS_LOG_FUNCTION(this << node);
    m_node = node;
    m_socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    if (m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) != 0)
    {
        NS_LOG_WARN("cannot bind UDP port " << m_port);
        m_socket = nullptr;
        return false;
    }
    m_socket->SetRecvPktInfo(true);
    m_socket->SetRecvCallback(MakeCallback(&SipUdpTransport::HandleRead, this));
    return true;
}

void
SipUdpTransport::Stop()
{
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
        m_socket = nullptr;
    }
}

uint16_t
SipUdpTransport::GetPort() const
{
    return m_port;
}

void
SipUdpTransport::SetReceiveCallback(ReceiveCallback cb)
{
    m_receive = cb;
}

void
SipUdpTransport::HandleRead(Ptr<Socket> socket)
{
    Address from;
    Ptr<Packet> packet;
    while ((packet = socket->RecvFrom(from)))
    {
        if (!InetSocketAddress::IsMatchingType(from))
        {
            continue;
        }
        Ipv4PacketInfoTag info;
        Ipv4Address local = packet->PeekPacketTag(info) ? info.GetAddress() : Ipv4Address();
        std::string bytes(packet->GetSize(), '\0');
        packet->CopyData(reinterpret_cast<uint8_t*>(bytes.data()), bytes.size());
        HandleDatagram(bytes, InetSocketAddress::ConvertFrom(from), local);
    }
}

void
SipUdpTransport::HandleDatagram(const std::string& bytes, const InetSocketAddress& from,
                                const Ipv4Address& local)
{
    sipmob::SipParseError error;
    auto msg = sipmob::SipMessage::Parse(bytes, &error);
    if (!msg)
    {
        NS_LOG_INFO("unparsable datagram from " << from.GetIpv4() << ": " << error.ToString());
        m_parseErrorTrace(error.ToString(), from);
        if (!m_answerBadRequests)
        {
            return;
        }
        auto answer = sipmob::MakeBadRequestResponse(bytes, error);
        if (answer)
        {
            // The Via may be unusable; answer to the datagram's source, as §18.2.2 does for rport.
            Send(*answer, from);
        }
        return;
    }
    // What the parse leaves to the element: mandatory headers and control bytes (RFC 3261
    // §8.1.1, §25.1). Checked here, before any transaction or dialog sees the message.
    if (!sipmob::CheckReceivedMessage(*msg, bytes, &error))
    {
        NS_LOG_INFO("unusable " << (msg->IsRequest() ? "request" : "response") << " from "
                                << from.GetIpv4() << ": " << error.ToString());
        m_parseErrorTrace(error.ToString(), from);
        // §8.2.2 / §16.3: a request the element cannot process gets 400; a response, and an ACK
        // (§17.1.1.3: never answered), is dropped. With no Via there is nowhere to answer to.
        if (m_answerBadRequests && msg->IsRequest() && msg->GetMethod() != "ACK")
        {
            if (auto answer = sipmob::MakeBadRequestResponse(bytes, error))
            {
                Send(*answer, from);
            }
        }
        return;
    }
    if (msg->IsRequest())
    {
        StampVia(*msg, from);
    }
    m_rxTrace(*msg, from, InetSocketAddress(local, m_port), bytes.size());
    if (!m_receive.IsNull())
    {
        m_receive(*msg, from, local);
    }
}

void
SipUdpTransport::StampVia(sipmob::SipMessage& request, const InetSocketAddress& from) const
{
    if (request.GetVias().empty())
    {
        return;
    }
    sipmob::SipVia via = request.GetTopVia();
    std::ostringstream src;
    src << from.GetIpv4();
    // RFC 3261 §18.2.1: received when sent-by differs; RFC 3581: rport filled when present.
    if (via.host != src.str())
    {
        via.SetParam("received", src.str());
    }
    if (via.HasRport())
    {
        via.SetParam("received", src.str());
        via.SetParam("rport", std::to_string(from.GetPort()));
    }
    request.SetTopVia(via);
}

bool
SipUdpTransport::ResponseDestination(const sipmob::SipVia& via, InetSocketAddress& to)
{
    std::string host = via.GetReceived().value_or(via.host);
    in_addr parsed{};
    if (inet_pton(AF_INET, host.c_str(), &parsed) != 1 || parsed.s_addr == 0)
    {
        return false;
    }
    uint16_t port = via.GetRport().value_or(via.port != 0 ? via.port : 5060);
    to = InetSocketAddress(Ipv4Address(host.c_str()), port);
    return true;
}

bool
SipUdpTransport::SendResponse(const sipmob::SipMessage& response)
{
    if (response.GetVias().empty())
    {
        NS_LOG_WARN("response without Via cannot be routed");
        return false;
    }
    InetSocketAddress to(Ipv4Address::GetAny(), 0);
    if (!ResponseDestination(response.GetTopVia(), to))
    {
        NS_LOG_WARN("top Via names no IPv4 address: " << response.GetTopVia().ToString());
        return false;
    }
    return Send(response, to);
}

bool
SipUdpTransport::Send(const sipmob::SipMessage& msg, const InetSocketAddress& to)
{
    std::string bytes = msg.Serialize();
    if (!m_socket)
    {
        return false;
    }
    // Trace before the socket call: a datagram to an address of this node is delivered (and may
    // be answered) inside SendTo, and the trace must keep the order of cause and effect.
    InetSocketAddress from(UsableAddress(m_node), m_port);
    m_txTrace(msg, from, to, bytes.size());
    return SendBytes(bytes, to);
}

bool
SipUdpTransport::SendBytes(const std::string& bytes, const InetSocketAddress& to)
{
    if (!m_socket)
    {
        return false;
    }
    Ptr<Packet> p = Create<Packet>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    return m_socket->SendTo(p, 0, to) >= 0;
}

} // namespace ns3
