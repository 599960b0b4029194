// SPDX-License-Identifier: GPL-2.0-only
#include "proxy/visitor-interceptor.h"
#include "proxy/marshal-services.h"

#include "message/sip-text.h"
#include "stack/ipv4-text.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace ns3
{

std::string
VisitorInterceptor::Name() const
{
    return "visitor-interceptor";
}

MarshalProcessor::Result
VisitorInterceptor::Process(const std::shared_ptr<MarshalRequest>& request)
{
    if (!m_services.allowForeignRegister || !request->request.GetTo().GetTag().empty() ||
        request->trusted || request->authenticated || request->request.GetMethod() != "REGISTER")
    {
        return Result::CONTINUE;
    }
    request->authenticated = true; // the home network decides
    SipStack::ServerTxnId id = request->id;
    request->prepare = [this, id](sipmob::SipMessage& out) -> SipProxyCore::ResponseHook
    {
        auto state = Rewrite(out);
        return [this, state, id](sipmob::SipMessage& r) { return OnHomeAnswer(state, id, r); };
    };
    return Result::CONTINUE;
}

std::shared_ptr<VisitorInterceptor::Intercept>
VisitorInterceptor::Rewrite(sipmob::SipMessage& out) const
{
    auto state = std::make_shared<Intercept>();
    const sipmob::SipUri to = out.GetTo().uri;
    state->user = to.GetUser();
    state->homeDomain = sipmob::text::ToLower(to.GetHost());
    state->visitorId = sipmob::VisitorRegistry::MakeVisitorId(state->user, state->homeDomain);
    sipmob::SipUri aor;
    aor.SetUser(state->user);
    aor.SetHost(state->homeDomain);
    state->aor = aor.ToString();
    sipmob::SipUri proxy;
    proxy.SetUser(state->user + "@" + state->homeDomain);
    proxy.SetHost(Ipv4Text(m_services.stack->GetLocalAddress()));
    proxy.SetPort(m_services.port);
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
VisitorInterceptor::OnHomeAnswer(const std::shared_ptr<Intercept>& state,
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
    auto proxyContact = sipmob::SipUri::Parse(state->proxyContact);
    for (auto c : response.GetContacts())
    {
        // The home registrar may echo the contact in another form: compare as §19.1.4 says.
        if (!c.wildcard && proxyContact && c.uri.Equivalent(*proxyContact))
        {
            auto e = c.GetParam("expires");
            expires = e ? static_cast<uint32_t>(std::strtoul(e->c_str(), nullptr, 10))
                        : response.GetExpires().value_or(3600);
            c.uri = state->uaContact->uri;
        }
        relay.AddHeader("Contact", c.ToString());
    }
    std::string uaContact = state->uaContact->uri.ToString();
    double now = MarshalServices::Now();
    auto previous = m_services.visitors->Find(state->visitorId, now);
    if (expires && *expires > 0)
    {
        m_services.visitors->Add(state->user, state->homeDomain, state->aor, uaContact,
                                 now + *expires);
        if (!previous || previous->contact != uaContact)
        {
            (*m_services.visitorCreated)(state->visitorId, uaContact, *expires);
        }
        std::string stale = previous && previous->contact != uaContact ? previous->contact : "";
        RegisterVisitor(state, uaContact, *expires, id, relay, stale);
        return false;
    }
    if (previous && m_services.visitors->Remove(state->visitorId))
    {
        (*m_services.visitorRemoved)(state->visitorId, previous->contact, 0);
        RegisterVisitor(state, "*", 0, id, relay, "");
        return false;
    }
    response = relay;
    return true;
}

void
VisitorInterceptor::RegisterVisitor(const std::shared_ptr<Intercept>& state,
                                    const std::string& contact, uint32_t expires,
                                    const SipStack::ServerTxnId& id,
                                    const sipmob::SipMessage& relay, const std::string& stale)
{
    sipmob::SipUri registrar;
    registrar.SetHost(m_services.domain);
    sipmob::SipMessage reg = sipmob::SipMessage::MakeRequest("REGISTER", registrar);
    sipmob::SipNameAddr aor;
    aor.uri.SetUser(state->user + "@" + state->homeDomain);
    aor.uri.SetHost(m_services.domain);
    sipmob::SipNameAddr from = aor;
    // One Call-ID and From tag per visitor, kept across refreshes (§10.2.4), unpredictable.
    auto ids = m_visitorIds.find(state->visitorId);
    if (ids == m_visitorIds.end())
    {
        std::string local = Ipv4Text(m_services.stack->GetLocalAddress());
        ids = m_visitorIds
                  .emplace(state->visitorId,
                           std::make_pair(m_services.stack->NewToken("call-id") + "@" + local,
                                          m_services.stack->NewToken("tag")))
                  .first;
    }
    from.SetTag(ids->second.second);
    reg.SetFrom(from);
    reg.SetTo(aor);
    reg.AddHeader("Call-ID", ids->second.first);
    reg.AddHeader("CSeq", std::to_string(++m_visitorCSeq[state->visitorId]) + " REGISTER");
    reg.AddHeader("Max-Forwards", "70");
    reg.AddHeader("Contact", contact == "*" ? "*" : "<" + contact + ">");
    reg.AddHeader("Expires", std::to_string(expires));
    if (!stale.empty())
    {
        reg.AddHeader("Contact", "<" + stale + ">;expires=0"); // the UA moved within this network
    }
    MarshalServices& services = m_services;
    m_services.stack->SendRequest(reg, m_services.redirect,
                                  [&services, id, relay](const sipmob::SipMessage& a)
                                  {
                                      if (a.GetStatusCode() >= 200 && services.stack)
                                      {
                                          services.stack->SendResponse(id, relay);
                                      }
                                  });
}

} // namespace ns3
