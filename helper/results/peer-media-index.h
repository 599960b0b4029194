// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_PEER_MEDIA_INDEX_H
#define SIPMOB_PEER_MEDIA_INDEX_H

#include "results/handoff-monitor.h"

#include "ns3/ipv4-address.h"
#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief Routes the media packets the user agents receive to the hand-off monitors of the mobiles
 * that sent them, by the sender's address.
 *
 * A HandoffMonitor acts on a packet received by a peer only when it comes from an address its
 * mobile leased (the current one, the one a hand-off left, the new one of the open record). Each
 * monitor used to be connected to the MediaRx trace of every other user agent, so every media
 * packet called every monitor: cost M x packets for M mobiles, quadratic in a many-mobile run.
 * Here each user agent's MediaRx is connected once, and a packet goes only to the monitors
 * whose mobile leased its source address (one, unless a DHCP pool gave an address to two
 * mobiles in turn): the calls each monitor gets are exactly those it acted on before.
 */
class PeerMediaIndex : public SimpleRefCount<PeerMediaIndex>
{
public:
    /**
     * \brief A mobile leased an address: packets from it go to its monitor from now on.
     * \param address the leased address
     * \param mobile the mobile's user (its own MediaRx is not routed to its monitor)
     * \param monitor its hand-off monitor
     */
    void AddLease(Ipv4Address address, const std::string& mobile, Ptr<HandoffMonitor> monitor);
    /**
     * \brief A user agent received a media packet (its MediaRx trace, receiver bound).
     * \param receiver the receiving user agent's user
     * \param callId the call
     * \param from the sender's address
     * \param local the address it arrived at
     * \param seq its RTP sequence number
     */
    void OnMediaRx(const std::string& receiver, const std::string& callId, Ipv4Address from,
                   Ipv4Address local, uint16_t seq) const;
    /// Drop every monitor (end of the run).
    void Clear();

private:
    /// A monitor and the user of its mobile.
    struct Entry
    {
        std::string mobile;          //!< the mobile's user
        Ptr<HandoffMonitor> monitor; //!< its monitor
    };
    std::map<Ipv4Address, std::vector<Entry>> m_bySource; //!< leased address -> monitors
};

} // namespace ns3

#endif // SIPMOB_PEER_MEDIA_INDEX_H
