// SPDX-License-Identifier: GPL-2.0-only
#include "media/rtp-media-stream.h"

#include "stack/node-address.h"

#include "wire/rtp-packet.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-packet-info-tag.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <iterator>
#include <utility>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RtpMediaStream");
NS_OBJECT_ENSURE_REGISTERED(RtpMediaStream);

namespace
{
constexpr uint8_t kPcmuSilence = 0xFF;

/// Values of the Codec attribute, indices into kCodecNames (names of sipmob::EModel::LookupCodec).
enum CodecIndex
{
    kCodecG711 = 0,
    kCodecG711Plc = 1,
    kCodecG729A = 2,
};
constexpr const char* kCodecNames[] = {"G711", "G711-PLC", "G729A"};

/// The RTP packet of one frame: the header of @p header and PayloadSize bytes of PCMU silence,
/// stamped with @p nowNs when @p embedSendTime (and the payload is long enough).
Ptr<Packet>
EncodeFrame(sipmob::RtpPacket rtp, uint32_t payloadSize, bool embedSendTime, int64_t nowNs)
{
    std::vector<uint8_t> payload(payloadSize, kPcmuSilence);
    if (embedSendTime && payload.size() >= sipmob::kRtpSendTimeBytes)
    {
        sipmob::WriteRtpSendTime(payload, nowNs);
    }
    rtp.SetPayload(std::move(payload));
    const std::vector<uint8_t> bytes = rtp.Encode();
    return Create<Packet>(bytes.data(), bytes.size());
}
} // namespace

