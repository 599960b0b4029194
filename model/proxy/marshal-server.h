// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_MARSHAL_SERVER_H
#define SIPMOB_MARSHAL_SERVER_H

#include "dialog/sip-proxy-core.h"
#include "message/sip-message.h"
#include "proxy/marshal-chain.h"
#include "proxy/marshal-services.h"
#include "registrar/subscriber-store.h"
#include "registrar/visitor-registry.h"
#include "stack/processing-delay.h"
#include "stack/sip-stack.h"

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
 * Every new request runs through an ordered chain of small processors (MarshalChain), built in
 * BuildChain and listed in doc/architecture.md: ACK routing, CANCEL, loop and Max-Forwards check,
 * loose routing of in-dialog requests, peer trust, authentication (subscriber, digest, visitor),
 * visitor interception (Outbound-Proxy-Intercept), the route query to the redirect server, the
 * answer to a caller that asks for a redirect (RFC 3841 `Request-Disposition: redirect`) and
 * forwarding. Each processor is one file pair in model/proxy; the server itself only owns the
 * stack, the proxy core, the shared services (MarshalServices) and the trace sources.
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
    void SetSubscriberStore(std::shared_ptr<sipmob::SubscriberStore> store);
    /**
     * \brief A trusted peer (a local gateway): its requests are not authenticated, except
     *        REGISTERs of our users (doc/security.md).
     * \param address its address
     * \param port its port (0: any port)
     */
    void AddTrustedPeer(Ipv4Address address, uint16_t port = 0);
    /// \return the visitors of this network
    std::shared_ptr<sipmob::VisitorRegistry> GetVisitorRegistry() const;
    /// \return the stack (valid while running)
    Ptr<SipStack> GetStack() const;
    /// \return the names of the processors of the chain, in order (doc/architecture.md)
    std::vector<std::string> GetProcessorNames() const;

    /// Signature of RequestReceived and Forwarded (request, peer address).
    typedef void (*MessageTracedCallback)(const sipmob::SipMessage& msg,
                                          const InetSocketAddress& peer);
    /// Signature of Rejected (request, code, reason).
    typedef void (*RejectedTracedCallback)(const sipmob::SipMessage& request, int code,
                                           const std::string& reason);
    /// Signature of VisitorCreated and VisitorRemoved (visitor id, contact, expires).
    typedef void (*VisitorTracedCallback)(const std::string& visitorId, const std::string& contact,
                                          uint32_t expires);
    /// Signature of Redirected (request, the Contact of the 302).
    typedef void (*RedirectedTracedCallback)(const sipmob::SipMessage& request,
                                             const std::string& contact);
    /// Signature of AuthFailed (user, reason).
    typedef void (*AuthFailedTracedCallback)(const std::string& user, const std::string& reason);

protected:
    void DoDispose() override;

private:
    void StartApplication() override;
    void StopApplication() override;

    /// Build the processor chain: the one place that lists and orders the marshal's behaviours.
    void BuildChain();
    /// A new request from the stack: run it through the chain.
    void HandleRequest(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                       const InetSocketAddress& from);
    /// Remove expired visitors and trace them; reschedules itself.
    void Purge();

    uint16_t m_port;              ///< listening port
    std::string m_domain;         ///< our domain
    Ipv4Address m_rsAddress;      ///< redirect server address
    uint16_t m_rsPort;            ///< redirect server port
    std::string m_trustedPeers;   ///< comma-separated trusted addresses (attribute)
    bool m_digest;                ///< digest authentication on
    std::string m_realm;          ///< digest realm
    bool m_recordRoute;           ///< add Record-Route
    bool m_allowForeignRegister;  ///< Outbound-Proxy-Intercept
    bool m_redirectOnRequest;     ///< RedirectOnRequest
    Time m_purgeInterval;         ///< visitor purge period
    Ptr<SipStack> m_stack;        ///< transport + transactions
    SipProxyCore m_core;          ///< stateful forwarding
    MarshalServices m_services;   ///< what the processors share
    MarshalChain m_chain;         ///< the processors, in order (BuildChain)
    EventId m_purgeEvent;         ///< next purge
    Time m_procDelay;             ///< ProcessingDelay
    Time m_procJitter;            ///< ProcessingJitter
    ProcessingDelay m_processing; ///< per-request processing time

    TracedCallback<const sipmob::SipMessage&, const InetSocketAddress&> m_requestReceived;
    TracedCallback<const sipmob::SipMessage&, const InetSocketAddress&> m_forwardedTrace;
    TracedCallback<const sipmob::SipMessage&, int, const std::string&> m_rejected;
    TracedCallback<const std::string&, const std::string&, uint32_t> m_visitorCreated;
    TracedCallback<const std::string&, const std::string&, uint32_t> m_visitorRemoved;
    TracedCallback<const std::string&, const std::string&> m_authFailed;
    TracedCallback<const sipmob::SipMessage&, const std::string&> m_redirected;
};

} // namespace ns3

#endif
