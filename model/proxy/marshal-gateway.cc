// SPDX-License-Identifier: GPL-2.0-only
#include "proxy/marshal-gateway.h"
#include "stack/ipv4-text.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MarshalGateway");
NS_OBJECT_ENSURE_REGISTERED(MarshalGateway);

TypeId
MarshalGateway::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MarshalGateway")
            .SetParent<Application>()
            .SetGroupName("Sipmob")
            .AddConstructor<MarshalGateway>()
            .AddAttribute("Port",
                          "UDP port (the seed: 5065 in the lower network, 5066 in the other)",
                          UintegerValue(5065), MakeUintegerAccessor(&MarshalGateway::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("LocalMarshalAddress", "Address of this network's marshal server",
                          Ipv4AddressValue(Ipv4Address("127.0.0.1")),
                          MakeIpv4AddressAccessor(&MarshalGateway::m_marshal),
                          MakeIpv4AddressChecker())
            .AddAttribute("LocalMarshalPort", "Port of this network's marshal server",
                          UintegerValue(5060), MakeUintegerAccessor(&MarshalGateway::m_marshalPort),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("PeerGatewayAddress", "Address of the gateway in the other network",
                          Ipv4AddressValue(Ipv4Address("127.0.0.1")),
                          MakeIpv4AddressAccessor(&MarshalGateway::m_peer),
                          MakeIpv4AddressChecker())
            .AddAttribute("PeerGatewayPort", "Port of the gateway in the other network",
                          UintegerValue(5066), MakeUintegerAccessor(&MarshalGateway::m_peerPort),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("RecordRoute", "Add Record-Route (lr): stay on the path of dialogs",
                          BooleanValue(false), MakeBooleanAccessor(&MarshalGateway::m_recordRoute),
                          MakeBooleanChecker())
            .AddAttribute("ProcessingDelay",
                          "Processing time per request, fixed part (requests served one at a "
                          "time in arrival order; 0: none)",
                          TimeValue(Seconds(0)), MakeTimeAccessor(&MarshalGateway::m_procDelay),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ProcessingJitter",
                          "Processing time per request, upper bound of a uniform random part "
                          "added to ProcessingDelay (0: none)",
                          TimeValue(Seconds(0)), MakeTimeAccessor(&MarshalGateway::m_procJitter),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("Refused",
                            "A request from neither the local marshal server nor the peer "
                            "gateway was refused (request, source)",
                            MakeTraceSourceAccessor(&MarshalGateway::m_refused),
                            "ns3::MarshalGateway::RefusedTracedCallback")
            .AddTraceSource("Forwarded", "A request was forwarded (direction, request)",
                            MakeTraceSourceAccessor(&MarshalGateway::m_forwarded),
                            "ns3::MarshalGateway::ForwardedTracedCallback");
    return tid;
}

MarshalGateway::MarshalGateway()
    : m_port(5065)
    , m_marshal("127.0.0.1")
    , m_marshalPort(5060)
    , m_peer("127.0.0.1")
    , m_peerPort(5066)
    , m_recordRoute(false)
{
    NS_LOG_FUNCTION(this);
}

MarshalGateway::~MarshalGateway() = default;

void
MarshalGateway::DoDispose()
{
    m_core.Clear();
    if (m_stack)
    {
        m_stack->Stop();
        m_stack->Dispose();
        m_stack = nullptr;
    }
    Application::DoDispose();
}

Ptr<SipStack>
MarshalGateway::GetStack() const
{
    return m_stack;
}

void
MarshalGateway::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_stack = CreateObject<SipStack>();
    if (!m_stack->Start(GetNode(), m_port))
    {
        NS_LOG_WARN("gateway cannot bind port " << m_port);
        return;
    }
    m_core.SetStack(m_stack);
    m_core.Identity().SetTransport(GetNode(), m_port);
    m_core.SetRecordRoute(m_recordRoute);
    m_core.SetForwardedHook([this](const sipmob::SipMessage& r, const InetSocketAddress& to)
                            { OnForwarded(r, to); });
    m_processing.Configure(m_procDelay, m_procJitter);
    m_stack->SetRequestHandler(
        m_processing.Wrap([this](const sipmob::SipMessage& r, const SipStack::ServerTxnId& id,
                                 const InetSocketAddress& from) { HandleRequest(r, id, from); }));
    m_stack->SetStrayHandler(m_processing.WrapStray(
        [this](const sipmob::SipMessage& m, const InetSocketAddress& from)
        {
            if (m.IsRequest() && m.GetMethod() == "ACK")
            {
                InetSocketAddress to(Ipv4Address::GetAny(), 0);
                if (!Destination(from, to))
                {
                    Refuse(m, "", from);
                    return;
                }
                sipmob::SipMessage out = m;
                m_core.PopOwnRoute(out);
                m_core.ForwardStateless(out, to); // ACK for 2xx, by direction
                return;
            }
            m_core.HandleStray(m);
        }));
}

void
MarshalGateway::StopApplication()
{
    if (m_stack)
    {
        m_stack->Stop();
    }
}

void
MarshalGateway::OnForwarded(const sipmob::SipMessage& request, const InetSocketAddress& to)
{
    bool outbound = to.GetIpv4() == m_peer && to.GetPort() == m_peerPort;
    m_forwarded(outbound ? "outbound" : "inbound", request);
}

bool
MarshalGateway::Destination(const InetSocketAddress& from, InetSocketAddress& to) const
{
    if (from.GetIpv4() == m_peer && from.GetPort() == m_peerPort)
    {
        to = InetSocketAddress(m_marshal, m_marshalPort);
        return true;
    }
    if (from.GetIpv4() == m_marshal && from.GetPort() == m_marshalPort)
    {
        to = InetSocketAddress(m_peer, m_peerPort);
        return true;
    }
    return false;
}

void
MarshalGateway::Refuse(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                       const InetSocketAddress& from)
{
    NS_LOG_WARN("request from untrusted " << from.GetIpv4() << ":" << from.GetPort() << " refused");
    m_refused(request, from);
    if (request.GetMethod() == "ACK" || id.empty())
    {
        return;
    }
    sipmob::SipMessage refusal = SipProxyCore::MakeFinal(request, 403);
    SipProxyCore::AddWarning(refusal,
                             Ipv4Text(m_stack->GetLocalAddress()) + ":" + std::to_string(m_port),
                             "gateway forwards only its marshal server and its peer gateway");
    m_stack->SendResponse(id, refusal);
}

void
MarshalGateway::HandleRequest(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                              const InetSocketAddress& from)
{
    NS_LOG_FUNCTION(this << request.GetMethod() << from.GetIpv4());
    InetSocketAddress to(Ipv4Address::GetAny(), 0);
    if (!Destination(from, to))
    {
        Refuse(request, id, from);
        return;
    }
    if (request.GetMethod() == "CANCEL")
    {
        m_core.HandleCancel(request, id);
        return;
    }
    sipmob::SipMessage out = request;
    m_core.PopOwnRoute(out);
    if (request.GetMethod() == "ACK")
    {
        m_core.ForwardStateless(out, to);
        return;
    }
    if (int check = m_core.Validate(request))
    {
        m_core.Reply(id, request, check, check == 483 ? "Too Many Hops" : "Loop Detected");
        return;
    }
    m_core.Forward(request, id, out, to);
}

} // namespace ns3
