// SPDX-License-Identifier: GPL-2.0-only
#include "proxy/loose-router.h"
#include "proxy/marshal-services.h"
#include "stack/ipv4-text.h"

namespace ns3
{

std::string
LooseRouter::Name() const
{
    return "loose-router";
}

MarshalProcessor::Result
LooseRouter::Process(const std::shared_ptr<MarshalRequest>& request)
{
    sipmob::SipMessage out = request->request;
    bool popped = m_services.core->PopOwnRoute(out);
    if (request->request.GetTo().GetTag().empty() && out.GetRoutes().empty())
    {
        return Result::CONTINUE;
    }
    if (request->trusted && !popped && out.GetRoutes().empty())
    {
        // An in-dialog request the previous network's marshal routed by the route query, not by
        // a route set (a re-INVITE sent to the peer's address-of-record, InviteSession): that
        // marshal retargeted the Request-URI to its gateway (RequestForwarder), so the URI names
        // no user agent; our location service decides, as for an initial request (§16.5).
        request->inDialog = true;
        return Result::CONTINUE;
    }
    InetSocketAddress to(Ipv4Address::GetAny(), 0);
    if (!SipProxyCore::NextHop(out, to) ||
        m_services.core->Identity().IsOwnAddress(Ipv4Text(to.GetIpv4()), to.GetPort()))
    {
        request->inDialog = true;
        return Result::CONTINUE;
    }
    m_services.core->Forward(request->request, request->id, out, to);
    return Result::DONE;
}

} // namespace ns3
