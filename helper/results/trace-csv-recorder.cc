// SPDX-License-Identifier: GPL-2.0-only
#include "results/trace-csv-recorder.h"

#include "access/dns-resolver.h"
#include "access/roaming-dhcp-client.h"
#include "access/roaming-dhcp-server.h"
#include "access/roaming-sta-wifi-mac.h"
#include "media/rtp-media-stream.h"
#include "mobility/address-watcher.h"
#include "mobility/proxy-discovery.h"
#include "proxy/marshal-gateway.h"
#include "proxy/marshal-server.h"
#include "proxy/redirect-server.h"
#include "results/handoff-monitor.h"
#include "results/results-schema.h"
#include "stack/sip-stack.h"
#include "stack/sip-udp-transport.h"
#include "ua/sip-user-agent.h"

#include "ns3/abort.h"
#include "ns3/config.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/mac48-address.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/traced-value.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <type_traits>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(TraceCsvRecorder);

/// One CSV file: a header, then one row per trace call.
class CsvTraceSink
{
public:
    /// \param path the file \param header the column names
    CsvTraceSink(const std::string& path, const std::vector<std::string>& header)
        : m_path(path)
        , m_out(path, std::ios::trunc)
    {
        if (!m_out)
        {
            throw TraceSpecError("--trace: cannot write '" + path + "'");
        }
        Write(header);
    }

    /// Writes one row, quoting the cells that need it (RFC 4180).
    void Write(const std::vector<std::string>& cells)
    {
        for (std::size_t i = 0; i < cells.size(); ++i)
        {
            const std::string& c = cells[i];
            m_out << (i ? "," : "");
            if (c.find_first_of(",\"\r\n") == std::string::npos)
            {
                m_out << c;
                continue;
            }
            m_out << '"';
            for (char ch : c)
            {
                m_out << (ch == '"' ? "\"\"" : std::string(1, ch));
            }
            m_out << '"';
        }
        m_out << "\n";
    }

    /// \return false when a write failed
    bool Flush()
    {
        m_out.flush();
        return static_cast<bool>(m_out);
    }

    /// \return the file name
    const std::string& Path() const
    {
        return m_path;
    }

private:
    std::string m_path;  ///< file name
    std::ofstream m_out; ///< the file
};

