// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_MARSHAL_GATEWAY_H
#define SIPMOB_MARSHAL_GATEWAY_H

#include "dialog/sip-proxy-core.h"
#include "message/sip-message.h"
#include "stack/processing-delay.h"
#include "stack/sip-stack.h"

#include "ns3/application.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/traced-callback.h"

#include <string>

namespace ns3
{

/**
 * \brief One end of a gateway pair between two SIP networks.
 *
 * Requests from the peer gateway go to the local marshal server; requests from the local marshal
 * server go to the peer gateway. Trust boundary (doc/security.md): a request from any other source
 * (address and port) gets `403 Forbidden` with a Warning (RFC 3261 §20.43) and is not forwarded;
 * an ACK from one is dropped - otherwise a host on the LAN could reach the peer network's marshal
 * server, which trusts this gateway, without being authenticated. Forwarding is stateful (own Via,
 * Max-Forwards decrement, 483/482, CANCEL); responses return by Via; ACK for 2xx is forwarded
 * statelessly the same way.
 */
class MarshalGateway : public Application
{
public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    MarshalGateway();
    ~MarshalGateway() override;

    /// \return the stack (valid while running)
    Ptr<SipStack> GetStack() const;

    /// Signature of the Refused trace source (request, source).
    typedef void (*RefusedTracedCallback)(const sipmob::SipMessage& request,
                                          const InetSocketAddress& from);
    /// Signature of the Forwarded trace source: "outbound" (to the peer) or "inbound".
    typedef void (*ForwardedTracedCallback)(const std::string& direction,
                                            const sipmob::SipMessage& request);

protected:
    void DoDispose() override;

private:
    void StartApplication() override;
    void StopApplication() override;

    /// A new request from the stack.
    void HandleRequest(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                       const InetSocketAddress& from);
    /**
     * \brief Where a request from \p from goes.
     * \param from its source
     * \param[out] to the local marshal server (from the peer gateway) or the peer gateway (from the
     *        local marshal server)
     * \return false when the source is neither (not trusted)
     */
    bool Destination(const InetSocketAddress& from, InetSocketAddress& to) const;
    /// Refuse a request from an untrusted source (403 + Warning; ACK dropped) and trace it.
    void Refuse(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                const InetSocketAddress& from);
    /// A request leaves through the core.
    void OnForwarded(const sipmob::SipMessage& request, const InetSocketAddress& to);

    uint16_t m_port;              ///< listening port
    Ipv4Address m_marshal;        ///< local marshal server address
    uint16_t m_marshalPort;       ///< local marshal server port
    Ipv4Address m_peer;           ///< peer gateway address
    uint16_t m_peerPort;          ///< peer gateway port
    bool m_recordRoute;           ///< add Record-Route
    Ptr<SipStack> m_stack;        ///< transport + transactions
    SipProxyCore m_core;          ///< stateful forwarding
    Time m_procDelay;             ///< ProcessingDelay
    Time m_procJitter;            ///< ProcessingJitter
    ProcessingDelay m_processing; ///< per-request processing time

    TracedCallback<const std::string&, const sipmob::SipMessage&> m_forwarded;
    TracedCallback<const sipmob::SipMessage&, const InetSocketAddress&> m_refused;
};

} // namespace ns3

#endif
