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
/// "SMTS": marks a payload whose next 8 bytes are the send time in ns (big endian).
constexpr uint8_t kSendTimeMagic[4] = {'S', 'M', 'T', 'S'};
constexpr std::size_t kSendTimeBytes = 12;
constexpr uint8_t kPcmuSilence = 0xFF;

/// Values of the Codec attribute, indices into kCodecNames (names of sipmob::EModel::LookupCodec).
enum CodecIndex
{
    kCodecG711 = 0,
    kCodecG711Plc = 1,
    kCodecG729A = 2,
};
constexpr const char* kCodecNames[] = {"G711", "G711-PLC", "G729A"};

void
WriteSendTime(std::vector<uint8_t>& payload, int64_t ns)
{
    std::copy(std::begin(kSendTimeMagic), std::end(kSendTimeMagic), payload.begin());
    const auto u = static_cast<uint64_t>(ns);
    for (int i = 0; i < 8; ++i)
    {
        payload[4 + i] = static_cast<uint8_t>(u >> (56 - 8 * i));
    }
}

std::optional<int64_t>
ReadSendTime(const std::vector<uint8_t>& payload)
{
    if (payload.size() < kSendTimeBytes ||
        !std::equal(std::begin(kSendTimeMagic), std::end(kSendTimeMagic), payload.begin()))
    {
        return std::nullopt;
    }
    uint64_t u = 0;
    for (int i = 0; i < 8; ++i)
    {
        u = (u << 8) | payload[4 + i];
    }
    return static_cast<int64_t>(u);
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
        m_stats = sipmob::MediaStatistics(m_clockRate);
        m_quality = std::make_shared<sipmob::VoiceQualityMeter>();
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
    const bool haveRemote = m_remote != Ipv4Address::GetAny() && m_remotePort != 0;
    if (haveRemote && !m_paused)
    {
        SendFrame();
    }
    // The RTP clock runs whether or not a frame was sent.
    m_timestamp += static_cast<uint32_t>(m_interval.GetNanoSeconds() * m_clockRate / 1000000000);
}

void
RtpMediaStream::SendFrame()
{
    const uint16_t seq = m_seq++;
    if (!HasUsableAddress(m_node))
    {
        ++m_suppressed;
        NS_LOG_LOGIC("no usable address: frame " << seq << " suppressed");
        return;
    }
    Ptr<Packet> packet = BuildPacket(seq);
    if (m_socket->SendTo(packet, 0, InetSocketAddress(m_remote, m_remotePort)) < 0)
    {
        ++m_sendErrors;
        NS_LOG_LOGIC("send of " << seq << " failed: " << m_socket->GetErrno());
        return;
    }
    ++m_sent;
    m_txTrace(packet, m_remote, seq);
}

Ptr<Packet>
RtpMediaStream::BuildPacket(uint16_t seq) const
{
    sipmob::RtpPacket rtp;
    rtp.SetPayloadType(m_payloadType);
    rtp.SetSequenceNumber(seq);
    rtp.SetTimestamp(m_timestamp);
    rtp.SetSsrc(m_ssrc);
    std::vector<uint8_t> payload(m_payloadSize, kPcmuSilence);
    if (m_embedSendTime && payload.size() >= kSendTimeBytes)
    {
        WriteSendTime(payload, Simulator::Now().GetNanoSeconds());
    }
    rtp.SetPayload(std::move(payload));
    const std::vector<uint8_t> bytes = rtp.Encode();
    return Create<Packet>(bytes.data(), bytes.size());
}

void
RtpMediaStream::HandleRead(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        Receive(packet, from);
    }
}

void
RtpMediaStream::Receive(Ptr<Packet> packet, const Address& from)
{
    if (!InetSocketAddress::IsMatchingType(from))
    {
        return;
    }
    const Ipv4Address source = InetSocketAddress::ConvertFrom(from).GetIpv4();
    Ipv4PacketInfoTag info;
    Ipv4Address local = Ipv4Address::GetAny();
    if (packet->RemovePacketTag(info))
    {
        local = info.GetAddress();
    }
    // One scratch buffer for every stream (the simulator runs one event at a time): no
    // allocation per received packet for the copy out of the ns-3 buffer.
    static thread_local std::vector<uint8_t> bytes;
    bytes.resize(packet->GetSize());
    packet->CopyData(bytes.data(), bytes.size());
    std::string error;
    const std::optional<sipmob::RtpPacket> rtp =
        sipmob::RtpPacket::Decode(bytes.data(), bytes.size(), &error);
    if (!rtp)
    {
        ++m_malformed;
        NS_LOG_LOGIC("malformed RTP from " << source << ": " << error);
        m_rxErrorTrace(packet, source, error);
        return;
    }
    const int64_t now = Simulator::Now().GetNanoSeconds();
    const std::optional<int64_t> sent = ReadSendTime(rtp->GetPayload());
    m_stats.OnPacket(rtp->GetSequenceNumber(), rtp->GetTimestamp(), now, sent);
    if (m_quality)
    {
        m_quality->Add(rtp->GetSequenceNumber(), rtp->GetTimestamp(), now, sent);
    }
    const Time delay = sent ? NanoSeconds(now - *sent) : NanoSeconds(-1);
    m_rxTrace(packet, source, local, rtp->GetSequenceNumber(), delay);
}

const sipmob::MediaStatistics&
RtpMediaStream::GetStatistics() const
{
    return m_stats;
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
    return m_malformed;
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
    record.received = m_stats.GetReceived();
    record.lost = m_stats.GetLost();
    record.maxGapMs = m_stats.GetMaxGapMs();
    record.jitterMs = m_stats.GetJitterMs();
    record.meanDelayMs = m_stats.GetMeanDelayMs().value_or(0.0);
    record.quality = m_quality;
    record.playout = std::make_shared<sipmob::PlayoutConfig>(GetPlayoutConfig());
    record.codec = std::make_shared<sipmob::CodecImpairment>(GetCodecImpairment());
    if (m_quality)
    {
        if (auto q = m_quality->Evaluate(*record.playout, *record.codec))
        {
            record.rFactor = q->emodel.r;
            record.mos = q->emodel.mos;
            record.late = q->late;
            record.mouthToEarMs = q->mouthToEarMs;
        }
    }
}

std::shared_ptr<const sipmob::VoiceQualityMeter>
RtpMediaStream::GetQualityMeter() const
{
    return m_quality;
}

sipmob::PlayoutConfig
RtpMediaStream::GetPlayoutConfig() const
{
    sipmob::PlayoutConfig c;
    c.mode = static_cast<sipmob::PlayoutConfig::Mode>(m_playoutMode);
    c.fixedDelayMs = m_playoutDelay.GetSeconds() * 1e3;
    c.minDelayMs = m_playoutMinDelay.GetSeconds() * 1e3;
    c.maxDelayMs = m_playoutMaxDelay.GetSeconds() * 1e3;
    c.resyncGapMs = m_playoutResyncGap.GetSeconds() * 1e3;
    c.clockRate = m_clockRate;
    return c;
}

sipmob::CodecImpairment
RtpMediaStream::GetCodecImpairment() const
{
    auto codec = *sipmob::EModel::LookupCodec(kCodecNames[m_codec]);
    codec.frameMs = m_interval.GetSeconds() * 1e3; // the frame the stream really sends
    return codec;
}

int64_t
RtpMediaStream::AssignStreams(int64_t stream)
{
    m_ssrcRng->SetStream(stream);
    return 1;
}

} // namespace ns3
