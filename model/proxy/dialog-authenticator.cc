// SPDX-License-Identifier: GPL-2.0-only
#include "proxy/dialog-authenticator.h"
#include "proxy/marshal-services.h"
#include "stack/ipv4-text.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DialogAuthenticator");

std::string
DialogAuthenticator::Name() const
{
    return "dialog-authenticator";
}

MarshalProcessor::Result
DialogAuthenticator::Process(const std::shared_ptr<MarshalRequest>& request)
{
    const sipmob::SipMessage& msg = request->request;
    // A trusted peer's requests are judged by the next processor; initial requests (no To tag)
    // are authenticated by their sender's identity; REGISTER is never in a dialog (§10.2).
    if (request->trusted || msg.GetTo().GetTag().empty() || msg.GetMethod() == "REGISTER")
    {
        return Result::CONTINUE;
    }
    const std::string& callId = msg.GetCallId();
    bool preloaded = false;
    bool otherDialog = false;
    // Our Routes at the top: a pre-loaded one (outbound proxy, §8.1.2) may come before the one we
    // record-routed when the dialog's route set already holds us.
    for (const auto& route : msg.GetRoutes())
    {
        if (!m_services.core->IsOwnUri(route.uri))
        {
            break;
        }
        auto token = route.uri.GetParam(MarshalServices::DIALOG_TOKEN_PARAM);
        if (!token || token->empty())
        {
            preloaded = true;
            continue;
        }
        // The caller's requests carry the initial From tag as From tag, the callee's as To tag.
        if (*token == m_services.DialogToken(callId, msg.GetFrom().GetTag()) ||
            *token == m_services.DialogToken(callId, msg.GetTo().GetTag()))
        {
            NS_LOG_LOGIC("in-dialog " << msg.GetMethod() << " of a dialog we record-routed");
            request->authenticated = true;
            return Result::CONTINUE;
        }
        otherDialog = true;
    }
    if (!otherDialog && preloaded)
    {
        // We are the sender's outbound proxy, not in the dialog's route set: a visitor is known
        // by the address it registered from, whatever form of its number the dialog's From has.
        auto visitor = m_services.visitors->FindByContactAddress(
            Ipv4Text(request->from.GetIpv4()), request->from.GetPort(), MarshalServices::Now());
        auto contact = visitor ? sipmob::SipUri::Parse(visitor->contact) : std::nullopt;
        const auto& contacts = msg.GetContacts();
        if (contact && (contacts.empty() || contacts.front().uri.Equivalent(*contact)))
        {
            request->authenticated = true;
            return Result::CONTINUE;
        }
        // A subscriber names itself in the Contact of a target refresh (§12.2.1.1: the sender's
        // own URI, from the sender's address), as it does in the From of an initial request;
        // no stronger than that claim (digest does not cover in-dialog requests either).
        if (!contacts.empty() && !contacts.front().wildcard && m_services.subscribers &&
            contacts.front().uri.GetHost() == Ipv4Text(request->from.GetIpv4()))
        {
            auto subscriber =
                m_services.subscribers->Find(contacts.front().uri.GetUser(), m_services.domain);
            if (subscriber)
            {
                request->subscriber = subscriber;
                request->authenticated = true;
                return Result::CONTINUE;
            }
        }
        return Result::CONTINUE; // the authenticators after us decide, by From
    }
    std::string why = otherDialog ? "in-dialog request with the route token of another dialog"
                                  : "in-dialog request of a dialog not routed here";
    m_services.AuthFailed(msg.GetFrom().uri.GetUser() + "@" + msg.GetFrom().uri.GetHost(),
                          otherDialog ? "wrong dialog token" : "no dialog route");
    m_services.Reject(msg, request->id, 403, "Forbidden", why);
    return Result::DONE;
}

} // namespace ns3
