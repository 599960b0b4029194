// SPDX-License-Identifier: GPL-2.0-only
// The description of a testbed: filled by code (examples) or by the scenario loader, built by
// SipTestbed.
#ifndef SIPMOB_TESTBED_CONFIG_H
#define SIPMOB_TESTBED_CONFIG_H

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/// A provisioned subscriber of a network.
struct SubscriberConfig
{
    std::string user;     ///< user ID, e.g. "1001"
    std::string password; ///< empty: no digest credentials
};

/// One dial-plan entry: a pattern of user IDs and the network (or external peer) serving them.
struct DialPlanConfig
{
    std::string pattern; ///< "1xxx" or "re:^1[0-9]{3}$"
    /// name of the network that serves these users, or of an external peer (ExternalPeerConfig;
    /// names are unique across both)
    std::string network;
};

/**
 * A SIP element outside the simulation (a real proxy or phone on the host), reached through a
 * host TAP device on one network's LAN (doc/realtime.md, "External peers"). Real time only in
 * practice: in simulated time nothing answers at its address.
 */
struct ExternalPeerConfig
{
    std::string name;     ///< referenced by dial plans (`peer:`) and user agents (`registrar:`)
    std::string address;  ///< its IPv4 address, inside `network`'s LAN (the TAP's subnet)
    uint16_t port = 5060; ///< its SIP port (UDP)
    std::string domain;   ///< a SIP domain it serves ("" none): Request-URIs for it go to it
    std::string network;  ///< the network whose LAN reaches it (attach the TAP there)
    /// 0: networks whose dial plan names it send to it directly (their marshal server trusts it,
    /// address and port); else `network` reaches it through a gateway of its own on this port
    /// (a gateway pair whose far end is the peer)
    uint16_t gatewayPort = 0;
};

/// An 802.11b access point of a network.
struct AccessPointConfig
{
    double x = 0; ///< position (m)
    double y = 0; ///< position (m)
    /// 802.11b channel (1-13); 0: one of 1, 6, 11 from the default plan (install/channel-plan.h)
    uint8_t channel = 0;
};

/// One SIP network (one VOCAL system).
struct NetworkConfig
{
    std::string name;   ///< short name, e.g. "net1"
    std::string domain; ///< SIP domain, e.g. "net1.example.org"
    std::string prefix; ///< the network's /16, e.g. "10.1.0.0": LAN is .0.x, AP subnets .100+i.x
    std::vector<SubscriberConfig> subscribers;
    std::vector<DialPlanConfig> dialPlan; ///< patterns of other networks' users
    std::vector<AccessPointConfig> accessPoints;
    bool dns = true;              ///< run a DNS server with _sip._udp SRV records
    uint16_t marshalPort = 5060;  ///< marshal server port
    uint16_t redirectPort = 5070; ///< redirect server port
};

/// A WAN link between the routers of two networks.
struct WanLinkConfig
{
    std::string a;       ///< network name
    std::string b;       ///< network name
    double delayMs = 20; ///< one-way propagation delay
    std::string dataRate = "10Mbps";
    uint16_t portA = 5065; ///< gateway port in network a
    uint16_t portB = 5066; ///< gateway port in network b
};

/// A waypoint of a mobile user agent.
struct WaypointConfig
{
    double t = 0; ///< simulated time (s)
    double x = 0; ///< position (m)
    double y = 0; ///< position (m)
};

/// A scheduled call.
struct CallConfig
{
    double at = 0;        ///< start time (s)
    std::string callee;   ///< user ID (or user@domain)
    double duration = 10; ///< seconds after answer
};

/// One entry of a user agent's static proxy table (the seed's configuration tag).
struct StaticProxyConfig
{
    std::string domain;   ///< a SIP domain ("" when the entry is a range only)
    std::string range;    ///< an IPv4 range "a.b.c.d/len" ("" when the entry is a domain only)
    std::string address;  ///< the proxy's IPv4 address
    uint16_t port = 5060; ///< the proxy's port
};

