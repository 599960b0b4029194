// SPDX-License-Identifier: GPL-2.0-only
#include "ua/sip-user-agent.h"

#include "mobility/registration-model-registry.h"
#include "stack/ipv4-text.h"

#include "message/sdp.h"
#include "message/sip-text.h"
#include "stack/sip-udp-transport.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <iomanip>
#include <set>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SipUserAgent");
NS_OBJECT_ENSURE_REGISTERED(SipUserAgent);

namespace
{
const char* const kAllow = "INVITE, ACK, CANCEL, BYE, OPTIONS";

bool
IsIpv4Literal(const std::string& host)
{
    return !host.empty() && std::count(host.begin(), host.end(), '.') == 3 &&
           host.find_first_not_of("0123456789.") == std::string::npos;
}

/**
 * \brief Schedule f(call) without the event owning the call.
 *
 * A call keeps the EventIds of its own timers, and an EventId keeps its event (and the event its
 * arguments) alive even after it ran or was cancelled, so an event holding the call would be a
 * reference cycle that outlives the run (LeakSanitizer). The event holds a weak reference: the
 * call may have ended by then (EndCall cancels every timer of a call first anyway).
 */
template <typename F>
EventId
ScheduleForCall(Time delay, const std::shared_ptr<SipCall>& call, F f)
{
    return Simulator::Schedule(delay,
                               [weak = std::weak_ptr<SipCall>(call), f = std::move(f)]()
                               {
                                   if (auto alive = weak.lock())
                                   {
                                       f(alive);
                                   }
                               });
}

/// \return the EventIds of a call's own timers (cancelled and dropped when the call ends).
std::array<EventId*, 2>
TimersOf(SipCall& call)
{
    return {&call.answerEvent, &call.hangupEvent};
}

/// \param reason why an INVITE session ended \return the call record's end_reason
const std::string&
EndReasonText(InviteSession::EndReason reason)
{
    // In InviteSession::EndReason order; the values of calls.end_reason (doc/results-schema.md).
    static const std::array<std::string, 7> names{
        "failed", "cancelled", "no-answer", "timeout", "bye-received", "bye-sent", "run-ended"};
    return names.at(static_cast<std::size_t>(reason));
}

bool
Is2xx(int code)
{
    return code >= 200 && code < 300;
}

bool
SameAddress(const InetSocketAddress& a, const InetSocketAddress& b)
{
    return a.GetIpv4() == b.GetIpv4() && a.GetPort() == b.GetPort();
}
} // namespace

