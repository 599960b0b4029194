// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_MARSHAL_SERVER_H
#define SIPMOB_MARSHAL_SERVER_H

#include "message/sip-message.h"
#include "dialog/sip-proxy-core.h"
#include "stack/sip-stack.h"
#include "registrar/subscriber-store.h"
#include "registrar/visitor-registry.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief The marshal server of one SIP network (VOCAL): the network's stateful proxy.
 *
 * Requests from untrusted sources (not a local gateway) are authenticated against the
 * provisioned subscribers and the visitors (403, or a digest challenge 401/407 when enabled).
 * A REGISTER for our domain relayed by a peer network (through a trusted gateway) is still
 * authenticated: the home network grants its users' registrations wherever they are.
 * The route of an initial request comes from the redirect server (the request is sent to it
 * through a client transaction; a 302 names the next hop, any other final response is relayed).
 * In-dialog requests are loose-routed by Route / Request-URI without asking it.
 *
 * Outbound-Proxy-Intercept (AllowForeignRegister): a REGISTER for a peer domain is forwarded
 * to the home network with its Contact rewritten to `<sip:user%40home@this:port>`; on the home's
 * 2xx the visitor is created, registered with the local redirect server, and the 2xx relayed to
 * the UA with its own Contact restored.
 */
class MarshalServer : public Application
{
public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    MarshalServer();
    ~MarshalServer() override;

    /// \param store the provisioned subscribers (null: nobody is a subscriber)
    void SetSubscriberStore(std::shared_ptr<SubscriberStore> store);
    /// \param address a trusted peer (local gateway): its requests are not authenticated
    void AddTrustedPeer(Ipv4Address address);
    /// \return the visitors of this network
    std::shared_ptr<VisitorRegistry> GetVisitorRegistry() const;
    /// \return the stack (valid while running)
    Ptr<SipStack> GetStack() const;

    /// Signature of RequestReceived and Forwarded (request, peer address).
    typedef void (*MessageTracedCallback)(const sipmob::SipMessage& msg,
                                          const InetSocketAddress& peer);
    /// Signature of Rejected (request, code, reason).
    typedef void (*RejectedTracedCallback)(const sipmob::SipMessage& request, int code,
                                           const std::string& reason);
    /// Signature of VisitorCreated and VisitorRemoved (visitor id, contact, expires).
    typedef void (*VisitorTracedCallback)(const std::string& visitorId, const std::string& contact,
                                          uint32_t expires);
    /// Signature of AuthFailed (user, reason).
    typedef void (*AuthFailedTracedCallback)(const std::string& user, const std::string& reason);

protected:
    void DoDispose() override;

private:
    /// Outcome of authentication.
    enum class Auth
    {
        OK,               ///< subscriber or visitor, proceed
        FOREIGN_REGISTER, ///< REGISTER for a peer domain, intercepted
        REJECTED          ///< answered already
    };
    /// State of one REGISTER intercepted for a visitor.
    struct Intercept
    {
        std::string visitorId;                        ///< user%40home
        std::string user;                             ///< user ID
        std::string homeDomain;                       ///< home domain
        std::string aor;                              ///< sip:user@home
        std::optional<sipmob::SipNameAddr> uaContact; ///< the UA's rewritten Contact value
        std::string proxyContact;                     ///< the rewritten Contact URI
    };

    void StartApplication() override;
    void StopApplication() override;

