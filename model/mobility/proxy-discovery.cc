// SPDX-License-Identifier: GPL-2.0-only
#include "mobility/proxy-discovery.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ProxyDiscovery");
NS_OBJECT_ENSURE_REGISTERED(ProxyDiscovery);

TypeId
ProxyDiscovery::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::ProxyDiscovery")
            .SetParent<Object>()
            .SetGroupName("Sipmob")
            .AddConstructor<ProxyDiscovery>()
            .AddAttribute("UseDns",
                          "Ask DNS (SRV) first; when false only the static table is used.",
                          BooleanValue(true), MakeBooleanAccessor(&ProxyDiscovery::m_useDns),
                          MakeBooleanChecker())
            .AddAttribute("SrvPrefix", "Prefix of the SRV name queried for a domain.",
                          StringValue("_sip._udp."),
                          MakeStringAccessor(&ProxyDiscovery::m_srvPrefix), MakeStringChecker())
            .AddTraceSource("Discovered", "The outbound proxy of a domain was found.",
                            MakeTraceSourceAccessor(&ProxyDiscovery::m_discoveredTrace),
                            "ns3::ProxyDiscovery::DiscoveredTracedCallback")
            .AddTraceSource("Failed", "No proxy could be found for a domain.",
                            MakeTraceSourceAccessor(&ProxyDiscovery::m_failedTrace),
                            "ns3::ProxyDiscovery::FailedTracedCallback");
    return tid;
}

ProxyDiscovery::ProxyDiscovery()
    : m_useDns(true)
{
}

ProxyDiscovery::~ProxyDiscovery()
{
}

void
ProxyDiscovery::DoDispose()
{
    m_resolver = nullptr;
    Object::DoDispose();
}

void
ProxyDiscovery::SetResolver(Ptr<DnsResolver> resolver)
{
    m_resolver = resolver;
}

void
ProxyDiscovery::AddStaticDomain(const std::string& domain, Ipv4Address proxy, uint16_t port)
{
    m_static[sipmob::DnsMessage::CanonicalName(domain)] = {proxy, port};
}

void
ProxyDiscovery::AddStaticRange(Ipv4Address net, Ipv4Mask mask, const std::string& domain)
{
    m_ranges.push_back({net.CombineMask(mask), mask, sipmob::DnsMessage::CanonicalName(domain)});
}

void
ProxyDiscovery::SetLeaseDomain(Ipv4Address address, const std::string& domain)
{
    m_leaseAddress = address;
    m_leaseDomain = domain.empty() ? "" : sipmob::DnsMessage::CanonicalName(domain);
}

std::string
ProxyDiscovery::DomainForAddress(Ipv4Address address) const
{
    if (!m_leaseDomain.empty() && address == m_leaseAddress)
    {
        return m_leaseDomain; // the access network said so (DHCP option 15)
    }
    const Range* best = nullptr;
    for (const auto& r : m_ranges)
    {
        if (r.mask.IsMatch(address, r.net) &&
            (!best || r.mask.GetPrefixLength() > best->mask.GetPrefixLength()))
        {
            best = &r;
        }
    }
    return best ? best->domain : std::string();
}

void
ProxyDiscovery::DiscoverForAddress(Ipv4Address address, DoneCallback done)
{
    std::string domain = DomainForAddress(address);
    if (!m_useDns && !m_static.count(domain))
    {
        // Static table only, and it names no proxy for the lease's domain: its ranges decide.
        std::string lease = m_leaseDomain;
        m_leaseDomain.clear();
        std::string ranged = DomainForAddress(address);
        m_leaseDomain = lease;
        domain = ranged.empty() ? domain : ranged;
    }
    if (domain.empty())
    {
        std::ostringstream why;
        why << "no domain configured for address " << address;
        Fail("", why.str(), done);
        return;
    }
    Discover(domain, done);
}

void
ProxyDiscovery::Discover(const std::string& domain, DoneCallback done)
{
    std::string d = sipmob::DnsMessage::CanonicalName(domain);
    NS_LOG_FUNCTION(this << d);
    if (!m_useDns)
    {
        UseStatic(d, "static", "", done);
        return;
    }
    if (!m_resolver)
    {
        UseStatic(d, "static-fallback", "dns: no resolver", done);
        return;
    }
    m_resolver->ResolveSrv(m_srvPrefix + d,
                           DnsResolver::ResolveCallback([this, d, done](const DnsResolveResult& r)
                                                        { OnDns(d, done, r); }));
}

void
ProxyDiscovery::OnDns(std::string domain, DoneCallback done, const DnsResolveResult& result)
{
    if (result.Ok())
    {
        Succeed(domain, result.address, result.port, "dns", done);
        return;
    }
    UseStatic(domain, "static-fallback",
              std::string("dns: ") + DnsResolveResult::ErrorName(result.error), done);
}

void
ProxyDiscovery::UseStatic(const std::string& domain, const std::string& method,
                          const std::string& why, DoneCallback done)
{
    auto it = m_static.find(domain);
    if (it == m_static.end())
    {
        std::string reason = why.empty() ? "" : why + "; ";
        Fail(domain, reason + "no static entry for '" + domain + "'", done);
        return;
    }
    Succeed(domain, it->second.proxy, it->second.port, method, done);
}

void
ProxyDiscovery::Succeed(const std::string& domain, Ipv4Address proxy, uint16_t port,
                        const std::string& method, DoneCallback done)
{
    NS_LOG_INFO(domain << " -> " << proxy << ":" << port << " (" << method << ")");
    m_discoveredTrace(domain, proxy, port, method);
    if (!done.IsNull())
    {
        done(true, domain, proxy, port, method);
    }
}

void
ProxyDiscovery::Fail(const std::string& domain, const std::string& reason, DoneCallback done)
{
    NS_LOG_INFO(domain << ": " << reason);
    m_failedTrace(domain, reason);
    if (!done.IsNull())
    {
        done(false, domain, Ipv4Address::GetAny(), 0, reason);
    }
}

} // namespace ns3