namespace
{

using Cells = std::vector<std::string>;

template <class T>
constexpr bool kIsRecord =
    std::is_same_v<T, sipmob::HandoffRecord> || std::is_same_v<T, sipmob::RegistrationRecord> ||
    std::is_same_v<T, sipmob::CallRecord> || std::is_same_v<T, sipmob::MediaRecord>;

template <class T> constexpr bool kNoRendering = false;

/// \return the results-table columns of a record type
template <class R>
const RecordColumns<R>&
ColumnsOf()
{
    if constexpr (std::is_same_v<R, sipmob::HandoffRecord>)
    {
        return HandoffColumns();
    }
    else if constexpr (std::is_same_v<R, sipmob::RegistrationRecord>)
    {
        return RegistrationColumns();
    }
    else if constexpr (std::is_same_v<R, sipmob::CallRecord>)
    {
        return CallColumns();
    }
    else
    {
        return MediaColumns();
    }
}

/// \return a number as text: integers exactly, reals with 12 significant digits (ns at 1000 s)
std::string
Number(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.12g", v);
    return buf;
}

/// \return a cell of a record column as CSV text ("" for NULL)
std::string
CellText(const Cell& c)
{
    if (const auto* i = std::get_if<int64_t>(&c))
    {
        return std::to_string(*i);
    }
    if (const auto* d = std::get_if<double>(&c))
    {
        return Number(*d);
    }
    if (const auto* s = std::get_if<std::string>(&c))
    {
        return *s;
    }
    return "";
}

/// The column names of one argument of type T called @p name.
template <class T>
void
Names(Cells& out, const std::string& name)
{
    if constexpr (kIsRecord<T>)
    {
        for (const auto& c : ColumnsOf<T>())
        {
            out.push_back(c.spec.name);
        }
    }
    else
    {
        out.push_back(name);
    }
}

/// Appends the cells of one argument.
template <class T>
void
Put(Cells& out, const T& v)
{
    std::ostringstream text;
    if constexpr (std::is_same_v<T, bool>)
    {
        out.push_back(v ? "1" : "0");
        return;
    }
    else if constexpr (std::is_enum_v<T>)
    {
        out.push_back(std::to_string(static_cast<long long>(v)));
        return;
    }
    else if constexpr (std::is_integral_v<T>)
    {
        out.push_back(std::to_string(+v)); // uint8_t as a number
        return;
    }
    else if constexpr (std::is_floating_point_v<T>)
    {
        out.push_back(Number(v));
        return;
    }
    else if constexpr (std::is_same_v<T, std::string>)
    {
        out.push_back(v);
        return;
    }
    else if constexpr (std::is_same_v<T, Ipv4Address> || std::is_same_v<T, Mac48Address>)
    {
        text << v;
    }
    else if constexpr (std::is_same_v<T, InetSocketAddress>)
    {
        text << v.GetIpv4() << ":" << v.GetPort();
    }
    else if constexpr (std::is_same_v<T, Address>)
    {
        if (InetSocketAddress::IsMatchingType(v))
        {
            const InetSocketAddress a = InetSocketAddress::ConvertFrom(v);
            text << a.GetIpv4() << ":" << a.GetPort();
        }
        else
        {
            text << v;
        }
    }
    else if constexpr (std::is_same_v<T, Time>)
    {
        out.push_back(Number(v.GetSeconds()));
        return;
    }
    else if constexpr (std::is_same_v<T, Ptr<const Packet>> || std::is_same_v<T, Ptr<Packet>>)
    {
        out.push_back(v ? std::to_string(v->GetSize()) : "");
        return;
    }
    else if constexpr (std::is_same_v<T, sipmob::SipMessage>)
    {
        if (v.IsRequest())
        {
            text << v.GetMethod() << " " << v.GetRequestUri().ToString() << " SIP/2.0";
        }
        else
        {
            text << "SIP/2.0 " << v.GetStatusCode() << " " << v.GetReasonPhrase();
        }
    }
    else if constexpr (kIsRecord<T>)
    {
        for (const auto& c : ColumnsOf<T>())
        {
            out.push_back(CellText(c.get(v)));
        }
        return;
    }
    else
    {
        static_assert(kNoRendering<T>, "no CSV rendering for this argument type");
    }
    out.push_back(text.str());
}

/// How to connect one callback signature: its columns and a connector.
struct Signature
{
    std::vector<std::string> args; ///< argument names (columns before record expansion)
    Cells columns;                 ///< time_s, context, then the argument columns
    std::function<bool(Ptr<Object>, const std::string&, const std::string&,
                       std::shared_ptr<CsvTraceSink>)>
        connect; ///< connects (object, source name, context, sink); false when refused
};

/// A signature from the function-pointer type of its typedef.
template <class... Ts>
Signature
MakeSignature(void (*)(Ts...), std::vector<std::string> args)
{
    NS_ABORT_MSG_UNLESS(args.size() == sizeof...(Ts), "one name per argument");
    Signature s;
    s.args = args;
    s.columns = {"time_s", "context"};
    std::size_t i = 0;
    (Names<std::decay_t<Ts>>(s.columns, args.at(i++)), ...);
    (void) i;
    s.connect = [](Ptr<Object> obj, const std::string& source, const std::string& context,
                   std::shared_ptr<CsvTraceSink> sink)
    {
        Callback<void, Ts...> cb(
            [sink, context](Ts... values)
            {
                char t[32];
                std::snprintf(t, sizeof(t), "%.9f", Simulator::Now().GetSeconds());
                Cells row{t, context};
                (Put<std::decay_t<Ts>>(row, values), ...);
                sink->Write(row);
            });
        return obj->TraceConnectWithoutContext(source, cb);
    };
    return s;
}

/// Every signature --trace can render, by the callback name its TypeId gives.
const std::map<std::string, Signature>&
Signatures()
{
    using UA = SipUserAgent;
    static const std::map<std::string, Signature> table = {
        {"ns3::SipUserAgent::AddressChangeTracedCallback",
         MakeSignature(UA::AddressChangeTracedCallback{}, {"old_address", "new_address"})},
        {"ns3::SipUserAgent::StateTracedCallback",
         MakeSignature(UA::StateTracedCallback{}, {"old_state", "new_state"})},
        {"ns3::SipUserAgent::RegistrationTracedCallback",
         MakeSignature(UA::RegistrationTracedCallback{}, {"record"})},
        {"ns3::SipUserAgent::RegisterSentTracedCallback",
         MakeSignature(UA::RegisterSentTracedCallback{}, {"contact"})},
        {"ns3::SipUserAgent::CallStateTracedCallback",
         MakeSignature(UA::CallStateTracedCallback{}, {"call_id", "old_state", "new_state"})},
        {"ns3::SipUserAgent::CallTracedCallback",
         MakeSignature(UA::CallTracedCallback{}, {"record"})},
        {"ns3::SipUserAgent::MediaTracedCallback",
         MakeSignature(UA::MediaTracedCallback{}, {"record"})},
        {"ns3::SipUserAgent::ReinviteSentTracedCallback",
         MakeSignature(UA::ReinviteSentTracedCallback{}, {"call_id"})},
        {"ns3::SipUserAgent::ReinviteResultTracedCallback",
         MakeSignature(UA::ReinviteResultTracedCallback{}, {"call_id", "status"})},
        {"ns3::SipUserAgent::MediaRxTracedCallback",
         MakeSignature(UA::MediaRxTracedCallback{}, {"call_id", "from", "local", "seq"})},
        {"ns3::SipUserAgent::DiscoverySentTracedCallback",
         MakeSignature(UA::DiscoverySentTracedCallback{}, {})},
        {"ns3::SipUserAgent::DiscoveryDoneTracedCallback",
         MakeSignature(UA::DiscoveryDoneTracedCallback{}, {"ok"})},
        {"ns3::SipUserAgent::ProxyDiscoveredTracedCallback",
         MakeSignature(UA::ProxyDiscoveredTracedCallback{}, {"domain", "proxy", "port"})},
        {"ns3::SipUdpTransport::MessageTracedCallback",
         MakeSignature(SipUdpTransport::MessageTracedCallback{},
                       {"message", "from", "to", "bytes"})},
        {"ns3::SipUdpTransport::ParseErrorTracedCallback",
         MakeSignature(SipUdpTransport::ParseErrorTracedCallback{}, {"reason", "from"})},
        {"ns3::SipStack::DiscardedTracedCallback",
         MakeSignature(SipStack::DiscardedTracedCallback{}, {"message", "from"})},
        {"ns3::RedirectServer::BindingTracedCallback",
         MakeSignature(RedirectServer::BindingTracedCallback{}, {"aor", "contact", "expires"})},
        {"ns3::RedirectServer::RefusedTracedCallback",
         MakeSignature(RedirectServer::RefusedTracedCallback{}, {"request", "from"})},
        {"ns3::RedirectServer::RouteTracedCallback",
         MakeSignature(RedirectServer::RouteTracedCallback{}, {"request", "decision"})},
        {"ns3::MarshalServer::VisitorTracedCallback",
         MakeSignature(MarshalServer::VisitorTracedCallback{}, {"visitor", "contact", "expires"})},
        {"ns3::MarshalServer::MessageTracedCallback",
         MakeSignature(MarshalServer::MessageTracedCallback{}, {"message", "peer"})},
        {"ns3::MarshalServer::RejectedTracedCallback",
         MakeSignature(MarshalServer::RejectedTracedCallback{}, {"request", "code", "reason"})},
        {"ns3::MarshalServer::AuthFailedTracedCallback",
         MakeSignature(MarshalServer::AuthFailedTracedCallback{}, {"user", "reason"})},
        {"ns3::MarshalGateway::RefusedTracedCallback",
         MakeSignature(MarshalGateway::RefusedTracedCallback{}, {"request", "from"})},
        {"ns3::MarshalGateway::ForwardedTracedCallback",
         MakeSignature(MarshalGateway::ForwardedTracedCallback{}, {"direction", "request"})},
        {"ns3::ProxyDiscovery::DiscoveredTracedCallback",
         MakeSignature(ProxyDiscovery::DiscoveredTracedCallback{},
                       {"domain", "proxy", "port", "method"})},
        {"ns3::ProxyDiscovery::FailedTracedCallback",
         MakeSignature(ProxyDiscovery::FailedTracedCallback{}, {"domain", "reason"})},
        {"ns3::AddressWatcher::AddressChangeTracedCallback",
         MakeSignature(AddressWatcher::AddressChangeTracedCallback{},
                       {"old_address", "new_address"})},
        {"ns3::RtpMediaStream::TxTracedCallback",
         MakeSignature(RtpMediaStream::TxTracedCallback{}, {"bytes", "destination", "seq"})},
        {"ns3::RtpMediaStream::RxTracedCallback",
         MakeSignature(RtpMediaStream::RxTracedCallback{},
                       {"bytes", "from", "local", "seq", "one_way_delay_s"})},
        {"ns3::RtpMediaStream::RxErrorTracedCallback",
         MakeSignature(RtpMediaStream::RxErrorTracedCallback{}, {"bytes", "from", "reason"})},
        {"ns3::RoamingDhcpClient::TxTracedCallback",
         MakeSignature(RoamingDhcpClient::TxTracedCallback{}, {"type", "xid"})},
        {"ns3::RoamingDhcpServer::MessageTracedCallback",
         MakeSignature(RoamingDhcpServer::MessageTracedCallback{}, {"type", "client", "address"})},
        {"ns3::RoamingStaWifiMac::StateTracedCallback",
         MakeSignature(RoamingStaWifiMac::StateTracedCallback{}, {"old_state", "new_state"})},
        {"ns3::RoamingStaWifiMac::ScanTracedCallback",
         MakeSignature(RoamingStaWifiMac::ScanTracedCallback{},
                       {"channels", "candidates", "duration_s"})},
        {"ns3::DnsResolver::QueryTracedCallback",
         MakeSignature(DnsResolver::QueryTracedCallback{}, {"name", "type", "attempt", "sent"})},
        {"ns3::HandoffMonitor::HandoffTracedCallback",
         MakeSignature(HandoffMonitor::HandoffTracedCallback{}, {"record"})},
        {"ns3::Packet::TracedCallback",
         MakeSignature(static_cast<void (*)(Ptr<const Packet>)>(nullptr), {"bytes"})},
        {"ns3::TracedValueCallback::Bool",
         MakeSignature(TracedValueCallback::Bool{}, {"old_value", "new_value"})},
        {"ns3::TracedValueCallback::Int32",
         MakeSignature(TracedValueCallback::Int32{}, {"old_value", "new_value"})},
        {"ns3::TracedValueCallback::Uint32",
         MakeSignature(TracedValueCallback::Uint32{}, {"old_value", "new_value"})},
        {"ns3::TracedValueCallback::Double",
         MakeSignature(TracedValueCallback::Double{}, {"old_value", "new_value"})},
        {"ns3::TracedValueCallback::Time",
         MakeSignature(TracedValueCallback::Time{}, {"old_value_s", "new_value_s"})},
    };
    return table;
}

/// Short-form kinds and the entity each names.
const std::map<std::string, std::string> kShortKinds = {
    {"ua", "ua@USER"},
    {"marshal", "marshal@NETWORK"},
    {"redirect", "redirect@NETWORK"},
    {"gateway", "gateway@NETWORK>PEER"},
};

/// \return the trace source names of @p tid and its parents, comma-separated
std::string
SourceNames(TypeId tid)
{
    std::string names;
    for (TypeId t = tid;; t = t.GetParent())
    {
        for (std::size_t i = 0; i < t.GetTraceSourceN(); ++i)
        {
            names += (names.empty() ? "" : ", ") + t.GetTraceSource(i).name;
        }
        if (t == Object::GetTypeId() || t.GetParent() == t)
        {
            break;
        }
    }
    return names;
}

} // namespace

