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

bool
ElementIdentity::IsOwnUri(const sipmob::SipUri& uri) const
{
    std::string host = sipmob::text::ToLower(uri.GetHost());
    if (IsOwnAddress(host, uri.GetPort()))
    {
        return true;
    }
    bool named = m_domains.count(host) > 0 || m_aliases.count(host) > 0;
    return named && (uri.GetPort() == 0 || uri.GetPort() == m_port);
}

bool
ElementIdentity::IsLocalDomain(const std::string& host) const
{
    std::string lower = sipmob::text::ToLower(host);
    return m_domains.count(lower) > 0 || m_aliases.count(lower) > 0 || IsNodeAddress(lower);
}

} // namespace ns3
