// SPDX-License-Identifier: GPL-2.0-only
#include "proxy/subscriber-authenticator.h"
#include "message/sip-text.h"
#include "proxy/marshal-services.h"

namespace ns3
{

std::string
SubscriberAuthenticator::Name() const
{
    return "subscriber-authenticator";
}

MarshalProcessor::Result
SubscriberAuthenticator::Process(const std::shared_ptr<MarshalRequest>& request)
{
    if (request->authenticated)
    {
        return Result::CONTINUE; // an in-dialog request of a dialog we authorized
    }
    const sipmob::SipMessage& msg = request->request;
    bool isRegister = msg.GetMethod() == "REGISTER";
    if (request->trusted && !isRegister)
    {
        request->authenticated = true;
        return Result::CONTINUE;
    }
    const sipmob::SipUri who = isRegister ? msg.GetTo().uri : msg.GetFrom().uri;
    if (!m_services.IsOwnDomain(who.GetHost()))
    {
        request->authenticated = request->trusted; // a peer's REGISTER for another domain
        return Result::CONTINUE;
    }
    const std::string& user = who.GetUser();
    auto subscriber = m_services.subscribers ? m_services.subscribers->Find(user, m_services.domain)
                                             : std::nullopt;
    if (!subscriber)
    {
        m_services.AuthFailed(request->trusted ? user + "@" + m_services.domain
                                               : user + "@" + sipmob::text::ToLower(who.GetHost()),
                              request->trusted ? "not provisioned (via peer)" : "not provisioned");
        m_services.Reject(msg, request->id, 403, "Forbidden",
                          user + " is not a subscriber of " + m_services.domain);
        return Result::DONE;
    }
    request->subscriber = subscriber;
    request->authenticated = true;
    return Result::CONTINUE;
}

} // namespace ns3
