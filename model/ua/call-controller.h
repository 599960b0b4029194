// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_CALL_CONTROLLER_H
#define SIPMOB_CALL_CONTROLLER_H

#include "dialog/invite-session.h"
#include "dialog/uas-responder.h"
#include "stack/sip-stack.h"
#include "ua/call-media.h"
#include "ua/call-recorder.h"
#include "ua/sip-call.h"
#include "ua/ua-mobility.h"
#include "ua/ua-settings.h"
#include "ua/ua-traces.h"

#include "ns3/nstime.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief The calls of a SipUserAgent: the schedule, one InviteSession per call, the user agent's
 *        policy around them (answer after AnswerDelay, BYE after the call's duration, re-INVITE
 *        after a move) and the end of every call.
 *
 * A call due while the user agent cannot send (no address, hand-off running) waits until the
 * hand-off has finished (PlaceWaitingCalls), or is reported with the reason it never was.
 */
class CallController
{
public:
    /**
     * \param settings the user agent's settings (read live)
     * \param traces the user agent's traces
     * \param uas the user agent's responder (tags, Contact)
     * \param mobility the mobility part (can we send, where to, our address)
     * \param media the media part (session descriptions, streams)
     * \param recorder the call records
     */
    CallController(const UaSettings& settings, UaTraces& traces,
                   std::shared_ptr<const UasResponder> uas, UaMobility& mobility, CallMedia& media,
                   CallRecorder& recorder);

    /**
     * \brief Prepare the sessions' environment (the stack's T1 and T2, digest credentials,
     *        MaxRingTime) and schedule the calls planned so far.
     * \param stack the started stack
     * \param rng the user agent's random stream (glare back-off)
     */
    void Start(Ptr<SipStack> stack, Ptr<UniformRandomVariable> rng);
    /**
     * \brief Schedule a call (planned until Start when not running yet).
     * \param at absolute simulated time of the INVITE
     * \param callee user ID or user@domain
     * \param duration talk time after the answer (0: never hang up)
     */
    void AddCall(Time at, std::string callee, Time duration);
    /// Place the calls that waited for an address and a registration.
    void PlaceWaitingCalls();
    /// Re-INVITE every confirmed call whose offer names an old address.
    void ReinviteMovedCalls();
    /**
     * \brief A new INVITE (no To tag): 482 for a known Call-ID, else a new incoming call.
     * \param req the INVITE
     * \param id its server transaction
     */
    void OnNewInvite(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id);
    /// \param callId a call to end now: BYE, CANCEL or 603 as its state asks
    void HangUp(const std::string& callId);
    /// End every call (StopApplication).
    void HangUpAll();
    /**
     * \brief Report what has no record yet: calls never placed (with \p reason) and calls still up
     *        (end_reason run-ended).
     * \param reason why the waiting calls were not placed
     */
    void ReportUnfinished(const std::string& reason);
    /**
     * \brief Report and forget the calls with no record that will never be placed.
     *
     * Those waiting for an address or registration get \p reason; those scheduled after now get
     * `after-run-end` (the user agent stops before they are due); those of a user agent that
     * never started get `not-started` when due by now, else `after-run-end`.
     * \param reason why the waiting calls were not placed (UaMobility::NotPlacedReason)
     */
    void ReportNotPlaced(const std::string& reason);
    /// Cancel every timer, dispose of the streams, forget the calls (DoDispose).
    void Dispose();

    /// \param msg a message \return the call whose dialog it belongs to (null: none)
    std::shared_ptr<SipCall> FindCall(const sipmob::SipMessage& msg) const;
    /// \param callId a Call-ID \return its call (null: none)
    std::shared_ptr<SipCall> FindCallById(const std::string& callId) const;
    /// \return the Call-IDs of the calls not yet terminated
    std::vector<std::string> GetActiveCalls() const;

private:
    using CallPtr = std::shared_ptr<SipCall>;
    /// A scheduled call.
    struct PlannedCall
    {
        Time at;            ///< INVITE time
        std::string callee; ///< user or user@domain
        Time duration;      ///< talk time
    };

    void PlaceCall(std::string callee, Time duration);
    void SendNewInvite(const std::string& callee, Time duration);
    CallPtr NewCall(const std::string& callId, bool outgoing);
    InviteSession::Callbacks SessionCallbacks(const CallPtr& call);
    void OnSessionState(const CallPtr& call, InviteSession::State old, InviteSession::State now,
                        int status);
    void OnEstablished(const CallPtr& call);
    void Answer(const CallPtr& call);
    void ReinviteIfMoved(const CallPtr& call);
    void EndCall(const CallPtr& call, const std::string& reason);
    std::vector<CallPtr> Calls() const;

    const UaSettings& m_settings;                            ///< the user agent's settings
    UaTraces& m_traces;                                      ///< the user agent's traces
    std::shared_ptr<const UasResponder> m_uas;               ///< tags, Contact
    UaMobility& m_mobility;                                  ///< send gate, hops, address
    CallMedia& m_media;                                      ///< SDP and streams
    CallRecorder& m_recorder;                                ///< states and records
    std::shared_ptr<const InviteSession::Environment> m_env; ///< what sessions need
    std::vector<PlannedCall> m_planned;                      ///< schedule before start
    std::vector<PlannedCall> m_waitingCalls; ///< due, waiting for an address and registration
    /// A call scheduled after the start, with the event that places it.
    struct ScheduledCall
    {
        PlannedCall call; ///< what is due
        EventId event;    ///< CallController::PlaceCall at call.at
    };
    std::vector<ScheduledCall> m_scheduled; ///< every AddCall after the start
    std::map<std::string, CallPtr> m_calls; ///< Call-ID -> call
    uint32_t m_callCounter = 0;             ///< calls created (media ports, Call-IDs)
};

} // namespace ns3

#endif
