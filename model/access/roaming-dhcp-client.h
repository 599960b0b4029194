// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_ROAMING_DHCP_CLIENT_H
#define SIPMOB_ROAMING_DHCP_CLIENT_H

#include "access/dhcp-lease-installer.h"
#include "access/dhcp-message-codec.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

class Socket;
class Packet;
class RandomVariableStream;
class UniformRandomVariable;
class DhcpHeader;

/**
 * \brief An RFC 2131 DHCP client made for roaming stations.
 *
 * Speaks the wire format of ns-3's DhcpHeader so it works with ns-3's stock DhcpServer.
 * Differences from ns-3.37's DhcpClient:
 * - every link-up restarts acquisition exactly once: all pending timers are cancelled first,
 *   so no stray DISCOVER is ever sent and nothing is sent while the link is down;
 * - on link-down only the leased address and the default route through the leased gateway
 *   are removed; the interface always keeps at least one address (0.0.0.0/0 while acquiring)
 *   and routes of other interfaces (127.0.0.0/8) are never touched;
 * - offer collection (Collect), retransmission (RTRS, backoff) and request timeout are
 *   attributes with hand-off friendly defaults;
 * - every retransmission delay is randomized by a uniform -Jitter..+Jitter (RFC 2131 §4.1: 4 s
 *   "randomized by the value of a uniform random number chosen from the range -1 to +1"), capped
 *   at half the delay, so that clients that lost their link at the same instant do not
 *   retransmit in lock-step;
 * - malformed replies are dropped before parsing.
 */
class RoamingDhcpClient : public Application
{
public:
    /// Client state (RFC 2131 figure 5, simplified).
    enum State
    {
        IDLE,       //!< link down or not started
        SELECTING,  //!< DISCOVER sent, collecting offers
        REQUESTING, //!< REQUEST sent, waiting for ACK
        BOUND,      //!< lease held
        RENEWING,   //!< T1 passed, unicast REQUEST to the server
        REBINDING   //!< T2 passed, broadcast REQUEST
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    RoamingDhcpClient();
    ~RoamingDhcpClient() override;

    /**
     * \brief Set the device whose interface this client configures (before the app starts).
     * \param device the net device (must already have an IPv4 interface or one is added)
     */
    void SetDevice(Ptr<NetDevice> device);
    /// \return the device this client configures
    Ptr<NetDevice> GetDevice() const;

    /// \return true while a lease is held (BOUND, RENEWING or REBINDING)
    bool HasLease() const;
    /**
     * \brief The lease held, as one value.
     * \return address, mask, router (the default gateway installed), server, lease/T1/T2 times,
     *         DNS server (option 6) and domain name (option 15) of the lease; without a lease
     *         (HasLease() false) address, router and server are 0.0.0.0, the mask 0, the times
     *         0 s, dns Any and domain ""
     */
    DhcpLease GetLease() const;
    /// \return the simulated time the current lease was bound (first ACK), or -1 s without lease
    Time GetLeaseBoundTime() const;
    /// \return the current state
    State GetState() const;
    /// \return the number of DISCOVER messages sent since start
    uint32_t GetDiscoverCount() const;
    /// \return the number of link-up events handled since start
    uint32_t GetLinkUpCount() const;

    /**
     * \brief Assign fixed random variable stream numbers: transaction ids (stream) and
     *        retransmission jitter (stream + 1).
     *
     * Without it the transaction ids use ns-3's automatic stream sequence and the jitter the
     * stream kJitterStreamBase + the device's MAC address (48 bits), fixed at start: creating
     * the jitter variable takes no number from the automatic sequence, so no other variable's
     * stream shifts, and each station has its own stream.
     * \param stream first stream index
     * \return the number of streams assigned (2)
     */
    int64_t AssignStreams(int64_t stream);

    /// Base of the jitter streams fixed by MAC address (far above what AssignStreams callers use).
    static constexpr int64_t kJitterStreamBase = int64_t(1) << 56;

    /// Signature of the "Tx" trace: DHCP message type (DhcpHeader::Messages) and xid.
    typedef void (*TxTracedCallback)(uint8_t type, uint32_t xid);

protected:
    void DoDispose() override;

private:
    void StartApplication() override;
    void StopApplication() override;

    void LinkStateHandler();
    bool LinkIsUp(Address* bssid) const;
    void OnLinkUp(const Address& bssid);
    void OnLinkDown();
    void StartDiscovery();
    void SendDiscover();
    /// \return delay randomized by the jitter (RFC 2131 §4.1), never below half of it
    Time Randomize(Time delay);
    void DiscoverTimeout();
    void Select();
    void SendRequest(Ipv4Address to, Ipv4Address requested);
    void RequestTimeout();
    void Receive(Ptr<Socket> socket);
    void HandleOffer(DhcpHeader& header);
    void HandleAck(DhcpHeader& header);
    void Renew();
    void Rebind();
    void Expire();
    void CancelTimers();
    void Send(Ptr<Packet> packet, Ipv4Address to, uint8_t type);
    void DropLease();

    Ptr<NetDevice> m_device;                //!< configured device
    Ptr<Socket> m_socket;                   //!< UDP socket bound to port 68
    Ptr<RandomVariableStream> m_xidRng;     //!< transaction id generator
    Ptr<UniformRandomVariable> m_jitterRng; //!< retransmission jitter, uniform in [-1, 1]
    bool m_jitterStreamAssigned;            //!< AssignStreams chose the jitter stream
    Time m_jitter;                          //!< largest retransmission jitter
    Time m_collect;                         //!< offer collection window
    Time m_rtrs;                            //!< first DISCOVER retransmission timeout
    double m_backoff;                       //!< RTRS multiplier per retransmission
    Time m_maxRtrs;                         //!< upper bound of the retransmission timeout
    uint32_t m_maxRetries;                  //!< DISCOVER retransmissions per link-up (0: no limit)
    Time m_requestTimeout;                  //!< wait for ACK before restarting discovery
    State m_state;                          //!< current state
    bool m_linkUp;                          //!< last seen link state
    Address m_bssid;                        //!< BSSID of the current association (wifi only)
    bool m_callbackRegistered;              //!< link change callback added to the device
    uint32_t m_xid;                         //!< current transaction id
    Time m_currentRtrs;                     //!< current retransmission timeout
    uint32_t m_retries;                     //!< retransmissions in this acquisition
    std::vector<DhcpLease> m_offers;        //!< offers collected in SELECTING
    DhcpLease m_lease;                      //!< the offer being requested or held
    DhcpLeaseInstaller m_installer;         //!< puts the lease on the interface
    Time m_boundTime;                       //!< time of the first ACK of the current lease
    uint32_t m_discoverCount;               //!< DISCOVERs sent
    uint32_t m_linkUpCount;                 //!< link-up events handled
    EventId m_discoverEvent;                //!< DISCOVER retransmission
    EventId m_collectEvent;                 //!< end of offer collection
    EventId m_requestEvent;                 //!< REQUEST timeout
    EventId m_renewEvent;                   //!< T1
    EventId m_rebindEvent;                  //!< T2
    EventId m_expireEvent;                  //!< lease end
    TracedCallback<const Ipv4Address&> m_newLeaseTrace; //!< new address configured
    TracedCallback<const Ipv4Address&> m_expireTrace;   //!< lease expired without renewal
    TracedCallback<const Ipv4Address&> m_linkLostTrace; //!< link down (address held, or 0.0.0.0)
    TracedCallback<uint8_t, uint32_t> m_txTrace;        //!< message sent (type, xid)
};

} // namespace ns3

#endif // SIPMOB_ROAMING_DHCP_CLIENT_H
