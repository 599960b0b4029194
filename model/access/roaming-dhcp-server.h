// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_ROAMING_DHCP_SERVER_H
#define SIPMOB_ROAMING_DHCP_SERVER_H

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/ipv4-address.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief The DHCP server of one access network (RFC 2131), offering what the seed's mobile needs
 *        to enter a SIP network: an address, the router, the network's DNS server (option 6,
 *        RFC 2132 §3.8) and its domain name (option 15, RFC 2132 §3.17).
 *
 * ns-3.37's DhcpServer cannot carry options 6 and 15 (its DhcpHeader knows options 1, 3, 50,
 * 51, 53, 54, 58, 59 only), hence this server. DISCOVER gets an OFFER of the address already
 * bound to the client's hardware address, else the lowest free one of the pool; REQUEST of that
 * address (selecting, renewing or rebinding) gets an ACK, any other REQUEST a NAK; RELEASE frees
 * the address. Replies are broadcast on the server's device (the client has no address yet), to
 * UDP port 68. Malformed messages (short, no magic cookie, options overrunning the message, no
 * message type) are dropped and traced.
 */
class RoamingDhcpServer : public Application
{
public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    RoamingDhcpServer();
    ~RoamingDhcpServer() override;

    /// \param device the device the server listens and answers on (the AP's Wi-Fi device)
    void SetDevice(Ptr<NetDevice> device);

    /// Signature of the Message traces: DHCP message type (RFC 2132 §9.6), client hardware
    /// address, address concerned.
    typedef void (*MessageTracedCallback)(uint8_t type, Mac48Address client, Ipv4Address address);

    /// DHCP message types (RFC 2132 §9.6).
    enum Type : uint8_t
    {
        DISCOVER = 1,
        OFFER = 2,
        REQUEST = 3,
        DECLINE = 4,
        ACK = 5,
        NAK = 6,
        RELEASE = 7,
    };

protected:
    void DoDispose() override;

private:
    /// What one received message says.
    struct Message
    {
        uint8_t type = 0;      ///< option 53
        uint32_t xid = 0;      ///< transaction id
        uint16_t flags = 0;    ///< BOOTP flags
        Ipv4Address ciaddr;    ///< client address (renewing)
        Mac48Address chaddr;   ///< client hardware address
        Ipv4Address requested; ///< option 50
        Ipv4Address serverId;  ///< option 54
    };

    void StartApplication() override;
    void StopApplication() override;
    void HandleRead(Ptr<Socket> socket);
    /// \return false when the bytes are not a well-formed DHCP request
    static bool Parse(const std::vector<uint8_t>& bytes, Message& out);
    void OnDiscover(const Message& m);
    void OnRequest(const Message& m);
    /// \return the address bound to or offered to a client (Any: pool exhausted)
    Ipv4Address AddressFor(Mac48Address client);
    void Reply(const Message& m, uint8_t type, Ipv4Address yiaddr);
    /// \return the reply's bytes (BOOTP header, cookie, options)
    std::vector<uint8_t> Encode(const Message& m, uint8_t type, Ipv4Address yiaddr) const;

    Ipv4Address m_poolStart;                     ///< first address of the pool
    Ipv4Address m_poolEnd;                       ///< last address of the pool
    Ipv4Mask m_mask;                             ///< option 1
    Ipv4Address m_router;                        ///< option 3
    Ipv4Address m_dns;                           ///< option 6 (Any: not sent)
    std::string m_domain;                        ///< option 15 ("": not sent)
    Time m_lease;                                ///< option 51
    Ptr<NetDevice> m_device;                     ///< where it serves
    Ptr<Socket> m_socket;                        ///< port 67
    std::map<Mac48Address, Ipv4Address> m_bound; ///< client -> its address

    TracedCallback<uint8_t, Mac48Address, Ipv4Address> m_rxTrace; ///< Rx: a request arrived
    TracedCallback<uint8_t, Mac48Address, Ipv4Address> m_txTrace; ///< Tx: a reply was sent
    TracedCallback<uint32_t> m_droppedTrace; ///< Dropped: a malformed message (its size)
};

} // namespace ns3

#endif
