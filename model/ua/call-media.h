// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_CALL_MEDIA_H
#define SIPMOB_CALL_MEDIA_H

#include "records/run-records.h"
#include "ua/sip-call.h"
#include "ua/ua-settings.h"
#include "ua/ua-traces.h"

#include "ns3/ipv4-address.h"
#include "ns3/node.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \brief The media part of a SipUserAgent: one RtpMediaStream per call and the session descriptions
 *        (RFC 4566 SDP, RFC 3264 offer/answer) that the INVITE sessions carry as opaque bodies.
 *
 * The offer names the user agent's current address; after a move the next offer names the new one
 * with an incremented version (RFC 3264 §8). An answer or offer from the other end is usable when
 * its c= is an IPv4 literal and its audio port is not 0.
 */
class CallMedia
{
public:
    /**
     * \param settings the user agent's settings (user name of the o= line)
     * \param traces the user agent's traces (MediaRx)
     */
    CallMedia(const UaSettings& settings, UaTraces& traces);

    /// \param node the user agent's node (before the first call)
    void SetNode(Ptr<Node> node);
    /**
     * \brief Start the call's stream on its media port (once) and point it at the far end's address
     *        when known.
     * \param call the call
     */
    void Start(SipCall& call);
    /**
     * \brief Our session description: the first offer, or the last one with the current address
     *        (new version when it changed). Starts the stream first if needed.
     * \param call the call
     * \param here the user agent's current address
     * \param sessionId o= session id of a first offer
     * \return the SDP body
     */
    std::string LocalSdp(SipCall& call, Ipv4Address here, uint64_t sessionId);
    /**
     * \brief Take the far end's media address from its SDP.
     * \param call the call
     * \param body the SDP body
     * \return false when unusable (unparsable, c= not an IPv4 literal, port 0)
     */
    bool ApplyRemoteSdp(SipCall& call, const std::string& body);
    /// \param call a call whose BYE we sent: no media to the far end any more
    void Silence(SipCall& call);
    /**
     * \brief Stop the call's stream and, when the call was answered, report its statistics (Media
     *        trace).
     * \param call the call
     */
    void Finish(SipCall& call);
    /// \param call a call of a user agent being disposed: dispose of its stream
    void Dispose(SipCall& call);

private:
    const UaSettings& m_settings; ///< the user agent's settings
    UaTraces& m_traces;           ///< the user agent's traces
    Ptr<Node> m_node;             ///< where the streams run
};

} // namespace ns3

#endif
