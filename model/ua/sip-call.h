// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_CALL_H
#define SIPMOB_SIP_CALL_H

#include "dialog/invite-session.h"
#include "media/rtp-media-stream.h"
#include "message/sdp.h"
#include "records/run-records.h"

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace ns3
{

/**
 * \brief The state of a call as the user agent reports it (CallState trace, logs).
 *
 * Outgoing: Calling -> Ringing -> Confirmed -> Terminating -> Terminated (Cancelling after a
 * CANCEL); incoming: Incoming -> Ringing -> Answered (2xx sent, no ACK yet) -> Confirmed.
 * One for one with InviteSession::State (CallStateOf); the names (ToString) are those of the
 * trace and stay as they were when states were strings.
 */
enum class CallState
{
    Idle,        ///< "idle": created, nothing sent or received
    Calling,     ///< "calling": INVITE sent
    Incoming,    ///< "incoming": INVITE received
    Ringing,     ///< "ringing": 180/183 received or 180 sent
    Answered,    ///< "answered": 2xx sent, no ACK yet
    Confirmed,   ///< "confirmed": the call is up
    Cancelling,  ///< "cancelling": CANCEL wanted or sent
    Terminating, ///< "terminating": BYE sent
    Terminated   ///< "terminated": over, reported
};

/// \param state a call state \return its name in the CallState trace, e.g. "confirmed"
const std::string& ToString(CallState state);
/// \param state an INVITE session state \return the call state it shows as
CallState CallStateOf(InviteSession::State state);

/**
 * \brief One call of a user agent: its INVITE session (signalling), its media and what gets
 *        reported at its end. Owned by the user agent's CallController.
 */
struct SipCall
{
    std::string callId;                     ///< Call-ID
    CallState state = CallState::Idle;      ///< as reported
    bool outgoing = false;                  ///< this end sent the INVITE (and owns the Call-ID)
    std::shared_ptr<InviteSession> session; ///< the INVITE session (dialog usage)

    Ptr<RtpMediaStream> stream;                     ///< media
    uint16_t mediaPort = 0;                         ///< local RTP port
    std::optional<sipmob::Sdp> localSdp;            ///< our last session description
    Ipv4Address remoteMedia{Ipv4Address::GetAny()}; ///< far end's c=
    uint16_t remoteMediaPort = 0;                   ///< far end's audio port
    Time duration;                                  ///< talk time before our BYE (0: none)

    EventId answerEvent; ///< scheduled answer (AnswerDelay)
    EventId hangupEvent; ///< scheduled BYE (duration)

    sipmob::CallRecord record; ///< reported at the end
};

} // namespace ns3

#endif
