// SPDX-License-Identifier: GPL-2.0-only
#include "proxy/marshal-server.h"
#include "stack/ipv4-text.h"
#include "message/sip-text.h"

#include "message/sip-digest-auth.h"

#include "ns3/boolean.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MarshalServer");
NS_OBJECT_ENSURE_REGISTERED(MarshalServer);

namespace
{
/// \param uri a URI \return the same URI without its ?headers
sipmob::SipUri
WithoutHeaders(const sipmob::SipUri& uri)
{
    if (uri.GetHeaders().empty())
    {
        return uri;
    }
    std::string text = uri.ToString();
    auto parsed = sipmob::SipUri::Parse(text.substr(0, text.find('?')));
    return parsed ? *parsed : uri;
}

/// \param uri a redirect Contact URI \return its Route URI header ("" when none)
std::string
RouteHeaderOf(const sipmob::SipUri& uri)
{
    for (const auto& h : uri.GetHeaders())
    {
        if (sipmob::text::ToLower(h.first) == "route")
        {
            return h.second;
        }
    }
    return "";
}
} // namespace

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
                          "Comma-separated IPv4 addresses whose requests are not authenticated "
                          "(the local gateways); added to AddTrustedPeer()",
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
            .AddAttribute("PurgeInterval", "Period of the removal of expired visitors",
                          TimeValue(Seconds(1)), MakeTimeAccessor(&MarshalServer::m_purgeInterval),
                          MakeTimeChecker())
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
    , m_purgeInterval(Seconds(1))
    , m_visitors(std::make_shared<VisitorRegistry>())
    , m_nonceCount(0)
{
    NS_LOG_FUNCTION(this);
}

MarshalServer::~MarshalServer() = default;

void
MarshalServer::DoDispose()
{
    Simulator::Cancel(m_purgeEvent);
    m_core.Clear();
    if (m_stack)
    {
        m_stack->Stop();
        m_stack->Dispose();
        m_stack = nullptr;
    }
    m_subscribers = nullptr;
    m_routing.clear();
    Application::DoDispose();
}

void
MarshalServer::SetSubscriberStore(std::shared_ptr<SubscriberStore> store)
{
    m_subscribers = std::move(store);
}

void
MarshalServer::AddTrustedPeer(Ipv4Address address)
{
    m_trusted.insert(address);
}

std::shared_ptr<VisitorRegistry>
MarshalServer::GetVisitorRegistry() const
{
    return m_visitors;
}

Ptr<SipStack>
MarshalServer::GetStack() const
{
    return m_stack;
}

double
MarshalServer::Now()
{
    return Simulator::Now().GetSeconds();
}

InetSocketAddress
MarshalServer::RedirectAddress() const
{
    return InetSocketAddress(m_rsAddress, m_rsPort);
}

void
MarshalServer::StartApplication()
{
    NS_LOG_FUNCTION(this);
    std::stringstream peers(m_trustedPeers);
    for (std::string item; std::getline(peers, item, ',');)
    {
        item.erase(std::remove(item.begin(), item.end(), ' '), item.end());
        if (!item.empty())
        {
            m_trusted.insert(Ipv4Address(item.c_str()));
        }
    }
    m_stack = CreateObject<SipStack>();
    if (!m_stack->Start(GetNode(), m_port))
    {
        NS_LOG_WARN("marshal server cannot bind port " << m_port);
        return;
    }
    m_core.SetStack(m_stack);
    m_core.SetRecordRoute(m_recordRoute);
    m_core.SetForwardedHook([this](const sipmob::SipMessage& r, const InetSocketAddress& to)
                            { m_forwardedTrace(r, to); });
    m_stack->SetRequestHandler([this](const sipmob::SipMessage& r, const SipStack::ServerTxnId& id,
                                      const InetSocketAddress& from)
                               { HandleRequest(r, id, from); });
    m_stack->SetStrayHandler([this](const sipmob::SipMessage& m, const InetSocketAddress&)
                             { m_core.HandleStray(m); });
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
    for (const auto& v : m_visitors->Purge(Now()))
    {
        m_visitorRemoved(v.id, v.contact, 0);
    }
    m_purgeEvent = Simulator::Schedule(m_purgeInterval, &MarshalServer::Purge, this);
}

