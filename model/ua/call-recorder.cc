// SPDX-License-Identifier: GPL-2.0-only
#include "ua/call-recorder.h"

#include "ns3/simulator.h"

namespace ns3
{

CallRecorder::CallRecorder(const UaSettings& settings, UaTraces& traces, CallMedia& media)
    : m_settings(settings)
    , m_traces(traces)
    , m_media(media)
{
}

void
CallRecorder::OnSessionState(SipCall& call, InviteSession::State old, InviteSession::State now,
                             int status)
{
    using S = InviteSession::State;
    double t = Simulator::Now().GetSeconds();
    if (now == S::Calling)
    {
        call.record.tInvite = t; // also a re-sent INVITE (digest retry)
    }
    else if (now == S::Early)
    {
        call.record.tRinging = t;
    }
    else if (now == S::Connecting || (now == S::Confirmed && old != S::Connecting))
    {
        call.record.tAnswered = t; // 2xx sent (UAS) or received (UAC)
        call.record.finalStatus = status;
    }
    if (now != S::Disconnected)
    {
        SetState(call, CallStateOf(now));
    }
}

void
CallRecorder::SetState(SipCall& call, CallState state)
{
    if (call.state == state)
    {
        return;
    }
    CallState old = call.state;
    call.state = state;
    m_traces.callState(call.callId, ToString(old), ToString(state));
}

void
CallRecorder::Close(SipCall& call, const std::string& reason)
{
    call.record.tEnded = Simulator::Now().GetSeconds();
    call.record.endReason = reason;
    m_media.Finish(call);
    SetState(call, CallState::Terminated);
    m_traces.call(call.record);
}

void
CallRecorder::NotPlaced(const std::string& callee, Time due, const std::string& reason)
{
    sipmob::CallRecord rec;
    rec.ua = m_settings.Aor();
    rec.peer = "sip:" +
               (callee.find('@') != std::string::npos ? callee : callee + "@" + m_settings.domain);
    rec.outgoing = true;
    rec.tInvite = due.GetSeconds(); // when it was due
    rec.tEnded = Simulator::Now().GetSeconds();
    rec.endReason = reason;
    m_traces.call(rec);
}

} // namespace ns3
