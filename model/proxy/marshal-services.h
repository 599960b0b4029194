// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_MARSHAL_SERVICES_H
#define SIPMOB_MARSHAL_SERVICES_H

#include "dialog/sip-proxy-core.h"
#include "message/sip-message.h"
#include "proxy/marshal-request.h"
#include "registrar/subscriber-store.h"
#include "registrar/visitor-registry.h"
#include "stack/sip-stack.h"
#include "stack/trusted-peers.h"
#include "transaction/keyed-id-generator.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>

namespace ns3
{

/**
 * \brief What the marshal server's processors share: its configuration (the attributes), its
 *        stack and proxy core, the subscriber and visitor stores, and its trace sources.
 *
 * Owned by the MarshalServer, which fills it in StartApplication; the processors hold a reference.
 */
class MarshalServices
{
public:
    /// Signature of the rejected trace (request, code, reason).
    using RejectedTrace = TracedCallback<const sipmob::SipMessage&, int, const std::string&>;
    /// Signature of the auth-failed trace (user, reason).
    using AuthFailedTrace = TracedCallback<const std::string&, const std::string&>;
    /// Signature of the visitor traces (id, contact, expires).
    using VisitorTrace = TracedCallback<const std::string&, const std::string&, uint32_t>;
    /// Signature of the redirected trace (request, Contact given).
    using RedirectedTrace = TracedCallback<const sipmob::SipMessage&, const std::string&>;

    uint16_t port = 5060;                                       ///< listening port
    std::string domain;                                         ///< our domain
    InetSocketAddress redirect{Ipv4Address("127.0.0.1"), 5070}; ///< the redirect server
    bool digest = false;                                        ///< digest authentication on
    std::string realm;                                          ///< digest realm
    bool allowForeignRegister = false;                          ///< Outbound-Proxy-Intercept
    bool redirectOnRequest = true; ///< answer `Request-Disposition: redirect` with 302
    Ptr<SipStack> stack;           ///< transport + transactions (valid while running)
    SipProxyCore* core = nullptr;  ///< stateful forwarding
    std::shared_ptr<sipmob::SubscriberStore> subscribers; ///< provisioned subscribers (may be null)
    std::shared_ptr<sipmob::VisitorRegistry> visitors;    ///< visitors of this network
    TrustedPeers trusted;                                 ///< trusted peers (local gateways)
    /// key of the dialog tokens in our Record-Route (DialogToken), per server and run
    std::shared_ptr<const sipmob::KeyedIdGenerator> dialogKey;
    /// resumes the chain after a processor that returned WAIT
    std::function<void(const std::shared_ptr<MarshalRequest>&)> resume;

    RejectedTrace* rejected = nullptr;      ///< the server's Rejected trace
    AuthFailedTrace* authFailed = nullptr;  ///< the server's AuthFailed trace
    VisitorTrace* visitorCreated = nullptr; ///< the server's VisitorCreated trace
    VisitorTrace* visitorRemoved = nullptr; ///< the server's VisitorRemoved trace
    RedirectedTrace* redirected = nullptr;  ///< the server's Redirected trace

    /**
     * \brief Answer a request with a final error and trace it.
     * \param request the request
     * \param id its server transaction
     * \param code status code
     * \param reason reason phrase ("" = the default of the code)
     * \param warning why, for a Warning header (RFC 3261 §20.43; "" = none)
     *
     * An ACK cannot be answered (§17.1.1.3): it is traced and dropped.
     */
    void Reject(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id, int code,
                const std::string& reason, const std::string& warning = "") const;
    /// \param user who \param reason why; traced as AuthFailed
    void AuthFailed(const std::string& user, const std::string& reason) const;
    /// \return true when \p domain names our domain (ElementIdentity::IsLocalDomain: the domain,
    /// an alias, or one of our addresses)
    bool IsOwnDomain(const std::string& domain) const;
    /// Name of the Record-Route URI parameter that carries the dialog token.
    static constexpr const char* DIALOG_TOKEN_PARAM = "dlg";
    /**
     * \brief The token that binds our Record-Route to one dialog (DialogAuthenticator).
     *
     * HMAC-SHA-256 under this server's per-run key (dialogKey) of the Call-ID and the From tag
     * of the dialog-creating request, 16 hex digits (64 bits): a dialog is identified by its
     * Call-ID and tags (RFC 3261 §12), and the initial request's From tag is the only tag known
     * when the Record-Route is inserted; it is the From tag of the caller's in-dialog requests
     * and the To tag of the callee's. Nobody without the key can compute it for another dialog.
     * \param callId the dialog's Call-ID
     * \param tag the initial request's From tag
     * \return hex digits ("" when no key is set)
     */
    std::string DialogToken(const std::string& callId, const std::string& tag) const;
    /// \return the current simulated time in seconds
    static double Now();
};

} // namespace ns3

#endif
