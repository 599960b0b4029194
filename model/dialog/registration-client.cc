// SPDX-License-Identifier: GPL-2.0-only
#include "dialog/registration-client.h"

#include "message/sip-digest-auth.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

namespace
{
/// \return whether two contact URIs are the same binding (RFC 3261 §10.3 step 7 and §19.1.4:
/// SipUri::Equivalent; text that does not parse is compared as text)
bool
SameContact(const std::string& a, const std::string& b)
{
    auto ua = sipmob::SipUri::Parse(a);
    auto ub = sipmob::SipUri::Parse(b);
    return ua && ub ? ua->Equivalent(*ub) : a == b;
}
} // namespace

NS_LOG_COMPONENT_DEFINE("RegistrationClient");

bool
AddDigestCredentials(sipmob::SipMessage& request, const sipmob::SipMessage& challenge,
                     const std::string& user, const std::string& password,
                     const std::string& cnonce)
{
    bool proxy = challenge.GetStatusCode() == 407;
    auto ch = challenge.GetDigest(proxy ? "Proxy-Authenticate" : "WWW-Authenticate");
    if (!ch || !ch->Get("nonce"))
    {
        return false;
    }
    std::string realm = ch->Get("realm").value_or("");
    std::string nonce = *ch->Get("nonce");
    std::string offered = ch->Get("qop").value_or("");
    std::string qop = offered.find("auth") != std::string::npos ? "auth" : "";
    std::string uri = request.GetRequestUri().ToString();
    std::string nc = "00000001";
    sipmob::SipDigest cred;
    cred.Set("username", user);
    cred.Set("realm", realm);
    cred.Set("nonce", nonce);
    cred.Set("uri", uri);
    cred.Set("response", sipmob::DigestResponse(user, realm, password, request.GetMethod(), uri,
                                                nonce, nc, cnonce, qop));
    cred.Set("algorithm", "MD5");
    if (auto opaque = ch->Get("opaque"))
    {
        cred.Set("opaque", *opaque);
    }
    if (!qop.empty())
    {
        cred.Set("qop", qop);
        cred.Set("nc", nc);
        cred.Set("cnonce", cnonce);
    }
    request.SetHeader(proxy ? "Proxy-Authorization" : "Authorization", cred.ToString());
    return true;
}

/// One REGISTER chain: the first request, the digest retry, the outcome.
struct RegistrationClient::Chain
{
    uint64_t generation = 0;                        ///< chain number
    sipmob::RegistrationRecord record;              ///< what is reported
    sipmob::SipMessage request;                     ///< last request sent (without Via)
    InetSocketAddress to{Ipv4Address::GetAny(), 0}; ///< destination
    uint32_t expires = 0;                           ///< requested expiry
    bool authTried = false;                         ///< credentials already sent
    bool newContact = false;          ///< the contact was not possibly bound before this chain
    std::vector<std::string> removed; ///< previous contacts removed by this chain (expires=0)
};

RegistrationClient::RegistrationClient(Ptr<SipStack> stack)
    : m_stack(stack)
    , m_cseq(0)
    , m_generation(0)
    , m_state("unregistered")
    , m_registrar(Ipv4Address::GetAny(), 0)
{
}

RegistrationClient::~RegistrationClient()
{
    Stop();
}

void
RegistrationClient::SetConfig(const Config& config)
{
    m_config = config;
    // RFC 3261 §10.2 / §19.3: one Call-ID for every REGISTER of this client, a random From tag;
    // both unpredictable (keyed hash under the stack's per-run secret, issue 11).
    if (m_callId.empty())
    {
        m_callId = m_stack->NewToken("call-id", 16) + "@" + config.domain;
        m_fromTag = m_stack->NewToken("tag", 16);
    }
}

void
RegistrationClient::SetHooks(StateHook state, RecordHook record, ResultHook result,
                             RefreshHook refresh)
{
    m_onState = std::move(state);
    m_onRecord = std::move(record);
    m_onResult = std::move(result);
    m_onRefresh = std::move(refresh);
}

void
RegistrationClient::SetSentHook(SentHook sent)
{
    m_onSent = std::move(sent);
}

