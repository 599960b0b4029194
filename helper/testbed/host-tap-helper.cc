// SPDX-License-Identifier: GPL-2.0-only
#include "testbed/host-tap-helper.h"

#include "testbed/sip-testbed.h"

#include "ns3/boolean.h"
#include "ns3/bridge-helper.h"
#include "ns3/config.h"
#include "ns3/csma-channel.h"
#include "ns3/csma-helper.h"
#include "ns3/enum.h"
#include "ns3/global-value.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/mac48-address.h"
#include "ns3/node-list.h"
#include "ns3/node.h"
#include "ns3/realtime-simulator-impl.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <arpa/inet.h>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <linux/if_tun.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <sstream>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HostTapHelper");

namespace
{
const Ipv4Mask kLanMask("255.255.255.0");
const Ipv4Mask kNetMask("255.255.0.0");
constexpr uint32_t kRouterHost = 1;
constexpr const char* kTunPath = "/dev/net/tun";

/// Taps attached in this process since the last Simulator::Destroy().
std::vector<TapInfo> g_attached;
/// Whether a destroy event that clears g_attached is scheduled.
bool g_clearScheduled = false;

/// The signal that asked the run to stop (0: none). Written by the handler only.
volatile std::sig_atomic_t g_stopSignal = 0;
/// Handlers replaced by InstallSignalHandlers().
struct sigaction g_oldInt;
struct sigaction g_oldTerm;
bool g_handlersInstalled = false;

void
ClearAttached()
{
    g_attached.clear();
    g_clearScheduled = false;
}

void
OnStopSignal(int sig)
{
    if (g_stopSignal != 0)
    {
        // Second signal: the user insists; die the default way (the kernel still removes the TAP).
        std::signal(sig, SIG_DFL);
        std::raise(sig);
        return;
    }
    g_stopSignal = sig;
}

void
PollStopSignal(Time poll)
{
    if (g_stopSignal != 0)
    {
        NS_LOG_INFO("signal " << g_stopSignal << ": stopping the simulator");
        Simulator::Stop();
        return;
    }
    Simulator::Schedule(poll, &PollStopSignal, poll);
}

std::string
Errno(const std::string& what)
{
    return what + ": " + std::strerror(errno);
}

std::string
ToText(Ipv4Address a)
{
    std::ostringstream os;
    a.Print(os);
    return os.str();
}

sockaddr_in
SockAddr(Ipv4Address a)
{
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(a.Get());
    return sin;
}

bool
ValidTapName(const std::string& name)
{
    if (name.empty() || name.size() >= IFNAMSIZ || name == "." || name == "..")
    {
        return false;
    }
    for (char c : name)
    {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
        {
            return false;
        }
    }
    return true;
}

/// \return whether some node of the simulation has this IPv4 address
bool
AddressInUse(Ipv4Address a)
{
    for (uint32_t n = 0; n < NodeList::GetNNodes(); ++n)
    {
        Ptr<Ipv4> ipv4 = NodeList::GetNode(n)->GetObject<Ipv4>();
        if (!ipv4)
        {
            continue;
        }
        for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
        {
            for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
            {
                if (ipv4->GetAddress(i, j).GetLocal() == a)
                {
                    return true;
                }
            }
        }
    }
    for (const auto& t : g_attached)
    {
        if (t.hostAddress == a)
        {
            return true;
        }
    }
    return false;
}
} // namespace

std::string
TapInfo::ToLine() const
{
    std::ostringstream os;
    os << "tap: host=" << hostAddress << " marshal=" << marshalAddress << ":" << marshalPort
       << " dns=";
    if (dnsAddress == Ipv4Address::GetAny())
    {
        os << "none";
    }
    else
    {
        os << dnsAddress;
    }
    return os.str();
}

HostTapHelper::HostTapHelper()
    : m_hostPart(200)
{
}

void
HostTapHelper::EnableRealtime(Time hardLimit)
{
    GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::RealtimeSimulatorImpl"));
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    Config::SetDefault("ns3::RealtimeSimulatorImpl::SynchronizationMode",
                       EnumValue(RealtimeSimulatorImpl::SYNC_HARD_LIMIT));
    Config::SetDefault("ns3::RealtimeSimulatorImpl::HardLimit", TimeValue(hardLimit));
}

bool
HostTapHelper::IsRealtime()
{
    StringValue type;
    GlobalValue::GetValueByName("SimulatorImplementationType", type);
    return type.Get() == "ns3::RealtimeSimulatorImpl";
}

std::string
HostTapHelper::DefaultTapName(const std::string& network)
{
    return ("sm-" + network).substr(0, IFNAMSIZ - 1);
}

