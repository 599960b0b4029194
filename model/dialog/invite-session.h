// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_INVITE_SESSION_H
#define SIPMOB_INVITE_SESSION_H

#include "dialog/sip-dialog.h"
#include "dialog/uas-responder.h"
#include "message/sip-message.h"
#include "stack/sip-stack.h"

#include "ns3/event-id.h"
#include "ns3/inet-socket-address.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace ns3
{

/**
 * \brief An INVITE session (RFC 3261 §13-§15): the usage of a SipDialog that an INVITE creates,
 *        in the spirit of PJSIP's invite session. It sends and answers INVITE, re-INVITE, ACK,
 *        BYE and CANCEL, retransmits a 2xx until its ACK (§13.3.1.4), re-ACKs a retransmitted 2xx
 *        (§13.2.2.4), answers a digest challenge once (§22.2), resolves re-INVITE glare (§14.1)
 *        and runs the no-answer timer on both sides.
 *
 * It knows nothing of media: the session description is an opaque body that the owner supplies
 * (BodyNeeded: offer or answer) and judges (BodyReceived). Where requests go and whether they can
 * be sent now are also the owner's (Environment): a mobile user agent defers what is due while
 * it has no address.
 *
 * States (outgoing): Null -> Calling -> Early (180/183) -> Confirmed (2xx, ACK sent) ->
 * Terminating (BYE sent) -> Disconnected; Cancelling after a CANCEL. Incoming: Null -> Incoming
 * -> Early (180 sent) -> Connecting (2xx sent, no ACK yet) -> Confirmed -> Disconnected.
 *
 * The session is held by a shared_ptr: a transaction still running keeps it alive; its timers
 * hold it weakly.
 */
class InviteSession : public std::enable_shared_from_this<InviteSession>
{
public:
    /// Session state.
    enum class State
    {
        Null,        ///< nothing sent or received yet
        Calling,     ///< INVITE sent, no provisional response with ringing yet
        Incoming,    ///< INVITE received, nothing sent yet
        Early,       ///< ringing: 180/183 received, or 180 sent
        Connecting,  ///< 2xx sent, its ACK not yet received
        Confirmed,   ///< the dialog is up
        Cancelling,  ///< CANCEL wanted or sent for our INVITE
        Terminating, ///< BYE sent, its final response not yet received
        Disconnected ///< over
    };

    /// Why a session ended.
    enum class EndReason
    {
        Failed,      ///< a final error response, an unusable body, a vanished dialog (481)
        Cancelled,   ///< 487 after a CANCEL (either side)
        NoAnswer,    ///< the no-answer timer fired (MaxRingTime)
        Timeout,     ///< 408 or transaction timeout on the INVITE
        ByeReceived, ///< the other end sent BYE
        ByeSent,     ///< our BYE got its final response
        Aborted,     ///< the owner ended it without signalling (Terminate)
        NoRoute      ///< no next hop for the INVITE (no proxy known for the current network)
    };

    /// What every session of one user agent needs from it (shared, set once).
    struct Environment
    {
        Ptr<SipStack> stack;                     ///< transactions
        std::shared_ptr<const UasResponder> uas; ///< responses, tags, Contact
        Ptr<UniformRandomVariable> rng;          ///< glare back-off (§14.1)
        /// next hop of an out-of-dialog INVITE (none: no proxy known, the call ends NoRoute)
        std::function<std::optional<InetSocketAddress>()> outOfDialogHop;
        /// next hop of an in-dialog request of this dialog (SipDialog::NextHop, or the
        /// owner's outbound proxy); may add a pre-loaded Route (§8.1.2)
        std::function<InetSocketAddress(const SipDialog&, sipmob::SipMessage&)> inDialogHop;
        /// run the action now if requests can be sent, else when they can
        std::function<void(std::function<void()>)> whenCanSend;
        std::string user;     ///< digest user name
        std::string password; ///< digest password ("": a challenge ends the call)
        Time maxRingTime;     ///< no-answer timeout (0: none)
        Time t1;              ///< the stack's T1 (2xx retransmission, §13.3.1.4)
        Time t2;              ///< the stack's T2
    };

    /// What the owner hears (all optional).
    struct Callbacks
    {
        /// state change (old, new, status code of the response that caused it, 0: none); a
        /// re-sent INVITE (digest retry) reports Calling again
        std::function<void(State, State, int)> stateChanged;
        /// the body (offer or answer) to send in an INVITE, re-INVITE or 2xx
        std::function<std::string()> bodyNeeded;
        /// a body from the other end (in INVITE, 2xx, re-INVITE or ACK); false: unusable
        std::function<bool(const std::string&)> bodyReceived;
        /// the session is up for good (2xx received and ACK sent, or ACK received)
        std::function<void()> established;
        /// a re-INVITE of ours was sent
        std::function<void()> reinviteSent;
        /// final status of a re-INVITE of ours
        std::function<void(int)> reinviteResult;
        /// our INVITE asked for a redirect (RFC 3841 `Request-Disposition: redirect`), got a
        /// 3xx and a new INVITE went to this Contact (CallRedirect; the state stays Calling)
        std::function<void(const std::string& contact)> redirected;
        /// the session ended (after the Disconnected state change): reason and the final status
        /// it gives the call (0: unchanged)
        std::function<void(EndReason, int)> ended;
    };

    /**
     * \param env the owner's environment (shared by its sessions)
     * \param callId the Call-ID
     * \param outgoing true for the UAC side (we send the INVITE)
     */
    InviteSession(std::shared_ptr<const Environment> env, std::string callId, bool outgoing);

    /// \param callbacks what the owner hears
    void SetCallbacks(Callbacks callbacks);
    /**
     * \brief Send the initial INVITE (UAC). Contact and body are added here, also to a re-sent
     *        one (digest retry).
     * \param invite the INVITE: Request-URI, From with our tag (GetLocalTag), To, Call-ID, CSeq
     */
    void Invite(const sipmob::SipMessage& invite);
    /**
     * \brief A new INVITE arrived (UAS): unusable body 400, else 180 and the no-answer timer.
     * \param invite the INVITE
     * \param id its server transaction
     */
    void OnIncomingInvite(const sipmob::SipMessage& invite, const SipStack::ServerTxnId& id);
    /// Answer a ringing incoming session: 200 with BodyNeeded, retransmitted until its ACK.
    void Answer();
    /// End the session: BYE once there is a dialog, CANCEL before (UAC), 603 before (UAS).
    void Hangup();
    /**
     * \brief Send a re-INVITE (§14.1) with a new body; one at a time, a second one waits for the
     *        first. When a re-INVITE times out (408, or 503 for a transport error, §8.1.3.1),
     *        the peer has most likely moved too (both ends moving at once): it is sent again,
     *        once, to the peer's address-of-record (RetargetToAor) until a re-INVITE succeeds.
     */
    void Reinvite();
    /// End the session without signalling (the run ends).
    void Terminate();
    /// Cancel the timers and forget the callbacks (the owner is being disposed).
    void Dispose();

    /**
     * \brief A request within the dialog: re-INVITE or BYE (§12.2.2; 500 when out of order).
     * \param req the request (Matches() is true)
     * \param id its server transaction
     */
    void OnInDialogRequest(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id);
    /**
     * \brief A CANCEL for our incoming INVITE (§9.2): 487 to the INVITE while ringing.
     * \param cancel the CANCEL (already answered 200 by the owner)
     */
    void OnCancel(const sipmob::SipMessage& cancel);
    /// \param ack an ACK within the dialog (of a 2xx we sent)
    void OnAck(const sipmob::SipMessage& ack);
    /// \param response a response no transaction took (a retransmitted 2xx to our INVITE)
    void OnStrayResponse(const sipmob::SipMessage& response);

    /// \param msg a message \return true when it belongs to this session's dialog
    bool Matches(const sipmob::SipMessage& msg) const;
    /// \param cancel a CANCEL \return true when it cancels the INVITE this (UAS) session got
    bool IsCancelOf(const sipmob::SipMessage& cancel) const;
    /// \return the state
    State GetState() const;
    /// \return our tag
    const std::string& GetLocalTag() const;
    /// \param state a state \return its name, e.g. "Confirmed"
    static const char* StateName(State state);

private:
    void SendInvite();
    void OnInviteResponse(const sipmob::SipMessage& r);
    /// A redirect query was answered 3xx: INVITE the contact (CallRedirect) or end the session.
    void FollowRedirect(const sipmob::SipMessage& r);
    void OnAnswered(const sipmob::SipMessage& r);
    void SendAck(uint32_t seq);
    void SendBye();
    void SendCancel();
    void OnReinvite(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id);
    void OnReinviteResponse(const sipmob::SipMessage& r);
    void Send2xx(const SipStack::ServerTxnId& id, const sipmob::SipMessage& req);
    void Retransmit2xx();
    void Resend(const sipmob::SipMessage& r);
    template <typename F> EventId Later(Time delay, F f);
    void End(EndReason reason, int status);
    void SetState(State state, int status = 0);

    std::shared_ptr<const Environment> m_env; ///< the owner's environment
    Callbacks m_cb;                           ///< the owner's callbacks
    std::string m_callId;                     ///< Call-ID
    bool m_outgoing;                          ///< UAC side
    std::string m_localTag;                   ///< our tag
    State m_state = State::Null;              ///< state
    std::optional<SipDialog> m_dialog;        ///< once a 2xx was sent or received
    sipmob::SipMessage m_invite;              ///< INVITE sent (without Via) or received
    std::string m_inviteBranch;               ///< client transaction of the INVITE (CANCEL)
    /// where the INVITE goes after a redirect (none: the owner's out-of-dialog hop)
    std::optional<InetSocketAddress> m_inviteHop;
    SipStack::ServerTxnId m_inviteTxn; ///< server transaction of the last INVITE received
    bool m_authTried = false;          ///< credentials already sent for the INVITE
    bool m_cancelRequested = false;    ///< CANCEL sent or wanted
    bool m_noAnswer = false;           ///< ended by the no-answer timer

    std::optional<sipmob::SipMessage> m_lastAck;    ///< ACK re-sent on a retransmitted 2xx
    std::optional<sipmob::SipMessage> m_pending2xx; ///< 2xx retransmitted until its ACK
    Time m_retransmitInterval;                      ///< current 2xx retransmission interval
    Time m_retransmitElapsed;                       ///< time since the 2xx was first sent
    EventId m_retransmitEvent;                      ///< next 2xx retransmission
    EventId m_ringTimeoutEvent;                     ///< the no-answer timer
    EventId m_reinviteRetryEvent;                   ///< glare retry

    /**
     * \brief Address a re-INVITE to the peer's address-of-record instead of its remote target.
     *
     * Simultaneous mobility: when both ends move at once, each one's re-INVITE goes to the
     * other's old contact and times out. The request is routed through the dialog's route set
     * (or, without one, the outbound proxy, pre-loaded as Route, §8.1.2) with Request-URI = the
     * dialog's remote URI (§12.1.1: the peer's AoR), so that the proxy of the peer's domain
     * routes it by the peer's new registration. This follows Wong, Dutta, Schulzrinne and Young,
     * "Simultaneous Mobility: Analytical Framework, Theorems and Solutions" (2005; WCMC 2007) and
     * draft-wong-mext-simultaneous-ps: a location update sent straight to a correspondent that
     * moved at the same time is lost, and the cure is to send it (again) through a fixed point
     * that learns the correspondent's new location, here its home proxy and registrar. The peer
     * still matches it to the dialog by Call-ID and tags (§12.2.2).
     * \param req the re-INVITE built by the dialog (its Routes as for any in-dialog request)
     * \param hop the next hop chosen for it
     * \return the next hop to use
     */
    InetSocketAddress RetargetToAor(sipmob::SipMessage& req, InetSocketAddress hop) const;

    bool m_reinvitePending = false; ///< our re-INVITE transaction runs
    bool m_reinviteNeeded = false;  ///< another re-INVITE is wanted once it ends
    bool m_reinviteToAor = false;   ///< re-INVITEs go to the peer's AoR until one succeeds
};

} // namespace ns3

#endif
