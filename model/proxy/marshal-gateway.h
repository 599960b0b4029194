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
 * Requests from the peer gateway go to the local marshal server; any other request goes to the
 * peer gateway. Forwarding is stateful (own Via, Max-Forwards decrement, 483/482, CANCEL);
 * responses return by Via; ACK for 2xx is forwarded statelessly the same way.
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
    /// \param request a request \param from its source \return where it goes
    InetSocketAddress Destination(const sipmob::SipMessage& request,
                                  const InetSocketAddress& from) const;
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
};

} // namespace ns3

#endif