std::pair<std::string, std::string>
HostTapHelper::ParseTapSpec(const std::string& spec)
{
    auto colon = spec.find(':');
    std::string network = spec.substr(0, colon);
    std::string name = colon == std::string::npos ? "" : spec.substr(colon + 1);
    if (network.empty())
    {
        throw HostTapError("--tap '" + spec + "': expected NETWORK[:TAPNAME]");
    }
    if (name.empty())
    {
        name = DefaultTapName(network);
    }
    if (!ValidTapName(name))
    {
        throw HostTapError("--tap '" + spec + "': TAP name '" + name +
                           "' must be 1-15 letters, digits, '-', '_' or '.'");
    }
    return {network, name};
}

void
HostTapHelper::CheckHost(const std::string& tapName)
{
    if (!ValidTapName(tapName))
    {
        throw HostTapError("TAP name '" + tapName +
                           "' must be 1-15 letters, digits, '-', '_' or '.'");
    }
    if (geteuid() != 0)
    {
        throw HostTapError("a host TAP device needs root (run as root, e.g. with sudo)");
    }
    struct stat st
    {
    };
    if (stat(kTunPath, &st) != 0 || !S_ISCHR(st.st_mode))
    {
        throw HostTapError(std::string(kTunPath) +
                           " is missing: load the tun module (modprobe tun) or give the "
                           "container the device (--device /dev/net/tun)");
    }
    struct stat sysSt
    {
    };
    if (stat(("/sys/class/net/" + tapName).c_str(), &sysSt) == 0)
    {
        throw HostTapError("TAP name '" + tapName + "' is already in use on this host (" +
                           "/sys/class/net/" + tapName + " exists)");
    }
}

void
HostTapHelper::SetHostPart(uint32_t host)
{
    NS_ABORT_MSG_IF(host < 2 || host > 254, "host part must be in 2..254");
    m_hostPart = host;
}

TapInfo
HostTapHelper::Attach(SipTestbed& testbed, const std::string& network, const std::string& tapName)
{
    const SipTestbed::Network* net = nullptr;
    for (const auto& n : testbed.GetNetworks())
    {
        if (n.config.name == network)
        {
            net = &n;
        }
    }
    if (!net)
    {
        std::string names;
        for (const auto& n : testbed.GetNetworks())
        {
            names += (names.empty() ? "" : ", ") + n.config.name;
        }
        throw HostTapError("--tap: no network '" + network +
                           "' in the testbed (networks: " + names + ")");
    }
    if (!IsRealtime())
    {
        throw HostTapError("a host TAP device needs the real-time simulator (--realtime)");
    }
    std::string name = tapName.empty() ? DefaultTapName(network) : tapName;
    CheckHost(name);

    TapInfo info;
    info.network = network;
    info.tapName = name;
    info.domain = net->config.domain;
    info.mask = kLanMask;
    info.router = Ipv4Address(net->prefix.Get() | kRouterHost);
    info.marshalAddress = net->serverAddress;
    info.marshalPort = net->config.marshalPort;
    info.dnsAddress = net->config.dns ? net->serverAddress : Ipv4Address::GetAny();
    uint32_t host = m_hostPart;
    while (host < 255 && AddressInUse(Ipv4Address(net->prefix.Get() | host)))
    {
        ++host;
    }
    if (host >= 255)
    {
        throw HostTapError("no free address for the host on " + network + "'s LAN");
    }
    info.hostAddress = Ipv4Address(net->prefix.Get() | host);
    // Every network's /16 via this LAN's router (the own /16 too: its access-point subnets),
    // unless an earlier TAP already routes it.
    for (const auto& n : testbed.GetNetworks())
    {
        std::string route = ToText(n.prefix) + "/16";
        bool routed = false;
        for (const auto& t : g_attached)
        {
            for (const auto& r : t.routes)
            {
                routed = routed || r == route;
            }
        }
        if (!routed)
        {
            info.routes.push_back(route);
        }
    }

    int fd = open(kTunPath, O_RDWR | O_CLOEXEC);
    if (fd < 0)
    {
        throw HostTapError(Errno(std::string("cannot open ") + kTunPath));
    }
    ifreq ifr{};
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0)
    {
        std::string err = Errno("cannot create TAP device '" + name + "'");
        close(fd);
        throw HostTapError(err);
    }
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    try
    {
        if (sock < 0)
        {
            throw HostTapError(Errno("socket"));
        }
        ConfigureHost(sock, info);
    }
    catch (const HostTapError&)
    {
        if (sock >= 0)
        {
            close(sock);
        }
        close(fd); // the kernel removes the device and its routes
        throw;
    }
    close(sock);

    // The ghost node bridges the LAN channel to the TAP's descriptor.
    Ptr<CsmaChannel> channel = DynamicCast<CsmaChannel>(net->lanDevices.Get(0)->GetChannel());
    NS_ABORT_MSG_IF(!channel, "the LAN of " << network << " is not a CSMA channel");
    Ptr<Node> ghost = CreateObject<Node>();
    CsmaHelper csma;
    NetDeviceContainer ports = csma.Install(ghost, channel);
    Ptr<FdNetDevice> fdDevice = CreateObject<FdNetDevice>();
    fdDevice->SetAddress(Mac48Address::Allocate());
    fdDevice->SetFileDescriptor(fd); // owns it now: closed at Simulator::Destroy()
    ghost->AddDevice(fdDevice);
    ports.Add(fdDevice);
    BridgeHelper bridge;
    bridge.Install(ghost, ports);

    m_ghosts.push_back(ghost);
    m_taps.push_back(info);
    g_attached.push_back(info);
    if (!g_clearScheduled)
    {
        g_clearScheduled = true;
        Simulator::ScheduleDestroy(&ClearAttached);
    }
    NS_LOG_INFO("attached " << name << " " << info.hostAddress << " to " << network);
    return info;
}

