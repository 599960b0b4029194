// SPDX-License-Identifier: GPL-2.0-only
#include "scenario/simulation-runner.h"

#include "mobility/registration-model-registry.h"

#include "access/dns-resolver.h"
#include "install/sip-network-helper.h"
#include "install/sip-user-agent-helper.h"
#include "mobility/proxy-discovery.h"
#include "results/handoff-call-setups.h"
#include "results/handoff-monitor.h"
#include "results/peer-media-index.h"
#include "results/sip-message-tracer.h"
#include "results/trace-csv-recorder.h"
#include "results/voice-quality-annotator.h"
#include "scenario/scenario-loader.h"
#include "testbed/host-tap-helper.h"
#include "testbed/realtime-lag-probe.h"
#include "testbed/realtime-scheduling.h"
#include "testbed/sip-testbed.h"
#include "ua/sip-user-agent.h"

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/global-value.h"
#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/object-factory.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"
#include "ns3/wifi-mac.h"
#include "ns3/wifi-net-device.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <set>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SimulationRunner");

namespace
{

const Ipv4Mask kNetMask("255.255.0.0");

/// Everything one run owns while the simulator runs.
struct RunState
{
    SipTestbed testbed;
    std::map<std::string, SipNetworkHelper::Installed> networks;
    std::map<std::string, Ptr<SipUserAgent>> uas;
    std::vector<Ptr<HandoffMonitor>> monitors;
    Ptr<PeerMediaIndex> peerMedia = Create<PeerMediaIndex>(); ///< peers' media -> monitors
    Ptr<SipMessageTracer> sipTracer;
    Ptr<TraceCsvRecorder> traceCsv;
    RunResults results;
};

void
ApplyDefaults(const TestbedConfig& cfg)
{
    for (const auto& [key, value] : cfg.defaults)
    {
        Config::SetDefault(key, StringValue(value));
    }
    for (const auto& [key, value] : cfg.attributes)
    {
        auto dot = key.find('.');
        std::string type = ScenarioLoader::EntityTypeName(key.substr(0, dot));
        Config::SetDefault(type + "::" + key.substr(dot + 1), StringValue(value));
    }
}

/// Every DNS server knows every domain's SRV and A records (a shared view, like a recursive one).
void
FillDns(RunState& s)
{
    for (auto& [name, inst] : s.networks)
    {
        (void) name;
        if (!inst.dns)
        {
            continue;
        }
        for (const auto& net : s.testbed.GetNetworks())
        {
            if (!net.config.dns || net.config.name == name)
            {
                continue;
            }
            std::string host = SipNetworkHelper::MarshalHostName(net.config);
            inst.dns->AddSrvRecord("_sip._udp." + net.config.domain, 0, 0, net.config.marshalPort,
                                   host, 3600);
            inst.dns->AddARecord(host, net.serverAddress, 3600);
        }
    }
}

/// The DNS server a node in `network` uses (its own network's, else any).
Ipv4Address
DnsServerOf(RunState& s, const std::string& network)
{
    const auto& net = s.testbed.GetNetwork(network);
    if (net.config.dns)
    {
        return net.serverAddress;
    }
    for (const auto& n : s.testbed.GetNetworks())
    {
        if (n.config.dns)
        {
            return n.serverAddress;
        }
    }
    return Ipv4Address::GetAny();
}

/// The UA's static proxy table: its own entries from the scenario, else one per network.
void
FillStaticTable(RunState& s, Ptr<ProxyDiscovery> pd, const UaConfig& ua)
{
    if (ua.staticTable.empty())
    {
        for (const auto& net : s.testbed.GetNetworks())
        {
            pd->AddStaticDomain(net.config.domain, net.serverAddress, net.config.marshalPort);
            pd->AddStaticRange(net.prefix, kNetMask, net.config.domain);
        }
        return;
    }
    for (const auto& e : ua.staticTable)
    {
        // A range without a domain names itself: its text is the key of its proxy.
        std::string domain = e.domain.empty() ? e.range : e.domain;
        pd->AddStaticDomain(domain, Ipv4Address(e.address.c_str()), e.port);
        if (!e.range.empty())
        {
            auto slash = e.range.find('/');
            Ipv4Mask mask(("/" + e.range.substr(slash + 1)).c_str());
            pd->AddStaticRange(Ipv4Address(e.range.substr(0, slash).c_str()), mask, domain);
        }
    }
}

Ptr<ProxyDiscovery>
MakeDiscovery(RunState& s, Ptr<Node> node, const UaConfig& ua)
{
    Ptr<ProxyDiscovery> pd = CreateObject<ProxyDiscovery>();
    FillStaticTable(s, pd, ua);
    bool anyDns = false;
    for (const auto& net : s.testbed.GetNetworks())
    {
        anyDns = anyDns || net.config.dns;
    }
    // The DNS flag is the UA's own: its scenario entry, else the discovery.UseDns attribute
    // (scenario `attributes:` or --set), and off when no network has a DNS server to ask.
    BooleanValue fromAttribute;
    pd->GetAttribute("UseDns", fromAttribute);
    bool useDns = anyDns && ua.useDns.value_or(fromAttribute.Get());
    pd->SetAttribute("UseDns", BooleanValue(useDns));
    if (useDns)
    {
        Ptr<DnsResolver> resolver = CreateObject<DnsResolver>();
        resolver->SetAttribute("ServerAddress", Ipv4AddressValue(DnsServerOf(s, ua.network)));
        resolver->SetNode(node);
        pd->SetResolver(resolver);
        Ptr<RoamingDhcpClient> dhcp = s.testbed.GetDhcpClient(ua.user);
        if (dhcp)
        {
            // DHCP option 6: a new lease points the resolver at the access network's DNS server.
            RoamingDhcpClient* client = PeekPointer(dhcp); // owned by the node, outlives the trace
            dhcp->TraceConnectWithoutContext(
                "NewLease",
                Callback<void, const Ipv4Address&>((
                    [client, resolver](const Ipv4Address&)
                    {
                        if (client->GetLease().dns != Ipv4Address::GetAny())
                        {
                            resolver->SetAttribute("ServerAddress",
                                                   Ipv4AddressValue(client->GetLease().dns));
                        }
                    })));
        }
    }
    if (Ptr<RoamingDhcpClient> dhcp = s.testbed.GetDhcpClient(ua.user))
    {
        // DHCP option 15: the domain of the network entered, for the outbound proxy's discovery.
        RoamingDhcpClient* client = PeekPointer(dhcp);
        Ptr<ProxyDiscovery> discovery = pd; // kept alive even if a test swaps the UA's discovery
        dhcp->TraceConnectWithoutContext(
            "NewLease", Callback<void, const Ipv4Address&>(
                            ([client, discovery](const Ipv4Address& a)
                             { discovery->SetLeaseDomain(a, client->GetLease().domain); })));
    }
    return pd;
}

void
InstallUserAgents(RunState& s, const TestbedConfig& cfg)
{
    for (const auto& ua : cfg.uas)
    {
        const auto& home = s.testbed.GetNetwork(ua.network);
        Ptr<Node> node = s.testbed.GetUaNode(ua.user);
        SipUserAgentHelper helper;
        helper.SetAttribute("User", StringValue(ua.user));
        helper.SetAttribute("Domain", StringValue(home.config.domain));
        helper.SetAttribute("Password", StringValue(ua.password));
        helper.SetAttribute("HomeProxyAddress", Ipv4AddressValue(home.serverAddress));
        helper.SetAttribute("HomeProxyPort", UintegerValue(home.config.marshalPort));
        helper.SetAttribute("RegistrationModel", StringValue(cfg.model));
        for (const auto& [name, value] : ua.attributes)
        {
            helper.SetAttribute(name, StringValue(value)); // this UA only (checked at load)
        }
        if (!ua.mediaAttributes.empty())
        {
            ObjectFactory media("ns3::RtpMediaStream");
            for (const auto& [name, value] : ua.mediaAttributes)
            {
                media.Set(name, StringValue(value)); // checked at load
            }
            helper.SetAttribute("MediaStream", ObjectFactoryValue(media));
        }
        ApplicationContainer apps = helper.Install(node);
        apps.Start(Seconds(ua.startAt));
        apps.Stop(Seconds(cfg.duration));
        Ptr<SipUserAgent> app = DynamicCast<SipUserAgent>(apps.Get(0));
        app->SetProxyDiscovery(MakeDiscovery(s, node, ua));
        if (Ptr<RoamingDhcpClient> dhcp = s.testbed.GetDhcpClient(ua.user))
        {
            app->SetDhcpClient(dhcp);
        }
        for (const auto& call : ua.calls)
        {
            app->AddCall(Seconds(call.at), call.callee, Seconds(call.duration));
        }
        s.uas[ua.user] = app;
    }
}

void
ConnectRecorder(RunState& s)
{
    RunResults* r = &s.results;
    for (auto& [user, ua] : s.uas)
    {
        (void) user;
        ua->TraceConnectWithoutContext(
            "Registration",
            Callback<void, const sipmob::RegistrationRecord&>(
                ([r](const sipmob::RegistrationRecord& rec) { r->registrations.push_back(rec); })));
        ua->TraceConnectWithoutContext(
            "Call", Callback<void, const sipmob::CallRecord&>(
                        ([r](const sipmob::CallRecord& rec) { r->calls.push_back(rec); })));
        ua->TraceConnectWithoutContext(
            "Media", Callback<void, const sipmob::MediaRecord&>(
                         ([r](const sipmob::MediaRecord& rec) { r->media.push_back(rec); })));
    }
}

void
ConnectMonitor(RunState& s, const UaConfig& ua)
{
    Ptr<HandoffMonitor> m = CreateObject<HandoffMonitor>();
    Ptr<SipUserAgent> app = s.uas.at(ua.user);
    SipTestbed* tb = &s.testbed;
    m->Configure(
        app->GetAor(), [tb](Ipv4Address a) { return tb->NetworkOfAddress(a); },
        [tb](Mac48Address bssid)
        {
            int32_t ap = tb->GetWifi().FindAp(bssid);
            return ap < 0 ? std::string() : tb->NetworkOfAddress(tb->GetWifi().GetApAddress(ap));
        });
    WifiAccessHelper::ConnectStaLinkTraces(s.testbed.GetStaDevice(ua.user),
                                           MakeCallback(&HandoffMonitor::OnAssociated, m),
                                           MakeCallback(&HandoffMonitor::OnDeassociated, m));
    s.testbed.GetDhcpClient(ua.user)->TraceConnectWithoutContext(
        "NewLease", MakeCallback(&HandoffMonitor::OnLease, m));
    app->TraceConnectWithoutContext("AddressChange",
                                    MakeCallback(&HandoffMonitor::OnAddressChange, m));
    app->TraceConnectWithoutContext("DiscoverySent",
                                    MakeCallback(&HandoffMonitor::OnDiscoverySent, m));
    app->TraceConnectWithoutContext("DiscoveryDone",
                                    MakeCallback(&HandoffMonitor::OnDiscoveryDone, m));
    app->TraceConnectWithoutContext("RegisterSent",
                                    MakeCallback(&HandoffMonitor::OnRegisterSent, m));
    app->TraceConnectWithoutContext("Registration",
                                    MakeCallback(&HandoffMonitor::OnRegistration, m));
    app->TraceConnectWithoutContext("ReinviteSent",
                                    MakeCallback(&HandoffMonitor::OnReinviteSent, m));
    app->TraceConnectWithoutContext("ReinviteResult",
                                    MakeCallback(&HandoffMonitor::OnReinviteResult, m));
    app->TraceConnectWithoutContext("MediaRx", MakeCallback(&HandoffMonitor::OnMobileMediaRx, m));
    if (Ptr<WifiNetDevice> sta = DynamicCast<WifiNetDevice>(s.testbed.GetStaDevice(ua.user)))
    {
        // RoamingStaWifiMac only (ns-3's StaWifiMac has no ScanDone: scan_ms stays empty)
        sta->GetMac()->TraceConnectWithoutContext("ScanDone",
                                                  MakeCallback(&HandoffMonitor::OnScanDone, m));
    }
    // The peers' media reaches this monitor through the index, by the addresses it leases
    // (ConnectPeerMedia), not through a connection to every other user agent.
    PeerMediaIndex* index = PeekPointer(s.peerMedia);
    const std::string mobile = ua.user;
    s.testbed.GetDhcpClient(ua.user)->TraceConnectWithoutContext(
        "NewLease", Callback<void, const Ipv4Address&>(([index, mobile, m](const Ipv4Address& a)
                                                        { index->AddLease(a, mobile, m); })));
    RunResults* r = &s.results;
    m->TraceConnectWithoutContext(
        "Handoff", Callback<void, const sipmob::HandoffRecord&>(
                       ([r](const sipmob::HandoffRecord& rec) { r->handoffs.push_back(rec); })));
    s.monitors.push_back(m);
}

/// Every user agent's received media, once, to the hand-off monitors (PeerMediaIndex).
void
ConnectPeerMedia(RunState& s)
{
    if (s.monitors.empty())
    {
        return;
    }
    Ptr<PeerMediaIndex> index = s.peerMedia;
    for (auto& [user, ua] : s.uas)
    {
        const std::string receiver = user;
        ua->TraceConnectWithoutContext(
            "MediaRx", Callback<void, const std::string&, Ipv4Address, Ipv4Address, uint16_t>(
                           ([index, receiver](const std::string& callId, Ipv4Address from,
                                              Ipv4Address local, uint16_t seq)
                            { index->OnMediaRx(receiver, callId, from, local, seq); })));
    }
}

/// Records every SIP message of every entity (`--trace-sip`) into s.results.sipMessages.
void
ConnectSipTracer(RunState& s, const TestbedConfig& cfg, const std::string& detail)
{
    if (detail != "headers" && detail != "full")
    {
        throw std::runtime_error("trace-sip: expected 'headers' or 'full', not '" + detail + "'");
    }
    s.sipTracer = CreateObject<SipMessageTracer>();
    s.sipTracer->Configure(detail == "full" ? SipMessageTracer::Detail::Full
                                            : SipMessageTracer::Detail::Headers,
                           &s.results.sipMessages);
    for (auto& [name, inst] : s.networks)
    {
        Ptr<MarshalServer> ms = inst.marshal;
        s.sipTracer->Watch(ms, SipMessageTracer::EntityName("marshal", name),
                           [ms]() { return ms->GetStack(); });
        Ptr<RedirectServer> rs = inst.redirect;
        s.sipTracer->Watch(rs, SipMessageTracer::EntityName("redirect", name),
                           [rs]() { return rs->GetStack(); });
        for (auto& [peer, gw] : inst.gateways)
        {
            Ptr<MarshalGateway> g = gw;
            s.sipTracer->Watch(g, SipMessageTracer::EntityName("gateway", name, peer),
                               [g]() { return g->GetStack(); });
        }
    }
    for (const auto& ua : cfg.uas)
    {
        Ptr<SipUserAgent> app = s.uas.at(ua.user);
        s.sipTracer->Watch(app, SipMessageTracer::EntityName("ua", ua.network, ua.user),
                           [app]() { return app->GetStack(); });
    }
}

/// The entities a short trace form names: (KIND@NAME context, object); "" name = every one.
std::vector<std::pair<std::string, Ptr<Object>>>
FindEntities(RunState& s, const std::string& kind, const std::string& name)
{
    std::vector<std::pair<std::string, Ptr<Object>>> found;
    if (kind == "ua")
    {
        for (auto& [user, ua] : s.uas)
        {
            if (name.empty() || name == user)
            {
                found.emplace_back("ua@" + user, ua);
            }
        }
        return found;
    }
    for (auto& [net, inst] : s.networks)
    {
        if (kind == "gateway")
        {
            for (auto& [peer, gw] : inst.gateways)
            {
                const std::string id = net + ">" + peer;
                if (name.empty() || name == net || name == id)
                {
                    found.emplace_back("gateway@" + id, gw);
                }
            }
        }
        else if (name.empty() || name == net)
        {
            Ptr<Object> entity =
                kind == "marshal" ? Ptr<Object>(inst.marshal) : Ptr<Object>(inst.redirect);
            found.emplace_back(kind + "@" + net, entity);
        }
    }
    return found;
}

/// Connects the scenario's `traces:` and the --trace requests to their CSV files.
void
ConnectTraceFiles(RunState& s, const TestbedConfig& cfg, const RunOptions& opt)
{
    auto requests = cfg.traces;
    requests.insert(requests.end(), opt.traces.begin(), opt.traces.end());
    if (requests.empty())
    {
        return;
    }
    s.traceCsv = CreateObject<TraceCsvRecorder>();
    RunState* state = &s;
    for (const auto& [source, file] : requests)
    {
        s.traceCsv->Connect(source, file,
                            [state](const std::string& kind, const std::string& n)
                            { return FindEntities(*state, kind, n); });
    }
}

/// RunOptions::scheduler names -> ns-3 scheduler TypeIds (src/core/model/*-scheduler.h; the
/// first, ours, is the default).
const std::vector<std::pair<std::string, std::string>> kSchedulers = {
    {"quad", "ns3::QuadHeapScheduler"}, {"map", "ns3::MapScheduler"},
    {"heap", "ns3::HeapScheduler"},     {"calendar", "ns3::CalendarScheduler"},
    {"list", "ns3::ListScheduler"},     {"priority", "ns3::PriorityQueueScheduler"},
};

/// @p withTaps: host TAP devices are attached (their packets need real checksums).
void
SelectSimulator(const RunOptions& opt, bool withTaps)
{
    const std::string scheduler = opt.scheduler.empty() ? kSchedulers.front().first : opt.scheduler;
    auto it = std::find_if(kSchedulers.begin(), kSchedulers.end(),
                           [&scheduler](const auto& s) { return s.first == scheduler; });
    if (it == kSchedulers.end())
    {
        std::string known;
        for (const auto& [name, type] : kSchedulers)
        {
            known += (known.empty() ? "" : ", ") + name;
        }
        throw std::invalid_argument("unknown scheduler '" + scheduler + "' (" + known + ")");
    }
    GlobalValue::Bind("SchedulerType", StringValue(it->second));
    if (opt.realtime)
    {
        GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::RealtimeSimulatorImpl"));
        // The host kernel drops UDP packets with ns-3's zero checksums; without a TAP nothing
        // leaves the simulation and the checksums (IP, UDP, Wi-Fi and Ethernet FCS: ~2 % of the
        // CPU of a 10-mobile run in real time, doc/realtime.md "Lag") are not computed.
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(withTaps));
        // ns-3's HardLimit mode aborts the process (SIGABRT, no summary) when the lag exceeds
        // the limit; the lag probe enforces the limit instead (RunOptions::realtimeOverload).
        Config::SetDefault("ns3::RealtimeSimulatorImpl::SynchronizationMode",
                           StringValue("BestEffort"));
    }
    else
    {
        GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::DefaultSimulatorImpl"));
    }
}

