// SPDX-License-Identifier: GPL-2.0-only
#include "proxy/redirect-server.h"
#include "dialog/sip-proxy-core.h"
#include "message/sip-text.h"
#include "stack/ipv4-text.h"

#include "message/sip-digest-auth.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RedirectServer");
NS_OBJECT_ENSURE_REGISTERED(RedirectServer);

namespace
{
/// \param a a socket address \return "host:port"
std::string
HostPort(const InetSocketAddress& a)
{
    return Ipv4Text(a.GetIpv4()) + ":" + std::to_string(a.GetPort());
}

/// \param request a request \return "METHOD uri from call-id" for traces
std::string
Summary(const sipmob::SipMessage& request)
{
    return request.GetMethod() + " " + request.GetRequestUri().ToString() + " from " +
           request.GetFrom().uri.ToString() + " call-id " + request.GetCallId();
}
} // namespace

TypeId
RedirectServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RedirectServer")
            .SetParent<Application>()
            .SetGroupName("Sipmob")
            .AddConstructor<RedirectServer>()
            .AddAttribute("Port", "UDP port of the redirect server", UintegerValue(5070),
                          MakeUintegerAccessor(&RedirectServer::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Domain", "The SIP domain this registrar is responsible for",
                          StringValue("net1.example.org"),
                          MakeStringAccessor(&RedirectServer::m_domain), MakeStringChecker())
            .AddAttribute("TrustedPeers",
                          "Comma-separated sources whose requests are answered, `a.b.c.d` or "
                          "`a.b.c.d:port` (its marshal server); added to AddTrustedPeer(). "
                          "Requests from anywhere else get 403",
                          StringValue(""), MakeStringAccessor(&RedirectServer::m_trustedPeersText),
                          MakeStringChecker())
            .AddAttribute("DomainAliases",
                          "Comma-separated host names and addresses that also name the domain "
                          "(the marshal server's address: a REGISTER to sip:user@<address> "
                          "registers user of the domain)",
                          StringValue(""), MakeStringAccessor(&RedirectServer::m_aliasesText),
                          MakeStringChecker())
            .AddAttribute("PurgeInterval", "Period of the removal of expired bindings",
                          TimeValue(Seconds(1)), MakeTimeAccessor(&RedirectServer::m_purgeInterval),
                          MakeTimeChecker())
            .AddAttribute("MinExpires", "Shortest registration accepted (423 below it), seconds",
                          UintegerValue(60), MakeUintegerAccessor(&RedirectServer::m_minExpires),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("DefaultExpires", "Expiry when a REGISTER gives none, seconds",
                          UintegerValue(3600),
                          MakeUintegerAccessor(&RedirectServer::m_defaultExpires),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxExpires", "Longest registration granted, seconds",
                          UintegerValue(7200), MakeUintegerAccessor(&RedirectServer::m_maxExpires),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("ProcessingDelay",
                          "Processing time per request, fixed part (requests served one at a "
                          "time in arrival order; 0: none)",
                          TimeValue(Seconds(0)), MakeTimeAccessor(&RedirectServer::m_procDelay),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ProcessingJitter",
                          "Processing time per request, upper bound of a uniform random part "
                          "added to ProcessingDelay (0: none)",
                          TimeValue(Seconds(0)), MakeTimeAccessor(&RedirectServer::m_procJitter),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("BindingAdded", "A new binding (aor, contact, expires)",
                            MakeTraceSourceAccessor(&RedirectServer::m_bindingAdded),
                            "ns3::RedirectServer::BindingTracedCallback")
            .AddTraceSource("BindingRefreshed", "A binding refreshed (aor, contact, expires)",
                            MakeTraceSourceAccessor(&RedirectServer::m_bindingRefreshed),
                            "ns3::RedirectServer::BindingTracedCallback")
            .AddTraceSource("BindingRemoved", "A binding removed by a REGISTER",
                            MakeTraceSourceAccessor(&RedirectServer::m_bindingRemoved),
                            "ns3::RedirectServer::BindingTracedCallback")
            .AddTraceSource("BindingExpired", "A binding expired",
                            MakeTraceSourceAccessor(&RedirectServer::m_bindingExpired),
                            "ns3::RedirectServer::BindingTracedCallback")
            .AddTraceSource("Refused",
                            "A request from a source that is not a trusted peer was refused "
                            "(request, source)",
                            MakeTraceSourceAccessor(&RedirectServer::m_refused),
                            "ns3::RedirectServer::RefusedTracedCallback")
            .AddTraceSource("RouteDecision", "The route given for a request (summary, decision)",
                            MakeTraceSourceAccessor(&RedirectServer::m_routeDecision),
                            "ns3::RedirectServer::RouteTracedCallback");
    return tid;
}

RedirectServer::RedirectServer()
    : m_port(5070)
    , m_domain("net1.example.org")
    , m_purgeInterval(Seconds(1))
    , m_minExpires(60)
    , m_defaultExpires(3600)
    , m_maxExpires(7200)
    , m_location(std::make_shared<sipmob::LocationService>())
{
    NS_LOG_FUNCTION(this);
}

RedirectServer::~RedirectServer() = default;

void
RedirectServer::DoDispose()
{
    Simulator::Cancel(m_purgeEvent);
    if (m_stack)
    {
        m_stack->Stop();
        m_stack->Dispose();
        m_stack = nullptr;
    }
    m_dialPlan = nullptr;
    Application::DoDispose();
}

void
RedirectServer::SetDialPlan(std::shared_ptr<sipmob::DialPlan> plan)
{
    m_dialPlan = std::move(plan);
}

void
RedirectServer::AddPeerNetwork(const PeerNetwork& peer)
{
    m_peers.push_back(peer);
}

std::shared_ptr<sipmob::LocationService>
RedirectServer::GetLocationService() const
{
    return m_location;
}

Ptr<SipStack>
RedirectServer::GetStack() const
{
    return m_stack;
}

double
RedirectServer::Now()
{
    return Simulator::Now().GetSeconds();
}

std::string
RedirectServer::MakeAor(const std::string& user) const
{
    sipmob::SipUri uri;
    uri.SetUser(user);
    uri.SetHost(sipmob::text::ToLower(m_domain));
    return uri.ToString();
}

void
RedirectServer::AddTrustedPeer(Ipv4Address address, uint16_t port)
{
    m_trusted.Add(address, port);
}

void
RedirectServer::StartApplication()
{
    NS_LOG_FUNCTION(this);
    std::string error;
    NS_ABORT_MSG_UNLESS(m_trusted.AddList(m_trustedPeersText, error),
                        "RedirectServer TrustedPeers: " << error);
    m_identity.SetTransport(GetNode(), m_port);
    m_identity.AddDomain(m_domain);
    std::stringstream aliases(m_aliasesText);
    for (std::string alias; std::getline(aliases, alias, ',');)
    {
        alias.erase(std::remove(alias.begin(), alias.end(), ' '), alias.end());
        if (!alias.empty())
        {
            m_identity.AddAlias(alias);
        }
    }
    m_location->SetMinExpires(m_minExpires);
    m_location->SetDefaultExpires(m_defaultExpires);
    m_location->SetMaxExpires(m_maxExpires);
    m_stack = CreateObject<SipStack>();
    if (!m_stack->Start(GetNode(), m_port))
    {
        NS_LOG_WARN("redirect server cannot bind port " << m_port);
        return;
    }
    m_processing.Configure(m_procDelay, m_procJitter);
    m_stack->SetRequestHandler(
        m_processing.Wrap([this](const sipmob::SipMessage& r, const SipStack::ServerTxnId& id,
                                 const InetSocketAddress& from) { HandleRequest(r, id, from); }));
    m_purgeEvent = Simulator::Schedule(m_purgeInterval, &RedirectServer::Purge, this);
}

void
RedirectServer::StopApplication()
{
    NS_LOG_FUNCTION(this);
    Simulator::Cancel(m_purgeEvent);
    if (m_stack)
    {
        m_stack->Stop();
    }
}

void
RedirectServer::Purge()
{
    for (const auto& expired : m_location->Purge(Now()))
    {
        NS_LOG_INFO("binding expired " << expired.aor << " -> " << expired.binding.contact);
        m_bindingExpired(expired.aor, expired.binding.contact, 0);
    }
    m_purgeEvent = Simulator::Schedule(m_purgeInterval, &RedirectServer::Purge, this);
}

void
RedirectServer::Respond(const SipStack::ServerTxnId& id, sipmob::SipMessage response)
{
    // The stack adds its keyed To tag (SipStack::ResponseTag, RFC 3261 §8.2.6.2).
    m_stack->SendResponse(id, response);
}

void
RedirectServer::HandleRequest(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                              const InetSocketAddress& from)
{
    NS_LOG_FUNCTION(this << request.GetMethod() << request.GetRequestUri().ToString());
    const std::string& method = request.GetMethod();
    if (!m_trusted.Contains(from))
    {
        // Trust boundary: only the marshal server may ask; anyone else would otherwise register
        // any user or read the location service (issue 11).
        NS_LOG_WARN("request from untrusted " << from.GetIpv4() << ":" << from.GetPort()
                                              << " refused");
        m_refused(request, from);
        if (method != "ACK")
        {
            sipmob::SipMessage refusal = sipmob::SipMessage::MakeResponse(request, 403);
            SipProxyCore::AddWarning(refusal, m_domain,
                                     "redirect server answers only its marshal server");
            Respond(id, refusal);
        }
        return;
    }
    if (method == "ACK")
    {
        return;
    }
    if (method == "CANCEL")
    {
        Respond(id, sipmob::SipMessage::MakeResponse(request, 200));
        return;
    }
    if (request.GetRequestUri().GetScheme() != "sip")
    {
        sipmob::SipMessage refusal = sipmob::SipMessage::MakeResponse(request, 416);
        SipProxyCore::AddWarning(refusal, m_domain,
                                 "Request-URI scheme '" + request.GetRequestUri().GetScheme() +
                                     ":' is not routed here (sip: only)");
        Respond(id, refusal);
        return;
    }
    if (method == "REGISTER" && m_identity.IsLocalDomain(request.GetTo().uri.GetHost()))
    {
        HandleRegister(request, id, from);
        return;
    }
    std::string decision;
    std::vector<std::string> contacts = Route(request, decision);
    m_routeDecision(Summary(request), decision);
    if (contacts.empty())
    {
        sipmob::SipMessage notFound = sipmob::SipMessage::MakeResponse(request, 404);
        SipProxyCore::AddWarning(notFound, m_domain, "no binding or route for " + decision);
        Respond(id, notFound);
        return;
    }
    sipmob::SipMessage response = sipmob::SipMessage::MakeResponse(request, 302);
    for (const auto& c : contacts)
    {
        response.AddHeader("Contact", c);
    }
    Respond(id, response);
}

const RedirectServer::PeerNetwork*
RedirectServer::PeerByDomain(const std::string& domain) const
{
    for (const auto& p : m_peers)
    {
        if (sipmob::text::ToLower(p.domain) == sipmob::text::ToLower(domain))
        {
            return &p;
        }
    }
    return nullptr;
}

std::vector<std::string>
RedirectServer::Route(const sipmob::SipMessage& request, std::string& decision)
{
    const sipmob::SipUri& ruri = request.GetRequestUri();
    const std::string user = ruri.GetUser();
    if (request.GetMethod() == "REGISTER")
    {
        const PeerNetwork* peer = PeerByDomain(request.GetTo().uri.GetHost());
        decision = peer ? "gateway " + peer->name : "not-found";
        if (!peer)
        {
            return {};
        }
        return {"<sip:" + HostPort(peer->gateway) + ">"};
    }
    // The seed's order: the registration database first (subscribers, then visitors), the dial
    // plan only when it gives no route. A Request-URI naming a peer domain is that domain's user;
    // any other host (ours, or a gateway's address the request came through) names a user here.
    const PeerNetwork* peerDomain = PeerByDomain(ruri.GetHost());
    std::string aor = peerDomain || user.find('@') != std::string::npos
                          ? MakeAor(user.find('@') != std::string::npos
                                        ? user
                                        : user + "@" + sipmob::text::ToLower(ruri.GetHost()))
                          : MakeAor(user);
    std::vector<std::string> contacts = BindingContacts(aor);
    if (!contacts.empty())
    {
        decision = "bindings " + aor;
        return contacts;
    }
    if (user.find('@') != std::string::npos)
    {
        decision = "not-found " + aor; // a visitor ID that is not (or no longer) here
        return {};
    }
    if (!peerDomain)
    {
        // A number dialled here (bare or with our domain) may be a visitor's user ID.
        for (const auto& visitorAor : VisitorAorsOf(user))
        {
            auto found = BindingContacts(visitorAor);
            contacts.insert(contacts.end(), found.begin(), found.end());
        }
        if (!contacts.empty())
        {
            decision = "visitor " + user;
            return contacts;
        }
    }
    const PeerNetwork* peer = peerDomain ? peerDomain : DialPlanPeer(user);
    if (!peer)
    {
        decision = "not-found " + aor;
        return {};
    }
    decision = "gateway " + peer->name;
    sipmob::SipUri target;
    target.SetUser(user);
    target.SetHost(Ipv4Text(peer->gateway.GetIpv4()));
    target.SetPort(peer->gateway.GetPort());
    return {"<" + target.ToString() + ">"};
}

const RedirectServer::PeerNetwork*
RedirectServer::DialPlanPeer(const std::string& user) const
{
    auto entry = m_dialPlan ? m_dialPlan->Match(user) : std::nullopt;
    if (!entry || entry->nextHop == sipmob::DialPlan::LOCAL)
    {
        return nullptr;
    }
    for (const auto& p : m_peers)
    {
        if (p.name == entry->nextHop)
        {
            return &p;
        }
    }
    return nullptr;
}

std::vector<std::string>
RedirectServer::VisitorAorsOf(const std::string& user) const
{
    std::vector<std::string> out;
    for (const auto& aor : m_location->Aors())
    {
        auto uri = sipmob::SipUri::Parse(aor);
        if (uri && uri->GetUser().rfind(user + "@", 0) == 0)
        {
            out.push_back(aor);
        }
    }
    return out;
}

std::vector<std::string>
RedirectServer::BindingContacts(const std::string& aor)
{
    std::vector<std::string> contacts;
    for (const auto& b : m_location->Lookup(aor, Now()))
    {
        auto uri = sipmob::SipUri::Parse(b.contact);
        std::string value = "<" + b.contact + ">";
        for (const auto& p : m_peers)
        {
            if (uri && uri->GetHost() == Ipv4Text(p.marshal))
            {
                // Outbound-proxy binding: reach the foreign marshal through our gateway.
                value = "<" + b.contact + "?Route=%3Csip:" + HostPort(p.gateway) + "%3Blr%3E>";
            }
        }
        contacts.push_back(value);
    }
    return contacts;
}

void
RedirectServer::HandleRegister(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                               const InetSocketAddress& from)
{
    sipmob::RegisterRequest reg;
    reg.aor = MakeAor(request.GetTo().uri.GetUser());
    reg.expires = request.GetExpires();
    reg.callId = request.GetCallId();
    reg.cseq = request.GetCSeq().seq;
    reg.path = HostPort(from);
    for (const auto& c : request.GetContacts())
    {
        sipmob::ContactUpdate update;
        update.uri = c.wildcard ? "*" : c.uri.ToString();
        if (auto e = c.GetParam("expires"))
        {
            update.expires = static_cast<uint32_t>(std::strtoul(e->c_str(), nullptr, 10));
        }
        if (auto q = c.GetParam("q"))
        {
            update.q = std::strtod(q->c_str(), nullptr);
        }
        reg.contacts.push_back(update);
    }
    std::vector<sipmob::Binding> before = m_location->Lookup(reg.aor, Now());
    sipmob::RegisterResult result = m_location->Register(reg, Now());
    m_routeDecision(Summary(request), "register " + reg.aor + " -> " +
                                          std::to_string(static_cast<int>(result.status)));
    if (result.status == sipmob::RegisterStatus::OK)
    {
        TraceBindings(reg.aor, before, result);
    }
    Respond(id, RegisterResponse(request, result));
}

void
RedirectServer::TraceBindings(const std::string& aor, const std::vector<sipmob::Binding>& before,
                              const sipmob::RegisterResult& result)
{
    for (const auto& r : result.removed)
    {
        m_bindingRemoved(aor, r.contact, 0);
    }
    for (const auto& b : result.bindings)
    {
        bool existed =
            std::any_of(before.begin(), before.end(),
                        [&b](const sipmob::Binding& o) { return o.contact == b.contact; });
        if (!existed)
        {
            m_bindingAdded(aor, b.contact, b.Remaining(Now()));
        }
        else
        {
            auto old =
                std::find_if(before.begin(), before.end(),
                             [&b](const sipmob::Binding& o) { return o.contact == b.contact; });
            if (old->cseq != b.cseq || old->callId != b.callId)
            {
                m_bindingRefreshed(aor, b.contact, b.Remaining(Now()));
            }
        }
    }
}

sipmob::SipMessage
RedirectServer::RegisterResponse(const sipmob::SipMessage& request,
                                 const sipmob::RegisterResult& result)
{
    int code = static_cast<int>(result.status);
    sipmob::SipMessage response = sipmob::SipMessage::MakeResponse(request, code);
    if (result.status == sipmob::RegisterStatus::INTERVAL_TOO_BRIEF)
    {
        response.AddHeader("Min-Expires", std::to_string(result.minExpires));
    }
    if (result.status != sipmob::RegisterStatus::OK)
    {
        return response;
    }
    for (const auto& b : result.bindings)
    {
        response.AddHeader("Contact",
                           "<" + b.contact + ">;expires=" + std::to_string(b.Remaining(Now())));
    }
    return response;
}

} // namespace ns3