void
MarshalServer::Reject(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id, int code,
                      const std::string& reason)
{
    sipmob::SipMessage response = SipProxyCore::MakeFinal(request, code, reason);
    m_rejected(request, code, response.GetReasonPhrase());
    m_stack->SendResponse(id, response);
}

void
MarshalServer::HandleRequest(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                             const InetSocketAddress& from)
{
    NS_LOG_FUNCTION(this << request.GetMethod() << request.GetRequestUri().ToString());
    m_requestReceived(request, from);
    const std::string& method = request.GetMethod();
    if (method == "ACK")
    {
        m_core.RouteStateless(request);
        return;
    }
    if (method == "CANCEL")
    {
        HandleCancel(request, id);
        return;
    }
    if (int check = m_core.Validate(request))
    {
        Reject(request, id, check, check == 483 ? "Too Many Hops" : "Loop Detected");
        return;
    }
    sipmob::SipMessage out = request;
    m_core.PopOwnRoute(out);
    if (!request.GetTo().GetTag().empty() || !out.GetRoutes().empty())
    {
        RouteInDialog(request, id, out);
        return;
    }
    Auth auth = m_trusted.count(from.GetIpv4()) ? CheckTrusted(request, id)
                                                : Authenticate(request, id, from);
    if (auth != Auth::REJECTED)
    {
        AskRedirect(request, id, auth == Auth::FOREIGN_REGISTER);
    }
}

void
MarshalServer::HandleCancel(const sipmob::SipMessage& cancel, const SipStack::ServerTxnId& id)
{
    std::string key = SipProxyCore::TxnKey(cancel);
    auto it = m_routing.find(key);
    if (it == m_routing.end())
    {
        m_core.HandleCancel(cancel, id);
        return;
    }
    // Still asking the redirect server: answer both here; its answer is then ignored.
    m_core.Reply(id, cancel, 200);
    m_core.Reply(it->second.second, it->second.first, 487);
    m_cancelled.insert(key);
    m_routing.erase(it);
}

void
MarshalServer::RouteInDialog(const sipmob::SipMessage& received, const SipStack::ServerTxnId& id,
                             sipmob::SipMessage out)
{
    InetSocketAddress to(Ipv4Address::GetAny(), 0);
    if (!SipProxyCore::NextHop(out, to) ||
        (to.GetIpv4() == m_stack->GetLocalAddress() && to.GetPort() == m_port))
    {
        AskRedirect(received, id, false);
        return;
    }
    m_core.Forward(received, id, out, to);
}

MarshalServer::Auth
MarshalServer::Authenticate(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                            const InetSocketAddress& from)
{
    bool isRegister = request.GetMethod() == "REGISTER";
    const sipmob::SipUri who = isRegister ? request.GetTo().uri : request.GetFrom().uri;
    std::string user = who.GetUser();
    std::string domain = sipmob::text::ToLower(who.GetHost());
    if (domain == sipmob::text::ToLower(m_domain))
    {
        auto subscriber = m_subscribers ? m_subscribers->Find(user, m_domain) : std::nullopt;
        if (!subscriber)
        {
            m_authFailed(user + "@" + domain, "not provisioned");
            Reject(request, id, 403, "Forbidden");
            return Auth::REJECTED;
        }
        if (m_digest && !subscriber->password.empty() && !CheckDigest(request, id, *subscriber))
        {
            return Auth::REJECTED;
        }
        return Auth::OK;
    }
    if (isRegister && m_allowForeignRegister)
    {
        return Auth::FOREIGN_REGISTER;
    }
    auto visitor = m_visitors->Find(user, domain, Now());
    auto contact = visitor ? sipmob::SipUri::Parse(visitor->contact) : std::nullopt;
    if (contact && contact->GetHost() == Ipv4Text(from.GetIpv4()))
    {
        return Auth::OK;
    }
    m_authFailed(user + "@" + domain, visitor ? "visitor from another address" : "unknown user");
    Reject(request, id, 403, "Forbidden");
    return Auth::REJECTED;
}