/// Creates @p dir and its parents (like mkdir -p); throws std::runtime_error, one line, on failure.
void
MakeDirectories(const std::string& dir)
{
    std::string path;
    std::size_t pos = 0;
    while (pos != std::string::npos)
    {
        pos = dir.find('/', pos + 1);
        path = dir.substr(0, pos);
        if (path.empty() || mkdir(path.c_str(), 0777) == 0 || errno == EEXIST)
        {
            continue;
        }
        throw std::runtime_error("pcap directory '" + dir + "': cannot create '" + path +
                                 "': " + std::strerror(errno));
    }
    struct stat st;
    if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || access(dir.c_str(), W_OK) != 0)
    {
        throw std::runtime_error("pcap directory '" + dir + "': not a writable directory");
    }
}

} // namespace

std::vector<std::string>
SimulationRunner::SchedulerNames()
{
    std::vector<std::string> names;
    for (const auto& [name, type] : kSchedulers)
    {
        names.push_back(name);
    }
    return names;
}

RunOutput
SimulationRunner::Run(const TestbedConfig& config, const RunOptions& options)
{
    auto wallStart = std::chrono::steady_clock::now();
    TestbedConfig cfg = config;
    if (!options.model.empty())
    {
        cfg.model = options.model;
    }
    if (!RegistrationModelRegistry::Find(cfg.model))
    {
        throw std::runtime_error("unknown registration model '" + cfg.model + "' (expected " +
                                 RegistrationModelRegistry::NamesText() + ")");
    }
    if (!options.pcapDir.empty())
    {
        cfg.pcapDir = options.pcapDir;
    }
    if (!cfg.pcapDir.empty())
    {
        MakeDirectories(cfg.pcapDir);
    }
    RngSeedManager::SetSeed(options.seed);
    RngSeedManager::SetRun(options.run);
    std::vector<std::string> tapSpecs = options.taps;
    RealtimeScheduling::Setting priority{0, false};
    RunOutput out;
    if (options.realtime)
    {
        tapSpecs.insert(tapSpecs.end(), cfg.taps.begin(), cfg.taps.end());
        priority = options.realtimePriority.empty()
                       ? RealtimeScheduling::Parse(cfg.realtimePriority, "realtime_priority")
                       : RealtimeScheduling::Parse(options.realtimePriority, "--realtime-priority");
        // Refused before anything is built (an explicit priority throws, auto notes it).
        out.realtimeNote = RealtimeScheduling::Check(priority);
    }
    SelectSimulator(options, !tapSpecs.empty());
    ApplyDefaults(cfg);

    out.model = cfg.model;
    {
        RunState s;
        s.testbed.BuildTopology(cfg);
        for (const auto& net : cfg.networks)
        {
            s.networks[net.name] = SipNetworkHelper::Install(s.testbed, net.name, cfg.model);
        }
        FillDns(s);
        InstallUserAgents(s, cfg);
        ConnectRecorder(s);
        if (!options.traceSip.empty())
        {
            ConnectSipTracer(s, cfg, options.traceSip);
        }
        ConnectTraceFiles(s, cfg, options);
        for (const auto& ua : cfg.uas)
        {
            if (ua.mobile)
            {
                ConnectMonitor(s, ua);
            }
        }
        ConnectPeerMedia(s);
        if (!cfg.pcapDir.empty())
        {
            s.testbed.EnablePcap(cfg.pcapDir);
        }
        HostTapHelper taps;
        RealtimeLagProbe probe;
        for (const auto& spec : tapSpecs)
        {
            auto [net, name] = HostTapHelper::ParseTapSpec(spec);
            taps.Attach(s.testbed, net, name);
        }
        if (options.realtime)
        {
            const bool stop = options.realtimeOverload != "warn";
            RunOutput* o = &out;
            probe.SetLimit(Seconds(options.realtimeHardLimitS),
                           Callback<void, Time>(
                               [o, stop](Time lag)
                               {
                                   if (!o->overloaded)
                                   {
                                       o->overloaded = true;
                                       o->overloadAtS = Simulator::Now().GetSeconds();
                                       o->overloadLagMs =
                                           lag.GetNanoSeconds() / 1e6; // as GetMaxLagMs
                                   }
                                   if (stop)
                                   {
                                       Simulator::Stop();
                                   }
                               }));
            probe.Start(MilliSeconds(100));
            HostTapHelper::InstallSignalHandlers();
        }
        if (options.onBuilt)
        {
            options.onBuilt(s.testbed);
        }
        // The user agents stop (and de-register) at the end; give their transactions time.
        Simulator::Stop(Seconds(cfg.duration + 2));
        std::optional<RealtimeScheduling> scheduling;
        if (options.realtime)
        {
            // Node initialisation (every device, protocol and application of every node) is
            // scheduled at 0 s; in real time it would run after the clock started and put the
            // run behind by its cost (7 ms for realtime-host.yaml, 28 ms for 10 mobiles). Done
            // here, before the clock starts; the events at 0 s then find the nodes initialised
            // (Object::Initialize runs once). Not in simulated time: it would reorder the
            // events of instant 0.
            for (auto it = NodeList::Begin(); it != NodeList::End(); ++it)
            {
                (*it)->Initialize();
            }
            scheduling.emplace(priority);
            out.realtimePriority = scheduling->GetPriority();
            out.memoryLocked = scheduling->IsMemoryLocked();
        }
        Simulator::Run();
        scheduling.reset();
        if (options.realtime)
        {
            HostTapHelper::RestoreSignalHandlers();
            out.maxLagMs = probe.GetMaxLagMs();
            out.overloadSamples = probe.GetSamplesOverLimit();
            out.stopSignal = HostTapHelper::GetStopSignal();
        }
        // Every call leg and media stream has its rows: a call still up (a BYE unanswered at the
        // end) ends as "run-ended", a scheduled call never placed says why.
        for (auto& [user, ua] : s.uas)
        {
            (void) user;
            ua->ReportUnfinishedCalls();
        }
        for (auto& m : s.monitors)
        {
            m->Flush();
        }
        if (s.traceCsv)
        {
            s.traceCsv->Flush();
        }
        out.simTimeS = Simulator::Now().GetSeconds();
        out.events = Simulator::GetEventCount();
        out.results = std::move(s.results);
        // The columns computed from the whole run: calls in setup at a move, voice quality.
        HandoffCallSetups::Annotate(out.results);
        VoiceQualityAnnotator::Annotate(out.results);
        Simulator::Destroy();
    }
    Config::Reset();
    GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::DefaultSimulatorImpl"));
    out.wallTimeS =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    return out;
}

} // namespace ns3
