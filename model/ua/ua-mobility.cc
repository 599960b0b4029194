// SPDX-License-Identifier: GPL-2.0-only
#include "ua/ua-mobility.h"

#include "message/sip-text.h"
#include "mobility/registration-model-registry.h"
#include "stack/ipv4-text.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("UaMobility");

namespace
{
bool
SameAddress(const InetSocketAddress& a, const InetSocketAddress& b)
{
    return a.GetIpv4() == b.GetIpv4() && a.GetPort() == b.GetPort();
}
} // namespace

UaMobility::UaMobility(Object* owner, const UaSettings& settings, UaTraces& traces,
                       Ptr<SipStack> stack, Ptr<AddressWatcher> watcher,
                       Ptr<UniformRandomVariable> rng)
    : m_owner(owner)
    , m_settings(settings)
    , m_traces(traces)
    , m_stack(stack)
    , m_watcher(watcher)
    , m_rng(rng)
    , m_address(Ipv4Address::GetAny())
    , m_hop(Ipv4Address::GetAny(), 0)
    , m_regHop(Ipv4Address::GetAny(), 0)
{
}

UaMobility::~UaMobility() = default;

void
UaMobility::SetHooks(MovedHook moved, ReadyHook ready)
{
    m_onMoved = std::move(moved);
    m_onReady = std::move(ready);
}

void
UaMobility::SetProxyDiscovery(Ptr<ProxyDiscovery> discovery)
{
    m_discovery = discovery;
}

void
UaMobility::Start(Ptr<Node> node, Ptr<RoamingDhcpClient> dhcp)
{
    const UaSettings& s = m_settings;
    m_model = RegistrationModelRegistry::Create(s.modelName);
    NS_ABORT_MSG_IF(!m_model, "unknown RegistrationModel '"
                                  << s.modelName << "' (expected "
                                  << RegistrationModelRegistry::NamesText() << ")");
    m_model->SetHomeDomain(s.domain);
    m_model->SetStaticHomeProxy(s.homeProxy, s.homeProxyPort);
    m_model->SetProxyDiscovery(m_discovery);

    m_registration = std::make_unique<RegistrationClient>(m_stack);
    m_registration->SetConfig(RegistrationClient::Config{
        s.user, s.domain, s.password, s.registerExpires, s.refreshFraction, m_model->GetName()});
    m_registration->SetHooks(
        [this](const std::string& o, const std::string& n) { m_traces.registrationState(o, n); },
        [this](const sipmob::RegistrationRecord& r) { m_traces.registration(r); },
        [this](int status) { OnRegisterResult(m_handoffGen, status); },
        [this]() { Defer([this]() { ReRegister(); }); });
    m_registration->SetSentHook([this](const std::string& c) { m_traces.registerSent(c); });

    m_mobile = dhcp != nullptr;
    m_watcher->SetNode(node);
    m_watcher->SetDhcpClient(dhcp);
    m_watcher->SetCallback(MakeCallback(&UaMobility::OnAddressChange, this));
    m_watcher->Start();

    m_running = true;
    m_address = m_watcher->GetAddress();
    if (m_address != Ipv4Address::GetAny())
    {
        StartHandoff();
    }
}

void
UaMobility::Stop()
{
    if (m_settings.autoRegister && m_settings.unregisterOnStop &&
        m_address != Ipv4Address::GetAny())
    {
        m_registration->Unregister();
    }
    m_registration->Stop();
    m_watcher->Stop();
    Simulator::Cancel(m_retryEvent);
    m_deferred.clear();
    m_handoffActive = false;
    m_running = false;
}

void
UaMobility::Dispose()
{
    m_running = false; // a proxy resolution answering after disposal finds nothing to do
    m_deferred.clear();
    m_registration.reset();
    m_onMoved = nullptr;
    m_onReady = nullptr;
    m_stack = nullptr;
    m_watcher = nullptr;
    m_model = nullptr;
    m_discovery = nullptr;
}

// ---------------------------------------------------------------------------------------------
// Address changes and the hand-off

void
UaMobility::OnAddressChange(Ipv4Address oldAddr, Ipv4Address newAddr)
{
    NS_LOG_INFO(m_settings.Aor() << " address " << oldAddr << " -> " << newAddr);
    m_traces.addressChange(oldAddr, newAddr);
    m_address = newAddr;
    if (!m_running)
    {
        return;
    }
    if (newAddr == Ipv4Address::GetAny())
    {
        // No address: whatever runs is stale; the media streams suppress their frames (counted as
        // lost by the peer) until an address comes back.
        ++m_handoffGen;
        m_handoffActive = true;
        m_registration->Supersede();
        Simulator::Cancel(m_retryEvent);
        return;
    }
    StartHandoff();
}

void
UaMobility::StartHandoff()
{
    uint64_t gen = ++m_handoffGen;
    m_handoffActive = true;
    m_registration->Supersede();
    Simulator::Cancel(m_retryEvent);
    m_traces.discoverySent();
    // The user agent stays alive until the model answers (it checks whether it still runs).
    m_model->Resolve(m_address,
                     [this, owner = Ptr<Object>(m_owner), gen](bool ok, const std::string& domain,
                                                               const InetSocketAddress& hop)
                     { OnResolved(gen, ok, domain, hop); });
}

