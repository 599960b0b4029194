// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_CALL_RECORDER_H
#define SIPMOB_CALL_RECORDER_H

#include "dialog/invite-session.h"
#include "ua/call-media.h"
#include "ua/sip-call.h"
#include "ua/ua-settings.h"
#include "ua/ua-traces.h"

#include "ns3/nstime.h"

#include <string>

namespace ns3
{

/**
 * \brief What a SipUserAgent reports of its calls: the call state (CallState trace, by name), the
 *        times of the call record as its INVITE session moves (INVITE sent or received, ringing,
 *        answered), and at the end the call record (Call trace) after the media record (Media
 *        trace). Calls that were never placed get a record too.
 */
class CallRecorder
{
public:
    /**
     * \param settings the user agent's settings (AoR, home domain)
     * \param traces the user agent's traces
     * \param media the media part (its records come before the call's)
     */
    CallRecorder(const UaSettings& settings, UaTraces& traces, CallMedia& media);

    /**
     * \brief Follow a session state change: stamp the record, report the call state (except
     *        Disconnected: Close() reports Terminated after the media record).
     * \param call the call
     * \param old the session's previous state
     * \param now its new state
     * \param status the response that caused it (0: none)
     */
    void OnSessionState(SipCall& call, InviteSession::State old, InviteSession::State now,
                        int status);
    /**
     * \brief Report a call state change (nothing when unchanged).
     * \param call the call
     * \param state its new state
     */
    void SetState(SipCall& call, CallState state);
    /**
     * \brief The call is over: end time and reason, media record, Terminated, call record.
     * \param call the call
     * \param reason its end_reason (doc/results-schema.md)
     */
    void Close(SipCall& call, const std::string& reason);
    /**
     * \brief Report a scheduled call that was never placed.
     * \param callee user or user@domain
     * \param due when it was due
     * \param reason why it was not placed
     */
    void NotPlaced(const std::string& callee, Time due, const std::string& reason);

private:
    const UaSettings& m_settings; ///< the user agent's settings
    UaTraces& m_traces;           ///< the user agent's traces
    CallMedia& m_media;           ///< media records
};

} // namespace ns3

#endif