void
HostTapHelper::ConfigureHost(int sock, const TapInfo& info) const
{
    const std::string& name = info.tapName;
    // No IPv6 on the TAP: its router solicitations and MLD reports would only be noise on the LAN.
    std::ofstream("/proc/sys/net/ipv6/conf/" + name + "/disable_ipv6") << "1\n";

    ifreq ifr{};
    std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
    sockaddr_in addr = SockAddr(info.hostAddress);
    std::memcpy(&ifr.ifr_addr, &addr, sizeof(addr));
    if (ioctl(sock, SIOCSIFADDR, &ifr) < 0)
    {
        throw HostTapError(Errno("cannot set address " + ToText(info.hostAddress) + " on " + name));
    }
    sockaddr_in mask = SockAddr(Ipv4Address(info.mask.Get()));
    std::memcpy(&ifr.ifr_netmask, &mask, sizeof(mask));
    if (ioctl(sock, SIOCSIFNETMASK, &ifr) < 0)
    {
        throw HostTapError(Errno("cannot set the netmask of " + name));
    }
    ifr.ifr_mtu = 1500;
    if (ioctl(sock, SIOCSIFMTU, &ifr) < 0)
    {
        throw HostTapError(Errno("cannot set the MTU of " + name));
    }
    if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0)
    {
        throw HostTapError(Errno("cannot read the flags of " + name));
    }
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(sock, SIOCSIFFLAGS, &ifr) < 0)
    {
        throw HostTapError(Errno("cannot bring " + name + " up"));
    }
    for (const auto& route : info.routes)
    {
        Ipv4Address dest(route.substr(0, route.find('/')).c_str());
        rtentry rt{};
        sockaddr_in d = SockAddr(dest);
        sockaddr_in g = SockAddr(info.router);
        sockaddr_in m = SockAddr(Ipv4Address(kNetMask.Get()));
        std::memcpy(&rt.rt_dst, &d, sizeof(d));
        std::memcpy(&rt.rt_gateway, &g, sizeof(g));
        std::memcpy(&rt.rt_genmask, &m, sizeof(m));
        rt.rt_flags = RTF_UP | RTF_GATEWAY;
        std::string dev = name;
        rt.rt_dev = dev.data();
        if (ioctl(sock, SIOCADDRT, &rt) < 0)
        {
            if (errno == EEXIST)
            {
                throw HostTapError("the host already has a route to " + route +
                                   " (another TAP or VPN on it?): remove it first");
            }
            throw HostTapError(Errno("cannot add the host route " + route + " via " +
                                     ToText(info.router) + " dev " + name));
        }
    }
}

const std::vector<TapInfo>&
HostTapHelper::GetTaps() const
{
    return m_taps;
}

std::vector<TapInfo>
HostTapHelper::GetAttachedTaps()
{
    return g_attached;
}

void
HostTapHelper::InstallSignalHandlers(Time poll)
{
    g_stopSignal = 0;
    if (!g_handlersInstalled)
    {
        struct sigaction sa
        {
        };
        sa.sa_handler = &OnStopSignal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        sigaction(SIGINT, &sa, &g_oldInt);
        sigaction(SIGTERM, &sa, &g_oldTerm);
        g_handlersInstalled = true;
    }
    Simulator::ScheduleNow(&PollStopSignal, poll);
}

void
HostTapHelper::RestoreSignalHandlers()
{
    if (g_handlersInstalled)
    {
        sigaction(SIGINT, &g_oldInt, nullptr);
        sigaction(SIGTERM, &g_oldTerm, nullptr);
        g_handlersInstalled = false;
    }
}

int
HostTapHelper::GetStopSignal()
{
    return g_stopSignal;
}

} // namespace ns3
