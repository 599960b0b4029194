// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_STACK_H
#define SIPMOB_SIP_STACK_H

#include "message/sip-message.h"
#include "stack/sip-udp-transport.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sipmob
{
class TransactionManager;
struct TransactionAction;
} // namespace sipmob

namespace ns3
{

/**
 * \brief The SIP stack of one entity: UDP transport + RFC 3261 §17 transactions on ns-3 time.
 *
 * This is the one place where the sans-IO transaction layer meets sockets and the simulator clock
 * (ARCHITECTURE.md, layers 2-3). Entities (user agent, proxies, registrar) talk only to this class.
 *
 * Client side: SendRequest() adds a top Via (current local address, transport port, fresh branch),
 * runs a client transaction and reports every response; a transaction timeout or transport error is
 * reported as a synthesized 408 Request Timeout (RFC 3261 §8.1.3.1).
 * Server side: new requests go to the request handler with a server-transaction id; responses to
 * them go back through SendResponse(id, ...), which lets the transaction retransmit and absorb.
 */
class SipStack : public Object
{
public:
    /// Identifies a server transaction (opaque to entities).
    using ServerTxnId = std::string;
    /// A response (provisional or final) to a request sent with SendRequest.
    using ResponseHandler = std::function<void(const sipmob::SipMessage& response)>;
    /// A new request (not a retransmission), with its server transaction and source address.
    using RequestHandler = std::function<void(
        const sipmob::SipMessage& request, const ServerTxnId& id, const InetSocketAddress& from)>;
    /// A message that matched no transaction (2xx retransmissions, ACK for 2xx, stray responses).
    using StrayHandler =
        std::function<void(const sipmob::SipMessage& msg, const InetSocketAddress& from)>;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    SipStack();
    ~SipStack() override;

    /**
     * \brief Bind the transport on a node.
     * \param node the node
     * \param port UDP port
     * \return true when bound
     */
    bool Start(Ptr<Node> node, uint16_t port);
    /// Close the socket and cancel every timer.
    void Stop();

    /**
     * \brief Send a request through a client transaction.
     * \param request the request (its top Via is added here)
     * \param nextHop where to send it
     * \param onResponse called for every response, and once with 408 on timeout
     * \return the branch of the client transaction
     */
    std::string SendRequest(sipmob::SipMessage request, const InetSocketAddress& nextHop,
                            ResponseHandler onResponse);
    /**
     * \brief Send a request whose Via stack the caller prepared (a proxy forwarding statefully adds
     *        its own Via with AddVia() first), through a client transaction.
     */
    std::string SendRequestWithVia(sipmob::SipMessage request, const InetSocketAddress& nextHop,
                                   ResponseHandler onResponse);
    /**
     * \brief Cancel a pending INVITE client transaction: sends CANCEL (RFC 3261 §9.1) once a
     *        provisional response has arrived, or as soon as one does.
     * \param branch the branch SendRequest returned
     */
    void Cancel(const std::string& branch);
    /**
     * \brief Send an ACK for a 2xx (end-to-end, outside any transaction) or any message
     * statelessly. \param msg the message, sent as it is \param to destination
     */
    void SendStateless(const sipmob::SipMessage& msg, const InetSocketAddress& to);

    /// \param handler receives new requests
    void SetRequestHandler(RequestHandler handler);
    /// \param handler receives messages that match no transaction
    void SetStrayHandler(StrayHandler handler);
    /**
     * \brief Answer a request through its server transaction.
     * \param id the server transaction
     * \param response the response (built with SipMessage::MakeResponse); a response above 100
     *        without a To tag gets ResponseTag() (RFC 3261 §8.2.6.2)
     */
    void SendResponse(const ServerTxnId& id, const sipmob::SipMessage& response);

    /// \return a Via for this stack: current local address, transport port, a fresh branch
    sipmob::SipVia MakeVia();
    /// \return the node's current primary IPv4 address (Any while it has none)
    Ipv4Address GetLocalAddress() const;
    /// \return the listening port
    uint16_t GetPort() const;
    /// \return the transport (for its Tx/Rx trace sources)
    Ptr<SipUdpTransport> GetTransport() const;
    /// \return the transactions (client and server) the stack holds now, for tests and traces
    std::size_t GetTransactionCount() const;
    /**
     * \brief An unpredictable identifier for a tag or Call-ID (RFC 3261 §19.3: at least 32 bits
     *        of randomness), from the stack's per-run secret (sipmob::KeyedIdGenerator).
     * \param purpose "tag", "call-id", ... (independent sequences)
     * \param hexChars length, 1..64 hex digits
     * \return hex digits, never returned before by this stack for this purpose
     */
    std::string NewToken(const std::string& purpose, std::size_t hexChars = 16);
    /**
     * \brief The To tag this stack gives a response of its own to a request that had none.
     *
     * Deterministic per request on purpose: RFC 3261 §8.2.6.2 asks for the same tag on every
     * response to one request (provisional and final), §9.2 for the same tag on the 200 to a
     * CANCEL and the 487 to its INVITE, and a request retransmitted after its server transaction
     * ended (or answered statelessly) must not get a second tag. Keyed: HMAC-SHA-256 under the
     * stack's per-run secret (sipmob::KeyedIdGenerator::Derive) of the request's Call-ID, From
     * tag, top Via branch and CSeq number, so an observer cannot compute it. 8 hex digits (32
     * bits, the minimum of §19.3).
     * \param message the request, or a response built from it (the same four fields)
     * \return 8 hex digits
     */
    std::string ResponseTag(const sipmob::SipMessage& message) const;

    /// Signature of the Discarded trace source (message, source address).
    typedef void (*DiscardedTracedCallback)(const sipmob::SipMessage& msg,
                                            const InetSocketAddress& from);

protected:
    void DoDispose() override;

private:
    void OnReceive(const sipmob::SipMessage& msg, const InetSocketAddress& from,
                   const Ipv4Address& local);
    void OnTimer(const std::string& key, uint8_t timer);
    void Execute(std::vector<sipmob::TransactionAction>& actions);
    void ExecuteOne(const sipmob::TransactionAction& a,
                    std::vector<sipmob::TransactionAction>& more);
    void Deliver(const sipmob::TransactionAction& a);
    void ReportTimeout(const std::string& key);
    void Forget(const std::string& key);
    void SendCancel(const std::string& inviteKey);

    struct Impl;
    std::unique_ptr<Impl> m_impl; ///< transaction manager, timers, handlers

    Time m_t1;               ///< RFC 3261 T1
    Time m_t2;               ///< RFC 3261 T2
    Time m_t4;               ///< RFC 3261 T4
    bool m_strictSource;     ///< responses only from the request's destination address and port
    uint64_t m_secretStream; ///< RNG stream of the per-run secret (base + node id, port)
    TracedCallback<const sipmob::SipMessage&, const InetSocketAddress&> m_discarded; ///< dropped
};

} // namespace ns3

#endif
