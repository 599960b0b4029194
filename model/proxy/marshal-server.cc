// SPDX-License-Identifier: GPL-2.0-only
#include "proxy/marshal-server.h"

#include "proxy/ack-router.h"
#include "proxy/cancel-handler.h"
#include "proxy/dialog-authenticator.h"
#include "proxy/digest-authenticator.h"
#include "proxy/loop-detector.h"
#include "proxy/loose-router.h"
#include "proxy/options-responder.h"
#include "proxy/peer-trust.h"
#include "proxy/redirect-disposition.h"
#include "proxy/request-forwarder.h"
#include "proxy/route-query.h"
#include "proxy/subscriber-authenticator.h"
#include "proxy/uri-scheme-check.h"
#include "proxy/visitor-authenticator.h"
#include "proxy/visitor-interceptor.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <sstream>
#include <string>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MarshalServer");
NS_OBJECT_ENSURE_REGISTERED(MarshalServer);

TypeId
MarshalServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MarshalServer")
            .SetParent<Application>()
            .SetGroupName("Sipmob")
            .AddConstructor<MarshalServer>()
            .AddAttribute("Port", "UDP port of the marshal server", UintegerValue(5060),
                          MakeUintegerAccessor(&MarshalServer::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Domain", "The SIP domain of this network",
                          StringValue("net1.example.org"),
                          MakeStringAccessor(&MarshalServer::m_domain), MakeStringChecker())
            .AddAttribute("RedirectServerAddress", "Address of the network's redirect server",
                          Ipv4AddressValue(Ipv4Address("127.0.0.1")),
                          MakeIpv4AddressAccessor(&MarshalServer::m_rsAddress),
                          MakeIpv4AddressChecker())
            .AddAttribute("RedirectServerPort", "Port of the network's redirect server",
                          UintegerValue(5070), MakeUintegerAccessor(&MarshalServer::m_rsPort),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("TrustedPeers",
                          "Comma-separated sources whose requests are not authenticated (the "
                          "local gateways), `a.b.c.d` (any port) or `a.b.c.d:port`; added to "
                          "AddTrustedPeer()",
                          StringValue(""), MakeStringAccessor(&MarshalServer::m_trustedPeers),
                          MakeStringChecker())
            .AddAttribute("DigestEnabled",
                          "Challenge subscribers that have a password (RFC 2617 MD5)",
                          BooleanValue(false), MakeBooleanAccessor(&MarshalServer::m_digest),
                          MakeBooleanChecker())
            .AddAttribute("Realm", "Digest realm", StringValue("net1.example.org"),
                          MakeStringAccessor(&MarshalServer::m_realm), MakeStringChecker())
            .AddAttribute("RecordRoute", "Add Record-Route (lr) to forwarded requests",
                          BooleanValue(true), MakeBooleanAccessor(&MarshalServer::m_recordRoute),
                          MakeBooleanChecker())
            .AddAttribute("AllowForeignRegister",
                          "Outbound-Proxy-Intercept: relay REGISTERs for peer domains to the "
                          "home network and create visitors on its 2xx",
                          BooleanValue(false),
                          MakeBooleanAccessor(&MarshalServer::m_allowForeignRegister),
                          MakeBooleanChecker())
            .AddAttribute("RedirectOnRequest",
                          "Answer an initial INVITE carrying `Request-Disposition: redirect` "
                          "(RFC 3841 §9.1) with 302 and the callee's contact instead of proxying "
                          "it (direct calls under Home-Registration-Only); false: proxy it",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MarshalServer::m_redirectOnRequest),
                          MakeBooleanChecker())
            .AddAttribute("PurgeInterval", "Period of the removal of expired visitors",
                          TimeValue(Seconds(1)), MakeTimeAccessor(&MarshalServer::m_purgeInterval),
                          MakeTimeChecker())
            .AddAttribute("ProcessingDelay",
                          "Processing time per request, fixed part (requests served one at a "
                          "time in arrival order; 0: none)",
                          TimeValue(Seconds(0)), MakeTimeAccessor(&MarshalServer::m_procDelay),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ProcessingJitter",
                          "Processing time per request, upper bound of a uniform random part "
                          "added to ProcessingDelay (0: none)",
                          TimeValue(Seconds(0)), MakeTimeAccessor(&MarshalServer::m_procJitter),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("RequestReceived", "A new request arrived (request, source)",
                            MakeTraceSourceAccessor(&MarshalServer::m_requestReceived),
                            "ns3::MarshalServer::MessageTracedCallback")
            .AddTraceSource("Forwarded", "A request was forwarded (request, next hop)",
                            MakeTraceSourceAccessor(&MarshalServer::m_forwardedTrace),
                            "ns3::MarshalServer::MessageTracedCallback")
            .AddTraceSource("Rejected",
                            "A request was answered with an error (request, code, reason)",
                            MakeTraceSourceAccessor(&MarshalServer::m_rejected),
                            "ns3::MarshalServer::RejectedTracedCallback")
            .AddTraceSource("VisitorCreated",
                            "A visitor was created or moved (id, contact, expires)",
                            MakeTraceSourceAccessor(&MarshalServer::m_visitorCreated),
                            "ns3::MarshalServer::VisitorTracedCallback")
            .AddTraceSource("VisitorRemoved", "A visitor was removed or expired (id, contact, 0)",
                            MakeTraceSourceAccessor(&MarshalServer::m_visitorRemoved),
                            "ns3::MarshalServer::VisitorTracedCallback")
            .AddTraceSource("Redirected",
                            "An INVITE asking for a redirect was answered 302 (request, Contact)",
                            MakeTraceSourceAccessor(&MarshalServer::m_redirected),
                            "ns3::MarshalServer::RedirectedTracedCallback")
            .AddTraceSource("AuthFailed", "Authentication failed (user, reason)",
                            MakeTraceSourceAccessor(&MarshalServer::m_authFailed),
                            "ns3::MarshalServer::AuthFailedTracedCallback");
    return tid;
}

MarshalServer::MarshalServer()
    : m_port(5060)
    , m_domain("net1.example.org")
    , m_rsAddress("127.0.0.1")
    , m_rsPort(5070)
    , m_digest(false)
    , m_realm("net1.example.org")
    , m_recordRoute(true)
    , m_allowForeignRegister(false)
    , m_redirectOnRequest(true)
    , m_purgeInterval(Seconds(1))
{
    NS_LOG_FUNCTION(this);
    m_services.visitors = std::make_shared<sipmob::VisitorRegistry>();
    m_services.core = &m_core;
    m_services.rejected = &m_rejected;
    m_services.authFailed = &m_authFailed;
    m_services.visitorCreated = &m_visitorCreated;
    m_services.visitorRemoved = &m_visitorRemoved;
    m_services.redirected = &m_redirected;
    m_services.resume = [this](const std::shared_ptr<MarshalRequest>& r) { m_chain.Run(r); };
    BuildChain();
}

MarshalServer::~MarshalServer() = default;

void
MarshalServer::BuildChain()
{
    // The marshal server's behaviours, in the order a request meets them (doc/architecture.md).
    auto routeQuery = std::make_unique<RouteQuery>(m_services);
    RouteQuery& query = *routeQuery;
    m_chain.Add(std::make_unique<CancelHandler>(m_services, query));
    m_chain.Add(std::make_unique<LoopDetector>(m_services));
    m_chain.Add(std::make_unique<UriSchemeCheck>(m_services));
    m_chain.Add(std::make_unique<OptionsResponder>(m_services));
    m_chain.Add(std::make_unique<PeerTrust>(m_services));
    m_chain.Add(std::make_unique<DialogAuthenticator>(m_services));
    m_chain.Add(std::make_unique<SubscriberAuthenticator>(m_services));
    m_chain.Add(std::make_unique<DigestAuthenticator>(m_services));
    m_chain.Add(std::make_unique<VisitorInterceptor>(m_services));
    m_chain.Add(std::make_unique<VisitorAuthenticator>(m_services));
    m_chain.Add(std::make_unique<AckRouter>(m_services));
    m_chain.Add(std::make_unique<LooseRouter>(m_services));
    m_chain.Add(std::move(routeQuery));
    m_chain.Add(std::make_unique<RedirectDisposition>(m_services));
    m_chain.Add(std::make_unique<RequestForwarder>(m_services));
}

std::vector<std::string>
MarshalServer::GetProcessorNames() const
{
    return m_chain.Names();
}

void
MarshalServer::DoDispose()
{
    Simulator::Cancel(m_purgeEvent);
    m_chain.Clear();
    m_core.Clear();
    if (m_stack)
    {
        m_stack->Stop();
        m_stack->Dispose();
        m_stack = nullptr;
    }
    m_services.stack = nullptr;
    m_services.subscribers = nullptr;
    m_services.resume = nullptr;
    Application::DoDispose();
}

void
MarshalServer::SetSubscriberStore(std::shared_ptr<sipmob::SubscriberStore> store)
{
    m_services.subscribers = std::move(store);
}

void
MarshalServer::AddTrustedPeer(Ipv4Address address, uint16_t port)
{
    m_services.trusted.Add(address, port);
}

std::shared_ptr<sipmob::VisitorRegistry>
MarshalServer::GetVisitorRegistry() const
{
    return m_services.visitors;
}

Ptr<SipStack>
MarshalServer::GetStack() const
{
    return m_stack;
}

void
MarshalServer::StartApplication()
{
    NS_LOG_FUNCTION(this);
    std::string error;
    NS_ABORT_MSG_UNLESS(m_services.trusted.AddList(m_trustedPeers, error),
                        "MarshalServer TrustedPeers: " << error);
    m_services.port = m_port;
    m_services.domain = m_domain;
    m_services.redirect = InetSocketAddress(m_rsAddress, m_rsPort);
    m_services.digest = m_digest;
    m_services.realm = m_realm;
    m_services.allowForeignRegister = m_allowForeignRegister;
    m_services.redirectOnRequest = m_redirectOnRequest;
    m_stack = CreateObject<SipStack>();
    if (!m_stack->Start(GetNode(), m_port))
    {
        NS_LOG_WARN("marshal server cannot bind port " << m_port);
        return;
    }
    m_services.stack = m_stack;
    m_core.SetStack(m_stack);
    m_core.Identity().SetTransport(GetNode(), m_port);
    m_core.Identity().AddDomain(m_domain);
    m_core.SetRecordRoute(m_recordRoute);
    // The key of the dialog tokens in our Record-Route (DialogAuthenticator): from the stack's
    // keyed generator, so unpredictable and the same for the same seed and run.
    std::string keyHex = m_stack->NewToken("record-route-key", 64);
    sipmob::KeyedIdGenerator::Secret key{};
    for (std::size_t i = 0; i < key.size() && 2 * i + 1 < keyHex.size(); ++i)
    {
        key[i] = static_cast<uint8_t>(std::stoul(keyHex.substr(2 * i, 2), nullptr, 16));
    }
    m_services.dialogKey = std::make_shared<const sipmob::KeyedIdGenerator>(key);
    m_core.SetRecordRouteParams(
        [this](const sipmob::SipMessage& r)
        {
            return std::string(";") + MarshalServices::DIALOG_TOKEN_PARAM + "=" +
                   m_services.DialogToken(r.GetCallId(), r.GetFrom().GetTag());
        });
    m_core.SetForwardedHook([this](const sipmob::SipMessage& r, const InetSocketAddress& to)
                            { m_forwardedTrace(r, to); });
    m_processing.Configure(m_procDelay, m_procJitter);
    m_stack->SetRequestHandler(
        m_processing.Wrap([this](const sipmob::SipMessage& r, const SipStack::ServerTxnId& id,
                                 const InetSocketAddress& from) { HandleRequest(r, id, from); }));
    m_stack->SetStrayHandler(m_processing.WrapStray(
        [this](const sipmob::SipMessage& m, const InetSocketAddress&) { m_core.HandleStray(m); }));
    m_purgeEvent = Simulator::Schedule(m_purgeInterval, &MarshalServer::Purge, this);
}

void
MarshalServer::StopApplication()
{
    NS_LOG_FUNCTION(this);
    Simulator::Cancel(m_purgeEvent);
    if (m_stack)
    {
        m_stack->Stop();
    }
}

void
MarshalServer::Purge()
{
    for (const auto& v : m_services.visitors->Purge(MarshalServices::Now()))
    {
        m_visitorRemoved(v.id, v.contact, 0);
    }
    m_purgeEvent = Simulator::Schedule(m_purgeInterval, &MarshalServer::Purge, this);
}

void
MarshalServer::HandleRequest(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                             const InetSocketAddress& from)
{
    NS_LOG_FUNCTION(this << request.GetMethod() << request.GetRequestUri().ToString());
    m_requestReceived(request, from);
    auto context = std::make_shared<MarshalRequest>(request, id, from);
    if (m_chain.Run(context) == MarshalProcessor::Result::CONTINUE)
    {
        m_services.Reject(request, id, 500, "No Processor Handled The Request");
    }
}

} // namespace ns3