/// A user agent.
struct UaConfig
{
    std::string user;                 ///< user ID
    std::string network;              ///< home network name
    bool mobile = false;              ///< on Wi-Fi with DHCP (else wired on the home LAN)
    std::vector<WaypointConfig> path; ///< mobile only
    std::vector<CallConfig> calls;
    std::string password; ///< digest credentials (empty: none)
    double startAt = 1.0; ///< when the UA starts (registers)
    /// SipUserAgent attributes of this UA only (name -> value), over the scenario-wide ones
    std::map<std::string, std::string> attributes;
    /// RtpMediaStream attributes of this UA's calls (name -> value), over `attributes:
    /// {media.NAME}`
    std::map<std::string, std::string> mediaAttributes;
    /// the UA's DNS flag: true SRV first, false the static table only (no DNS query); unset:
    /// the `discovery.UseDns` attribute, and off when no network runs a DNS server
    std::optional<bool> useDns;
    /// the UA's static proxy table; empty: one entry per network (domain, /16 prefix, marshal)
    std::vector<StaticProxyConfig> staticTable;
    /// an external peer that is this UA's registrar and outbound proxy ("" none); the loader
    /// fills staticTable with it for every network and turns DNS off
    std::string registrar;
};

/// The whole testbed.
struct TestbedConfig
{
    std::string name = "testbed";
    std::vector<NetworkConfig> networks;
    std::vector<WanLinkConfig> wanLinks;
    std::vector<ExternalPeerConfig> externalPeers; ///< SIP elements outside the simulation
    std::vector<UaConfig> uas;
    std::string model = "home-only"; ///< registration model
    double duration = 60;            ///< simulated seconds
    /// data rate of every LAN link (switched: of each host <-> switch link)
    std::string lanDataRate = "100Mbps";
    /// propagation delay (ms) of every LAN link
    double lanDelayMs = 0.1;
    /// "switched" (each host on its own link to a learning bridge) or "shared" (one CSMA segment)
    std::string lanKind = "switched";
    /// pre-fill every LAN host's ARP cache with permanent entries for the other hosts of its LAN
    /// (no ARP broadcasts on the LAN; wireless stations still use ARP)
    bool lanStaticArp = false;
    /// ns-3 attributes, "ns3::Type::Attribute" -> value (Config::SetDefault before building)
    std::map<std::string, std::string> defaults;
    /// entity attributes, e.g. "ua.PollInterval" -> "1s" (applied to every entity of that kind)
    std::map<std::string, std::string> attributes;
    std::string pcapDir;                 ///< empty: no pcap
    double wifiTxPowerDbm = 20;          ///< AP and station transmit power
    uint32_t wifiMaxMissedBeacons = 3;   ///< beacons lost before a station roams
    double wifiBeaconIntervalMs = 102.4; ///< AP beacon interval
    double wifiLossRate = 0; ///< frames lost after reception at every Wi-Fi PHY (0..1), both ways
    /// unicast Probe Requests a station sends its AP after MaxMissedBeacons missed beacons before
    /// it declares the link lost (ns3::RoamingStaWifiMac::LinkProbes; 0: ns-3.37's behaviour).
    /// 2 by default: under frame loss, lost beacons are not taken for a lost AP (bench/README.md,
    /// loss study); a genuine loss is declared 2 x LinkProbeTimeout (100 ms) later.
    uint32_t wifiLinkProbes = 2;
    std::vector<std::string> taps; ///< real time only: "NETWORK[:TAPNAME]" host TAP devices
    /// real time only: the simulator thread's scheduling, "off", "auto" or a SCHED_FIFO priority
    /// 1-99 (`realtime_priority:`; RealtimeScheduling, doc/realtime.md "Lag")
    std::string realtimePriority = "auto";
    /// trace source -> CSV file (`traces:`; TraceCsvRecorder), in the file's order
    std::vector<std::pair<std::string, std::string>> traces;
};

} // namespace ns3

#endif
