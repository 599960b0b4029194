// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_UDP_TRANSPORT_H
#define SIPMOB_SIP_UDP_TRANSPORT_H

#include "message/sip-message.h"

#include "ns3/callback.h"
#include "ns3/inet-socket-address.h"
#include "ns3/node.h"
#include "ns3/object.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <string>

namespace ns3
{

/**
 * \brief SIP over UDP on an ns-3 socket (RFC 3261 §18, RFC 3581).
 *
 * Parses every datagram; answers an unparsable request with 400 Bad Request; stamps `received` and
 * `rport` on the top Via of requests; sends responses to the address the top Via names. The socket
 * is bound to the wildcard address, so it keeps working when the node's address changes (the source
 * address of each datagram is chosen by routing at send time).
 */
class SipUdpTransport : public Object
{
public:
    /// Upcall with a parsed message, its source and the local address it arrived at.
    using ReceiveCallback =
        Callback<void, const sipmob::SipMessage&, const InetSocketAddress&, const Ipv4Address&>;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    SipUdpTransport();
    ~SipUdpTransport() override;

    /**
     * \brief Open the socket on a node.
     * \param node the node
     * \return true when bound
     */
    bool Start(Ptr<Node> node);
    /// Close the socket.
    void Stop();
    /// \return the UDP port this transport listens on
    uint16_t GetPort() const;
    /// \param cb where parsed messages go
    void SetReceiveCallback(ReceiveCallback cb);

    /**
     * \brief Send a message to an explicit destination.
     * \param msg the message
     * \param to destination address and port
     * \return true when the socket accepted it
     */
    bool Send(const sipmob::SipMessage& msg, const InetSocketAddress& to);
    /**
     * \brief Send a response where its top Via says (received/rport first, then sent-by).
     * \param response the response
     * \return true when sent
     */
    bool SendResponse(const sipmob::SipMessage& response);
    /**
     * \brief Where a response to a request with this top Via goes.
     * \param via the top Via
     * \param[out] to the destination
     * \return false when the Via names no IPv4 address
     */
    static bool ResponseDestination(const sipmob::SipVia& via, InetSocketAddress& to);

    /// Signature of the Tx and Rx trace sources.
    typedef void (*MessageTracedCallback)(const sipmob::SipMessage& msg,
                                          const InetSocketAddress& from,
                                          const InetSocketAddress& to, uint32_t bytes);
    /// Signature of the ParseError trace source.
    typedef void (*ParseErrorTracedCallback)(const std::string& reason,
                                             const InetSocketAddress& from);

protected:
    void DoDispose() override;

private:
    void HandleRead(Ptr<Socket> socket);
    void HandleDatagram(const std::string& bytes, const InetSocketAddress& from,
                        const Ipv4Address& local);
    void StampVia(sipmob::SipMessage& request, const InetSocketAddress& from) const;
    bool SendBytes(const std::string& bytes, const InetSocketAddress& to);

    uint16_t m_port;           ///< listening port
    Ptr<Node> m_node;          ///< the node
    Ptr<Socket> m_socket;      ///< the UDP socket
    ReceiveCallback m_receive; ///< upcall
    bool m_answerBadRequests;  ///< send 400 for unparsable requests

    TracedCallback<const sipmob::SipMessage&, const InetSocketAddress&, const InetSocketAddress&,
                   uint32_t>
        m_txTrace; ///< every message sent
    TracedCallback<const sipmob::SipMessage&, const InetSocketAddress&, const InetSocketAddress&,
                   uint32_t>
        m_rxTrace; ///< every message received and parsed
    TracedCallback<const std::string&, const InetSocketAddress&>
        m_parseErrorTrace; ///< bad datagrams
};

} // namespace ns3

#endif