std::string
RegistrationClient::GetAor() const
{
    return "sip:" + m_config.user + "@" + m_config.domain;
}

void
RegistrationClient::Register(const InetSocketAddress& registrar, const std::string& contact,
                             uint32_t expires)
{
    Simulator::Cancel(m_refresh);
    // A refresh of the same binding keeps the state "registered"; a new contact does not.
    bool refresh = m_state == "registered" && SameContact(contact, m_contact);
    m_registrar = registrar;
    m_contact = contact;
    auto chain = NewChain(++m_generation, registrar, contact);
    chain->expires = expires;
    sipmob::SipMessage& req = chain->request;
    // §10.2.2: remove, in the same request, the previous contacts that may still be bound.
    std::string contacts = "<" + contact + ">";
    for (const auto& old : m_bound)
    {
        if (!SameContact(old, contact))
        {
            chain->removed.push_back(old);
            contacts += ", <" + old + ">;expires=0";
        }
    }
    chain->newContact =
        std::none_of(m_bound.begin(), m_bound.end(),
                     [&contact](const std::string& old) { return SameContact(old, contact); });
    if (chain->newContact && expires > 0)
    {
        m_bound.push_back(contact);
    }
    req.SetHeader("Contact", contacts);
    req.SetHeader("Expires", std::to_string(expires));
    SetState(expires == 0 || refresh ? m_state : "registering");
    Send(chain);
    if (m_onSent)
    {
        m_onSent(contact);
    }
}

std::shared_ptr<RegistrationClient::Chain>
RegistrationClient::NewChain(uint64_t generation, const InetSocketAddress& registrar,
                             const std::string& contact) const
{
    auto chain = std::make_shared<Chain>();
    chain->generation = generation;
    chain->to = registrar;
    std::ostringstream via;
    via << registrar.GetIpv4() << ":" << registrar.GetPort();
    chain->record.ua = GetAor();
    chain->record.contact = contact;
    chain->record.via = via.str();
    chain->record.model = m_config.model;
    chain->record.tSent = Simulator::Now().GetSeconds();
    // §10.2: Request-URI the home domain, To and From the AoR, one Call-ID for every REGISTER of
    // this client (§10.2.4); Contact, Expires and CSeq are the caller's (Send adds the CSeq).
    sipmob::SipMessage& req = chain->request;
    req = sipmob::SipMessage::MakeRequest("REGISTER",
                                          *sipmob::SipUri::Parse("sip:" + m_config.domain));
    sipmob::SipNameAddr to = *sipmob::SipNameAddr::Parse("<" + GetAor() + ">");
    sipmob::SipNameAddr from = to;
    from.SetTag(m_fromTag);
    req.SetFrom(from);
    req.SetTo(to);
    req.SetHeader("Call-ID", m_callId);
    req.SetMaxForwards(70);
    return chain;
}

void
RegistrationClient::Send(const std::shared_ptr<Chain>& chain)
{
    chain->request.SetHeader("CSeq", sipmob::SipCSeq{++m_cseq, "REGISTER"}.ToString());
    m_stack->SendRequest(chain->request, chain->to,
                         [this, chain](const sipmob::SipMessage& r) { OnResponse(chain, r); });
}

void
RegistrationClient::OnResponse(const std::shared_ptr<Chain>& chain,
                               const sipmob::SipMessage& response)
{
    int code = response.GetStatusCode();
    if (code < 200)
    {
        return;
    }
    bool challenged = code == 401 || code == 407;
    if (challenged && !chain->authTried && !m_config.password.empty())
    {
        chain->authTried = true;
        std::string cnonce = "c" + std::to_string(m_cseq) + m_fromTag;
        if (AddDigestCredentials(chain->request, response, m_config.user, m_config.password,
                                 cnonce))
        {
            Send(chain); // §22.2: same Call-ID, CSeq + 1
            return;
        }
    }
    Finish(chain, response);
}

