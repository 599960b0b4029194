// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_REDIRECT_SERVER_H
#define SIPMOB_REDIRECT_SERVER_H

#include "message/sip-message.h"
#include "registrar/dial-plan.h"
#include "registrar/location-service.h"
#include "stack/element-identity.h"
#include "stack/processing-delay.h"
#include "stack/sip-stack.h"
#include "stack/trusted-peers.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/inet-socket-address.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief The redirect server of one SIP network (VOCAL): registrar, location service and dial
 *        plan. It never proxies: a REGISTER for its domain is answered as RFC 3261 §10.3 says;
 *        any other request gets the route, `302 Moved Temporarily` with the next hop as Contact,
 *        or `404 Not Found`.
 *
 * Routes, in the seed's order (registrations first, the dial plan only when they give no route):
 * 1. bindings of the AoR: `user@ourdomain` for a local host (our domain, or the address of the
 *    gateway the request came through), `user%40peerdomain@ourdomain` (a visitor) for a peer
 *    domain, the visitor ID itself for a Request-URI like `1001%40net1.example.org@...`;
 * 2. a number dialled here (local host) that is no subscriber's binding: the bindings of every
 *    visitor with that user ID (a visitor is found where it is, so a call from the visited
 *    network to it never leaves that network);
 * 3. a peer domain, or a dial-plan match naming a peer network: the local gateway towards it
 *    (`sip:user@gateway:port`);
 * 4. nothing: 404.
 * A REGISTER for a peer domain gets `sip:gateway:port`. A binding whose contact host is a peer
 * network's marshal server is sent through the gateway: Contact
 * `<contact?Route=<sip:gateway:port;lr>>` (RFC 3261 §19.1.5 header in a redirect Contact).
 * Routes: a user of another network (Request-URI host a peer domain, or a dial-plan match naming
 * a peer network) goes to the local gateway towards it (`sip:user@gateway:port`); a REGISTER for
 * a peer domain gets `sip:gateway:port`; a visitor ID user (`1001%40net1.example.org`) and a
 * local user get their bindings; a binding whose contact host is a peer network's marshal server
 * is sent through the gateway: Contact `<contact?Route=<sip:gateway:port;lr>>` (RFC 3261 §19.1.5
 * header in a redirect Contact).
 *
 * Trust boundary (doc/security.md): the redirect server answers only its own marshal server
 * (TrustedPeers / AddTrustedPeer, address and port). A request from any other source gets
 * `403 Forbidden` with a Warning (RFC 3261 §20.43) and changes nothing; an ACK from one is dropped.
 * With no trusted peer configured every request is refused.
 *
 * "Is this me" (ElementIdentity): a REGISTER whose To host is the domain, an alias (DomainAliases:
 * the marshal server's address, so `sip:1999@10.1.0.10` registers 1999 of this domain) or one of
 * this node's addresses is handled here. A Request-URI scheme other than sip: gets 416 (§8.2.2.1).
 * Every rejection carries a Warning (§20.43) that says why.
 */
class RedirectServer : public Application
{
public:
    /// One other SIP network reachable through a local gateway.
    struct PeerNetwork
    {
        std::string name;          ///< next-hop name used in the dial plan, e.g. "gw-1-2"
        std::string domain;        ///< its domain, e.g. "net2.example.org"
        InetSocketAddress gateway; ///< the local gateway towards it
        Ipv4Address marshal;       ///< its marshal server (outbound-proxy bindings point there)
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    RedirectServer();
    ~RedirectServer() override;

    /// \param plan the dial plan (shared with provisioning); null: every user is local
    void SetDialPlan(std::shared_ptr<sipmob::DialPlan> plan);
    /// \param peer another network and the gateway towards it
    void AddPeerNetwork(const PeerNetwork& peer);
    /// \param address a source whose requests are answered (the marshal server) \param port its
    /// port (0: any)
    void AddTrustedPeer(Ipv4Address address, uint16_t port = 0);
    /// \return the location service (bindings)
    std::shared_ptr<sipmob::LocationService> GetLocationService() const;
    /// \return the stack (valid while running)
    Ptr<SipStack> GetStack() const;
    /// \param user a user part (unescaped) \return the canonical AoR `sip:user@domain` here
    std::string MakeAor(const std::string& user) const;

    /// Signature of the binding trace sources.
    typedef void (*BindingTracedCallback)(const std::string& aor, const std::string& contact,
                                          uint32_t expires);
    /// Signature of the Refused trace source (request, source).
    typedef void (*RefusedTracedCallback)(const sipmob::SipMessage& request,
                                          const InetSocketAddress& from);
    /// Signature of the RouteDecision trace source.
    typedef void (*RouteTracedCallback)(const std::string& request, const std::string& decision);

protected:
    void DoDispose() override;

private:
    void StartApplication() override;
    void StopApplication() override;

    /// A new request from the stack.
    void HandleRequest(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                       const InetSocketAddress& from);
    /// RFC 3261 §10.3 for a REGISTER of our domain.
    void HandleRegister(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                        const InetSocketAddress& from);
    /// Registrar answer from the location service's decision.
    sipmob::SipMessage RegisterResponse(const sipmob::SipMessage& request,
                                        const sipmob::RegisterResult& result);
    /// Trace added/refreshed/removed bindings of one REGISTER.
    void TraceBindings(const std::string& aor, const std::vector<sipmob::Binding>& before,
                       const sipmob::RegisterResult& result);
    /// \return the Contact values (302) for a request, empty: 404
    std::vector<std::string> Route(const sipmob::SipMessage& request, std::string& decision);
    /// \return the contacts of an AoR's bindings (peer-marshal contacts through the gateway)
    std::vector<std::string> BindingContacts(const std::string& aor);
    /// \param user a user ID \return the peer network the dial plan names for it, or null
    const PeerNetwork* DialPlanPeer(const std::string& user) const;
    /// \param user a user ID \return the AoRs of visitors with that user ID (any home domain)
    std::vector<std::string> VisitorAorsOf(const std::string& user) const;
    /// \return the peer network of a domain, or null
    const PeerNetwork* PeerByDomain(const std::string& domain) const;
    /// Send a final response (the stack adds its keyed To tag, SipStack::ResponseTag).
    void Respond(const SipStack::ServerTxnId& id, sipmob::SipMessage response);
    /// Remove expired bindings and trace them; reschedules itself.
    void Purge();
    /// \return the current simulated time in seconds
    static double Now();

    uint16_t m_port;                                     ///< listening port
    std::string m_domain;                                ///< our domain
    Time m_purgeInterval;                                ///< period of expiry purge
    uint32_t m_minExpires;                               ///< Min-Expires
    uint32_t m_defaultExpires;                           ///< default expiry
    uint32_t m_maxExpires;                               ///< maximum expiry
    Ptr<SipStack> m_stack;                               ///< transport + transactions
    std::shared_ptr<sipmob::LocationService> m_location; ///< bindings
    std::shared_ptr<sipmob::DialPlan> m_dialPlan;        ///< user patterns -> next hop
    std::vector<PeerNetwork> m_peers;                    ///< other networks
    std::string m_trustedPeersText;                      ///< TrustedPeers attribute
    std::string m_aliasesText;                           ///< DomainAliases attribute
    ElementIdentity m_identity;                          ///< domain, aliases, own addresses
    TrustedPeers m_trusted;                              ///< sources answered (the marshal server)
    EventId m_purgeEvent;                                ///< next purge
    Time m_procDelay;                                    ///< ProcessingDelay
    Time m_procJitter;                                   ///< ProcessingJitter
    ProcessingDelay m_processing;                        ///< per-request processing time

    TracedCallback<const std::string&, const std::string&, uint32_t> m_bindingAdded;
    TracedCallback<const std::string&, const std::string&, uint32_t> m_bindingRefreshed;
    TracedCallback<const std::string&, const std::string&, uint32_t> m_bindingRemoved;
    TracedCallback<const std::string&, const std::string&, uint32_t> m_bindingExpired;
    TracedCallback<const std::string&, const std::string&> m_routeDecision;
    TracedCallback<const sipmob::SipMessage&, const InetSocketAddress&> m_refused;
};

} // namespace ns3

#endif
