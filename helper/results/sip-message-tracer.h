// SPDX-License-Identifier: GPL-2.0-only
// Records every SIP message of every entity (`sipmob run --trace-sip`, table `sip_messages`).
#ifndef SIPMOB_SIP_MESSAGE_TRACER_H
#define SIPMOB_SIP_MESSAGE_TRACER_H

#include "results/sip-message-record.h"
#include "stack/sip-stack.h"

#include "ns3/application.h"
#include "ns3/inet-socket-address.h"
#include "ns3/object.h"

#include <functional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief Subscribes to the Tx and Rx trace sources of the SIP transports of a run's entities and
 *        turns each event into a SipMessageRecord.
 *
 * A user agent creates its stack when it is built; the servers (marshal, redirect, gateway) create
 * theirs when they start. Watch() connects at once when the stack exists, else right after the
 * application's start (an event at its start time that runs after StartApplication, before any
 * datagram can arrive: every link has a delay). The servers send nothing from StartApplication, so
 * no message is missed. An entity restarted during a run (a new stack) is not followed.
 */
class SipMessageTracer : public Object
{
public:
    /// How much of each message to keep.
    enum class Detail
    {
        Headers, ///< first line, Call-ID, CSeq, top Via branch, addresses, size
        Full,    ///< also the whole text (SipMessageRecord::text)
    };

    /// Gives an entity's stack (null while it has none).
    using StackGetter = std::function<Ptr<SipStack>()>;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    SipMessageTracer();

    /**
     * \param detail what to keep
     * \param out where the records go, in the order they happened (must outlive the simulation)
     */
    void Configure(Detail detail, std::vector<SipMessageRecord>* out);

    /**
     * \brief Record every message @p app's stack sends and receives.
     * \param app the entity (its StartTime attribute tells when its stack appears)
     * \param entity its name in the records (EntityName())
     * \param stack gives its stack
     */
    void Watch(Ptr<Application> app, const std::string& entity, StackGetter stack);

    /**
     * \param kind "ua", "marshal", "redirect" or "gateway"
     * \param network the network it belongs to (a user agent: its home network)
     * \param detail the user (a UA), the peer network (a gateway), "" otherwise
     * \return `ua:1001@net1`, `marshal@net1`, `redirect@net1`, `gateway@net1>net2`
     */
    static std::string EntityName(const std::string& kind, const std::string& network,
                                  const std::string& detail = "");

    /**
     * \brief One record of a message (pure: no simulator access).
     * \param t simulated time (s) \param node node id \param entity entity name
     * \param direction "tx" or "rx" \param msg the message \param from source \param to
     * destination \param bytes datagram size \param full keep the whole text
     * \return the record
     */
    static SipMessageRecord MakeRecord(double t, uint32_t node, const std::string& entity,
                                       const std::string& direction, const sipmob::SipMessage& msg,
                                       const InetSocketAddress& from, const InetSocketAddress& to,
                                       uint32_t bytes, bool full);

protected:
    void DoDispose() override;

private:
    /// Connects the Tx and Rx sources of @p stack's transport (no-op when null).
    void Connect(Ptr<SipStack> stack, uint32_t node, const std::string& entity);

    Detail m_detail = Detail::Headers;              ///< what to keep
    std::vector<SipMessageRecord>* m_out = nullptr; ///< where records go
};

} // namespace ns3

#endif