MarshalServer::Auth
MarshalServer::CheckTrusted(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id)
{
    // A registration of one of our users relayed by a foreign network must still be ours to grant:
    // the user must be provisioned and, with digest on, prove its password like a direct one. The
    // 401 travels back through the foreign marshal to the UA, whose retry the marshal relays.
    const sipmob::SipUri to = request.GetTo().uri;
    if (request.GetMethod() != "REGISTER" ||
        sipmob::text::ToLower(to.GetHost()) != sipmob::text::ToLower(m_domain))
    {
        return Auth::OK;
    }
    auto subscriber = m_subscribers ? m_subscribers->Find(to.GetUser(), m_domain) : std::nullopt;
    if (!subscriber)
    {
        m_authFailed(to.GetUser() + "@" + m_domain, "not provisioned (via peer)");
        Reject(request, id, 403, "Forbidden");
        return Auth::REJECTED;
    }
    if (m_digest && !subscriber->password.empty() && !CheckDigest(request, id, *subscriber))
    {
        return Auth::REJECTED;
    }
    return Auth::OK;
}

void
MarshalServer::Challenge(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id)
{
    bool isRegister = request.GetMethod() == "REGISTER";
    std::string nonce = sipmob::Md5Hex(m_realm + ":" + std::to_string(++m_nonceCount) + ":" +
                                       std::to_string(Simulator::Now().GetNanoSeconds()));
    m_nonces.insert(nonce);
    sipmob::SipDigest challenge;
    challenge.Set("realm", m_realm);
    challenge.Set("nonce", nonce);
    challenge.Set("algorithm", "MD5");
    challenge.Set("qop", "auth");
    int code = isRegister ? 401 : 407;
    sipmob::SipMessage response = SipProxyCore::MakeFinal(request, code);
    response.AddHeader(isRegister ? "WWW-Authenticate" : "Proxy-Authenticate",
                       challenge.ToString());
    m_rejected(request, code, response.GetReasonPhrase());
    m_stack->SendResponse(id, response);
}

bool
MarshalServer::CheckDigest(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                           const Subscriber& subscriber)
{
    bool isRegister = request.GetMethod() == "REGISTER";
    auto credentials = request.GetDigest(isRegister ? "Authorization" : "Proxy-Authorization");
    if (!credentials || credentials->Get("realm").value_or("") != m_realm ||
        !m_nonces.count(credentials->Get("nonce").value_or("")))
    {
        Challenge(request, id);
        return false;
    }
    auto get = [&credentials](const char* name) { return credentials->Get(name).value_or(""); };
    std::string expected =
        sipmob::DigestResponse(subscriber.user, m_realm, subscriber.password, request.GetMethod(),
                               get("uri"), get("nonce"), get("nc"), get("cnonce"), get("qop"));
    if (get("username") != subscriber.user || get("response") != expected)
    {
        m_authFailed(subscriber.user + "@" + subscriber.domain, "wrong credentials");
        Reject(request, id, 403, "Forbidden");
        return false;
    }
    return true;
}

void
MarshalServer::AskRedirect(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                           bool intercept)
{
    if (request.GetMethod() == "INVITE")
    {
        m_routing.insert_or_assign(SipProxyCore::TxnKey(request), std::make_pair(request, id));
    }
    m_stack->SendRequest(request, RedirectAddress(),
                         [this, request, id, intercept](const sipmob::SipMessage& answer)
                         { OnRedirect(request, id, intercept, answer); });
}

