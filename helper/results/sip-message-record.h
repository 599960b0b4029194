// SPDX-License-Identifier: GPL-2.0-only
// One SIP message as one entity sent or received it (table `sip_messages`, `sipmob run
// --trace-sip`).
#ifndef SIPMOB_SIP_MESSAGE_RECORD_H
#define SIPMOB_SIP_MESSAGE_RECORD_H

#include <cstdint>
#include <optional>
#include <string>

namespace ns3
{

/**
 * One SIP message at one entity's transport: every datagram an entity sends (direction "tx") and
 * every one it receives and parses (direction "rx") gives a record, so a message that crosses one
 * hop gives two (the pair a ladder diagram draws as one arrow) and a lost one only its "tx".
 */
struct SipMessageRecord
{
    double t = 0;              ///< simulated time of the send or receive (s)
    uint32_t node = 0;         ///< ns-3 node id of the entity
    std::string entity;        ///< the entity: `ua:1001@net1`, `marshal@net1`, `redirect@net1`,
                               ///< `gateway@net1>net2` (SipMessageTracer::EntityName)
    std::string direction;     ///< "tx" (sent) or "rx" (received and parsed)
    std::string src;           ///< source "address:port" (tx: the node's usable address)
    std::string dst;           ///< destination "address:port" (rx: the local address it arrived at)
    std::string firstLine;     ///< request line or status line, without CRLF
    std::string method;        ///< the request's method, or the CSeq method of a response
    std::optional<int> status; ///< status code of a response (empty for a request)
    std::string callId;        ///< Call-ID ("" when absent)
    std::optional<uint32_t> cseq; ///< CSeq number (empty when absent)
    std::string branch;           ///< branch parameter of the top Via ("" when absent)
    uint32_t bytes = 0;           ///< datagram size (bytes)
    /// The whole message (`--trace-sip=full`): as sent, or as parsed on receipt (with the
    /// `received`/`rport` the transport stamps on a request's top Via, RFC 3261 §18.2.1, RFC 3581).
    std::optional<std::string> text;
};

} // namespace ns3

#endif
