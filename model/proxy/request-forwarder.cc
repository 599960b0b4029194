// SPDX-License-Identifier: GPL-2.0-only
#include "proxy/request-forwarder.h"
#include "proxy/marshal-services.h"

#include "message/sip-text.h"

namespace ns3
{

namespace
{
/// \param uri a URI \return the same URI without its ?headers
sipmob::SipUri
WithoutHeaders(const sipmob::SipUri& uri)
{
    if (uri.GetHeaders().empty())
    {
        return uri;
    }
    std::string text = uri.ToString();
    auto parsed = sipmob::SipUri::Parse(text.substr(0, text.find('?')));
    return parsed ? *parsed : uri;
}

/// \param uri a redirect Contact URI \return its Route URI header ("" when none)
std::string
RouteHeaderOf(const sipmob::SipUri& uri)
{
    for (const auto& h : uri.GetHeaders())
    {
        if (sipmob::text::ToLower(h.first) == "route")
        {
            return h.second;
        }
    }
    return "";
}
} // namespace

std::string
RequestForwarder::Name() const
{
    return "forwarder";
}

MarshalProcessor::Result
RequestForwarder::Process(const std::shared_ptr<MarshalRequest>& request)
{
    const sipmob::SipMessage& msg = request->request;
    if (!request->target)
    {
        m_services.Reject(msg, request->id, 500, "No Route", "no next hop for the request");
        return Result::DONE;
    }
    sipmob::SipMessage out = msg;
    m_services.core->PopOwnRoute(out);
    sipmob::SipUri target = WithoutHeaders(request->target->uri);
    if (out.GetMethod() != "REGISTER")
    {
        out.SetRequestUri(target);
    }
    std::string route = RouteHeaderOf(request->target->uri);
    InetSocketAddress to(Ipv4Address::GetAny(), 0);
    bool ok = false;
    if (!route.empty())
    {
        out.PrependHeader("Route", route);
        auto value = sipmob::SipNameAddr::Parse(route);
        ok = value && SipProxyCore::UriDestination(value->uri, to);
    }
    else
    {
        ok = SipProxyCore::UriDestination(target, to);
    }
    if (!ok)
    {
        m_services.Reject(msg, request->id, 404, "Not Found",
                          "the next hop " + request->target->uri.ToString() +
                              " has no IPv4 address");
        return Result::DONE;
    }
    SipProxyCore::ResponseHook hook;
    if (request->prepare)
    {
        hook = request->prepare(out);
    }
    m_services.core->Forward(msg, request->id, out, to, hook);
    return Result::DONE;
}

} // namespace ns3