void
MarshalServer::OnRedirect(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                          bool intercept, const sipmob::SipMessage& answer)
{
    int code = answer.GetStatusCode();
    if (code < 200)
    {
        return;
    }
    std::string key = SipProxyCore::TxnKey(request);
    m_routing.erase(key);
    if (m_cancelled.erase(key))
    {
        return; // 487 already sent
    }
    auto contacts = answer.GetContacts();
    if (code >= 300 && code < 400 && !contacts.empty() && !contacts.front().wildcard)
    {
        FollowRedirect(request, id, intercept, contacts.front());
        return;
    }
    sipmob::SipMessage relay = answer;
    SipProxyCore::RestoreVias(relay, request);
    if (code >= 300)
    {
        m_rejected(request, code, answer.GetReasonPhrase());
    }
    m_stack->SendResponse(id, relay);
}

void
MarshalServer::FollowRedirect(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                              bool intercept, const sipmob::SipNameAddr& contact)
{
    sipmob::SipMessage out = request;
    m_core.PopOwnRoute(out);
    sipmob::SipUri target = WithoutHeaders(contact.uri);
    if (out.GetMethod() != "REGISTER")
    {
        out.SetRequestUri(target);
    }
    std::string route = RouteHeaderOf(contact.uri);
    InetSocketAddress to(Ipv4Address::GetAny(), 0);
    bool ok = false;
    if (!route.empty())
    {
        out.PrependHeader("Route", route);
        auto value = sipmob::SipNameAddr::Parse(route);
        ok = value && SipProxyCore::UriDestination(value->uri, to);
    }
    else
    {
        ok = SipProxyCore::UriDestination(target, to);
    }
    if (!ok)
    {
        Reject(request, id, 404, "Not Found");
        return;
    }
    SipProxyCore::ResponseHook hook;
    if (intercept)
    {
        auto state = RewriteRegister(out);
        hook = [this, state, id](sipmob::SipMessage& r) { return OnHomeAnswer(state, id, r); };
    }
    m_core.Forward(request, id, out, to, hook);
}

std::shared_ptr<MarshalServer::Intercept>
MarshalServer::RewriteRegister(sipmob::SipMessage& out)
{
    auto state = std::make_shared<Intercept>();
    const sipmob::SipUri to = out.GetTo().uri;
    state->user = to.GetUser();
    state->homeDomain = sipmob::text::ToLower(to.GetHost());
    state->visitorId = VisitorRegistry::MakeVisitorId(state->user, state->homeDomain);
    sipmob::SipUri aor;
    aor.SetUser(state->user);
    aor.SetHost(state->homeDomain);
    state->aor = aor.ToString();
    sipmob::SipUri proxy;
    proxy.SetUser(state->user + "@" + state->homeDomain);
    proxy.SetHost(Ipv4Text(m_stack->GetLocalAddress()));
    proxy.SetPort(m_port);
    state->proxyContact = proxy.ToString();
    // Rewrite only the contact the UA binds (or, in a de-REGISTER, unbinds): the first one without
    // its own expires=0. The others are previous contacts the UA removes in the same request
    // (RFC 3261 10.2.2) - its home address, or a contact it bound through another proxy - and
    // must reach the home registrar intact.
    // A request whose every contact has expires=0 is a de-REGISTER: its first contact is the UA's.
    std::vector<sipmob::SipNameAddr> contacts = out.GetContacts();
    auto removes = [](const sipmob::SipNameAddr& c)
    { return c.GetParam("expires") == std::optional<std::string>("0"); };
    auto own = std::find_if(contacts.begin(), contacts.end(),
                            [&removes](const sipmob::SipNameAddr& c)
                            { return !c.wildcard && !removes(c); });
    if (own == contacts.end())
    {
        own = std::find_if(contacts.begin(), contacts.end(),
                           [](const sipmob::SipNameAddr& c) { return !c.wildcard; });
    }
    if (own != contacts.end())
    {
        state->uaContact = *own;
        own->uri = proxy;
        out.RemoveHeader("Contact");
        for (const auto& c : contacts)
        {
            out.AddHeader("Contact", c.ToString());
        }
    }
    return state;
}

