// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_ADDRESS_WATCHER_H
#define SIPMOB_ADDRESS_WATCHER_H

#include "access/roaming-dhcp-client.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

namespace ns3
{

/**
 * \brief Watches a node's primary IPv4 address and reports every change.
 *
 * Poll mode (the seed's method): the address is read every PollInterval, first one interval
 * after Start(), so a change is noticed at the next poll tick. Event mode: the watcher reacts at
 * once to the RoamingDhcpClient's NewLease, ExpireLease and LinkLost traces (and falls back to
 * polling when no DHCP client is set). The address read is UsableAddress (stack/node-address.h):
 * 0.0.0.0 while the node has no usable address.
 */
class AddressWatcher : public Object
{
public:
    /// Detection method.
    enum Mode
    {
        POLL, ///< read the address every PollInterval
        EVENT ///< react to the DHCP client's traces
    };

    /// Callback and trace signature: old and new address.
    typedef void (*AddressChangeTracedCallback)(Ipv4Address oldAddr, Ipv4Address newAddr);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    AddressWatcher();
    ~AddressWatcher() override;

    /// \param node the node to watch (before Start)
    void SetNode(Ptr<Node> node);
    /// \param client the DHCP client whose traces drive event mode (before Start)
    void SetDhcpClient(Ptr<RoamingDhcpClient> client);
    /**
     * \brief Use a fixed random stream for the poll phase.
     * \param stream first stream index
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);
    /// \param cb called on every change, before the trace fires
    void SetCallback(Callback<void, Ipv4Address, Ipv4Address> cb);
    /// Read the current address (no report) and start watching.
    void Start();
    /// Stop polling and disconnect from the DHCP client.
    void Stop();
    /// Read the address now and report a change if there is one.
    void Check();
    /// \return the address last seen (0.0.0.0 when none)
    Ipv4Address GetAddress() const;
    /// \return the detection mode
    Mode GetMode() const;
    /// \return the poll interval
    Time GetPollInterval() const;

protected:
    void DoDispose() override;

private:
    void Poll();
    /// Create m_phase if it does not exist yet.
    void CreatePhaseStream();
    void OnLeaseEvent(const Ipv4Address& addr);

    Time m_pollInterval;                                    ///< PollInterval attribute
    bool m_randomPhase;                                     ///< RandomPhase attribute
    Ptr<UniformRandomVariable> m_phase;                     ///< first poll time (made at Start)
    Mode m_mode;                                            ///< Mode attribute
    Ptr<Node> m_node;                                       ///< node watched
    Ptr<RoamingDhcpClient> m_dhcp;                          ///< event source
    bool m_connected;                                       ///< connected to the DHCP traces
    bool m_running;                                         ///< between Start and Stop
    Ipv4Address m_address;                                  ///< last address seen
    EventId m_pollEvent;                                    ///< next poll tick
    Callback<void, Ipv4Address, Ipv4Address> m_callback;    ///< change callback
    TracedCallback<Ipv4Address, Ipv4Address> m_changeTrace; ///< AddressChange
};

} // namespace ns3

#endif
