// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_MARSHAL_REQUEST_H
#define SIPMOB_MARSHAL_REQUEST_H

#include "dialog/sip-proxy-core.h"
#include "message/sip-message.h"
#include "registrar/subscriber-store.h"
#include "stack/sip-stack.h"

#include "ns3/inet-socket-address.h"

#include <cstddef>
#include <functional>
#include <optional>

namespace ns3
{

/**
 * \brief One request's journey through the marshal server's processor chain (MarshalChain).
 *
 * Created by the marshal server for every new request, handed to each MarshalProcessor in turn;
 * the processors read the request and leave their conclusions here for the ones after them
 * (the request context of reSIProcate repro's processors, in our own shape).
 */
struct MarshalRequest
{
    /// Called by the forwarder on the outgoing copy; returns the response filter to install.
    using Prepare = std::function<SipProxyCore::ResponseHook(sipmob::SipMessage& outgoing)>;

    MarshalRequest(const sipmob::SipMessage& received, const SipStack::ServerTxnId& txn,
                   const InetSocketAddress& source)
        : request(received)
        , id(txn)
        , from(source)
    {
    }

    sipmob::SipMessage request; ///< as received (never modified)
    SipStack::ServerTxnId id;   ///< its server transaction
    InetSocketAddress from;     ///< source address and port
    bool trusted = false;       ///< from a trusted peer (PeerTrust)
    bool inDialog = false;      ///< in-dialog request addressed to us (LooseRouter)
    bool authenticated = false; ///< identity accepted (an authenticator)
    std::optional<sipmob::Subscriber> subscriber; ///< the identity is this provisioned subscriber
    Prepare prepare; ///< rewrites the forwarded copy (VisitorInterceptor), or none
    std::optional<sipmob::SipNameAddr> target; ///< next hop from the redirect server (RouteQuery)
    std::size_t next = 0;                      ///< index of the next processor (MarshalChain)
};

} // namespace ns3

#endif
