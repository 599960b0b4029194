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
    m_services.core->PopOwnRoute(out);
    if (request->request.GetTo().GetTag().empty() && out.GetRoutes().empty())
    {
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
