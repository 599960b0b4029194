// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_PROXY_CORE_H
#define SIPMOB_SIP_PROXY_CORE_H

#include "message/sip-message.h"
#include "stack/element-identity.h"
#include "stack/sip-stack.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ptr.h"

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace ns3
{

/**
 * \brief Stateful proxy forwarding (RFC 3261 §16) on a SipStack, shared by the marshal server
 *        and the marshal gateway.
 *
 * Request validation (Max-Forwards, loop detection), own Via with a loop-detection hash in its
 * branch, optional Record-Route (lr), Max-Forwards decrement, response relay through the server
 * transaction (the Via stack restored from the received request), CANCEL of a forwarded INVITE,
 * stateless forwarding of ACK for 2xx and of stray 2xx retransmissions. Routing decisions stay
 * with the entity.
 */
class SipProxyCore
{
public:
    /// Server transaction id of the stack.
    using ServerTxnId = SipStack::ServerTxnId;
    /// Sees each response (Via stack already restored) before it is relayed; false: do not relay.
    using ResponseHook = std::function<bool(sipmob::SipMessage& response)>;
    /// Told of each request forwarded (statefully or not) and where to.
    using ForwardedHook =
        std::function<void(const sipmob::SipMessage& request, const InetSocketAddress& to)>;
    /// Extra URI parameters (";name=value", or "") for the Record-Route inserted in a request.
    using RecordRouteParams = std::function<std::string(const sipmob::SipMessage& request)>;

    /// \param stack the entity's started stack
    void SetStack(Ptr<SipStack> stack);
    /// \param on add Record-Route (lr) to forwarded requests other than REGISTER
    void SetRecordRoute(bool on);
    /**
     * \brief Parameters to add to the URI of each Record-Route this entity inserts. RFC 3261
     *        §16.6 step 4 lets a proxy put what it wants in its own Record-Route URI: it comes
     *        back unchanged in the Route of every later request of the dialog (§12.2.1.1).
     * \param params called with the request to forward (none: no parameters)
     */
    void SetRecordRouteParams(RecordRouteParams params);
    /// \param hook told of every forwarded request
    void SetForwardedHook(ForwardedHook hook);
    /// Forget every pending transaction and the stack.
    void Clear();

    /**
     * \brief RFC 3261 §16.3 steps 3-4.
     * \param request a received request
     * \return 0 when it may be forwarded, else 483 (Max-Forwards 0) or 482 (loop)
     */
    int Validate(const sipmob::SipMessage& request) const;
    /**
     * \brief The loop-detection hash of §16.6 step 8 (Request-URI, tags, Call-ID, CSeq number,
     *        Route set: a spiral through a route set is not a loop).
     * \param request the request as received
     * \return 10 hex digits
     */
    static std::string LoopHash(const sipmob::SipMessage& request);
    /// \param uri a URI \return true when it names this entity (ElementIdentity::IsOwnUri)
    bool IsOwnUri(const sipmob::SipUri& uri) const;
    /// \return who this entity is (its addresses with port, domains, aliases): set it up before use
    ElementIdentity& Identity();
    /// \return who this entity is
    const ElementIdentity& Identity() const;
    /// \param request a request whose top Route may name us; that Route is removed \return true if
    /// removed
    bool PopOwnRoute(sipmob::SipMessage& request) const;
    /**
     * \brief Where a URI points: IPv4 host and port (5060 when absent).
     * \param uri the URI
     * \param[out] to the address
     * \return false when the host is not an IPv4 address
     */
    static bool UriDestination(const sipmob::SipUri& uri, InetSocketAddress& to);
    /**
     * \brief The next hop of a request by its top Route, else its Request-URI.
     * \param request the request (own Route already popped)
     * \param[out] to the address
     * \return false when neither gives an IPv4 address
     */
    static bool NextHop(const sipmob::SipMessage& request, InetSocketAddress& to);
    /// \param params extra URI parameters (";name=value...") \return "<sip:address:port;lr>"
    /// for this entity, with \p params after `lr`
    std::string OwnRouteValue(const std::string& params = "") const;

    /**
     * \brief Forward a request statefully.
     * \param received the request as received (its Via stack is restored in responses)
     * \param id its server transaction
     * \param outgoing the request to send (already retargeted); Via, Record-Route and
     *        Max-Forwards are handled here
     * \param to next hop
     * \param hook optional response filter
     */
    void Forward(const sipmob::SipMessage& received, const ServerTxnId& id,
                 sipmob::SipMessage outgoing, const InetSocketAddress& to,
                 ResponseHook hook = ResponseHook());
    /**
     * \brief Forward a request statelessly (ACK for 2xx): own Via, Max-Forwards decrement.
     * \param request the request (own Route already popped)
     * \param to next hop
     */
    void ForwardStateless(sipmob::SipMessage request, const InetSocketAddress& to);
    /**
     * \brief Route a received ACK (or other transaction-less request) by Route / Request-URI.
     * \param ack the request
     */
    void RouteStateless(sipmob::SipMessage ack);
    /**
     * \brief A stray message from the stack: ACK for 2xx is routed, a 2xx to an INVITE whose top
     *        Via is ours is relayed upstream (retransmissions of the 2xx after the INVITE client
     *        transaction ended, RFC 3261 §16.7 step 10 / §17.1.1.2); anything else is dropped - a
     *        stray non-INVITE response cannot be legitimate (its client transaction absorbs
     *        retransmissions for Timer K), so a forged one is not relayed (issue 11).
     * \param msg the message
     */
    void HandleStray(const sipmob::SipMessage& msg);
    /**
     * \brief A CANCEL: answered 200 and the matching forwarded INVITE cancelled, or 481.
     * \param cancel the CANCEL
     * \param id its server transaction
     * \return true when it matched a forwarded INVITE
     */
    bool HandleCancel(const sipmob::SipMessage& cancel, const ServerTxnId& id);
    /**
     * \brief Answer a request with a final response (To tag added for non-100).
     * \param id the server transaction
     * \param request the request
     * \param code status code
     * \param reason reason phrase ("" = default)
     */
    void Reply(const ServerTxnId& id, const sipmob::SipMessage& request, int code,
               const std::string& reason = "");
    /**
     * \brief A final response (no To tag: SipStack::SendResponse adds the stack's keyed tag,
     *        SipStack::ResponseTag, RFC 3261 §8.2.6.2).
     * \param request the request
     * \param code status code
     * \param reason reason phrase ("" = default)
     * \return the response
     */
    static sipmob::SipMessage MakeFinal(const sipmob::SipMessage& request, int code,
                                        const std::string& reason = "");
    /**
     * \brief Add the reason of a rejection as a Warning header (RFC 3261 §20.43, code 399
     *        "miscellaneous warning").
     * \param response the response
     * \param agent the element that rejects (host or host:port)
     * \param text why, in a few words (double quotes and backslashes are escaped)
     */
    static void AddWarning(sipmob::SipMessage& response, const std::string& agent,
                           const std::string& text);
    /**
     * \brief Replace the Via stack of a response by the received request's.
     * \param response the response
     * \param received the request as received
     */
    static void RestoreVias(sipmob::SipMessage& response, const sipmob::SipMessage& received);
    /// \param request a request \return "callId|branch" identifying it and its CANCEL
    static std::string TxnKey(const sipmob::SipMessage& request);
    /// \return the stack
    Ptr<SipStack> GetStack() const;

private:
    /// A request forwarded statefully, until its final response.
    struct Pending
    {
        std::string clientBranch; ///< branch of the client transaction
        ServerTxnId serverId;     ///< server transaction
    };
    /// Relay one response of the client transaction of \p key.
    void OnResponse(const std::string& key, const sipmob::SipMessage& received,
                    const ServerTxnId& id, const ResponseHook& hook, sipmob::SipMessage response);
    /// \param via a Via \return true when its sent-by is this entity
    bool IsOwnVia(const sipmob::SipVia& via) const;

    Ptr<SipStack> m_stack;                    ///< the entity's stack
    ElementIdentity m_identity;               ///< "is this me"
    bool m_recordRoute = true;                ///< add Record-Route
    ForwardedHook m_forwarded;                ///< told of forwarded requests
    RecordRouteParams m_recordRouteParams;    ///< Record-Route URI parameters, or none
    std::map<std::string, Pending> m_pending; ///< forwarded requests by TxnKey
};

} // namespace ns3

#endif