uint32_t
RegistrationClient::GrantedExpiry(const Chain& chain, const sipmob::SipMessage& response) const
{
    // §10.2.4: the expiry of our binding is in its Contact's expires parameter, else Expires.
    // A registrar may echo our contact in another form (parameter order, case): §19.1.4.
    auto ours = sipmob::SipUri::Parse(m_contact);
    for (const auto& c : response.GetContacts())
    {
        if (ours && c.uri.Equivalent(*ours) && c.GetParam("expires"))
        {
            return static_cast<uint32_t>(std::stoul(*c.GetParam("expires")));
        }
    }
    return response.GetExpires().value_or(chain.expires);
}

void
RegistrationClient::Finish(const std::shared_ptr<Chain>& chain, const sipmob::SipMessage& response)
{
    int code = response.GetStatusCode();
    bool ok = code >= 200 && code < 300;
    chain->record.status = code;
    if (code != 408)
    {
        chain->record.tFinal = Simulator::Now().GetSeconds();
    }
    chain->record.expires = ok ? GrantedExpiry(*chain, response) : 0;
    UpdateBound(*chain, code);
    if (m_onRecord)
    {
        m_onRecord(chain->record);
    }
    if (chain->generation != m_generation)
    {
        NS_LOG_INFO("stale REGISTER result " << code << " ignored");
        return;
    }
    if (chain->expires == 0)
    {
        SetState(ok ? "unregistered" : m_state);
    }
    else
    {
        SetState(ok ? "registered" : "failed");
    }
    Simulator::Cancel(m_lapse);
    if (ok && chain->expires > 0 && chain->record.expires > 0)
    {
        // "registered" means a binding granted and not lapsed. A UA that cannot refresh (no
        // address, no coverage) stays registered until the expiry the registrar granted, then
        // knows the binding is gone there too.
        m_lapse = Simulator::Schedule(Seconds(chain->record.expires),
                                      [this]()
                                      {
                                          if (m_state == "registered")
                                          {
                                              SetState("unregistered");
                                          }
                                      });
        Time refresh = Seconds(chain->record.expires * m_config.refreshFraction);
        m_refresh = Simulator::Schedule(refresh,
                                        [this]()
                                        {
                                            if (m_onRefresh)
                                            {
                                                m_onRefresh();
                                            }
                                        });
    }
    if (m_onResult)
    {
        m_onResult(code);
    }
}

void
RegistrationClient::UpdateBound(const Chain& chain, int code)
{
    auto drop = [this](const std::string& c)
    { m_bound.erase(std::remove(m_bound.begin(), m_bound.end(), c), m_bound.end()); };
    if (code >= 200 && code < 300)
    {
        // The registrar applied the request, even when a newer chain superseded it.
        for (const auto& c : chain.removed)
        {
            drop(c);
        }
        if (chain.expires == 0)
        {
            drop(chain.record.contact);
        }
    }
    else if (code != 408 && chain.newContact)
    {
        drop(chain.record.contact); // a definite refusal: nothing was bound (all or nothing)
    }
}

void
RegistrationClient::Refresh()
{
    Register(m_registrar, m_contact, m_config.expires);
}

void
RegistrationClient::Unregister()
{
    if (m_state == "registered" || m_state == "registering")
    {
        Register(m_registrar, m_contact, 0);
    }
}

void
RegistrationClient::Withdraw(const InetSocketAddress& registrar, const std::string& contact)
{
    // Generation 0 is never the current chain: its outcome changes no state.
    auto chain = NewChain(0, registrar, contact);
    chain->request.SetHeader("Contact", "<" + contact + ">;expires=0");
    chain->request.SetHeader("Expires", "0");
    Send(chain);
}

void
RegistrationClient::Supersede()
{
    ++m_generation;
    Simulator::Cancel(m_refresh);
}

void
RegistrationClient::Stop()
{
    Simulator::Cancel(m_refresh);
    Simulator::Cancel(m_lapse);
}

const std::string&
RegistrationClient::GetState() const
{
    return m_state;
}

void
RegistrationClient::SetState(const std::string& state)
{
    if (state == m_state)
    {
        return;
    }
    std::string old = m_state;
    m_state = state;
    if (m_onState)
    {
        m_onState(old, state);
    }
}

} // namespace ns3
