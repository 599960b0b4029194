// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_DHCP_MESSAGE_CODEC_H
#define SIPMOB_DHCP_MESSAGE_CODEC_H

#include "ns3/address.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>

namespace ns3
{

class DhcpHeader;
class Packet;

/// What a DHCPOFFER (and the ACK that confirms it) grants: the lease a client requests and holds.
struct DhcpLease
{
    Ipv4Address address; //!< yiaddr
    Ipv4Mask mask;       //!< subnet mask option (RFC 2132 §3.3)
    Ipv4Address server;  //!< server identifier (option 54)
    Ipv4Address router;  //!< router option (3), or the server when absent
    Time lease;          //!< lease time (option 51)
    Time renew;          //!< T1 (option 58)
    Time rebind;         //!< T2 (option 59)
    Ipv4Address dns;     //!< option 6 (Any: none)
    std::string domain;  //!< option 15 ("": none)
};

/**
 * \brief The client side of the DHCP wire format (RFC 2131 §2, options RFC 2132) on top of
 * ns-3.37's DhcpHeader: checks a received message before DhcpHeader parses it, takes out the
 * options DhcpHeader does not know (DNS server 6, domain name 15), builds DISCOVER and REQUEST,
 * and reads an OFFER into a DhcpLease.
 */
class DhcpMessageCodec
{
public:
    /// The options DhcpHeader cannot read, taken out of a message by TakeExtraOptions.
    struct ExtraOptions
    {
        Ipv4Address dns = Ipv4Address::GetAny(); //!< option 6, first server
        std::string domain;                      //!< option 15
    };

    /**
     * \brief Check that a received packet is a complete DHCP message before parsing it.
     *
     * Needs the 236-byte BOOTP header, the magic cookie, and well-formed options ending
     * with END (255) inside the packet.
     * \param packet the UDP payload
     * \return true if it can be parsed safely
     */
    static bool IsWellFormed(Ptr<const Packet> packet);
    /**
     * \brief Read options 6 and 15 and strip every option ns-3.37's DhcpHeader::Deserialize
     * rejects (it fails on any code it does not know).
     * \param packet a well-formed message (IsWellFormed); replaced by a copy when stripped
     * \return the DNS server and domain name found
     */
    static ExtraOptions TakeExtraOptions(Ptr<Packet>& packet);
    /**
     * \param xid transaction id
     * \param chaddr the client's hardware address
     * \return a DHCPDISCOVER
     */
    static Ptr<Packet> MakeDiscover(uint32_t xid, const Address& chaddr);
    /**
     * \param xid transaction id
     * \param chaddr the client's hardware address
     * \param requested the address requested (option 50)
     * \return a DHCPREQUEST
     */
    static Ptr<Packet> MakeRequest(uint32_t xid, const Address& chaddr, Ipv4Address requested);
    /**
     * \param header a received message
     * \param chaddr the client's hardware address
     * \return true when the message is addressed to that hardware address
     */
    static bool ChaddrMatches(DhcpHeader& header, const Address& chaddr);
    /**
     * \param header a received DHCPOFFER
     * \return what it offers (dns and domain left empty: see TakeExtraOptions)
     */
    static DhcpLease ReadOffer(DhcpHeader& header);
};

} // namespace ns3

#endif // SIPMOB_DHCP_MESSAGE_CODEC_H
