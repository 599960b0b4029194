// SPDX-License-Identifier: GPL-2.0-only
// Shared fixture of the mobility tests: a small testbed described in code (two or three SIP
// networks, one 802.11b AP in net1 at x = 0 and one in net2 at x = 100, a mobile 1001 of net1 and
// wired users), run by the real SimulationRunner, with every SIP message seen by every entity's
// transport recorded under role names (ua-1001, ms-net1, rs-net1, gw-net1-net2, ...) and the
// entities' other trace sources logged as plain events.
#ifndef SIPMOB_TESTS_MOBILITY_FIXTURE_H
#define SIPMOB_TESTS_MOBILITY_FIXTURE_H

#include "access/roaming-dhcp-client.h"
#include "message/sdp.h"
#include "proxy/marshal-gateway.h"
#include "proxy/marshal-server.h"
#include "proxy/redirect-server.h"
#include "scenario/simulation-runner.h"
#include "stack/sip-udp-transport.h"
#include "testbed/sip-testbed.h"
#include "ua/sip-user-agent.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"

#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace mobtest
{

using namespace ns3;

/// One SIP message as one transport saw it.
struct SipEvent
{
    double t = 0;           ///< simulated seconds
    bool tx = false;        ///< sent (else received)
    std::string at;         ///< role of the entity whose transport traced it
    std::string peer;       ///< role of the other end ("?a.b.c.d:p" when unknown)
    std::string from;       ///< sender role
    std::string to;         ///< receiver role
    std::string fromIp;     ///< sender address as traced
    std::string label;      ///< "REGISTER" or "200/REGISTER"
    sipmob::SipMessage msg; ///< the message
};

/// Any other trace event: (time, source role, kind, two texts, a number).
struct Event
{
    double t = 0;
    std::string src;
    std::string kind;
    std::string a;
    std::string b;
    int64_t n = 0;
};

inline std::string
Text(Ipv4Address a)
{
    std::ostringstream os;
    os << a;
    return os.str();
}

inline std::string
Label(const sipmob::SipMessage& m)
{
    if (m.IsRequest())
    {
        return m.GetMethod();
    }
    return std::to_string(m.GetStatusCode()) + "/" + m.GetCSeq().method;
}

/// The users of a network: prefix*1000 + 0..9 ("1000".."1009").
inline std::vector<SubscriberConfig>
Users(int first, const std::string& password = "")
{
    std::vector<SubscriberConfig> out;
    for (int i = 0; i < 10; ++i)
    {
        out.push_back({std::to_string(first + i), password});
    }
    return out;
}

/**
 * \brief net1 (AP at x = 0) and net2 (AP at x = 100) joined by a gateway pair; optionally net3
 *        (no AP) joined to both. Mobile 1001 (home net1) walks from x = 5 to x = 95 between
 *        `leave` and `arrive`; wired 2001 on net2's LAN (and 3001 on net3's when asked).
 */
inline TestbedConfig
TwoNetworks(const std::string& model, double leave, double arrive, double duration,
            bool withNet3 = false)
{
    TestbedConfig c;
    c.name = "mobility-test";
    c.model = model;
    c.duration = duration;
    NetworkConfig n1{"net1", "net1.example.org", "10.1.0.0", Users(1000), {}, {{0, 0}}};
    NetworkConfig n2{"net2", "net2.example.org", "10.2.0.0", Users(2000), {}, {{100, 0}}};
    n1.dialPlan.push_back({"2xxx", "net2"});
    n2.dialPlan.push_back({"1xxx", "net1"});
    c.networks = {n1, n2};
    c.wanLinks.push_back({"net1", "net2", 10, "10Mbps", 5065, 5066});
    if (withNet3)
    {
        NetworkConfig n3{"net3", "net3.example.org", "10.3.0.0", Users(3000), {}, {}};
        n3.dialPlan = {{"1xxx", "net1"}, {"2xxx", "net2"}};
        c.networks[0].dialPlan.push_back({"3xxx", "net3"});
        c.networks[1].dialPlan.push_back({"3xxx", "net3"});
        c.networks.push_back(n3);
        c.wanLinks.push_back({"net1", "net3", 10, "10Mbps", 5065, 5066});
        c.wanLinks.push_back({"net2", "net3", 10, "10Mbps", 5065, 5066});
    }
    UaConfig mobile;
    mobile.user = "1001";
    mobile.network = "net1";
    mobile.mobile = true;
    mobile.path = {{0, 5, 0}, {leave, 5, 0}, {arrive, 95, 0}};
    UaConfig wired2;
    wired2.user = "2001";
    wired2.network = "net2";
    wired2.startAt = 0.5;
    c.uas = {mobile, wired2};
    if (withNet3)
    {
        UaConfig wired3;
        wired3.user = "3001";
        wired3.network = "net3";
        wired3.startAt = 0.5;
        c.uas.push_back(wired3);
    }
    c.wifiMaxMissedBeacons = 3;
    c.attributes["dhcp.Collect"] = "50ms";
    c.attributes["dhcp.RTRS"] = "1s";
    c.attributes["ua.PollInterval"] = "500ms";
    return c;
}

/// \return the UaConfig of a user in a config (throws when absent)
inline UaConfig&
Ua(TestbedConfig& c, const std::string& user)
{
    for (auto& u : c.uas)
    {
        if (u.user == user)
        {
            return u;
        }
    }
    throw std::runtime_error("no user " + user);
}

/**
 * \brief Runs one testbed and records what happened.
 *
 * `setup` runs once the testbed is built (entities installed, simulator not started): tests use
 * it to change the topology (error models, a stopped DHCP server) or to schedule probes. Entity
 * getters are valid only inside `setup` and the events it schedules.
 */
class MobilityRun
{
public:
    explicit MobilityRun(TestbedConfig config)
        : cfg(std::move(config))
    {
    }

    TestbedConfig cfg;                       ///< what is run
    std::function<void(MobilityRun&)> setup; ///< extra set-up (optional)
    RunOutput out;                           ///< the runner's records
    std::vector<SipEvent> sip;               ///< every SIP message, Tx and Rx
    std::vector<Event> events;               ///< every other trace event
    SipTestbed* tb = nullptr;                ///< valid during the run

    /// Build, run, record. \return *this
    MobilityRun& Run()
    {
        RunOptions opt;
        opt.onBuilt = [this](SipTestbed& t) { OnBuilt(t); };
        out = SimulationRunner::Run(cfg, opt);
        tb = nullptr;
        m_uas.clear();
        m_uaNodes.clear();
        m_ms.clear();
        m_rs.clear();
        m_gw.clear();
        return *this;
    }

    /// \param user a user \return its agent (during the run)
    Ptr<SipUserAgent> Agent(const std::string& user) const
    {
        return m_uas.at(user);
    }
    /// \param net a network \return its marshal server (during the run)
    Ptr<MarshalServer> Marshal(const std::string& net) const
    {
        return m_ms.at(net);
    }
    /// \param net a network \return its redirect server (during the run)
    Ptr<RedirectServer> Redirect(const std::string& net) const
    {
        return m_rs.at(net);
    }

    /// \return the events of a kind (optionally of one source)
    std::vector<Event> Of(const std::string& kind, const std::string& src = "") const
    {
        std::vector<Event> r;
        for (const auto& e : events)
        {
            if (e.kind == kind && (src.empty() || e.src == src))
            {
                r.push_back(e);
            }
        }
        return r;
    }

    /// \return "from>to LABEL" of the received messages in [t0, t1] passing a filter
    std::vector<std::string> Path(double t0, double t1,
                                  const std::function<bool(const SipEvent&)>& keep) const
    {
        std::vector<std::string> r;
        for (const auto& e : sip)
        {
            if (!e.tx && e.t >= t0 - 1e-9 && e.t <= t1 + 1e-9 && keep(e))
            {
                r.push_back(e.from + ">" + e.to + " " + e.label);
            }
        }
        return r;
    }

    /// \return the messages sent by a role (Tx at that role) passing a filter
    std::vector<SipEvent> SentBy(const std::string& role,
                                 const std::function<bool(const SipEvent&)>& keep) const
    {
        std::vector<SipEvent> r;
        for (const auto& e : sip)
        {
            if (e.tx && e.at == role && keep(e))
            {
                r.push_back(e);
            }
        }
        return r;
    }

    /// \return the first address the mobile 1001 detected in a network's /16 ("" when none)
    std::string AddressIn(const std::string& prefix16, const std::string& user = "1001") const
    {
        for (const auto& e : events)
        {
            if (e.kind == "AddressChange" && e.src == "ua-" + user && e.b.rfind(prefix16, 0) == 0)
            {
                return e.b;
            }
        }
        return "";
    }

private:
    void Log(const std::string& src, const std::string& kind, const std::string& a = "",
             const std::string& b = "", int64_t n = 0)
    {
        events.push_back({Simulator::Now().GetSeconds(), src, kind, a, b, n});
    }

    /// Role of a transport address: servers and gateways by address and port, agents by address.
    std::string RoleOf(const InetSocketAddress& a) const
    {
        std::ostringstream key;
        key << a.GetIpv4() << ":" << a.GetPort();
        auto it = m_static.find(key.str());
        if (it != m_static.end())
        {
            return it->second;
        }
        for (const auto& [user, ua] : m_uaNodes)
        {
            Ptr<Ipv4> ip = ua->GetObject<Ipv4>();
            for (uint32_t i = 0; i < ip->GetNInterfaces(); ++i)
            {
                for (uint32_t j = 0; j < ip->GetNAddresses(i); ++j)
                {
                    if (ip->GetAddress(i, j).GetLocal() == a.GetIpv4() &&
                        a.GetIpv4() != Ipv4Address::GetAny())
                    {
                        return "ua-" + user;
                    }
                }
            }
        }
        return "?" + key.str();
    }

    void TraceTransport(const std::string& role, Ptr<SipUdpTransport> tr)
    {
        auto rec = [this, role](bool tx, const sipmob::SipMessage& m, const InetSocketAddress& from,
                                const InetSocketAddress& to)
        {
            SipEvent e;
            e.t = Simulator::Now().GetSeconds();
            e.tx = tx;
            e.at = role;
            e.peer = RoleOf(tx ? to : from);
            e.from = tx ? role : e.peer;
            e.to = tx ? e.peer : role;
            e.fromIp = Text(from.GetIpv4());
            e.label = Label(m);
            e.msg = m;
            sip.push_back(std::move(e));
        };
        using Cb = Callback<void, const sipmob::SipMessage&, const InetSocketAddress&,
                            const InetSocketAddress&, uint32_t>;
        tr->TraceConnectWithoutContext(
            "Tx", Cb([rec](const sipmob::SipMessage& m, const InetSocketAddress& f,
                           const InetSocketAddress& t, uint32_t) { rec(true, m, f, t); }));
        tr->TraceConnectWithoutContext(
            "Rx", Cb([rec](const sipmob::SipMessage& m, const InetSocketAddress& f,
                           const InetSocketAddress& t, uint32_t) { rec(false, m, f, t); }));
    }

    template <class T> static Ptr<T> AppOf(Ptr<Node> node)
    {
        for (uint32_t i = 0; i < node->GetNApplications(); ++i)
        {
            if (Ptr<T> app = DynamicCast<T>(node->GetApplication(i)))
            {
                return app;
            }
        }
        return nullptr;
    }

    using Str3 = Callback<void, const std::string&, const std::string&, uint32_t>;
    using Str2 = Callback<void, const std::string&, const std::string&>;

    void OnBuilt(SipTestbed& t)
    {
        tb = &t;
        for (const auto& net : t.GetNetworks())
        {
            const std::string& n = net.config.name;
            m_static[Text(net.serverAddress) + ":" + std::to_string(net.config.marshalPort)] =
                "ms-" + n;
            m_static[Text(net.serverAddress) + ":" + std::to_string(net.config.redirectPort)] =
                "rs-" + n;
            m_ms[n] = AppOf<MarshalServer>(net.server);
            m_rs[n] = AppOf<RedirectServer>(net.server);
            for (const auto& [peer, node] : net.gateways)
            {
                m_static[Text(net.gatewayAddress.at(peer)) + ":" +
                         std::to_string(net.gatewayPort.at(peer))] = "gw-" + n + "-" + peer;
                m_gw["gw-" + n + "-" + peer] = AppOf<MarshalGateway>(node);
            }
            std::string ms = "ms-" + n;
            std::string rs = "rs-" + n;
            auto visitor = [this](std::string src, std::string kind)
            {
                return Str3([this, src, kind](const std::string& id, const std::string& c,
                                              uint32_t e) { Log(src, kind, id, c, e); });
            };
            m_ms[n]->TraceConnectWithoutContext("VisitorCreated", visitor(ms, "VisitorCreated"));
            m_ms[n]->TraceConnectWithoutContext("VisitorRemoved", visitor(ms, "VisitorRemoved"));
            m_ms[n]->TraceConnectWithoutContext(
                "AuthFailed", Str2([this, ms](const std::string& u, const std::string& why)
                                   { Log(ms, "AuthFailed", u, why); }));
            m_ms[n]->TraceConnectWithoutContext(
                "Rejected",
                Callback<void, const sipmob::SipMessage&, int, const std::string&>(
                    [this, ms](const sipmob::SipMessage& m, int code, const std::string& why)
                    { Log(ms, "Rejected", m.GetMethod(), why, code); }));
            for (const char* kind :
                 {"BindingAdded", "BindingRefreshed", "BindingRemoved", "BindingExpired"})
            {
                m_rs[n]->TraceConnectWithoutContext(kind, visitor(rs, kind));
            }
        }
        for (const auto& ua : cfg.uas)
        {
            Ptr<Node> node = t.GetUaNode(ua.user);
            m_uaNodes[ua.user] = node;
            Ptr<SipUserAgent> app = AppOf<SipUserAgent>(node);
            m_uas[ua.user] = app;
            std::string role = "ua-" + ua.user;
            TraceTransport(role, app->GetStack()->GetTransport());
            app->TraceConnectWithoutContext("AddressChange",
                                            Callback<void, Ipv4Address, Ipv4Address>(
                                                [this, role](Ipv4Address o, Ipv4Address n)
                                                { Log(role, "AddressChange", Text(o), Text(n)); }));
            app->TraceConnectWithoutContext(
                "RegistrationState", Str2([this, role](const std::string& o, const std::string& n)
                                          { Log(role, "RegistrationState", o, n); }));
            app->TraceConnectWithoutContext(
                "CallState",
                Callback<void, const std::string&, const std::string&, const std::string&>(
                    [this, role](const std::string& id, const std::string&, const std::string& n)
                    { Log(role, "CallState", id, n); }));
            app->TraceConnectWithoutContext(
                "ReinviteSent",
                Callback<void, const std::string&>([this, role](const std::string& id)
                                                   { Log(role, "ReinviteSent", id); }));
            app->TraceConnectWithoutContext("ReinviteResult",
                                            Callback<void, const std::string&, int>(
                                                [this, role](const std::string& id, int s)
                                                { Log(role, "ReinviteResult", id, "", s); }));
            app->TraceConnectWithoutContext(
                "CallRedirected",
                Callback<void, const std::string&, const std::string&>(
                    [this, role](const std::string& id, const std::string& contact)
                    { Log(role, "CallRedirected", id, contact); }));
            app->TraceConnectWithoutContext(
                "ProxyDiscovered", Callback<void, const std::string&, Ipv4Address, uint16_t>(
                                       [this, role](const std::string& d, Ipv4Address a, uint16_t p)
                                       { Log(role, "ProxyDiscovered", d, Text(a), p); }));
            app->TraceConnectWithoutContext(
                "MediaRx", Callback<void, const std::string&, Ipv4Address, Ipv4Address, uint16_t>(
                               [this, role](const std::string& id, Ipv4Address from,
                                            Ipv4Address local, uint16_t)
                               {
                                   // One event per (from, local) pair change keeps the log small.
                                   std::string key = Text(from) + ">" + Text(local);
                                   auto& last = m_lastMedia[role + id];
                                   if (last != key)
                                   {
                                       last = key;
                                       Log(role, "MediaPath", Text(from), Text(local));
                                   }
                                   ++m_mediaCount[role + ">" + Text(local)];
                               }));
            if (Ptr<RoamingDhcpClient> dhcp = t.GetDhcpClient(ua.user))
            {
                dhcp->TraceConnectWithoutContext(
                    "NewLease",
                    Callback<void, const Ipv4Address&>([this, role](const Ipv4Address& a)
                                                       { Log(role, "NewLease", Text(a)); }));
                WifiAccessHelper::ConnectStaLinkTraces(
                    t.GetStaDevice(ua.user),
                    Callback<void, Mac48Address>([this, role](Mac48Address)
                                                 { Log(role, "Associated"); }),
                    Callback<void, Mac48Address>([this, role](Mac48Address)
                                                 { Log(role, "LinkLost"); }));
            }
        }
        // Server and gateway stacks exist once their applications have started (at 0 s).
        Simulator::Schedule(MilliSeconds(100),
                            [this]()
                            {
                                for (auto& [n, ms] : m_ms)
                                {
                                    TraceTransport("ms-" + n, ms->GetStack()->GetTransport());
                                    TraceTransport("rs-" + n,
                                                   m_rs.at(n)->GetStack()->GetTransport());
                                }
                                for (auto& [role, gw] : m_gw)
                                {
                                    TraceTransport(role, gw->GetStack()->GetTransport());
                                }
                            });
        if (setup)
        {
            setup(*this);
        }
    }

public:
    /// Media packets received per "role>local address".
    std::map<std::string, uint64_t> m_mediaCount;

private:
    std::map<std::string, std::string> m_lastMedia;
    std::map<std::string, std::string> m_static;
    std::map<std::string, Ptr<Node>> m_uaNodes;
    std::map<std::string, Ptr<SipUserAgent>> m_uas;
    std::map<std::string, Ptr<MarshalServer>> m_ms;
    std::map<std::string, Ptr<RedirectServer>> m_rs;
    std::map<std::string, Ptr<MarshalGateway>> m_gw;
};

/// \return the REGISTERs' path (requests and responses of method REGISTER) in a window
inline std::vector<std::string>
RegisterPath(const MobilityRun& r, double t0, double t1)
{
    return r.Path(t0, t1, [](const SipEvent& e) { return e.msg.GetCSeq().method == "REGISTER"; });
}

/// Print a path (for failure messages).
inline std::string
Join(const std::vector<std::string>& v)
{
    std::string s;
    for (const auto& x : v)
    {
        s += "\n  " + x;
    }
    return s;
}

} // namespace mobtest

#endif