    /// A new request from the stack.
    void HandleRequest(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                       const InetSocketAddress& from);
    /// CANCEL of a forwarded or still-routed INVITE.
    void HandleCancel(const sipmob::SipMessage& cancel, const SipStack::ServerTxnId& id);
    /// Authenticate an initial request from an untrusted source.
    Auth Authenticate(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                      const InetSocketAddress& from);
    /// A request from a trusted peer: a REGISTER of a local user is refused when the user is not
    /// provisioned, and challenged (digest on, user with a password) like a direct one.
    Auth CheckTrusted(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id);
    /// Digest check of a subscriber with a password; answers the challenge or 403 itself.
    bool CheckDigest(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                     const Subscriber& subscriber);
    /// Send a 401/407 challenge.
    void Challenge(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id);
    /// Answer with an error and trace it.
    void Reject(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id, int code,
                const std::string& reason);
    /// Ask the redirect server for the route of an initial request.
    void AskRedirect(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                     bool intercept);
    /// The redirect server answered.
    void OnRedirect(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                    bool intercept, const sipmob::SipMessage& answer);
    /// Forward to the first Contact of a 302.
    void FollowRedirect(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                        bool intercept, const sipmob::SipNameAddr& contact);
    /// Rewrite a REGISTER's Contact for the intercept; \return the intercept state
    std::shared_ptr<Intercept> RewriteRegister(sipmob::SipMessage& out);
    /// The home network answered an intercepted REGISTER; \return false: relayed later
    bool OnHomeAnswer(const std::shared_ptr<Intercept>& state, const SipStack::ServerTxnId& id,
                      sipmob::SipMessage& response);
    /// REGISTER (or de-register) a visitor with the local redirect server, then relay.
    void RegisterVisitor(const std::shared_ptr<Intercept>& state, const std::string& contact,
                         uint32_t expires, const SipStack::ServerTxnId& id,
                         const sipmob::SipMessage& relay, const std::string& stale);
    /// Loose routing of an in-dialog request (or one with a Route set).
    void RouteInDialog(const sipmob::SipMessage& received, const SipStack::ServerTxnId& id,
                       sipmob::SipMessage out);
    /// Remove expired visitors and trace them; reschedules itself.
    void Purge();
    /// \return the redirect server address
    InetSocketAddress RedirectAddress() const;
    /// \return the current simulated time in seconds
    static double Now();

    uint16_t m_port;             ///< listening port
    std::string m_domain;        ///< our domain
    Ipv4Address m_rsAddress;     ///< redirect server address
    uint16_t m_rsPort;           ///< redirect server port
    std::string m_trustedPeers;  ///< comma-separated trusted addresses (attribute)
    bool m_digest;               ///< digest authentication on
    std::string m_realm;         ///< digest realm
    bool m_recordRoute;          ///< add Record-Route
    bool m_allowForeignRegister; ///< Outbound-Proxy-Intercept
    Time m_purgeInterval;        ///< visitor purge period
    Ptr<SipStack> m_stack;       ///< transport + transactions
    SipProxyCore m_core;         ///< stateful forwarding
    std::shared_ptr<SubscriberStore> m_subscribers; ///< provisioned subscribers
    std::shared_ptr<VisitorRegistry> m_visitors;    ///< visitors
    std::set<Ipv4Address> m_trusted;                ///< trusted peers
    std::set<std::string> m_nonces;                 ///< digest nonces issued
    uint64_t m_nonceCount;                          ///< nonce counter
    /// INVITEs waiting for the redirect server, by TxnKey: the INVITE and its server transaction
    std::map<std::string, std::pair<sipmob::SipMessage, SipStack::ServerTxnId>> m_routing;
    std::set<std::string> m_cancelled;             ///< INVITEs cancelled while waiting for the RS
    std::map<std::string, uint32_t> m_visitorCSeq; ///< CSeq of visitor REGISTERs by visitor id
    EventId m_purgeEvent;                          ///< next purge

    TracedCallback<const sipmob::SipMessage&, const InetSocketAddress&> m_requestReceived;
    TracedCallback<const sipmob::SipMessage&, const InetSocketAddress&> m_forwardedTrace;
    TracedCallback<const sipmob::SipMessage&, int, const std::string&> m_rejected;
    TracedCallback<const std::string&, const std::string&, uint32_t> m_visitorCreated;
    TracedCallback<const std::string&, const std::string&, uint32_t> m_visitorRemoved;
    TracedCallback<const std::string&, const std::string&> m_authFailed;
};

} // namespace ns3

#endif
