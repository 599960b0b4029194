// SPDX-License-Identifier: GPL-2.0-only
#include "ua/call-media.h"

#include "message/sdp.h"
#include "stack/ipv4-text.h"

#include "ns3/callback.h"
#include "ns3/packet.h"

#include <algorithm>

namespace ns3
{

namespace
{
bool
IsIpv4Literal(const std::string& host)
{
    return !host.empty() && std::count(host.begin(), host.end(), '.') == 3 &&
           host.find_first_not_of("0123456789.") == std::string::npos;
}
} // namespace

CallMedia::CallMedia(const UaSettings& settings, UaTraces& traces)
    : m_settings(settings)
    , m_traces(traces)
{
}

void
CallMedia::SetNode(Ptr<Node> node)
{
    m_node = node;
}

void
CallMedia::Start(SipCall& call)
{
    if (!call.stream)
    {
        call.stream = m_settings.mediaStream.Create<RtpMediaStream>();
        call.stream->SetNode(m_node);
        // Per media packet: forward with the call ID held by the callback (binding it as an
        // argument would copy the ID string for every packet).
        std::string callId = call.callId;
        UaTraces* traces = &m_traces;
        call.stream->TraceConnectWithoutContext(
            "Rx", Callback<void, Ptr<const Packet>, Ipv4Address, Ipv4Address, uint16_t, Time>(
                      [traces, callId](Ptr<const Packet>, Ipv4Address from, Ipv4Address local,
                                       uint16_t seq, Time)
                      { traces->mediaRx(callId, from, local, seq); }));
        call.stream->Start(call.mediaPort);
    }
    if (call.remoteMediaPort != 0)
    {
        call.stream->SetRemote(call.remoteMedia, call.remoteMediaPort);
    }
}

std::string
CallMedia::LocalSdp(SipCall& call, Ipv4Address address, uint64_t sessionId)
{
    if (!call.stream)
    {
        Start(call); // an outgoing call: the stream starts with the offer
    }
    std::string here = Ipv4Text(address);
    if (!call.localSdp)
    {
        call.localSdp =
            sipmob::Sdp::MakeAudioOffer(m_settings.user, sessionId, here, call.mediaPort);
    }
    else if (call.localSdp->GetConnectionAddress() != here)
    {
        call.localSdp->SetConnectionAddress(here); // RFC 3264 §8: a changed offer, new version
        call.localSdp->IncrementVersion();
    }
    return call.localSdp->Serialize();
}

bool
CallMedia::ApplyRemoteSdp(SipCall& call, const std::string& body)
{
    auto sdp = sipmob::Sdp::Parse(body);
    if (!sdp || !IsIpv4Literal(sdp->GetConnectionAddress()) || sdp->GetAudioPort() == 0)
    {
        return false;
    }
    call.remoteMedia = Ipv4Address(sdp->GetConnectionAddress().c_str());
    call.remoteMediaPort = sdp->GetAudioPort();
    if (call.stream && call.stream->IsRunning())
    {
        call.stream->SetRemote(call.remoteMedia, call.remoteMediaPort);
    }
    return true;
}

void
CallMedia::Silence(SipCall& call)
{
    if (call.stream)
    {
        call.stream->SetRemote(Ipv4Address::GetAny(), 0);
    }
}

void
CallMedia::Finish(SipCall& call)
{
    if (!call.stream)
    {
        return;
    }
    call.stream->Stop();
    if (call.record.tAnswered)
    {
        sipmob::MediaRecord media;
        media.callId = call.callId;
        media.ua = m_settings.Aor();
        call.stream->FillRecord(media);
        m_traces.media(media);
    }
}

void
CallMedia::Dispose(SipCall& call)
{
    if (call.stream)
    {
        call.stream->Dispose();
        call.stream = nullptr;
    }
}

} // namespace ns3
