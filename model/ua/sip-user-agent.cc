// SPDX-License-Identifier: GPL-2.0-only
#include "ua/sip-user-agent.h"

#include "ua/call-controller.h"
#include "ua/call-media.h"
#include "ua/call-recorder.h"
#include "ua/forwarded-attribute.h"
#include "ua/request-handler.h"
#include "ua/ua-mobility.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SipUserAgent");
NS_OBJECT_ENSURE_REGISTERED(SipUserAgent);

namespace
{
/// The methods this user agent implements (Allow, RFC 3261 §20.5).
const char* const kAllow = "INVITE, ACK, CANCEL, BYE, OPTIONS";
} // namespace

TypeId
SipUserAgent::GetTypeId()
{
    // The address watcher owns these three; the user agent's attributes forward to it, with its
    // defaults and checkers (DetectionMode stays a string attribute here, a name the watcher's enum
    // checker converts, so the scenario loader can say which names it accepts).
    static const TypeId watcher = AddressWatcher::GetTypeId();
    static const auto poll = ForwardedAttributeInfo(watcher, "PollInterval");
    static const auto phase = ForwardedAttributeInfo(watcher, "RandomPhase");
    static const auto mode = ForwardedAttributeInfo(watcher, "Mode");
    static TypeId tid =
        TypeId("ns3::SipUserAgent")
            .SetParent<Application>()
            .SetGroupName("Sipmob")
            .AddConstructor<SipUserAgent>()
            .AddAttribute("User", "User part of the AoR (user ID)", StringValue("1001"),
                          MakeStringAccessor(&SipUserAgent::user), MakeStringChecker())
            .AddAttribute("Domain", "Home domain", StringValue("net1.example.org"),
                          MakeStringAccessor(&SipUserAgent::domain), MakeStringChecker())
            .AddAttribute("Password", "Digest password (empty: challenges are not answered)",
                          StringValue(""), MakeStringAccessor(&SipUserAgent::password),
                          MakeStringChecker())
            .AddAttribute("DisplayName", "Display name in From", StringValue(""),
                          MakeStringAccessor(&SipUserAgent::displayName), MakeStringChecker())
            .AddAttribute("Port", "SIP UDP port", UintegerValue(5060),
                          MakeUintegerAccessor(&SipUserAgent::port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("HomeProxyAddress",
                          "Home marshal server, used when no ProxyDiscovery is "
                          "set or it fails",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&SipUserAgent::homeProxy),
                          MakeIpv4AddressChecker())
            .AddAttribute("HomeProxyPort", "Port of the home marshal server", UintegerValue(5060),
                          MakeUintegerAccessor(&SipUserAgent::homeProxyPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("RegisterExpires", "Requested registration expiry, seconds",
                          UintegerValue(3600), MakeUintegerAccessor(&SipUserAgent::registerExpires),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("RegisterRefreshFraction",
                          "Refresh after this fraction of the granted expiry", DoubleValue(0.5),
                          MakeDoubleAccessor(&SipUserAgent::refreshFraction),
                          MakeDoubleChecker<double>(0.01, 1.0))
            .AddAttribute("RegisterRetryInterval",
                          "Back-off base after a failed or timed-out REGISTER (RFC 5626 "
                          "§4.5 "
                          "style): the k-th consecutive failure waits a uniform draw in "
                          "[W/2, W], W = min(RegisterRetryMax, RegisterRetryInterval * "
                          "2^(k-1)); "
                          "RFC 5626's base-time is 30 s",
                          TimeValue(Seconds(30)), MakeTimeAccessor(&SipUserAgent::registerRetry),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("RegisterRetryMax",
                          "Ceiling of the REGISTER retry back-off (RFC 5626 §4.5 "
                          "max-time, 1800 s)",
                          TimeValue(Seconds(1800)),
                          MakeTimeAccessor(&SipUserAgent::registerRetryMax),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("AutoRegister", "Register at start and after every move",
                          BooleanValue(true), MakeBooleanAccessor(&SipUserAgent::autoRegister),
                          MakeBooleanChecker())
            .AddAttribute("UnregisterOnStop", "Send REGISTER with Expires: 0 when stopped",
                          BooleanValue(true), MakeBooleanAccessor(&SipUserAgent::unregisterOnStop),
                          MakeBooleanChecker())
            .AddAttribute("AnswerDelay", "Ringing time before an incoming call is answered",
                          TimeValue(Seconds(1)), MakeTimeAccessor(&SipUserAgent::answerDelay),
                          MakeTimeChecker())
            .AddAttribute("MaxRingTime",
                          "No-answer timeout: an outgoing INVITE unanswered after this "
                          "long is "
                          "cancelled (CANCEL, 487, ACK), an incoming call still ringing "
                          "after "
                          "this long is refused 480; end_reason no-answer (0: never)",
                          TimeValue(Seconds(60)), MakeTimeAccessor(&SipUserAgent::maxRingTime),
                          MakeTimeChecker())
            .AddAttribute("RegistrationModel",
                          "Registration model by name "
                          "(RegistrationModelRegistry: home-only, "
                          "outbound-proxy, ...)",
                          StringValue("home-only"), MakeStringAccessor(&SipUserAgent::modelName),
                          MakeStringChecker())
            .AddAttribute("MediaStream",
                          "Factory of each call's media stream: ns3::RtpMediaStream and the "
                          "attributes of this UA's streams, e.g. "
                          "ns3::RtpMediaStream[PlayoutBuffer=fixed|PlayoutDelay=80ms] (unset "
                          "ones: the ns3::RtpMediaStream defaults, scenario attributes: "
                          "media.NAME)",
                          ObjectFactoryValue(ObjectFactory("ns3::RtpMediaStream")),
                          MakeObjectFactoryAccessor(&SipUserAgent::mediaStream),
                          MakeObjectFactoryChecker())
            .AddAttribute(
                "PollInterval", "Address poll interval (poll detection mode)", *poll.initialValue,
                MakeForwardedAccessor(&SipUserAgent::m_watcher, "PollInterval"), poll.checker)
            .AddAttribute("RandomPollPhase",
                          "Poll mode: first address read at a random time within one "
                          "interval "
                          "(AddressWatcher::RandomPhase)",
                          *phase.initialValue,
                          MakeForwardedAccessor(&SipUserAgent::m_watcher, "RandomPhase"),
                          phase.checker)
            .AddAttribute("DetectionMode", "Address change detection: poll or event",
                          StringValue(mode.initialValue->SerializeToString(mode.checker)),
                          MakeForwardedAccessor(&SipUserAgent::m_watcher, "Mode"),
                          MakeStringChecker()) // a name, checked by the watcher's enum
            .AddAttribute("MediaPortBase", "Local RTP port of the first call (+2 per call)",
                          UintegerValue(16384), MakeUintegerAccessor(&SipUserAgent::mediaPortBase),
                          MakeUintegerChecker<uint16_t>(1024))
            .AddAttribute("Calls",
                          "Call schedule: 'at callee duration' entries separated by ';' "
                          "(e.g. '5s 3001 30s; 60s 2001@net2.example.org 10s')",
                          StringValue(""), MakeStringAccessor(&SipUserAgent::callsAttribute),
                          MakeStringChecker())
            .AddAttribute("DirectCalls",
                          "Send new INVITEs directly to the callee: ask the proxy for the "
                          "callee's contact (Request-Disposition: redirect, RFC 3841 §9.1), follow "
                          "its 302 (RFC 3261 §8.1.3.4) and run the dialog UA to UA. model: a "
                          "mobile UA (with a DHCP client) when its RegistrationModel calls "
                          "directly (home-only); on; off",
                          EnumValue(UaSettings::DIRECT_MODEL),
                          MakeEnumAccessor(&SipUserAgent::directCalls),
                          MakeEnumChecker(UaSettings::DIRECT_MODEL, "model", UaSettings::DIRECT_ON,
                                          "on", UaSettings::DIRECT_OFF, "off"))
            .AddTraceSource("AddressChange", "The UA detected an address change (old, new)",
                            MakeTraceSourceAccessor(&SipUserAgent::addressChange),
                            "ns3::SipUserAgent::AddressChangeTracedCallback")
            .AddTraceSource("RegistrationState", "Registration state change (old, new)",
                            MakeTraceSourceAccessor(&SipUserAgent::registrationState),
                            "ns3::SipUserAgent::StateTracedCallback")
            .AddTraceSource("RegisterSent",
                            "A REGISTER chain started: its first request was sent (contact)",
                            MakeTraceSourceAccessor(&SipUserAgent::registerSent),
                            "ns3::SipUserAgent::RegisterSentTracedCallback")
            .AddTraceSource("Registration", "A REGISTER chain finished",
                            MakeTraceSourceAccessor(&SipUserAgent::registration),
                            "ns3::SipUserAgent::RegistrationTracedCallback")
            .AddTraceSource("CallState", "Call state change (callId, old, new)",
                            MakeTraceSourceAccessor(&SipUserAgent::callState),
                            "ns3::SipUserAgent::CallStateTracedCallback")
            .AddTraceSource("Call", "A call ended", MakeTraceSourceAccessor(&SipUserAgent::call),
                            "ns3::SipUserAgent::CallTracedCallback")
            .AddTraceSource("Media", "Media statistics of a call at its end",
                            MakeTraceSourceAccessor(&SipUserAgent::media),
                            "ns3::SipUserAgent::MediaTracedCallback")
            .AddTraceSource("ReinviteSent", "A re-INVITE was sent (callId)",
                            MakeTraceSourceAccessor(&SipUserAgent::reinviteSent),
                            "ns3::SipUserAgent::ReinviteSentTracedCallback")
            .AddTraceSource("ReinviteResult", "Final response to a re-INVITE (callId, status)",
                            MakeTraceSourceAccessor(&SipUserAgent::reinviteResult),
                            "ns3::SipUserAgent::ReinviteResultTracedCallback")
            .AddTraceSource("CallRedirected",
                            "A redirect query was answered 3xx and a new INVITE sent to the "
                            "contact (callId, contact)",
                            MakeTraceSourceAccessor(&SipUserAgent::callRedirected),
                            "ns3::SipUserAgent::CallRedirectedTracedCallback")
            .AddTraceSource("MediaRx", "Media packet received (callId, from, local, seq)",
                            MakeTraceSourceAccessor(&SipUserAgent::mediaRx),
                            "ns3::SipUserAgent::MediaRxTracedCallback")
            .AddTraceSource("DiscoverySent",
                            "After a move: the UA asks its model for the proxy "
                            "(DNS SRV or table)",
                            MakeTraceSourceAccessor(&SipUserAgent::discoverySent),
                            "ns3::SipUserAgent::DiscoverySentTracedCallback")
            .AddTraceSource("DiscoveryDone", "The proxy is known (true) or none was found",
                            MakeTraceSourceAccessor(&SipUserAgent::discoveryDone),
                            "ns3::SipUserAgent::DiscoveryDoneTracedCallback")
            .AddTraceSource("ProxyDiscovered", "The model found a proxy (domain, address, port)",
                            MakeTraceSourceAccessor(&SipUserAgent::proxyDiscovered),
                            "ns3::SipUserAgent::ProxyDiscoveredTracedCallback");
    return tid;
}

SipUserAgent::SipUserAgent()
    : m_rng(CreateObject<UniformRandomVariable>())
    , m_stack(CreateObject<SipStack>())
    , m_watcher(CreateObject<AddressWatcher>())
{
    // Plain parts, created here so that the forwarded attributes find the watcher; the node, the
    // stack's port and the registration model come at start.
    m_mobility = std::make_unique<UaMobility>(this, *this, *this, m_stack, m_watcher, m_rng);
    m_uas = std::make_shared<UasResponder>(m_stack, m_rng, kAllow,
                                           [this]() { return m_mobility->Contact(); });
    m_media = std::make_unique<CallMedia>(*this, *this);
    m_recorder = std::make_unique<CallRecorder>(*this, *this, *m_media);
    m_calls =
        std::make_unique<CallController>(*this, *this, m_uas, *m_mobility, *m_media, *m_recorder);
    m_requests = std::make_unique<RequestHandler>(*m_calls, m_uas);
    m_mobility->SetHooks([this]() { m_calls->ReinviteMovedCalls(); },
                         [this]() { m_calls->PlaceWaitingCalls(); });
}

SipUserAgent::~SipUserAgent() = default;

void
SipUserAgent::DoDispose()
{
    m_calls->Dispose();
    m_mobility->Dispose();
    // Every reference out of the parts goes, so that a user agent still held afterwards (say by
    // a callback in one of its own trace sources) holds neither its stack nor its node.
    m_media->SetNode(nullptr);
    m_uas->Release();
    if (m_stack)
    {
        m_stack->Dispose();
    }
    if (m_watcher)
    {
        m_watcher->Dispose();
    }
    m_stack = nullptr;
    m_watcher = nullptr;
    m_dhcp = nullptr;
    Application::DoDispose();
}

// ---------------------------------------------------------------------------------------------
// Start and stop

void
SipUserAgent::StartApplication()
{
    if (m_stopped)
    {
        return; // started after its stop time (start beyond the run's end): it never runs
    }
    // A peer that moves during a transaction answers from its new address (same port): a user agent
    // matches responses by port, servers by address and port (doc/security.md).
    m_stack->SetAttribute("StrictResponseSource", BooleanValue(false));
    m_stack->Start(GetNode(), port);
    m_stack->SetRequestHandler(
        [this](const sipmob::SipMessage& req, const SipStack::ServerTxnId& id,
               const InetSocketAddress& from) { m_requests->OnRequest(req, id, from); });
    m_stack->SetStrayHandler([this](const sipmob::SipMessage& msg, const InetSocketAddress& from)
                             { m_requests->OnStray(msg, from); });
    m_media->SetNode(GetNode());
    m_mobility->Start(GetNode(), m_dhcp);
    ParseCallsAttribute();
    m_calls->Start(m_stack, m_rng);
}

void
SipUserAgent::ParseCallsAttribute()
{
    std::istringstream entries(callsAttribute);
    std::string entry;
    while (std::getline(entries, entry, ';'))
    {
        std::istringstream fields(entry);
        std::string at;
        std::string callee;
        std::string duration;
        if (fields >> at >> callee >> duration)
        {
            m_calls->AddCall(Time(at), callee,
                             Time(duration)); // planned until m_calls starts
        }
    }
}

void
SipUserAgent::StopApplication()
{
    m_stopped = true;
    if (!m_mobility->IsRunning())
    {
        // Stopped before it started (ns-3 schedules the stop regardless): nothing runs, the
        // planned calls get their rows (not-started, or after-run-end when due later).
        m_calls->ReportNotPlaced("not-started");
        return;
    }
    m_calls->HangUpAll();
    std::string reason = m_mobility->NotPlacedReason();
    m_mobility->Stop();
    m_calls->ReportNotPlaced(reason);
}

// ---------------------------------------------------------------------------------------------
// Public API

void
SipUserAgent::AddCall(Time at, std::string callee, Time duration)
{
    m_calls->AddCall(at, std::move(callee), duration);
}

void
SipUserAgent::HangUp(const std::string& callId)
{
    m_calls->HangUp(callId);
}

void
SipUserAgent::ReportUnfinishedCalls()
{
    m_calls->ReportUnfinished(m_mobility->NotPlacedReason());
}

void
SipUserAgent::SetProxyDiscovery(Ptr<ProxyDiscovery> discovery)
{
    m_mobility->SetProxyDiscovery(discovery);
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
    return Aor();
}

std::string
SipUserAgent::GetRegistrationState() const
{
    return m_mobility->GetRegistrationState();
}

std::vector<std::string>
SipUserAgent::GetActiveCalls() const
{
    return m_calls->GetActiveCalls();
}

std::string
SipUserAgent::GetCallState(const std::string& callId) const
{
    auto call = m_calls->FindCallById(callId);
    return call ? ToString(call->state) : "";
}

Ptr<RtpMediaStream>
SipUserAgent::GetMediaStream(const std::string& callId) const
{
    auto call = m_calls->FindCallById(callId);
    return call ? call->stream : nullptr;
}

int64_t
SipUserAgent::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

} // namespace ns3