TypeId
TraceCsvRecorder::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TraceCsvRecorder")
                            .SetParent<Object>()
                            .SetGroupName("Sipmob")
                            .AddConstructor<TraceCsvRecorder>();
    return tid;
}

TraceCsvRecorder::TraceCsvRecorder() = default;
TraceCsvRecorder::~TraceCsvRecorder() = default;

void
TraceCsvRecorder::DoDispose()
{
    m_sinks.clear();
    Object::DoDispose();
}

std::vector<std::string>
TraceCsvRecorder::SupportedSignatures()
{
    std::vector<std::string> names;
    for (const auto& [name, sig] : Signatures())
    {
        (void) sig;
        names.push_back(name);
    }
    return names;
}

std::pair<std::string, std::string>
TraceCsvRecorder::SplitSpec(const std::string& spec)
{
    const auto eq = spec.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
    {
        throw TraceSpecError("--trace '" + spec + "': expected SOURCE=FILE.csv");
    }
    return {spec.substr(0, eq), spec.substr(eq + 1)};
}

void
TraceCsvRecorder::Connect(const std::string& source, const std::string& file,
                          const EntityFinder& find)
{
    const std::string what = "--trace " + source;
    std::string sourceName;
    std::vector<std::pair<std::string, Ptr<Object>>> targets;
    if (!source.empty() && source[0] == '/')
    {
        const auto slash = source.rfind('/');
        sourceName = source.substr(slash + 1);
        const std::string path = source.substr(0, slash);
        if (sourceName.empty() || path.empty())
        {
            throw TraceSpecError(what + ": expected a Config path ending in a trace source name");
        }
        Config::MatchContainer matches = Config::LookupMatches(path);
        for (std::size_t i = 0; i < matches.GetN(); ++i)
        {
            std::string context = matches.GetMatchedPath(i);
            if (context.size() > 1 && context.back() == '/')
            {
                context.pop_back();
            }
            targets.emplace_back(context, matches.Get(i));
        }
    }
    else
    {
        const auto dot = source.find('.');
        const std::string entity = source.substr(0, dot);
        const auto at = entity.find('@');
        const std::string kind = entity.substr(0, at);
        if (dot == std::string::npos || dot + 1 == source.size() || kShortKinds.count(kind) == 0 ||
            (at != std::string::npos && at + 1 == entity.size()))
        {
            throw TraceSpecError(what +
                                 ": expected a Config path (/NodeList/...) or KIND[@NAME].SOURCE "
                                 "with KIND ua, marshal, redirect or gateway (e.g. ua@1001.Call)");
        }
        sourceName = source.substr(dot + 1);
        targets = find(kind, at == std::string::npos ? "" : entity.substr(at + 1));
    }
    if (targets.empty())
    {
        throw TraceSpecError(what + ": matches no object");
    }
    std::shared_ptr<CsvTraceSink> sink;
    const Signature* signature = nullptr;
    for (const auto& [context, obj] : targets)
    {
        const TypeId tid = obj->GetInstanceTypeId();
        TypeId::TraceSourceInformation info;
        if (!tid.LookupTraceSourceByName(sourceName, &info))
        {
            throw TraceSpecError(what + ": " + tid.GetName() + " has no trace source '" +
                                 sourceName + "' (it has: " + SourceNames(tid) + ")");
        }
        const auto it = Signatures().find(info.callback);
        if (it == Signatures().end())
        {
            throw TraceSpecError(what + ": its callback signature " + info.callback +
                                 " is not one --trace can write (scenarios/README.md, "
                                 "\"traces\", lists them)");
        }
        if (signature && signature != &it->second)
        {
            throw TraceSpecError(what + ": matches sources of different signatures");
        }
        signature = &it->second;
        if (!sink)
        {
            if (m_sinks.count(file))
            {
                throw TraceSpecError(what + ": file '" + file +
                                     "' already receives another source");
            }
            sink = std::make_shared<CsvTraceSink>(file, signature->columns);
            m_sinks[file] = sink;
        }
        if (!signature->connect(obj, sourceName, context, sink))
        {
            throw TraceSpecError(what + ": ns-3 refused the connection to " + context);
        }
    }
}

void
TraceCsvRecorder::Flush()
{
    for (const auto& [file, sink] : m_sinks)
    {
        if (!sink->Flush())
        {
            throw std::runtime_error("--trace: writing '" + file + "' failed");
        }
    }
}

} // namespace ns3
