// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_PROXY_DISCOVERY_H
#define SIPMOB_PROXY_DISCOVERY_H

#include "access/dns-resolver.h"

#include "ns3/callback.h"
#include "ns3/ipv4-address.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * Finds a SIP network's outbound proxy (host and port) for a domain or for the node's address.
 *
 * With UseDns=true it asks DNS for "_sip._udp.<domain>" SRV (RFC 3263 style) through a
 * DnsResolver and falls back to the static table when DNS fails; with UseDns=false only the
 * static table is used. ns-3's DHCP carries no domain option, so a table of IP ranges gives the
 * domain of an address. Outcomes are reported through the traces and the optional callback.
 */
class ProxyDiscovery : public Object
{
public:
    /// Callback: success, domain, proxy, port, method ("dns", "static", "static-fallback") or
    /// failure reason.
    typedef Callback<void, bool, const std::string&, Ipv4Address, uint16_t, const std::string&>
        DoneCallback;

    /// @return the TypeId
    static TypeId GetTypeId();
    ProxyDiscovery();
    ~ProxyDiscovery() override;

    /// @param resolver resolver used in DNS mode
    void SetResolver(Ptr<DnsResolver> resolver);

    /**
     * Map a domain to a proxy in the static table.
     * @param domain SIP domain, e.g. "net1.example.org"
     * @param proxy proxy address
     * @param port proxy port
     */
    void AddStaticDomain(const std::string& domain, Ipv4Address proxy, uint16_t port);

    /**
     * Map an IPv4 range to a domain (longest prefix wins).
     * @param net network address
     * @param mask network mask
     * @param domain SIP domain of addresses in that range
     */
    void AddStaticRange(Ipv4Address net, Ipv4Mask mask, const std::string& domain);

    /**
     * The domain the access network gave with the lease of @p address (DHCP option 15, RFC 2132
     * §3.17): it decides the domain of that address before the static ranges.
     * @param address the leased address
     * @param domain the domain name offered ("" forgets it)
     */
    void SetLeaseDomain(Ipv4Address address, const std::string& domain);

    /// @param address an address; @return its domain (the lease's, else the longest matching
    /// range's), or "" when none
    std::string DomainForAddress(Ipv4Address address) const;

    /**
     * Discover the proxy of @p domain. The result comes through the traces and @p done.
     * @param domain SIP domain
     * @param done optional callback
     */
    void Discover(const std::string& domain, DoneCallback done = DoneCallback());

    /**
     * Discover the proxy for the domain containing @p address (see DomainForAddress).
     * @param address e.g. the node's new IPv4 address after a hand-off
     * @param done optional callback
     */
    void DiscoverForAddress(Ipv4Address address, DoneCallback done = DoneCallback());

    /// Trace signature of Discovered.
    typedef void (*DiscoveredTracedCallback)(const std::string& domain, Ipv4Address proxy,
                                             uint16_t port, const std::string& method);
    /// Trace signature of Failed.
    typedef void (*FailedTracedCallback)(const std::string& domain, const std::string& reason);

private:
    /// A static proxy entry.
    struct StaticProxy
    {
        Ipv4Address proxy; ///< proxy address
        uint16_t port;     ///< proxy port
    };

    /// An address range mapped to a domain.
    struct Range
    {
        Ipv4Address net;    ///< network
        Ipv4Mask mask;      ///< mask
        std::string domain; ///< domain
    };

    void DoDispose() override;
    void OnDns(std::string domain, DoneCallback done, const DnsResolveResult& result);
    void UseStatic(const std::string& domain, const std::string& method, const std::string& why,
                   DoneCallback done);
    void Succeed(const std::string& domain, Ipv4Address proxy, uint16_t port,
                 const std::string& method, DoneCallback done);
    void Fail(const std::string& domain, const std::string& reason, DoneCallback done);

    bool m_useDns;                               ///< DNS SRV first (else static only)
    std::string m_srvPrefix;                     ///< prepended to the domain, "_sip._udp."
    Ptr<DnsResolver> m_resolver;                 ///< resolver for DNS mode
    std::map<std::string, StaticProxy> m_static; ///< canonical domain -> proxy
    std::vector<Range> m_ranges;                 ///< address ranges
    Ipv4Address m_leaseAddress;                  ///< address of the current lease
    std::string m_leaseDomain;                   ///< its domain (option 15), "" when none

    TracedCallback<const std::string&, Ipv4Address, uint16_t, const std::string&>
        m_discoveredTrace;                                                ///< Discovered
    TracedCallback<const std::string&, const std::string&> m_failedTrace; ///< Failed
};

} // namespace ns3

#endif // SIPMOB_PROXY_DISCOVERY_H
