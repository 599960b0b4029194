// SPDX-License-Identifier: GPL-2.0-only
#include "proxy/redirect-disposition.h"
#include "proxy/marshal-services.h"

#include "message/sip-request-disposition.h"
#include "message/sip-text.h"

namespace ns3
{

std::string
RedirectDisposition::Name() const
{
    return "redirect-disposition";
}

bool
RedirectDisposition::TargetBeyondUs(const MarshalRequest& request) const
{
    const sipmob::SipUri& uri = request.target->uri;
    for (const auto& header : uri.GetHeaders())
    {
        if (sipmob::text::ToLower(header.first) == "route")
        {
            return true;
        }
    }
    InetSocketAddress hop(Ipv4Address::GetAny(), 0);
    return SipProxyCore::UriDestination(uri, hop) && m_services.trusted.Contains(hop);
}

MarshalProcessor::Result
RedirectDisposition::Process(const std::shared_ptr<MarshalRequest>& request)
{
    const sipmob::SipMessage& msg = request->request;
    if (!m_services.redirectOnRequest || msg.GetMethod() != "INVITE" ||
        !msg.GetTo().GetTag().empty() || !request->target)
    {
        return Result::CONTINUE;
    }
    sipmob::ProxyDirective directive = sipmob::GetProxyDirective(msg);
    if (directive == sipmob::ProxyDirective::CONFLICT)
    {
        m_services.Reject(msg, request->id, 400, "Conflicting Request-Disposition",
                          "Request-Disposition names both proxy and redirect");
        return Result::DONE;
    }
    if (directive != sipmob::ProxyDirective::REDIRECT || TargetBeyondUs(*request))
    {
        return Result::CONTINUE; // proxied; beyond us, the callee network's marshal answers
    }
    sipmob::SipMessage moved = SipProxyCore::MakeFinal(msg, 302);
    std::string contact = request->target->ToString();
    moved.AddHeader("Contact", contact);
    (*m_services.redirected)(msg, contact);
    m_services.stack->SendResponse(request->id, moved);
    return Result::DONE;
}

} // namespace ns3