TypeId
RtpMediaStream::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RtpMediaStream")
            .SetParent<Object>()
            .SetGroupName("Sipmob")
            .AddConstructor<RtpMediaStream>()
            .AddAttribute("PacketInterval", "Time between two RTP packets (the codec frame).",
                          TimeValue(MilliSeconds(20)),
                          MakeTimeAccessor(&RtpMediaStream::m_interval),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("PayloadSize", "RTP payload bytes per packet (160 for G.711 at 20 ms).",
                          UintegerValue(160), MakeUintegerAccessor(&RtpMediaStream::m_payloadSize),
                          MakeUintegerChecker<uint32_t>(0, 65000))
            .AddAttribute("PayloadType", "RTP payload type (0 = PCMU).",
                          UintegerValue(sipmob::RtpPacket::kPayloadTypePcmu),
                          MakeUintegerAccessor(&RtpMediaStream::m_payloadType),
                          MakeUintegerChecker<uint8_t>(0, 127))
            .AddAttribute("Ssrc",
                          "SSRC of the stream; 0 draws one from SsrcRandom at the first Start().",
                          UintegerValue(0), MakeUintegerAccessor(&RtpMediaStream::m_ssrcAttribute),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("SsrcRandom", "Random variable the SSRC is drawn from when Ssrc is 0.",
                          StringValue("ns3::UniformRandomVariable[Min=1.0|Max=4294967295.0]"),
                          MakePointerAccessor(&RtpMediaStream::m_ssrcRng),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("ClockRate", "RTP timestamp clock in Hz (8000 for G.711).",
                          UintegerValue(8000), MakeUintegerAccessor(&RtpMediaStream::m_clockRate),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("InitialSequenceNumber", "Sequence number of the first packet.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&RtpMediaStream::m_initialSequence),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("EmbedSendTime",
                          "Carry the send time in the first 12 payload bytes (one-way delay).",
                          BooleanValue(true), MakeBooleanAccessor(&RtpMediaStream::m_embedSendTime),
                          MakeBooleanChecker())
            .AddAttribute("PlayoutBuffer",
                          "Receiver playout buffer for the voice-quality figures: fixed or "
                          "adaptive (sipmob::PlayoutConfig).",
                          EnumValue(static_cast<int>(sipmob::PlayoutConfig::Mode::kAdaptive)),
                          MakeEnumAccessor(&RtpMediaStream::m_playoutMode),
                          MakeEnumChecker(
                              static_cast<int>(sipmob::PlayoutConfig::Mode::kFixed), "fixed",
                              static_cast<int>(sipmob::PlayoutConfig::Mode::kAdaptive), "adaptive"))
            .AddAttribute("PlayoutDelay", "Fixed playout buffer: the delay of every frame.",
                          TimeValue(MilliSeconds(60)),
                          MakeTimeAccessor(&RtpMediaStream::m_playoutDelay),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("PlayoutMinDelay", "Adaptive playout buffer: smallest delay.",
                          TimeValue(MilliSeconds(20)),
                          MakeTimeAccessor(&RtpMediaStream::m_playoutMinDelay),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("PlayoutMaxDelay", "Adaptive playout buffer: largest delay.",
                          TimeValue(MilliSeconds(300)),
                          MakeTimeAccessor(&RtpMediaStream::m_playoutMaxDelay),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("PlayoutResyncGap",
                          "Arrival gap after which the playout buffer re-anchors (new talkspurt).",
                          TimeValue(MilliSeconds(200)),
                          MakeTimeAccessor(&RtpMediaStream::m_playoutResyncGap),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("Codec",
                          "Codec impairment for the E-model (ITU-T G.113 Appendix I): G711, "
                          "G711-PLC (G.711 Appendix I concealment), G729A.",
                          EnumValue(kCodecG711Plc), MakeEnumAccessor(&RtpMediaStream::m_codec),
                          MakeEnumChecker(kCodecG711, "G711", kCodecG711Plc, "G711-PLC",
                                          kCodecG729A, "G729A"))
            .AddTraceSource("Tx", "An RTP packet was sent.",
                            MakeTraceSourceAccessor(&RtpMediaStream::m_txTrace),
                            "ns3::RtpMediaStream::TxTracedCallback")
            .AddTraceSource("Rx", "An RTP packet was received.",
                            MakeTraceSourceAccessor(&RtpMediaStream::m_rxTrace),
                            "ns3::RtpMediaStream::RxTracedCallback")
            .AddTraceSource("RxError", "A packet received on the media port was not valid RTP.",
                            MakeTraceSourceAccessor(&RtpMediaStream::m_rxErrorTrace),
                            "ns3::RtpMediaStream::RxErrorTracedCallback");
    return tid;
}

RtpMediaStream::RtpMediaStream()
{
    NS_LOG_FUNCTION(this);
}

RtpMediaStream::~RtpMediaStream()
{
    NS_LOG_FUNCTION(this);
}

void
RtpMediaStream::DoDispose()
{
    NS_LOG_FUNCTION(this);
    Stop();
    m_node = nullptr;
    m_ssrcRng = nullptr;
    Object::DoDispose();
}

void
RtpMediaStream::SetNode(Ptr<Node> node)
{
    m_node = node;
}

Ptr<Node>
RtpMediaStream::GetNode() const
{
    return m_node;
}

bool
RtpMediaStream::Start(uint16_t localPort)
{
    NS_LOG_FUNCTION(this << localPort);
    if (!m_node || m_running)
    {
        return false;
    }
    m_localPort = localPort;
    if (!OpenSocket())
    {
        return false;
    }
    if (!m_sequenceStarted)
    {
        m_sequenceStarted = true;
        m_seq = m_initialSequence;
        m_ssrc = m_ssrcAttribute != 0 ? m_ssrcAttribute : m_ssrcRng->GetInteger();
        m_receiver.Reset(m_clockRate);
    }
    m_running = true;
    m_tick = Simulator::ScheduleNow(&RtpMediaStream::Tick, this);
    return true;
}

void
RtpMediaStream::Stop()
{
    NS_LOG_FUNCTION(this);
    m_tick.Cancel();
    CloseSocket();
    m_running = false;
}

bool
RtpMediaStream::IsRunning() const
{
    return m_running;
}

bool
RtpMediaStream::OpenSocket()
{
    m_socket = Socket::CreateSocket(m_node, UdpSocketFactory::GetTypeId());
    if (m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_localPort)) != 0)
    {
        NS_LOG_WARN("cannot bind UDP port " << m_localPort);
        m_socket->Close();
        m_socket = nullptr;
        return false;
    }
    Address local;
    m_socket->GetSockName(local);
    m_localPort = InetSocketAddress::ConvertFrom(local).GetPort();
    m_socket->SetRecvPktInfo(true);
    m_socket->SetRecvCallback(MakeCallback(&RtpMediaStream::HandleRead, this));
    return true;
}

void
RtpMediaStream::CloseSocket()
{
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
        m_socket = nullptr;
    }
}

bool
RtpMediaStream::Rebind()
{
    NS_LOG_FUNCTION(this);
    if (!m_running)
    {
        return false;
    }
    CloseSocket();
    if (!OpenSocket())
    {
        Stop();
        return false;
    }
    return true;
}

uint16_t
RtpMediaStream::GetLocalPort() const
{
    return m_localPort;
}

void
RtpMediaStream::SetRemote(Ipv4Address address, uint16_t port)
{
    NS_LOG_FUNCTION(this << address << port);
    m_remote = address;
    m_remotePort = port;
}

Ipv4Address
RtpMediaStream::GetRemoteAddress() const
{
    return m_remote;
}

uint16_t
RtpMediaStream::GetRemotePort() const
{
    return m_remotePort;
}

void
RtpMediaStream::Pause()
{
    m_paused = true;
}

void
RtpMediaStream::Resume()
{
    m_paused = false;
}

bool
RtpMediaStream::IsPaused() const
{
    return m_paused;
}

void
RtpMediaStream::Tick()
{
    m_tick = Simulator::Schedule(m_interval, &RtpMediaStream::Tick, this);
    // The RTP clock runs whether or not a frame is sent.
    const uint32_t timestamp = m_timestamp;
    m_timestamp += static_cast<uint32_t>(m_interval.GetNanoSeconds() * m_clockRate / 1000000000);
    if (m_remote == Ipv4Address::GetAny() || m_remotePort == 0 || m_paused)
    {
        return;
    }
    const uint16_t seq = m_seq++;
    if (!HasUsableAddress(m_node))
    {
        ++m_suppressed;
        NS_LOG_LOGIC("no usable address: frame " << seq << " suppressed");
        return;
    }
    sipmob::RtpPacket rtp;
    rtp.SetPayloadType(m_payloadType);
    rtp.SetSequenceNumber(seq);
    rtp.SetTimestamp(timestamp);
    rtp.SetSsrc(m_ssrc);
    Ptr<Packet> packet =
        EncodeFrame(rtp, m_payloadSize, m_embedSendTime, Simulator::Now().GetNanoSeconds());
    if (m_socket->SendTo(packet, 0, InetSocketAddress(m_remote, m_remotePort)) < 0)
    {
        ++m_sendErrors;
        NS_LOG_LOGIC("send of " << seq << " failed: " << m_socket->GetErrno());
        return;
    }
    ++m_sent;
    m_txTrace(packet, m_remote, seq);
}

void
RtpMediaStream::HandleRead(Ptr<Socket> socket)
{
    // One scratch buffer for every stream (the simulator runs one event at a time): no
    // allocation per received packet for the copy out of the ns-3 buffer.
    static thread_local std::vector<uint8_t> bytes;
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        if (!InetSocketAddress::IsMatchingType(from))
        {
            continue;
        }
        const Ipv4Address source = InetSocketAddress::ConvertFrom(from).GetIpv4();
        Ipv4PacketInfoTag info;
        Ipv4Address local = Ipv4Address::GetAny();
        if (packet->RemovePacketTag(info))
        {
            local = info.GetAddress();
        }
        bytes.resize(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        const int64_t now = Simulator::Now().GetNanoSeconds();
        std::string error;
        const auto arrival = m_receiver.Receive(bytes.data(), bytes.size(), now, &error);
        if (!arrival)
        {
            NS_LOG_LOGIC("malformed RTP from " << source << ": " << error);
            m_rxErrorTrace(packet, source, error);
            continue;
        }
        const Time delay = arrival->sentNs ? NanoSeconds(now - *arrival->sentNs) : NanoSeconds(-1);
        m_rxTrace(packet, source, local, arrival->sequence, delay);
    }
}

const sipmob::MediaStatistics&
RtpMediaStream::GetStatistics() const
{
    return m_receiver.GetStatistics();
}

uint64_t
RtpMediaStream::GetSent() const
{
    return m_sent;
}

uint64_t
RtpMediaStream::GetSuppressed() const
{
    return m_suppressed;
}

uint64_t
RtpMediaStream::GetSendErrors() const
{
    return m_sendErrors;
}

uint64_t
RtpMediaStream::GetMalformed() const
{
    return m_receiver.GetMalformed();
}

uint32_t
RtpMediaStream::GetSsrc() const
{
    return m_ssrc;
}

uint16_t
RtpMediaStream::GetNextSequenceNumber() const
{
    return m_sequenceStarted ? m_seq : m_initialSequence;
}

void
RtpMediaStream::FillRecord(sipmob::MediaRecord& record) const
{
    record.sent = m_sent;
    sipmob::PlayoutConfig playout;
    playout.mode = static_cast<sipmob::PlayoutConfig::Mode>(m_playoutMode);
    playout.fixedDelayMs = m_playoutDelay.GetSeconds() * 1e3;
    playout.minDelayMs = m_playoutMinDelay.GetSeconds() * 1e3;
    playout.maxDelayMs = m_playoutMaxDelay.GetSeconds() * 1e3;
    playout.resyncGapMs = m_playoutResyncGap.GetSeconds() * 1e3;
    playout.clockRate = m_clockRate;
    auto codec = *sipmob::EModel::LookupCodec(kCodecNames[m_codec]);
    codec.frameMs = m_interval.GetSeconds() * 1e3; // the frame the stream really sends
    m_receiver.FillRecord(record, playout, codec);
}

int64_t
RtpMediaStream::AssignStreams(int64_t stream)
{
    m_ssrcRng->SetStream(stream);
    return 1;
}

} // namespace ns3
