// SPDX-License-Identifier: GPL-2.0-only
// The media stream of one call: RTP over UDP, sent every packet interval, with receiver statistics.
#ifndef SIPMOB_RTP_MEDIA_STREAM_H
#define SIPMOB_RTP_MEDIA_STREAM_H

#include "media/rtp-receiver.h"
#include "records/run-records.h"
#include "wire/media-statistics.h"
#include "wire/voice-quality-meter.h"

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace ns3
{

/**
 * One RTP media stream of a call, both directions: an ns3::Object owned by the SIP user agent
 * (not an Application), one per call.
 *
 * Start() binds a UDP socket on the node (any address) and starts a timer; every PacketInterval
 * a 12-byte RTP header plus PayloadSize bytes of G.711 payload goes to the remote set by
 * SetRemote(), which can change at any time (a hand-off) while the sequence numbers, timestamps
 * and SSRC continue. Every packet received on the bound port, from any source, feeds the
 * receiver statistics and the Rx trace, which carries the local address the packet was sent to.
 *
 * When EmbedSendTime is true the first 12 payload bytes carry a marker and the send time, so the
 * receiving stream can measure the one-way delay (simulated clocks are exact).
 *
 * The receive side (decoding, statistics, voice quality) is a sipmob::RtpReceiver; the stream
 * owns the socket, the send timer and the traces. Every packet received is also logged in a
 * sipmob::VoiceQualityMeter, which FillRecord() hands
 * to the MediaRecord: the whole call's R and MOS (ITU-T G.107) after the playout buffer of the
 * Playout* attributes, with the codec impairment of the Codec attribute (ITU-T G.113 App. I), and
 * any window of it later (the hand-off windows of the results).
 *
 * Sending is skipped in two cases, which both advance the RTP timestamp:
 *  - Pause(): deliberate; the sequence number does not advance (like silence suppression);
 *  - automatic suppression: on each tick the node has no interface that is up with an IPv4
 *    address other than loopback and 0.0.0.0. The frame is counted in GetSuppressed() and its
 *    sequence number is consumed, so the peer counts it as lost (voice lost in a hand-off).
 */
class RtpMediaStream : public Object
{
public:
    /**
     * Signature of the Tx trace.
     * @param packet the UDP payload sent (RTP header + payload)
     * @param destination remote IPv4 address
     * @param seq RTP sequence number
     */
    typedef void (*TxTracedCallback)(Ptr<const Packet> packet, Ipv4Address destination,
                                     uint16_t seq);
    /**
     * Signature of the Rx trace.
     * @param packet the UDP payload received
     * @param from source IPv4 address
     * @param localAddress destination address of the packet (one of this node's addresses)
     * @param seq RTP sequence number
     * @param oneWayDelay receive time - send time; negative when the packet carried no send time
     */
    typedef void (*RxTracedCallback)(Ptr<const Packet> packet, Ipv4Address from,
                                     Ipv4Address localAddress, uint16_t seq, Time oneWayDelay);
    /**
     * Signature of the RxError trace.
     * @param packet the UDP payload that is not valid RTP
     * @param from source IPv4 address
     * @param reason why it was rejected
     */
    typedef void (*RxErrorTracedCallback)(Ptr<const Packet> packet, Ipv4Address from,
                                          const std::string& reason);

    /// @return the object TypeId
    static TypeId GetTypeId();
    RtpMediaStream();
    ~RtpMediaStream() override;

    /// @param node the node whose UDP stack the stream uses (set before Start())
    void SetNode(Ptr<Node> node);
    /// @return the node
    Ptr<Node> GetNode() const;

    /**
     * Binds a UDP socket to 0.0.0.0:@p localPort and starts the send timer (first tick now).
     * @param localPort local UDP port (0: an ephemeral one)
     * @return false when no node is set, the stream already runs, or the bind fails
     */
    bool Start(uint16_t localPort);
    /// Stops sending and closes the socket; statistics and counters are kept.
    void Stop();
    /// @return whether Start() succeeded and Stop() has not been called since
    bool IsRunning() const;

    /**
     * Sets or changes the destination of the media; takes effect at the next tick.
     * @param address remote IPv4 address (0.0.0.0 stops sending without stopping the stream)
     * @param port remote UDP port
     */
    void SetRemote(Ipv4Address address, uint16_t port);
    /// @return the remote address (0.0.0.0 when none)
    Ipv4Address GetRemoteAddress() const;
    /// @return the remote port
    uint16_t GetRemotePort() const;

    /// Stops sending (the timer keeps running, sequence numbers do not advance).
    void Pause();
    /// Resumes sending after Pause().
    void Resume();
    /// @return whether the stream is paused
    bool IsPaused() const;

    /**
     * Closes and reopens the socket on the same local port, e.g. after the local address changed.
     * @return false when the stream is not running or the bind fails
     */
    bool Rebind();
    /// @return the bound local port (0 before Start())
    uint16_t GetLocalPort() const;

    /// @return the receiver statistics of the packets received
    const sipmob::MediaStatistics& GetStatistics() const;
    /// @return RTP packets handed to the socket successfully
    uint64_t GetSent() const;
    /// @return frames not sent because the node had no usable address
    uint64_t GetSuppressed() const;
    /// @return frames the socket refused (e.g. no route)
    uint64_t GetSendErrors() const;
    /// @return packets received that were not valid RTP
    uint64_t GetMalformed() const;
    /// @return the SSRC in use (chosen at the first Start() when the Ssrc attribute is 0)
    uint32_t GetSsrc() const;
    /// @return the sequence number the next frame will carry
    uint16_t GetNextSequenceNumber() const;

    /**
     * Fills the counters and statistics of @p record (sent, received, lost, maxGapMs, jitterMs,
     * meanDelayMs, the voice quality of the whole call and the arrival log); callId and ua are
     * left to the caller.
     * @param record the record to fill
     */
    void FillRecord(sipmob::MediaRecord& record) const;

    /**
     * Assigns a fixed random variable stream number to the SSRC generator.
     * @param stream first stream index to use
     * @return the number of streams assigned (1)
     */
    int64_t AssignStreams(int64_t stream);

protected:
    void DoDispose() override;

private:
    bool OpenSocket();
    void CloseSocket();
    /// Schedules the next tick, advances the RTP clock, and sends a frame when there is a
    /// remote, the stream is not paused and the node has a usable address.
    void Tick();
    void HandleRead(Ptr<Socket> socket);

    // Attributes
    Time m_interval;
    uint32_t m_payloadSize;
    uint8_t m_payloadType;
    uint32_t m_ssrcAttribute;
    uint32_t m_clockRate;
    uint16_t m_initialSequence;
    bool m_embedSendTime;
    Ptr<RandomVariableStream> m_ssrcRng;
    int m_playoutMode; ///< sipmob::PlayoutConfig::Mode
    Time m_playoutDelay;
    Time m_playoutMinDelay;
    Time m_playoutMaxDelay;
    Time m_playoutResyncGap;
    int m_codec; ///< index of the codec (see the Codec attribute)

    Ptr<Node> m_node;
    Ptr<Socket> m_socket;
    EventId m_tick;
    bool m_running = false;
    bool m_paused = false;
    bool m_sequenceStarted = false;
    uint16_t m_localPort = 0;
    Ipv4Address m_remote{Ipv4Address::GetAny()};
    uint16_t m_remotePort = 0;
    uint32_t m_ssrc = 0;
    uint16_t m_seq = 0;
    uint32_t m_timestamp = 0;
    uint64_t m_sent = 0;
    uint64_t m_suppressed = 0;
    uint64_t m_sendErrors = 0;
    sipmob::RtpReceiver m_receiver;

    TracedCallback<Ptr<const Packet>, Ipv4Address, uint16_t> m_txTrace;
    TracedCallback<Ptr<const Packet>, Ipv4Address, Ipv4Address, uint16_t, Time> m_rxTrace;
    TracedCallback<Ptr<const Packet>, Ipv4Address, const std::string&> m_rxErrorTrace;
};

} // namespace ns3

#endif
