// SPDX-License-Identifier: GPL-2.0-only
#include "proxy/visitor-authenticator.h"
#include "message/sip-text.h"
#include "proxy/marshal-services.h"
#include "stack/ipv4-text.h"

namespace ns3
{

std::string
VisitorAuthenticator::Name() const
{
    return "visitor-authenticator";
}

MarshalProcessor::Result
VisitorAuthenticator::Process(const std::shared_ptr<MarshalRequest>& request)
{
    if (request->authenticated)
    {
        return Result::CONTINUE;
    }
    const sipmob::SipMessage& msg = request->request;
    const sipmob::SipUri who = msg.GetMethod() == "REGISTER" ? msg.GetTo().uri : msg.GetFrom().uri;
    std::string user = who.GetUser();
    std::string domain = sipmob::text::ToLower(who.GetHost());
    auto visitor = m_services.visitors->Find(user, domain, MarshalServices::Now());
    auto contact = visitor ? sipmob::SipUri::Parse(visitor->contact) : std::nullopt;
    // The visitor is the device that registered: the request must come from the address of its
    // registered contact (UDP sources are the only evidence the marshal has), and a Contact it
    // carries must be that contact, compared as RFC 3261 §19.1.4 says (SipUri::Equivalent:
    // parameter order and case of host or `transport` do not matter, another port or user does).
    bool fromContact = contact && contact->GetHost() == Ipv4Text(request->from.GetIpv4());
    const auto& contacts = msg.GetContacts();
    bool sameContact = contacts.empty() || contacts.front().wildcard ||
                       (contact && contacts.front().uri.Equivalent(*contact));
    if (fromContact && sameContact)
    {
        request->authenticated = true;
        return Result::CONTINUE;
    }
    std::string why = !visitor       ? "unknown user"
                      : !fromContact ? "visitor from another address"
                                     : "visitor with another contact";
    m_services.AuthFailed(user + "@" + domain, why);
    m_services.Reject(msg, request->id, 403, "Forbidden",
                      !visitor ? user + "@" + domain + " is neither a subscriber nor a visitor here"
                      : !fromContact
                          ? "visitor " + user + "@" + domain + " registered another address"
                          : "visitor " + user + "@" + domain + " registered another contact");
    return Result::DONE;
}

} // namespace ns3
