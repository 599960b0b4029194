// SPDX-License-Identifier: GPL-2.0-only
#include "mobility/address-watcher.h"

#include "stack/node-address.h"

#include "ns3/boolean.h"

#include "stack/sip-udp-transport.h"

#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("AddressWatcher");
NS_OBJECT_ENSURE_REGISTERED(AddressWatcher);

TypeId
AddressWatcher::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::AddressWatcher")
            .SetParent<Object>()
            .SetGroupName("Sipmob")
            .AddConstructor<AddressWatcher>()
            .AddAttribute("PollInterval", "Interval between two reads of the address (poll mode)",
                          TimeValue(Seconds(1)), MakeTimeAccessor(&AddressWatcher::m_pollInterval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("RandomPhase",
                          "Poll mode: the first read comes after a uniform random time in "
                          "(0, PollInterval] instead of one full interval (moves are not "
                          "synchronised with the start of the user agent)",
                          BooleanValue(false), MakeBooleanAccessor(&AddressWatcher::m_randomPhase),
                          MakeBooleanChecker())
            .AddAttribute(
                "Mode", "poll: read every PollInterval; event: react to DHCP traces",
                EnumValue(AddressWatcher::POLL), MakeEnumAccessor(&AddressWatcher::m_mode),
                MakeEnumChecker(AddressWatcher::POLL, "poll", AddressWatcher::EVENT, "event"))
            .AddTraceSource("AddressChange", "The watched address changed (old, new)",
                            MakeTraceSourceAccessor(&AddressWatcher::m_changeTrace),
                            "ns3::AddressWatcher::AddressChangeTracedCallback");
    return tid;
}

AddressWatcher::AddressWatcher()
    : m_pollInterval(Seconds(1))
    , m_randomPhase(false)
    , m_mode(POLL)
    , m_connected(false)
    , m_running(false)
    , m_address(Ipv4Address::GetAny())
{
}

AddressWatcher::~AddressWatcher() = default;

void
AddressWatcher::DoDispose()
{
    Stop();
    m_node = nullptr;
    m_dhcp = nullptr;
    m_callback = Callback<void, Ipv4Address, Ipv4Address>();
    Object::DoDispose();
}

void
AddressWatcher::SetNode(Ptr<Node> node)
{
    m_node = node;
}

void
AddressWatcher::SetDhcpClient(Ptr<RoamingDhcpClient> client)
{
    m_dhcp = client;
}

void
AddressWatcher::SetCallback(Callback<void, Ipv4Address, Ipv4Address> cb)
{
    m_callback = cb;
}

void
AddressWatcher::Start()
{
    NS_ASSERT_MSG(m_node, "AddressWatcher needs a node");
    CreatePhaseStream();
    m_running = true;
    m_address = UsableAddress(m_node);
    if (m_mode == EVENT && m_dhcp)
    {
        m_dhcp->TraceConnectWithoutContext("NewLease",
                                           MakeCallback(&AddressWatcher::OnLeaseEvent, this));
        m_dhcp->TraceConnectWithoutContext("ExpireLease",
                                           MakeCallback(&AddressWatcher::OnLeaseEvent, this));
        m_dhcp->TraceConnectWithoutContext("LinkLost",
                                           MakeCallback(&AddressWatcher::OnLeaseEvent, this));
        m_connected = true;
        return;
    }
    Time first = m_pollInterval;
    if (m_randomPhase)
    {
        first = Seconds(m_phase->GetValue(0, m_pollInterval.GetSeconds()));
        first = std::max(first, NanoSeconds(1));
    }
    m_pollEvent = Simulator::Schedule(first, &AddressWatcher::Poll, this);
}

void
AddressWatcher::CreatePhaseStream()
{
    // Created at Start (or AssignStreams), not with the watcher: a user agent creates its watcher
    // at construction (its attributes are forwarded here), and an ns-3 random variable takes the
    // next automatic stream index when it is created, so creating it then would shift the
    // streams of every random variable created between the two (and change results).
    if (!m_phase)
    {
        m_phase = CreateObject<UniformRandomVariable>();
    }
}

int64_t
AddressWatcher::AssignStreams(int64_t stream)
{
    CreatePhaseStream();
    m_phase->SetStream(stream);
    return 1;
}

void
AddressWatcher::Stop()
{
    m_running = false;
    Simulator::Cancel(m_pollEvent);
    if (m_connected && m_dhcp)
    {
        m_dhcp->TraceDisconnectWithoutContext("NewLease",
                                              MakeCallback(&AddressWatcher::OnLeaseEvent, this));
        m_dhcp->TraceDisconnectWithoutContext("ExpireLease",
                                              MakeCallback(&AddressWatcher::OnLeaseEvent, this));
        m_dhcp->TraceDisconnectWithoutContext("LinkLost",
                                              MakeCallback(&AddressWatcher::OnLeaseEvent, this));
    }
    m_connected = false;
}

void
AddressWatcher::Poll()
{
    Check();
    if (m_running)
    {
        m_pollEvent = Simulator::Schedule(m_pollInterval, &AddressWatcher::Poll, this);
    }
}

void
AddressWatcher::OnLeaseEvent(const Ipv4Address& addr)
{
    NS_LOG_FUNCTION(this << addr);
    if (m_running)
    {
        Check();
    }
}

void
AddressWatcher::Check()
{
    Ipv4Address now = UsableAddress(m_node);
    if (now == m_address)
    {
        return;
    }
    Ipv4Address old = m_address;
    m_address = now;
    NS_LOG_INFO("address " << old << " -> " << now << " at " << Simulator::Now().As(Time::S));
    if (!m_callback.IsNull())
    {
        m_callback(old, now);
    }
    m_changeTrace(old, now);
}

Ipv4Address
AddressWatcher::GetAddress() const
{
    return m_address;
}

AddressWatcher::Mode
AddressWatcher::GetMode() const
{
    return m_mode;
}

Time
AddressWatcher::GetPollInterval() const
{
    return m_pollInterval;
}

} // namespace ns3