bool
MarshalServer::OnHomeAnswer(const std::shared_ptr<Intercept>& state,
                            const SipStack::ServerTxnId& id, sipmob::SipMessage& response)
{
    int code = response.GetStatusCode();
    if (code < 200 || code >= 300 || !state->uaContact)
    {
        return true; // provisional or rejection: relayed unchanged
    }
    std::optional<uint32_t> expires;
    sipmob::SipMessage relay = response;
    relay.RemoveHeader("Contact");
    for (auto c : response.GetContacts())
    {
        if (!c.wildcard && c.uri.ToString() == state->proxyContact)
        {
            auto e = c.GetParam("expires");
            expires = e ? static_cast<uint32_t>(std::strtoul(e->c_str(), nullptr, 10))
                        : response.GetExpires().value_or(3600);
            c.uri = state->uaContact->uri;
        }
        relay.AddHeader("Contact", c.ToString());
    }
    std::string uaContact = state->uaContact->uri.ToString();
    auto previous = m_visitors->Find(state->visitorId, Now());
    if (expires && *expires > 0)
    {
        m_visitors->Add(state->user, state->homeDomain, state->aor, uaContact, Now() + *expires);
        if (!previous || previous->contact != uaContact)
        {
            m_visitorCreated(state->visitorId, uaContact, *expires);
        }
        std::string stale = previous && previous->contact != uaContact ? previous->contact : "";
        RegisterVisitor(state, uaContact, *expires, id, relay, stale);
        return false;
    }
    if (previous && m_visitors->Remove(state->visitorId))
    {
        m_visitorRemoved(state->visitorId, previous->contact, 0);
        RegisterVisitor(state, "*", 0, id, relay, "");
        return false;
    }
    response = relay;
    return true;
}

void
MarshalServer::RegisterVisitor(const std::shared_ptr<Intercept>& state, const std::string& contact,
                               uint32_t expires, const SipStack::ServerTxnId& id,
                               const sipmob::SipMessage& relay, const std::string& stale)
{
    sipmob::SipUri registrar;
    registrar.SetHost(m_domain);
    sipmob::SipMessage reg = sipmob::SipMessage::MakeRequest("REGISTER", registrar);
    sipmob::SipNameAddr aor;
    aor.uri.SetUser(state->user + "@" + state->homeDomain);
    aor.uri.SetHost(m_domain);
    sipmob::SipNameAddr from = aor;
    from.SetTag(sipmob::Md5Hex(state->visitorId).substr(0, 8));
    reg.SetFrom(from);
    reg.SetTo(aor);
    std::string local = Ipv4Text(m_stack->GetLocalAddress());
    reg.AddHeader("Call-ID",
                  "visitor-" + sipmob::Md5Hex(state->visitorId).substr(0, 12) + "@" + local);
    reg.AddHeader("CSeq", std::to_string(++m_visitorCSeq[state->visitorId]) + " REGISTER");
    reg.AddHeader("Max-Forwards", "70");
    reg.AddHeader("Contact", contact == "*" ? "*" : "<" + contact + ">");
    reg.AddHeader("Expires", std::to_string(expires));
    if (!stale.empty())
    {
        reg.AddHeader("Contact", "<" + stale + ">;expires=0"); // the UA moved within this network
    }
    m_stack->SendRequest(reg, RedirectAddress(),
                         [this, id, relay](const sipmob::SipMessage& a)
                         {
                             if (a.GetStatusCode() >= 200 && m_stack)
                             {
                                 m_stack->SendResponse(id, relay);
                             }
                         });
}

} // namespace ns3
