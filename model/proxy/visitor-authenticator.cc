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
    if (contact && contact->GetHost() == Ipv4Text(request->from.GetIpv4()))
    {
        request->authenticated = true;
        return Result::CONTINUE;
    }
    m_services.AuthFailed(user + "@" + domain,
                          visitor ? "visitor from another address" : "unknown user");
    m_services.Reject(msg, request->id, 403, "Forbidden",
                      visitor
                          ? "visitor " + user + "@" + domain + " registered another address"
                          : user + "@" + domain + " is neither a subscriber nor a visitor here");
    return Result::DONE;
}

} // namespace ns3
