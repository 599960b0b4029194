// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_REQUEST_HANDLER_H
#define SIPMOB_REQUEST_HANDLER_H

#include "dialog/uas-responder.h"
#include "message/sip-message.h"
#include "stack/sip-stack.h"
#include "ua/call-controller.h"

#include "ns3/inet-socket-address.h"

#include <memory>

namespace ns3
{

/**
 * \brief The requests a SipUserAgent receives, dispatched by method (a table): INVITE without a To
 *        tag starts a call, INVITE with one and BYE go to the call's session (481 when there is
 *        none), CANCEL to the ringing call it cancels, ACK to its session, OPTIONS 200 (§11.2),
 *        methods this user agent knows but does not implement 405, others 501 (§8.2.1). Stray
 *        messages (no transaction took them): an ACK, or a retransmitted 2xx to re-ACK.
 */
class RequestHandler
{
public:
    /**
     * \param calls the calls
     * \param uas the user agent's responder
     */
    RequestHandler(CallController& calls, std::shared_ptr<const UasResponder> uas);

    /**
     * \brief A request in a new server transaction (the stack's request handler).
     * \param req the request
     * \param id its server transaction
     * \param from where it came from
     */
    void OnRequest(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id,
                   const InetSocketAddress& from);
    /**
     * \brief A message no transaction took (the stack's stray handler).
     * \param msg the message
     * \param from where it came from
     */
    void OnStray(const sipmob::SipMessage& msg, const InetSocketAddress& from);

private:
    /// A request handler of the method dispatch table.
    using MethodHandler = void (RequestHandler::*)(const sipmob::SipMessage&,
                                                   const SipStack::ServerTxnId&);
    void OnInvite(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id);
    void OnOptions(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id);
    void OnUnsupported(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id);
    void OnInDialog(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id);
    void OnCancel(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id);
    void OnAck(const sipmob::SipMessage& ack);

    CallController& m_calls;                   ///< the calls
    std::shared_ptr<const UasResponder> m_uas; ///< responses
};

} // namespace ns3

#endif