TypeId
SipUserAgent::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SipUserAgent")
            .SetParent<Application>()
            .SetGroupName("Sipmob")
            .AddConstructor<SipUserAgent>()
            .AddAttribute("User", "User part of the AoR (user ID)", StringValue("1001"),
                          MakeStringAccessor(&SipUserAgent::m_user), MakeStringChecker())
            .AddAttribute("Domain", "Home domain", StringValue("net1.example.org"),
                          MakeStringAccessor(&SipUserAgent::m_domain), MakeStringChecker())
            .AddAttribute("Password", "Digest password (empty: challenges are not answered)",
                          StringValue(""), MakeStringAccessor(&SipUserAgent::m_password),
                          MakeStringChecker())
            .AddAttribute("DisplayName", "Display name in From", StringValue(""),
                          MakeStringAccessor(&SipUserAgent::m_displayName), MakeStringChecker())
            .AddAttribute("Port", "SIP UDP port", UintegerValue(5060),
                          MakeUintegerAccessor(&SipUserAgent::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("HomeProxyAddress",
                          "Home marshal server, used when no ProxyDiscovery is set or it fails",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&SipUserAgent::m_homeProxy),
                          MakeIpv4AddressChecker())
            .AddAttribute("HomeProxyPort", "Port of the home marshal server", UintegerValue(5060),
                          MakeUintegerAccessor(&SipUserAgent::m_homeProxyPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("RegisterExpires", "Requested registration expiry, seconds",
                          UintegerValue(3600),
                          MakeUintegerAccessor(&SipUserAgent::m_registerExpires),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("RegisterRefreshFraction",
                          "Refresh after this fraction of the granted expiry", DoubleValue(0.5),
                          MakeDoubleAccessor(&SipUserAgent::m_refreshFraction),
                          MakeDoubleChecker<double>(0.01, 1.0))
            .AddAttribute("RegisterRetryInterval",
                          "Back-off base after a failed or timed-out REGISTER (RFC 5626 §4.5 "
                          "style): the k-th consecutive failure waits a uniform draw in "
                          "[W/2, W], W = min(RegisterRetryMax, RegisterRetryInterval * 2^(k-1)); "
                          "RFC 5626's base-time is 30 s",
                          TimeValue(Seconds(30)), MakeTimeAccessor(&SipUserAgent::m_registerRetry),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("RegisterRetryMax",
                          "Ceiling of the REGISTER retry back-off (RFC 5626 §4.5 max-time, 1800 s)",
                          TimeValue(Seconds(1800)),
                          MakeTimeAccessor(&SipUserAgent::m_registerRetryMax),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("AutoRegister", "Register at start and after every move",
                          BooleanValue(true), MakeBooleanAccessor(&SipUserAgent::m_autoRegister),
                          MakeBooleanChecker())
            .AddAttribute("UnregisterOnStop", "Send REGISTER with Expires: 0 when stopped",
                          BooleanValue(true),
                          MakeBooleanAccessor(&SipUserAgent::m_unregisterOnStop),
                          MakeBooleanChecker())
            .AddAttribute("AnswerDelay", "Ringing time before an incoming call is answered",
                          TimeValue(Seconds(1)), MakeTimeAccessor(&SipUserAgent::m_answerDelay),
                          MakeTimeChecker())
            .AddAttribute("MaxRingTime",
                          "No-answer timeout: an outgoing INVITE unanswered after this long is "
                          "cancelled (CANCEL, 487, ACK), an incoming call still ringing after "
                          "this long is refused 480; end_reason no-answer (0: never)",
                          TimeValue(Seconds(60)), MakeTimeAccessor(&SipUserAgent::m_maxRingTime),
                          MakeTimeChecker())
            .AddAttribute("RegistrationModel",
                          "Registration model by name (RegistrationModelRegistry: home-only, "
                          "outbound-proxy, ...)",
                          StringValue("home-only"), MakeStringAccessor(&SipUserAgent::m_modelName),
                          MakeStringChecker())
            .AddAttribute("PollInterval", "Address poll interval (poll detection mode)",
                          TimeValue(Seconds(1)), MakeTimeAccessor(&SipUserAgent::m_pollInterval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("RandomPollPhase",
                          "Poll mode: first address read at a random time within one interval "
                          "(AddressWatcher::RandomPhase)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&SipUserAgent::m_randomPollPhase),
                          MakeBooleanChecker())
            .AddAttribute("DetectionMode", "Address change detection: poll or event",
                          StringValue("poll"), MakeStringAccessor(&SipUserAgent::m_detectionMode),
                          MakeStringChecker())
            .AddAttribute("MediaPortBase", "Local RTP port of the first call (+2 per call)",
                          UintegerValue(16384),
                          MakeUintegerAccessor(&SipUserAgent::m_mediaPortBase),
                          MakeUintegerChecker<uint16_t>(1024))
            .AddAttribute("Calls",
                          "Call schedule: 'at callee duration' entries separated by ';' "
                          "(e.g. '5s 3001 30s; 60s 2001@net2.example.org 10s')",
                          StringValue(""), MakeStringAccessor(&SipUserAgent::m_callsAttribute),
                          MakeStringChecker())
            .AddTraceSource("AddressChange", "The UA detected an address change (old, new)",
                            MakeTraceSourceAccessor(&SipUserAgent::m_addressChangeTrace),
                            "ns3::SipUserAgent::AddressChangeTracedCallback")
            .AddTraceSource("RegistrationState", "Registration state change (old, new)",
                            MakeTraceSourceAccessor(&SipUserAgent::m_registrationStateTrace),
                            "ns3::SipUserAgent::StateTracedCallback")
            .AddTraceSource("RegisterSent",
                            "A REGISTER chain started: its first request was sent (contact)",
                            MakeTraceSourceAccessor(&SipUserAgent::m_registerSentTrace),
                            "ns3::SipUserAgent::RegisterSentTracedCallback")
            .AddTraceSource("Registration", "A REGISTER chain finished",
                            MakeTraceSourceAccessor(&SipUserAgent::m_registrationTrace),
                            "ns3::SipUserAgent::RegistrationTracedCallback")
            .AddTraceSource("CallState", "Call state change (callId, old, new)",
                            MakeTraceSourceAccessor(&SipUserAgent::m_callStateTrace),
                            "ns3::SipUserAgent::CallStateTracedCallback")
            .AddTraceSource("Call", "A call ended",
                            MakeTraceSourceAccessor(&SipUserAgent::m_callTrace),
                            "ns3::SipUserAgent::CallTracedCallback")
            .AddTraceSource("Media", "Media statistics of a call at its end",
                            MakeTraceSourceAccessor(&SipUserAgent::m_mediaTrace),
                            "ns3::SipUserAgent::MediaTracedCallback")
            .AddTraceSource("ReinviteSent", "A re-INVITE was sent (callId)",
                            MakeTraceSourceAccessor(&SipUserAgent::m_reinviteSentTrace),
                            "ns3::SipUserAgent::ReinviteSentTracedCallback")
            .AddTraceSource("ReinviteResult", "Final response to a re-INVITE (callId, status)",
                            MakeTraceSourceAccessor(&SipUserAgent::m_reinviteResultTrace),
                            "ns3::SipUserAgent::ReinviteResultTracedCallback")
            .AddTraceSource("MediaRx", "Media packet received (callId, from, local, seq)",
                            MakeTraceSourceAccessor(&SipUserAgent::m_mediaRxTrace),
                            "ns3::SipUserAgent::MediaRxTracedCallback")
            .AddTraceSource("DiscoverySent",
                            "After a move: the UA asks its model for the proxy (DNS SRV or table)",
                            MakeTraceSourceAccessor(&SipUserAgent::m_discoverySentTrace),
                            "ns3::SipUserAgent::DiscoverySentTracedCallback")
            .AddTraceSource("DiscoveryDone", "The proxy is known (true) or none was found",
                            MakeTraceSourceAccessor(&SipUserAgent::m_discoveryDoneTrace),
                            "ns3::SipUserAgent::DiscoveryDoneTracedCallback")
            .AddTraceSource("ProxyDiscovered", "The model found a proxy (domain, address, port)",
                            MakeTraceSourceAccessor(&SipUserAgent::m_proxyDiscoveredTrace),
                            "ns3::SipUserAgent::ProxyDiscoveredTracedCallback");
    return tid;
}

SipUserAgent::SipUserAgent()
    : m_port(5060)
    , m_homeProxy(Ipv4Address::GetAny())
    , m_homeProxyPort(5060)
    , m_registerExpires(3600)
    , m_refreshFraction(0.5)
    , m_autoRegister(true)
    , m_unregisterOnStop(true)
    , m_mediaPortBase(16384)
    , m_rng(CreateObject<UniformRandomVariable>())
    , m_stack(CreateObject<SipStack>())
    , m_running(false)
    , m_address(Ipv4Address::GetAny())
    , m_handoffGen(0)
    , m_handoffActive(false)
    , m_hopKnown(false)
    , m_hop(Ipv4Address::GetAny(), 0)
    , m_callCounter(0)
{
}

SipUserAgent::~SipUserAgent() = default;

void
SipUserAgent::DoDispose()
{
    for (auto& [id, call] : m_calls)
    {
        (void) id;
        for (EventId* ev : TimersOf(*call))
        {
            Simulator::Cancel(*ev);
            *ev = EventId(); // drops the event and what it holds
        }
        call->session->Dispose();
        if (call->stream)
        {
            call->stream->Dispose();
            call->stream = nullptr;
        }
    }
    m_calls.clear();
    m_deferred.clear();
    m_waitingCalls.clear();
    if (m_stack)
    {
        m_stack->Dispose();
    }
    m_registration.reset();
    if (m_watcher)
    {
        m_watcher->Dispose();
    }
    m_stack = nullptr;
    m_watcher = nullptr;
    m_model = nullptr;
    m_discovery = nullptr;
    m_dhcp = nullptr;
    Application::DoDispose();
}

// ---------------------------------------------------------------------------------------------
// Public API

void
SipUserAgent::AddCall(Time at, std::string callee, Time duration)
{
    if (!m_running)
    {
        m_planned.push_back(PlannedCall{at, std::move(callee), duration});
        return;
    }
    Time delay = std::max(at - Simulator::Now(), Time(0));
    Simulator::Schedule(delay, &SipUserAgent::PlaceCall, this, callee, duration);
}

void
SipUserAgent::HangUp(const std::string& callId)
{
    if (CallPtr call = FindCallById(callId))
    {
        call->session->Hangup();
    }
}

void
SipUserAgent::SetProxyDiscovery(Ptr<ProxyDiscovery> discovery)
{
    m_discovery = discovery;
}

void
SipUserAgent::SetDhcpClient(Ptr<RoamingDhcpClient> client)
{
    m_dhcp = client;
}

Ptr<SipStack>
SipUserAgent::GetStack() const
{
    return m_stack;
}

Ptr<AddressWatcher>
SipUserAgent::GetAddressWatcher() const
{
    return m_watcher;
}

std::string
SipUserAgent::GetAor() const
{
    return "sip:" + m_user + "@" + m_domain;
}

std::string
SipUserAgent::GetRegistrationState() const
{
    return m_registration ? m_registration->GetState() : "unregistered";
}

std::vector<std::string>
SipUserAgent::GetActiveCalls() const
{
    std::vector<std::string> ids;
    for (const auto& [id, call] : m_calls)
    {
        (void) call;
        ids.push_back(id);
    }
    return ids;
}

std::string
SipUserAgent::GetCallState(const std::string& callId) const
{
    CallPtr call = FindCallById(callId);
    return call ? ToString(call->state) : "";
}

Ptr<RtpMediaStream>
SipUserAgent::GetMediaStream(const std::string& callId) const
{
    CallPtr call = FindCallById(callId);
    return call ? call->stream : nullptr;
}

int64_t
SipUserAgent::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

// ---------------------------------------------------------------------------------------------
// Start and stop

void
SipUserAgent::StartApplication()
{
    // A peer that moves during a transaction answers from its new address (same port): a user
    // agent matches responses by port, servers by address and port (doc/security.md).
    m_stack->SetAttribute("StrictResponseSource", BooleanValue(false));
    m_stack->Start(GetNode(), m_port);
    m_stack->SetRequestHandler([this](const sipmob::SipMessage& req,
                                      const SipStack::ServerTxnId& id,
                                      const InetSocketAddress& from) { OnRequest(req, id, from); });
    m_stack->SetStrayHandler([this](const sipmob::SipMessage& msg, const InetSocketAddress& from)
                             { OnStray(msg, from); });
    m_uas = std::make_shared<UasResponder>(m_stack, m_rng, kAllow, [this]() { return Contact(); });
    auto env = std::make_shared<InviteSession::Environment>();
    env->stack = m_stack;
    env->uas = m_uas;
    env->rng = m_rng;
    env->outOfDialogHop = [this]() -> std::optional<InetSocketAddress>
    {
        if (!m_hopKnown)
        {
            return std::nullopt;
        }
        return m_hop;
    };
    env->inDialogHop = [this](const SipDialog& dialog, sipmob::SipMessage& request)
    { return InDialogHop(dialog, request); };
    env->whenCanSend = [this](std::function<void()> action) { Defer(std::move(action)); };
    env->user = m_user;
    env->password = m_password;
    env->maxRingTime = m_maxRingTime;
    TimeValue t;
    m_stack->GetAttribute("T1", t);
    env->t1 = t.Get();
    m_stack->GetAttribute("T2", t);
    env->t2 = t.Get();
    m_sessionEnv = env;

    m_model = RegistrationModelRegistry::Create(m_modelName);
    NS_ABORT_MSG_IF(!m_model, "unknown RegistrationModel '"
                                  << m_modelName << "' (expected "
                                  << RegistrationModelRegistry::NamesText() << ")");
    m_model->SetHomeDomain(m_domain);
    m_model->SetStaticHomeProxy(m_homeProxy, m_homeProxyPort);
    m_model->SetProxyDiscovery(m_discovery);

    m_registration = std::make_unique<RegistrationClient>(m_stack);
    m_registration->SetConfig(RegistrationClient::Config{
        m_user, m_domain, m_password, m_registerExpires, m_refreshFraction, m_model->GetName()});
    m_registration->SetHooks(
        [this](const std::string& o, const std::string& n) { m_registrationStateTrace(o, n); },
        [this](const sipmob::RegistrationRecord& r) { m_registrationTrace(r); },
        [this](int status) { OnRegisterResult(m_handoffGen, status); },
        [this]() { Defer([this]() { ReRegister(); }); });
    m_registration->SetSentHook([this](const std::string& c) { m_registerSentTrace(c); });

    m_watcher = CreateObject<AddressWatcher>();
    m_watcher->SetAttribute("PollInterval", TimeValue(m_pollInterval));
    m_watcher->SetAttribute("RandomPhase", BooleanValue(m_randomPollPhase));
    m_watcher->SetAttribute("Mode", StringValue(m_detectionMode));
    m_watcher->SetNode(GetNode());
    m_watcher->SetDhcpClient(m_dhcp);
    m_watcher->SetCallback(MakeCallback(&SipUserAgent::OnAddressChange, this));
    m_watcher->Start();

    m_running = true;
    m_address = m_watcher->GetAddress();
    if (m_address != Ipv4Address::GetAny())
    {
        StartHandoff();
    }
    ParseCallsAttribute();
    std::vector<PlannedCall> planned;
    planned.swap(m_planned);
    for (const auto& p : planned)
    {
        AddCall(p.at, p.callee, p.duration);
    }
}

void
SipUserAgent::ParseCallsAttribute()
{
    std::istringstream entries(m_callsAttribute);
    std::string entry;
    while (std::getline(entries, entry, ';'))
    {
        std::istringstream fields(entry);
        std::string at;
        std::string callee;
        std::string duration;
        if (fields >> at >> callee >> duration)
        {
            m_planned.push_back(PlannedCall{Time(at), callee, Time(duration)});
        }
    }
}

void
SipUserAgent::StopApplication()
{
    std::vector<CallPtr> calls;
    for (const auto& [id, call] : m_calls)
    {
        (void) id;
        calls.push_back(call);
    }
    for (const auto& call : calls)
    {
        HangUp(call->callId);
    }
    if (m_autoRegister && m_unregisterOnStop && m_address != Ipv4Address::GetAny())
    {
        m_registration->Unregister();
    }
    m_registration->Stop();
    m_watcher->Stop();
    Simulator::Cancel(m_retryEvent);
    ReportNotPlaced(NotPlacedReason());
    m_deferred.clear();
    m_handoffActive = false;
    m_running = false;
}

// ---------------------------------------------------------------------------------------------
// Mobility: address changes, hand-off, deferral

void
SipUserAgent::OnAddressChange(Ipv4Address oldAddr, Ipv4Address newAddr)
{
    NS_LOG_INFO(GetAor() << " address " << oldAddr << " -> " << newAddr);
    m_addressChangeTrace(oldAddr, newAddr);
    m_address = newAddr;
    if (!m_running)
    {
        return;
    }
    if (newAddr == Ipv4Address::GetAny())
    {
        // No address: whatever runs is stale; the media streams suppress their frames (counted
        // as lost by the peer) until an address comes back.
        ++m_handoffGen;
        m_handoffActive = true;
        m_registration->Supersede();
        Simulator::Cancel(m_retryEvent);
        return;
    }
    StartHandoff();
}

void
SipUserAgent::StartHandoff()
{
    uint64_t gen = ++m_handoffGen;
    m_handoffActive = true;
    m_registration->Supersede();
    Simulator::Cancel(m_retryEvent);
    Ptr<SipUserAgent> self(this);
    m_discoverySentTrace();
    m_model->Resolve(m_address,
                     [self, gen](bool ok, const std::string& domain, const InetSocketAddress& hop)
                     { self->OnResolved(gen, ok, domain, hop); });
}

void
SipUserAgent::OnResolved(uint64_t generation, bool ok, const std::string& domain,
                         const InetSocketAddress& hop)
{
    if (generation != m_handoffGen || !m_running)
    {
        return; // a newer move restarted the procedure
    }
    m_discoveryDoneTrace(ok);
    if (!ok)
    {
        NS_LOG_WARN(GetAor() << " no proxy for " << m_address);
        m_hopKnown = false;
        FinishHandoff(false);
        return;
    }
    if (!domain.empty())
    {
        m_proxyDiscoveredTrace(domain, hop.GetIpv4(), hop.GetPort());
    }
    m_hop = hop;
    m_hopKnown = true;
    // Bare numbers are dialled in the network whose proxy takes the request: the home network
    // (home-only), or the one the mobile is in (outbound-proxy), as the seed's visitor does.
    m_hopDomain = domain.empty() ? m_domain : domain;
    if (!m_autoRegister)
    {
        FinishHandoff(true);
        return;
    }
    RegisterNow(m_registerExpires);
}

void
SipUserAgent::RegisterNow(uint32_t expires)
{
    std::ostringstream contact;
    contact << "sip:" << m_user << "@" << m_address << ":" << m_port;
    m_registration->Register(m_hop, contact.str(), expires);
}

void
SipUserAgent::ReRegister()
{
    if (m_hopKnown && m_autoRegister)
    {
        RegisterNow(m_registerExpires);
    }
}

void
SipUserAgent::OnRegisterResult(uint64_t generation, int status)
{
    if (!m_running || generation != m_handoffGen)
    {
        return;
    }
    if (!Is2xx(status))
    {
        // No re-INVITE on a failed registration (the seed sends it after the 200 OK only): the
        // calls keep waiting for a registration that succeeds; deferred sends (BYE) go on.
        m_reinviteOwed = m_reinviteOwed || m_handoffActive;
        ScheduleRegisterRetry();
        if (m_handoffActive)
        {
            FinishHandoff(false);
        }
        return;
    }
    m_registerFailures = 0;
    WithdrawVisitedBinding();
    m_registeredVia = true;
    m_regHop = m_hop;
    m_regDomain = m_hopDomain;
    m_regContact = "sip:" + m_user + "@" + Ipv4Text(m_address) + ":" + std::to_string(m_port);
    if (m_handoffActive)
    {
        FinishHandoff(true);
    }
    else if (m_reinviteOwed)
    {
        m_reinviteOwed = false;
        ReinviteMovedCalls();
    }
}

void
SipUserAgent::ScheduleRegisterRetry()
{
    // RFC 5626 §4.5: W = min(max-time, base-time * 2^(failures-1)), wait 50-100 % of W.
    ++m_registerFailures;
    double w = m_registerRetry.GetSeconds() * std::pow(2.0, std::min(m_registerFailures, 30u) - 1);
    w = std::min(w, m_registerRetryMax.GetSeconds());
    Time wait = Seconds(m_rng->GetValue(w / 2, w));
    Simulator::Cancel(m_retryEvent);
    m_retryEvent = Simulator::Schedule(wait, [this]() { Defer([this]() { ReRegister(); }); });
}

void
SipUserAgent::WithdrawVisitedBinding()
{
    // The binding made through another network's proxy is not one this UA can name at its home
    // registrar (the proxy rewrote it), so it is withdrawn where it was made: a de-REGISTER of
    // the old contact through the old proxy removes the home binding and the visitor with it.
    bool visited = sipmob::text::ToLower(m_regDomain) != sipmob::text::ToLower(m_domain);
    if (!m_registeredVia || !visited || SameAddress(m_regHop, m_hop))
    {
        return;
    }
    m_registration->Withdraw(m_regHop, m_regContact);
}

void
SipUserAgent::FinishHandoff(bool reinvite)
{
    m_handoffActive = false;
    if (reinvite)
    {
        m_reinviteOwed = false;
        ReinviteMovedCalls();
    }
    std::deque<std::function<void()>> due;
    due.swap(m_deferred);
    for (auto& action : due)
    {
        action();
    }
    PlaceWaitingCalls();
}

void
SipUserAgent::ReinviteMovedCalls()
{
    std::vector<CallPtr> calls; // a response may end a call while we iterate
    for (const auto& [id, call] : m_calls)
    {
        (void) id;
        calls.push_back(call);
    }
    for (const auto& call : calls)
    {
        ReinviteIfMoved(call);
    }
}

void
SipUserAgent::ReinviteIfMoved(const CallPtr& call)
{
    bool moved = call->localSdp && call->localSdp->GetConnectionAddress() != Ipv4Text(m_address);
    if (call->state == CallState::Confirmed && moved)
    {
        call->session->Reinvite();
    }
}

bool
SipUserAgent::CanSend() const
{
    return m_running && m_address != Ipv4Address::GetAny() && !m_handoffActive;
}

void
SipUserAgent::Defer(std::function<void()> action)
{
    if (CanSend())
    {
        action();
        return;
    }
    m_deferred.push_back(std::move(action));
}

InetSocketAddress
SipUserAgent::InDialogHop(const SipDialog& dialog, sipmob::SipMessage& request) const
{
    InetSocketAddress hop = m_hop;
    dialog.NextHop(hop);
    if (!m_model || !m_model->PreloadsRoute() || !m_hopKnown || SameAddress(hop, m_hop))
    {
        return hop;
    }
    // RFC 3261 §8.1.2: a pre-loaded Route to the current outbound proxy, before the route set,
    // so that in-dialog requests cross it too (a hand-off re-INVITE through the new proxy).
    request.PrependHeader("Route", "<sip:" + Ipv4Text(m_hop.GetIpv4()) + ":" +
                                       std::to_string(m_hop.GetPort()) + ";lr>");
    return m_hop;
}

std::string
SipUserAgent::Contact() const
{
    std::ostringstream os;
    os << "<sip:" << m_user << "@" << m_address << ":" << m_port << ">";
    return os.str();
}

// ---------------------------------------------------------------------------------------------
// Outgoing calls

void
SipUserAgent::PlaceCall(std::string callee, Time duration)
{
    if (CanSend())
    {
        SendNewInvite(callee, duration);
        return;
    }
    // Placed as soon as the UA has an address and its registration has ended (FinishHandoff), or
    // reported with the reason it never was (ReportUnfinishedCalls).
    m_waitingCalls.push_back(PlannedCall{Simulator::Now(), std::move(callee), duration});
}

void
SipUserAgent::PlaceWaitingCalls()
{
    while (CanSend() && !m_waitingCalls.empty())
    {
        PlannedCall p = m_waitingCalls.front();
        m_waitingCalls.erase(m_waitingCalls.begin());
        SendNewInvite(p.callee, p.duration);
    }
}

std::string
SipUserAgent::NotPlacedReason() const
{
    if (m_address == Ipv4Address::GetAny())
    {
        return "no-address"; // no link or no lease
    }
    if (!m_hopKnown)
    {
        return "no-route"; // no proxy found for the current network
    }
    if (m_handoffActive)
    {
        return "not-registered"; // the registration of the current address had not ended
    }
    return "run-ended";
}

void
SipUserAgent::ReportNotPlaced(const std::string& reason)
{
    for (const auto& p : m_waitingCalls)
    {
        sipmob::CallRecord rec;
        rec.ua = GetAor();
        rec.peer = "sip:" +
                   (p.callee.find('@') != std::string::npos ? p.callee : p.callee + "@" + m_domain);
        rec.outgoing = true;
        rec.tInvite = p.at.GetSeconds(); // when it was due
        rec.tEnded = Simulator::Now().GetSeconds();
        rec.endReason = reason;
        m_callTrace(rec);
    }
    m_waitingCalls.clear();
}

void
SipUserAgent::ReportUnfinishedCalls()
{
    ReportNotPlaced(NotPlacedReason());
    std::vector<CallPtr> calls;
    for (const auto& [id, call] : m_calls)
    {
        (void) id;
        calls.push_back(call);
    }
    for (const auto& call : calls)
    {
        call->session->Terminate(); // end_reason run-ended
    }
}

void
SipUserAgent::SendNewInvite(const std::string& callee, Time duration)
{
    std::string callId =
        m_uas->NewToken() + "-" + std::to_string(m_callCounter) + "@" + Ipv4Text(m_address);
    CallPtr call = NewCall(callId, true);
    call->duration = duration;
    // Bare numbers are dialled in the network whose proxy takes the request (m_hopDomain).
    std::string target =
        callee.find('@') != std::string::npos ? callee : callee + "@" + m_hopDomain;
    sipmob::SipUri ruri = *sipmob::SipUri::Parse("sip:" + target);
    sipmob::SipMessage invite = sipmob::SipMessage::MakeRequest("INVITE", ruri);
    sipmob::SipNameAddr from = *sipmob::SipNameAddr::Parse("<" + GetAor() + ">");
    from.displayName = m_displayName;
    from.SetTag(call->session->GetLocalTag());
    invite.SetFrom(from);
    invite.SetTo(*sipmob::SipNameAddr::Parse("<" + ruri.ToString() + ">"));
    invite.SetHeader("Call-ID", callId);
    invite.SetHeader("CSeq", "1 INVITE");
    invite.SetMaxForwards(70);
    call->record.peer = ruri.ToString();
    call->session->Invite(invite);
}

// ---------------------------------------------------------------------------------------------
// Incoming requests

void
SipUserAgent::OnRequest(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id,
                        const InetSocketAddress& from)
{
    NS_LOG_FUNCTION(this << req.GetMethod() << from);
    static const std::map<std::string, MethodHandler> handlers{
        {"INVITE", &SipUserAgent::OnInvite},        {"BYE", &SipUserAgent::OnInDialog},
        {"CANCEL", &SipUserAgent::OnCancel},        {"OPTIONS", &SipUserAgent::OnOptions},
        {"REGISTER", &SipUserAgent::OnUnsupported}, {"SUBSCRIBE", &SipUserAgent::OnUnsupported},
        {"NOTIFY", &SipUserAgent::OnUnsupported},   {"REFER", &SipUserAgent::OnUnsupported},
        {"MESSAGE", &SipUserAgent::OnUnsupported},  {"INFO", &SipUserAgent::OnUnsupported},
        {"UPDATE", &SipUserAgent::OnUnsupported},   {"PRACK", &SipUserAgent::OnUnsupported},
        {"PUBLISH", &SipUserAgent::OnUnsupported},
    };
    if (req.GetMethod() == "ACK")
    {
        OnAck(req);
        return;
    }
    auto it = handlers.find(req.GetMethod());
    if (it == handlers.end())
    {
        m_uas->Respond(id, req, 501); // §8.2.1: a method we do not know
        return;
    }
    (this->*(it->second))(req, id);
}

void
SipUserAgent::OnInvite(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id)
{
    if (req.GetTo().GetTag().empty())
    {
        OnNewInvite(req, id);
    }
    else
    {
        OnInDialog(req, id);
    }
}

void
SipUserAgent::OnOptions(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id)
{
    m_uas->Respond(id, req, 200);
}

void
SipUserAgent::OnUnsupported(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id)
{
    m_uas->Respond(id, req, 405); // known method this UA does not implement; Allow added
}

void
SipUserAgent::OnNewInvite(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id)
{
    if (FindCallById(req.GetCallId()))
    {
        m_uas->Respond(id, req, 482); // §8.2.2.2: merged request
        return;
    }
    CallPtr call = NewCall(req.GetCallId(), false);
    call->record.tInvite = Simulator::Now().GetSeconds();
    call->record.peer = req.GetFrom().uri.ToString();
    call->session->OnIncomingInvite(req, id);
}

void
SipUserAgent::Answer(const CallPtr& call)
{
    if (call->state != CallState::Ringing)
    {
        return;
    }
    StartMedia(call);
    call->session->Answer();
}

void
SipUserAgent::OnInDialog(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id)
{
    CallPtr call = FindCall(req);
    if (!call)
    {
        m_uas->Respond(id, req, 481);
        return;
    }
    call->session->OnInDialogRequest(req, id);
}

void
SipUserAgent::OnCancel(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id)
{
    CallPtr call = FindCallById(req.GetCallId());
    if (!call || !call->session->IsCancelOf(req))
    {
        m_uas->Respond(id, req, 481);
        return;
    }
    m_uas->Respond(id, req, 200);
    call->session->OnCancel(req);
}

void
SipUserAgent::OnAck(const sipmob::SipMessage& ack)
{
    if (CallPtr call = FindCall(ack))
    {
        call->session->OnAck(ack);
    }
}

void
SipUserAgent::OnStray(const sipmob::SipMessage& msg, const InetSocketAddress& from)
{
    NS_LOG_FUNCTION(this << from);
    if (msg.IsRequest())
    {
        if (msg.GetMethod() == "ACK")
        {
            OnAck(msg);
        }
        return;
    }
    if (CallPtr call = FindCallById(msg.GetCallId()))
    {
        call->session->OnStrayResponse(msg);
    }
}

// ---------------------------------------------------------------------------------------------
// Media, states and records

bool
SipUserAgent::ApplyRemoteSdp(const CallPtr& call, const std::string& body)
{
    auto sdp = sipmob::Sdp::Parse(body);
    if (!sdp || !IsIpv4Literal(sdp->GetConnectionAddress()) || sdp->GetAudioPort() == 0)
    {
        return false;
    }
    call->remoteMedia = Ipv4Address(sdp->GetConnectionAddress().c_str());
    call->remoteMediaPort = sdp->GetAudioPort();
    if (call->stream && call->stream->IsRunning())
    {
        call->stream->SetRemote(call->remoteMedia, call->remoteMediaPort);
    }
    return true;
}

std::string
SipUserAgent::LocalSdp(const CallPtr& call)
{
    if (!call->stream)
    {
        StartMedia(call); // an outgoing call: the stream starts with the offer
    }
    std::string here = Ipv4Text(m_address);
    if (!call->localSdp)
    {
        uint64_t session = 1000 + m_callCounter;
        call->localSdp = sipmob::Sdp::MakeAudioOffer(m_user, session, here, call->mediaPort);
    }
    else if (call->localSdp->GetConnectionAddress() != here)
    {
        call->localSdp->SetConnectionAddress(here); // RFC 3264 §8: a changed offer, new version
        call->localSdp->IncrementVersion();
    }
    return call->localSdp->Serialize();
}

void
SipUserAgent::StartMedia(const CallPtr& call)
{
    if (!call->stream)
    {
        call->stream = CreateObject<RtpMediaStream>();
        call->stream->SetNode(GetNode());
        // Per media packet: forward with the call ID held by the callback (binding it as an
        // argument would copy the ID string for every packet).
        std::string callId = call->callId;
        call->stream->TraceConnectWithoutContext(
            "Rx",
            Callback<void, Ptr<const Packet>, Ipv4Address, Ipv4Address, uint16_t, Time>(
                [this, callId](Ptr<const Packet>, Ipv4Address from, Ipv4Address local, uint16_t seq,
                               Time) { m_mediaRxTrace(callId, from, local, seq); }));
        call->stream->Start(call->mediaPort);
    }
    if (call->remoteMediaPort != 0)
    {
        call->stream->SetRemote(call->remoteMedia, call->remoteMediaPort);
    }
}

void
SipUserAgent::SetCallState(const CallPtr& call, CallState state)
{
    if (call->state == state)
    {
        return;
    }
    CallState old = call->state;
    call->state = state;
    m_callStateTrace(call->callId, ToString(old), ToString(state));
}

void
SipUserAgent::OnSessionState(const CallPtr& call, InviteSession::State old,
                             InviteSession::State now, int status)
{
    using S = InviteSession::State;
    double t = Simulator::Now().GetSeconds();
    if (now == S::Calling)
    {
        call->record.tInvite = t; // also a re-sent INVITE (digest retry)
    }
    else if (now == S::Early)
    {
        call->record.tRinging = t;
    }
    else if (now == S::Connecting || (now == S::Confirmed && old != S::Connecting))
    {
        call->record.tAnswered = t;
        call->record.finalStatus = status;
    }
    if (now == S::Disconnected)
    {
        return; // reported by EndCall, after the media record
    }
    SetCallState(call, CallStateOf(now));
    if (now == S::Early && !call->outgoing)
    {
        call->answerEvent = ScheduleForCall(
            m_answerDelay, call, [this](const CallPtr& c) { Defer([this, c]() { Answer(c); }); });
    }
    else if (now == S::Terminating)
    {
        Simulator::Cancel(call->hangupEvent);
        if (call->stream)
        {
            call->stream->SetRemote(Ipv4Address::GetAny(), 0); // no media after our BYE
        }
    }
}

void
SipUserAgent::OnSessionEstablished(const CallPtr& call)
{
    // Moved while the INVITE was pending: the answer went to a stale offer.
    Defer([this, call]() { ReinviteIfMoved(call); });
    if (call->duration.IsStrictlyPositive())
    {
        call->hangupEvent =
            ScheduleForCall(call->duration, call,
                            [this](const CallPtr& c) { Defer([c]() { c->session->Hangup(); }); });
    }
}

void
SipUserAgent::EndCall(const CallPtr& call, const std::string& reason)
{
    if (call->state == CallState::Terminated)
    {
        return;
    }
    for (EventId* ev : TimersOf(*call))
    {
        Simulator::Cancel(*ev);
        *ev = EventId(); // drops the event and what it holds
    }
    call->record.tEnded = Simulator::Now().GetSeconds();
    call->record.endReason = reason;
    if (call->stream)
    {
        call->stream->Stop();
        if (call->record.tAnswered)
        {
            sipmob::MediaRecord media;
            media.callId = call->callId;
            media.ua = GetAor();
            call->stream->FillRecord(media);
            m_mediaTrace(media);
        }
    }
    SetCallState(call, CallState::Terminated);
    m_callTrace(call->record);
    m_calls.erase(call->callId);
}

SipUserAgent::CallPtr
SipUserAgent::NewCall(const std::string& callId, bool outgoing)
{
    auto call = std::make_shared<SipCall>();
    call->callId = callId;
    call->outgoing = outgoing;
    call->session = std::make_shared<InviteSession>(m_sessionEnv, callId, outgoing);
    call->mediaPort = m_mediaPortBase + 2 * (m_callCounter % 1000);
    ++m_callCounter;
    call->record.callId = callId;
    call->record.ua = GetAor();
    call->record.outgoing = outgoing;
    std::weak_ptr<SipCall> weak = call; // the call owns its session: no cycle through it
    InviteSession::Callbacks cb;
    cb.stateChanged = [this, weak](InviteSession::State o, InviteSession::State n, int status)
    {
        if (auto c = weak.lock())
        {
            OnSessionState(c, o, n, status);
        }
    };
    cb.bodyNeeded = [this, weak]() { return weak.lock() ? LocalSdp(weak.lock()) : ""; };
    cb.bodyReceived = [this, weak](const std::string& body)
    { return weak.lock() && ApplyRemoteSdp(weak.lock(), body); };
    cb.established = [this, weak]()
    {
        if (auto c = weak.lock())
        {
            OnSessionEstablished(c);
        }
    };
    cb.reinviteSent = [this, callId]() { m_reinviteSentTrace(callId); };
    cb.reinviteResult = [this, callId](int code) { m_reinviteResultTrace(callId, code); };
    cb.ended = [this, weak](InviteSession::EndReason reason, int status)
    {
        if (auto c = weak.lock())
        {
            if (status != 0)
            {
                c->record.finalStatus = status;
            }
            EndCall(c, EndReasonText(reason));
        }
    };
    call->session->SetCallbacks(std::move(cb));
    m_calls[callId] = call;
    return call;
}

SipUserAgent::CallPtr
SipUserAgent::FindCall(const sipmob::SipMessage& msg) const
{
    CallPtr call = FindCallById(msg.GetCallId());
    return call && call->session->Matches(msg) ? call : nullptr;
}

SipUserAgent::CallPtr
SipUserAgent::FindCallById(const std::string& callId) const
{
    auto it = m_calls.find(callId);
    return it == m_calls.end() ? nullptr : it->second;
}

} // namespace ns3
