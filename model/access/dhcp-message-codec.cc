// SPDX-License-Identifier: GPL-2.0-only
#include "access/dhcp-message-codec.h"

#include "ns3/dhcp-header.h"
#include "ns3/packet.h"

#include <algorithm>
#include <array>
#include <vector>

namespace ns3
{

namespace
{
constexpr uint32_t kBootpSize = 236;   ///< fixed BOOTP part, before the magic cookie
constexpr uint32_t kMaxMessage = 1500; ///< larger replies are not DHCP in this model
const std::array<uint8_t, 4> kCookie = {99, 130, 83, 99}; ///< RFC 2131 magic cookie
} // namespace

bool
DhcpMessageCodec::IsWellFormed(Ptr<const Packet> packet)
{
    uint32_t size = packet->GetSize();
    if (size < kBootpSize + kCookie.size() + 1 || size > kMaxMessage)
    {
        return false;
    }
    std::vector<uint8_t> buf(size);
    packet->CopyData(buf.data(), size);
    if (!std::equal(kCookie.begin(), kCookie.end(), buf.begin() + kBootpSize))
    {
        return false;
    }
    uint32_t i = kBootpSize + kCookie.size();
    while (i < size)
    {
        uint8_t code = buf[i];
        if (code == DhcpHeader::OP_END)
        {
            return true;
        }
        if (code == 0) // pad
        {
            ++i;
            continue;
        }
        if (i + 1 >= size || i + 2 + buf[i + 1] > size)
        {
            return false;
        }
        i += 2 + buf[i + 1];
    }
    return false; // no END option
}

DhcpMessageCodec::ExtraOptions
DhcpMessageCodec::TakeExtraOptions(Ptr<Packet>& packet)
{
    // Options ns-3.37's DhcpHeader::Deserialize accepts (RFC 2132 codes); any other makes it fail.
    static const std::array<uint8_t, 9> known = {0, 1, 3, 50, 51, 53, 54, 58, 59};
    ExtraOptions out;
    std::vector<uint8_t> buf(packet->GetSize());
    packet->CopyData(buf.data(), buf.size());
    std::vector<uint8_t> kept(buf.begin(), buf.begin() + kBootpSize + kCookie.size());
    bool stripped = false;
    for (uint32_t i = kBootpSize + kCookie.size(); i < buf.size();)
    {
        uint8_t code = buf[i];
        if (code == DhcpHeader::OP_END || code == 0)
        {
            kept.insert(kept.end(), buf.begin() + i, buf.end()); // END and the padding after it
            break;
        }
        uint8_t len = buf[i + 1]; // bounds checked by IsWellFormed
        if (code == 6 && len >= 4 && len % 4 == 0)
        {
            out.dns = Ipv4Address((uint32_t(buf[i + 2]) << 24) | (uint32_t(buf[i + 3]) << 16) |
                                  (uint32_t(buf[i + 4]) << 8) | buf[i + 5]);
        }
        else if (code == 15 && len > 0)
        {
            out.domain.assign(buf.begin() + i + 2, buf.begin() + i + 2 + len);
            while (!out.domain.empty() && out.domain.back() == '\0')
            {
                out.domain.pop_back(); // some servers count a terminating NUL (RFC 2132 §2)
            }
        }
        if (std::find(known.begin(), known.end(), code) != known.end())
        {
            kept.insert(kept.end(), buf.begin() + i, buf.begin() + i + 2 + len);
        }
        else
        {
            stripped = true;
        }
        i += 2 + len;
    }
    if (stripped)
    {
        packet = Create<Packet>(kept.data(), kept.size());
    }
    return out;
}

Ptr<Packet>
DhcpMessageCodec::MakeDiscover(uint32_t xid, const Address& chaddr)
{
    DhcpHeader header;
    header.ResetOpt();
    header.SetTran(xid);
    header.SetType(DhcpHeader::DHCPDISCOVER);
    header.SetTime();
    header.SetChaddr(chaddr);
    Ptr<Packet> packet = Create<Packet>();
    packet->AddHeader(header);
    return packet;
}

Ptr<Packet>
DhcpMessageCodec::MakeRequest(uint32_t xid, const Address& chaddr, Ipv4Address requested)
{
    DhcpHeader header;
    header.ResetOpt();
    header.SetTran(xid);
    header.SetType(DhcpHeader::DHCPREQ);
    header.SetTime();
    header.SetReq(requested);
    header.SetChaddr(chaddr);
    Ptr<Packet> packet = Create<Packet>();
    packet->AddHeader(header);
    return packet;
}

bool
DhcpMessageCodec::ChaddrMatches(DhcpHeader& header, const Address& chaddr)
{
    std::array<uint8_t, 20> mine{};
    std::array<uint8_t, 20> theirs{};
    uint32_t len = chaddr.CopyTo(mine.data());
    header.GetChaddr().CopyTo(theirs.data());
    return std::equal(mine.begin(), mine.begin() + len, theirs.begin());
}

DhcpLease
DhcpMessageCodec::ReadOffer(DhcpHeader& header)
{
    DhcpLease offer;
    offer.address = header.GetYiaddr();
    offer.mask = Ipv4Mask(header.GetMask());
    offer.server = header.GetDhcps();
    offer.router = header.GetRouter();
    if (offer.router == Ipv4Address::GetZero())
    {
        offer.router = offer.server;
    }
    offer.lease = Seconds(header.GetLease());
    offer.renew = Seconds(header.GetRenew());
    offer.rebind = Seconds(header.GetRebind());
    return offer;
}

} // namespace ns3
