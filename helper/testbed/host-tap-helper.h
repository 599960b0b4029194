// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_HOST_TAP_HELPER_H
#define SIPMOB_HOST_TAP_HELPER_H

#include "ns3/fd-net-device.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

class SipTestbed;
class Node;

/// A host TAP device that cannot be attached; the message is one line.
class HostTapError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/// Where the host sits on a simulated network once its TAP device is attached.
struct TapInfo
{
    std::string network;             ///< network name, e.g. "net1"
    std::string tapName;             ///< host device name, e.g. "sm-net1"
    std::string domain;              ///< the network's SIP domain
    Ipv4Address hostAddress;         ///< the host's address on the network's LAN
    Ipv4Mask mask;                   ///< the LAN mask
    Ipv4Address router;              ///< the LAN router (.1), next hop of the host routes
    Ipv4Address marshalAddress;      ///< the marshal server (server node .10)
    uint16_t marshalPort = 5060;     ///< the marshal server's port
    Ipv4Address dnsAddress;          ///< the DNS server (server node .10, port 53)
    std::vector<std::string> routes; ///< host routes added via the router, "10.2.0.0/16"

    /// \return "tap: host=ADDR marshal=ADDR:PORT dns=ADDR"
    std::string ToLine() const;
};

/**
 * \brief Attaches a TAP device of the host to the LAN of a simulated SIP network, so that real
 *        programs (sipp, softphones) on the host talk to the simulated servers and user agents.
 *
 * A "ghost" node joins the network's CSMA LAN and bridges it (ns3::BridgeNetDevice) to an
 * ns3::FdNetDevice that reads and writes a TAP device of the host. The host's TAP gets an
 * address of the LAN (.200 by default) and routes to every network's /16 via the LAN router
 * (.1), so the host reaches the marshal server (.10:5060), the DNS server (.10:53) and every
 * simulated node, and they reach the host.
 *
 * The helper opens /dev/net/tun itself (ns-3's TapBridge and TapFdNetDeviceHelper exec a creator
 * program at a path compiled into Debian's libraries that does not exist on the installed
 * system). The TAP is not persistent: the kernel deletes it, with its routes, as soon as its
 * descriptor is closed, i.e. at Simulator::Destroy() or when the process ends in any way
 * (Ctrl-C, abort at the real-time hard limit, SIGKILL).
 *
 * Needs root, /dev/net/tun and the real-time simulator (the device's reader thread schedules
 * events from another thread): call EnableRealtime() before building the testbed.
 */
class HostTapHelper
{
public:
    HostTapHelper();

    /**
     * \brief Use the simulator in real time and turn checksums on (the host kernel drops packets
     *        with a zero checksum). Call before the first use of the simulator (building nodes).
     * \param hardLimit the run aborts when the simulator lags this much behind the wall clock
     */
    static void EnableRealtime(Time hardLimit);

    /// \return whether SimulatorImplementationType is ns3::RealtimeSimulatorImpl
    static bool IsRealtime();

    /**
     * \brief Split a "NETWORK[:TAPNAME]" option.
     * \param spec the option text
     * \return network and TAP name (the default name when none is given)
     * \throws HostTapError when the network is empty or the name is invalid
     */
    static std::pair<std::string, std::string> ParseTapSpec(const std::string& spec);

    /// \param network a network name \return the default TAP name, "sm-NETWORK" cut to 15 chars
    static std::string DefaultTapName(const std::string& network);

    /**
     * \brief Check that a TAP device can be created: root, /dev/net/tun, a free valid name.
     * \param tapName the device name
     * \throws HostTapError with the reason
     */
    static void CheckHost(const std::string& tapName);

    /// \param host the host part of the LAN address the TAP device gets (default 200)
    void SetHostPart(uint32_t host);

    /**
     * \brief Create the TAP device and attach it to a network's LAN.
     * \param testbed a built testbed (BuildTopology done)
     * \param network the network's name
     * \param tapName the host device name ("" = DefaultTapName(network))
     * \return where the host sits
     * \throws HostTapError when not root, no /dev/net/tun, the name is in use, the network does
     *         not exist, the simulator is not real time, or the host refuses the configuration
     */
    TapInfo Attach(SipTestbed& testbed, const std::string& network,
                   const std::string& tapName = "");

    /// \return the TAP devices this helper attached, in order
    const std::vector<TapInfo>& GetTaps() const;

    /**
     * \return every TAP device attached in this process since the last Simulator::Destroy()
     *         (for RunOptions::onBuilt callbacks, which only see the testbed)
     */
    static std::vector<TapInfo> GetAttachedTaps();

    /**
     * \brief Make SIGINT and SIGTERM stop the simulator cleanly: the handler only sets a flag,
     *        which a periodic simulator event polls (every \p poll) to call Simulator::Stop().
     *        Call after EnableRealtime() and before Simulator::Run(); the handlers stay until
     *        RestoreSignalHandlers() and the poll event until Simulator::Destroy().
     * \param poll the polling period (simulated = wall time in real time)
     */
    static void InstallSignalHandlers(Time poll = MilliSeconds(50));

    /// Put back the handlers that InstallSignalHandlers() replaced.
    static void RestoreSignalHandlers();

    /// \return the signal that stopped the run (SIGINT, SIGTERM), or 0
    static int GetStopSignal();

private:
    /// Configure the host side of a freshly created TAP device; throws HostTapError.
    void ConfigureHost(int sock, const TapInfo& info) const;

    uint32_t m_hostPart;             ///< host part of the next address
    std::vector<TapInfo> m_taps;     ///< attached so far
    std::vector<Ptr<Node>> m_ghosts; ///< the ghost nodes, one per TAP
};

} // namespace ns3

#endif