void
UaMobility::OnResolved(uint64_t generation, bool ok, const std::string& domain,
                       const InetSocketAddress& hop)
{
    if (generation != m_handoffGen || !m_running)
    {
        return; // a newer move restarted the procedure
    }
    m_traces.discoveryDone(ok);
    if (!ok)
    {
        NS_LOG_WARN(m_settings.Aor() << " no proxy for " << m_address);
        m_hopKnown = false;
        FinishHandoff(false);
        return;
    }
    if (!domain.empty())
    {
        m_traces.proxyDiscovered(domain, hop.GetIpv4(), hop.GetPort());
    }
    m_hop = hop;
    m_hopKnown = true;
    // Bare numbers are dialled in the network whose proxy takes the request: the home network
    // (home-only), or the one the mobile is in (outbound-proxy), as the seed's visitor does.
    m_hopDomain = domain.empty() ? m_settings.domain : domain;
    if (!m_settings.autoRegister)
    {
        FinishHandoff(true);
        return;
    }
    RegisterNow(m_settings.registerExpires);
}

void
UaMobility::FinishHandoff(bool reinvite)
{
    m_handoffActive = false;
    if (reinvite)
    {
        m_reinviteOwed = false;
        m_onMoved();
    }
    std::deque<std::function<void()>> due;
    due.swap(m_deferred);
    for (auto& action : due)
    {
        action();
    }
    m_onReady();
}

// ---------------------------------------------------------------------------------------------
// Registration

void
UaMobility::RegisterNow(uint32_t expires)
{
    std::ostringstream contact;
    contact << "sip:" << m_settings.user << "@" << m_address << ":" << m_settings.port;
    m_registration->Register(m_hop, contact.str(), expires);
}

void
UaMobility::ReRegister()
{
    if (m_hopKnown && m_settings.autoRegister)
    {
        RegisterNow(m_settings.registerExpires);
    }
}

void
UaMobility::OnRegisterResult(uint64_t generation, int status)
{
    if (!m_running || generation != m_handoffGen)
    {
        return;
    }
    if (status < 200 || status >= 300)
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
    m_regContact = "sip:" + m_settings.user + "@" + Ipv4Text(m_address) + ":" +
                   std::to_string(m_settings.port);
    if (m_handoffActive)
    {
        FinishHandoff(true);
    }
    else if (m_reinviteOwed)
    {
        m_reinviteOwed = false;
        m_onMoved();
    }
}

void
UaMobility::ScheduleRegisterRetry()
{
    // RFC 5626 §4.5: W = min(max-time, base-time * 2^(failures-1)), wait 50-100 % of W.
    ++m_registerFailures;
    double w = m_settings.registerRetry.GetSeconds() *
               std::pow(2.0, std::min(m_registerFailures, 30u) - 1);
    w = std::min(w, m_settings.registerRetryMax.GetSeconds());
    Time wait = Seconds(m_rng->GetValue(w / 2, w));
    Simulator::Cancel(m_retryEvent);
    m_retryEvent = Simulator::Schedule(wait, [this]() { Defer([this]() { ReRegister(); }); });
}

void
UaMobility::WithdrawVisitedBinding()
{
    // The binding made through another network's proxy is not one this UA can name at its home
    // registrar (the proxy rewrote it), so it is withdrawn where it was made: a de-REGISTER of the
    // old contact through the old proxy removes the home binding and the visitor with it.
    bool visited = sipmob::text::ToLower(m_regDomain) != sipmob::text::ToLower(m_settings.domain);
    if (!m_registeredVia || !visited || SameAddress(m_regHop, m_hop))
    {
        return;
    }
    m_registration->Withdraw(m_regHop, m_regContact);
}

std::string
UaMobility::GetRegistrationState() const
{
    return m_registration ? m_registration->GetState() : "unregistered";
}

// ---------------------------------------------------------------------------------------------
// Sending: deferral and next hops

bool
UaMobility::CanSend() const
{
    return m_running && m_address != Ipv4Address::GetAny() && !m_handoffActive;
}

void
UaMobility::Defer(std::function<void()> action)
{
    if (CanSend())
    {
        action();
        return;
    }
    m_deferred.push_back(std::move(action));
}

bool
UaMobility::IsRunning() const
{
    return m_running;
}

Ipv4Address
UaMobility::GetAddress() const
{
    return m_address;
}

const std::string&
UaMobility::GetHopDomain() const
{
    return m_hopDomain;
}

bool
UaMobility::CallsDirectly() const
{
    if (m_settings.directCalls != UaSettings::DIRECT_MODEL)
    {
        return m_settings.directCalls == UaSettings::DIRECT_ON;
    }
    return m_mobile && m_model && m_model->CallsDirectly();
}

std::optional<InetSocketAddress>
UaMobility::OutOfDialogHop() const
{
    if (!m_hopKnown)
    {
        return std::nullopt;
    }
    return m_hop;
}

InetSocketAddress
UaMobility::InDialogHop(const SipDialog& dialog, sipmob::SipMessage& request) const
{
    InetSocketAddress hop = m_hop;
    dialog.NextHop(hop);
    if (!m_model || !m_model->PreloadsRoute() || !m_hopKnown || SameAddress(hop, m_hop))
    {
        return hop;
    }
    // RFC 3261 §8.1.2: a pre-loaded Route to the current outbound proxy, before the route set, so
    // that in-dialog requests cross it too (a hand-off re-INVITE through the new proxy).
    request.PrependHeader("Route", LooseRouteValue(m_hop));
    return m_hop;
}

std::string
UaMobility::Contact() const
{
    std::ostringstream os;
    os << "<sip:" << m_settings.user << "@" << m_address << ":" << m_settings.port << ">";
    return os.str();
}

std::string
UaMobility::NotPlacedReason() const
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
        return "not-registered"; // the current address's registration had not ended
    }
    return "run-ended";
}

} // namespace ns3
