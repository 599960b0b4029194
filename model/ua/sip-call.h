// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_CALL_H
#define SIPMOB_SIP_CALL_H

#include "dialog/sip-dialog.h"
#include "media/rtp-media-stream.h"
#include "message/sdp.h"
#include "message/sip-message.h"
#include "records/run-records.h"
#include "stack/sip-stack.h"

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <optional>
#include <string>

namespace ns3
{

/**
 * \brief One call of a user agent: the INVITE session, its dialog, its media stream and what
 *        gets reported at its end. A plain record owned by SipUserAgent.
 *
 * States, outgoing: calling -> ringing -> confirmed -> terminating -> terminated (cancelling
 * after a CANCEL); incoming: incoming -> ringing -> answered (2xx sent, no ACK yet) -> confirmed.
 */
struct SipCall
{
    std::string callId;              ///< Call-ID
    std::string state = "idle";      ///< call state
    bool outgoing = false;           ///< this end sent the INVITE (and owns the Call-ID)
    std::string localTag;            ///< our tag
    std::optional<SipDialog> dialog; ///< once a 2xx was sent or received
    sipmob::SipMessage invite;       ///< INVITE sent (without Via) or received
    std::string inviteBranch;        ///< client transaction of the INVITE (CANCEL)
    SipStack::ServerTxnId inviteTxn; ///< server transaction of the last INVITE received
    bool authTried = false;          ///< credentials already sent for the INVITE
    bool cancelRequested = false;    ///< CANCEL sent or wanted

    Ptr<RtpMediaStream> stream;                     ///< media
    uint16_t mediaPort = 0;                         ///< local RTP port
    std::optional<sipmob::Sdp> localSdp;            ///< our last session description
    Ipv4Address remoteMedia{Ipv4Address::GetAny()}; ///< far end's c=
    uint16_t remoteMediaPort = 0;                   ///< far end's audio port
    Time duration;                                  ///< talk time before our BYE (0: none)

    std::optional<sipmob::SipMessage> lastAck;    ///< ACK re-sent on a retransmitted 2xx
    std::optional<sipmob::SipMessage> pending2xx; ///< 2xx retransmitted until its ACK
    Time retransmitInterval;                      ///< current 2xx retransmission interval
    Time retransmitElapsed;                       ///< time since the 2xx was first sent
    EventId retransmitEvent;                      ///< next 2xx retransmission
    EventId answerEvent;                          ///< scheduled answer
    EventId hangupEvent;                          ///< scheduled BYE
    EventId ringTimeoutEvent;                     ///< scheduled CANCEL
    EventId reinviteRetryEvent;                   ///< glare retry

    bool noAnswer = false;        ///< ended by the no-answer timer (MaxRingTime)
    bool reinvitePending = false; ///< our re-INVITE transaction runs
    bool reinviteNeeded = false;  ///< another re-INVITE is wanted once it ends
    uint32_t reinviteSeq = 0;     ///< CSeq of our last re-INVITE

    sipmob::CallRecord record; ///< reported at the end
};

} // namespace ns3

#endif
