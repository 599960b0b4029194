// SPDX-License-Identifier: GPL-2.0-only
#include "dialog/call-redirect.h"

#include "dialog/sip-proxy-core.h"
#include "message/sip-text.h"

#include <cstdlib>

namespace ns3
{

namespace
{
/// \param c a Contact \return its q value (RFC 3261 §20.10: 1 when absent)
double
QOf(const sipmob::SipNameAddr& c)
{
    auto q = c.GetParam("q");
    return q ? std::strtod(q->c_str(), nullptr) : 1.0;
}

/// \param uri a URI \return the same URI without its ?headers
sipmob::SipUri
WithoutHeaders(const sipmob::SipUri& uri)
{
    std::string text = uri.ToString();
    auto parsed = sipmob::SipUri::Parse(text.substr(0, text.find('?')));
    return parsed ? *parsed : uri;
}
} // namespace

std::optional<CallRedirect::Target>
CallRedirect::Follow(const sipmob::SipMessage& invite, const sipmob::SipMessage& response,
                     std::string& error)
{
    int code = response.GetStatusCode();
    if (code != 301 && code != 302)
    {
        error = "a " + std::to_string(code) + " is not followed (301 and 302 only)";
        return std::nullopt;
    }
    const sipmob::SipNameAddr* best = nullptr;
    for (const auto& c : response.GetContacts())
    {
        if (!c.wildcard && (!best || QOf(c) > QOf(*best)))
        {
            best = &c;
        }
    }
    if (!best)
    {
        error = "the " + std::to_string(code) + " names no contact";
        return std::nullopt;
    }
    if (best->uri.GetScheme() != "sip")
    {
        error = "contact " + best->uri.ToString() + " is not a sip: URI";
        return std::nullopt;
    }
    sipmob::SipMessage next = invite;
    next.RemoveHeader("Via");
    next.RemoveHeader("Request-Disposition");
    next.RemoveHeader("Route");
    // Credentials answered the home proxy's challenge; they are not for the callee (§22.3).
    next.RemoveHeader("Authorization");
    next.RemoveHeader("Proxy-Authorization");
    next.SetRequestUri(WithoutHeaders(best->uri));
    next.SetHeader("CSeq", sipmob::SipCSeq{invite.GetCSeq().seq + 1, "INVITE"}.ToString());
    Target target{next, InetSocketAddress(Ipv4Address::GetAny(), 0), best->ToString()};
    bool ok = SipProxyCore::UriDestination(next.GetRequestUri(), target.destination);
    for (const auto& h : best->uri.GetHeaders())
    {
        auto route = sipmob::text::ToLower(h.first) == "route"
                         ? sipmob::SipNameAddr::Parse(h.second)
                         : std::nullopt;
        if (route)
        {
            target.invite.PrependHeader("Route", route->ToString());
            ok = SipProxyCore::UriDestination(route->uri, target.destination);
        }
    }
    if (!ok)
    {
        error = "contact " + best->uri.ToString() + " has no IPv4 address to send to";
        return std::nullopt;
    }
    return target;
}

} // namespace ns3
