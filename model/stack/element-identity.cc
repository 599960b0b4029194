// SPDX-License-Identifier: GPL-2.0-only
#include "stack/element-identity.h"
#include "stack/ipv4-text.h"

#include "message/sip-text.h"

#include "ns3/ipv4.h"

namespace ns3
{

void
ElementIdentity::SetTransport(Ptr<Node> node, uint16_t port)
{
    m_node = node;
    m_port = port;
}

void
ElementIdentity::AddDomain(const std::string& domain)
{
    std::string lower = sipmob::text::ToLower(domain);
    if (m_domain.empty())
    {
        m_domain = lower;
    }
    m_domains.insert(lower);
}

void
ElementIdentity::AddAlias(const std::string& host)
{
    m_aliases.insert(sipmob::text::ToLower(host));
}

const std::string&
ElementIdentity::GetDomain() const
{
    return m_domain;
}

bool
ElementIdentity::IsNodeAddress(const std::string& host) const
{
    if (host == "127.0.0.1")
    {
        return true;
    }
    Ptr<Ipv4> ipv4 = m_node ? m_node->GetObject<Ipv4>() : nullptr;
    if (!ipv4)
    {
        return false;
    }
    for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
    {
        for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
        {
            if (Ipv4Text(ipv4->GetAddress(i, j).GetLocal()) == host)
            {
                return true;
            }
        }
    }
    return false;
}

bool
ElementIdentity::IsOwnAddress(const std::string& host, uint16_t port) const
{
    return (port != 0 ? port : 5060) == m_port && IsNodeAddress(host);
}

std::vector<sipmob::SipUri>
ElementIdentity::OwnUris(const std::string& host) const
{
    std::string lower = sipmob::text::ToLower(host);
    bool address = IsNodeAddress(lower);
    bool named = m_domains.count(lower) > 0 || m_aliases.count(lower) > 0;
    std::vector<sipmob::SipUri> out;
    if (!address && !named)
    {
        return out;
    }
    sipmob::SipUri uri;
    uri.SetHost(lower);
    // With our port; without a port when that means ours: 5060 for an address (§19.1.2), any
    // port for a name (its SRV record gives the port, RFC 3263 §4.2).
    std::vector<uint16_t> ports = {m_port};
    if (named || m_port == 5060)
    {
        ports.push_back(0);
    }
    for (uint16_t port : ports)
    {
        uri.SetPort(port);
        uri.RemoveParam("transport");
        out.push_back(uri);
        uri.SetParam("transport", "udp"); // the only transport the element speaks
        out.push_back(uri);
    }
    return out;
}

bool
ElementIdentity::IsOwnUri(const sipmob::SipUri& uri) const
{
    // RFC 3261 §19.1.4 through the one equivalence function: the URI names this element when it
    // is equivalent to one of the element's own URIs (no user part, a `transport` of UDP or none,
    // no maddr; other parameters such as `lr` do not take part).
    for (const auto& own : OwnUris(uri.GetHost()))
    {
        if (own.Equivalent(uri))
        {
            return true;
        }
    }
    return false;
}

bool
ElementIdentity::IsLocalDomain(const std::string& host) const
{
    std::string lower = sipmob::text::ToLower(host);
    return m_domains.count(lower) > 0 || m_aliases.count(lower) > 0 || IsNodeAddress(lower);
}

} // namespace ns3
