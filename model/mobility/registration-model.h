// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_REGISTRATION_MODEL_H
#define SIPMOB_REGISTRATION_MODEL_H

#include "mobility/proxy-discovery.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/object.h"

#include <functional>
#include <string>

namespace ns3
{

/**
 * \brief Strategy of a mobile user agent: where its REGISTER and its out-of-dialog requests go
 *        (ARCHITECTURE.md, "registration model"). In-dialog requests never ask the model: they
 *        follow the dialog's route set and remote target.
 *
 * The user agent calls Resolve() with its current address at start and after every move; the
 * model answers once, possibly later (DNS), with the next hop. The user agent ignores answers to
 * superseded calls, so a model needs no cancellation.
 */
class RegistrationModel : public Object
{
public:
    /**
     * \brief Outcome of Resolve().
     * \param ok whether a next hop was found
     * \param domain the domain whose proxy was found ("" when static)
     * \param nextHop where the REGISTER and out-of-dialog requests go
     */
    using ResolveCallback =
        std::function<void(bool ok, const std::string& domain, const InetSocketAddress& nextHop)>;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    RegistrationModel();
    ~RegistrationModel() override;

    /// \return the model name used in records ("home-only", "outbound-proxy")
    virtual std::string GetName() const = 0;
    /**
     * \brief Find the next hop for the node's current address.
     * \param localAddress the current (usable) address
     * \param done called once with the result
     */
    virtual void Resolve(Ipv4Address localAddress, ResolveCallback done) = 0;
    /**
     * \brief Whether every request of the UA, in-dialog ones included, must cross the next hop
     *        Resolve() gave: the UA then pre-loads a Route to it (RFC 3261 §8.1.2) before the
     *        dialog's route set. Outbound-Proxy-Intercept: the seed's outbound proxy "intercepts
     *        every outgoing SIP request sent by the mobile UA".
     * \return false by default
     */
    virtual bool PreloadsRoute() const;
    /**
     * \brief Whether a mobile user agent under this model sends its INVITEs directly to the callee
     *        (the seed's Home-Registration-Only: "the mobile GUA always must send the INVITE
     *        message directly to the callee"): it asks its proxy for the callee's contact with
     *        `Request-Disposition: redirect` (RFC 3841 §9.1), follows the 302 and its dialog then
     *        runs UA to UA. The user agent's DirectCalls attribute may override it.
     * \return false by default
     */
    virtual bool CallsDirectly() const;

    /// \param discovery the proxy discovery (null: use the static home proxy)
    void SetProxyDiscovery(Ptr<ProxyDiscovery> discovery);
    /// \param domain the user's home domain
    void SetHomeDomain(const std::string& domain);
    /**
     * \brief The home network's marshal server when no discovery is set (or it fails).
     * \param proxy address
     * \param port port
     */
    void SetStaticHomeProxy(Ipv4Address proxy, uint16_t port);

protected:
    void DoDispose() override;
    /**
     * \brief Discover the proxy of a domain, falling back to the static home proxy.
     * \param domain the domain ("" or no discovery: static home proxy)
     * \param done result
     */
    void DiscoverDomain(const std::string& domain, ResolveCallback done);
    /**
     * \brief Wrap a ResolveCallback for ProxyDiscovery (failure: the static home proxy).
     * \param done result
     * \return the discovery callback
     */
    ProxyDiscovery::DoneCallback MakeDone(ResolveCallback done);
    /// \return the static home proxy
    InetSocketAddress StaticHome() const;

    Ptr<ProxyDiscovery> m_discovery; ///< DNS SRV or static table
    std::string m_homeDomain;        ///< home domain
    Ipv4Address m_homeProxy;         ///< static home marshal address
    uint16_t m_homePort;             ///< static home marshal port
};

} // namespace ns3

#endif
