// SPDX-License-Identifier: GPL-2.0-only
#include "scenario/scenario-loader.h"

#include "scenario/attribute-check.h"

#include "mobility/registration-model-registry.h"
#include "registrar/dial-plan.h"
#include "testbed/realtime-scheduling.h"

#include "ns3/attribute.h"
#include "ns3/data-rate.h"
#include "ns3/string.h"
#include "ns3/type-id.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <sys/stat.h>

namespace ns3
{

namespace
{

/// Entity kinds usable in `attributes:` keys, and the TypeId each one configures.
const std::map<std::string, std::string> kEntityTypes = {
    {"ua", "ns3::SipUserAgent"},         {"marshal", "ns3::MarshalServer"},
    {"redirect", "ns3::RedirectServer"}, {"gateway", "ns3::MarshalGateway"},
    {"dhcp", "ns3::RoamingDhcpClient"},  {"stack", "ns3::SipStack"},
    {"dns", "ns3::DnsServer"},           {"resolver", "ns3::DnsResolver"},
    {"media", "ns3::RtpMediaStream"},    {"discovery", "ns3::ProxyDiscovery"},
};

/// Largest coordinate accepted, in metres (documented in scenarios/README.md).
constexpr double kMaxCoordinateM = 1e6;
/// Longest simulated time accepted, in seconds (about 11.6 days).
constexpr double kMaxTimeS = 1e6;
/// Largest walking (or driving) speed of a path, m/s.
constexpr double kMaxSpeedMps = 1000;
/// Most user IDs one subscriber range may hold (documented in scenarios/README.md).
constexpr long kMaxRangeSize = 100000;

/// @return @p s with control and non-ASCII bytes as \xNN, cut to 60 characters, for messages
std::string
Printable(const std::string& s)
{
    std::string out;
    for (unsigned char c : s)
    {
        if (out.size() >= 60)
        {
            return out + "...";
        }
        if (c < 0x20 || c >= 0x7f)
        {
            const char* hex = "0123456789abcdef";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
        else
        {
            out += static_cast<char>(c);
        }
    }
    return out;
}

/// @return true for a DNS label: 1-63 ASCII letters, digits, '-' (not first or last), or '_'
bool
IsLabel(const std::string& s)
{
    if (s.empty() || s.size() > 63 || s.front() == '-' || s.back() == '-')
    {
        return false;
    }
    return std::all_of(s.begin(), s.end(),
                       [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
}

/// @return true for a domain name: dot-separated labels, at most 253 characters
bool
IsDomain(const std::string& s)
{
    if (s.empty() || s.size() > 253)
    {
        return false;
    }
    std::stringstream ss(s);
    std::string label;
    std::size_t labels = 0;
    while (std::getline(ss, label, '.'))
    {
        if (!IsLabel(label))
        {
            return false;
        }
        ++labels;
    }
    return labels > 0 && s.back() != '.';
}

/// @return true for a SIP user ID: 1-64 ASCII letters, digits or "-_.!~*'()&=+$,;?/" (RFC 3261
///         25.1 "user": unreserved and user-unreserved characters, no escapes)
bool
IsUser(const std::string& s)
{
    static const std::string extra = "-_.!~*'()&=+$,;?/";
    return !s.empty() && s.size() <= 64 &&
           std::all_of(s.begin(), s.end(),
                       [](unsigned char c) {
                           return std::isalnum(c) ||
                                  extra.find(static_cast<char>(c)) != std::string::npos;
                       });
}

/// Reads typed values out of the YAML tree; every error names file, line and key.
class Reader
{
public:
    explicit Reader(std::string file)
        : m_file(std::move(file))
    {
    }

    /// Remember an override, so that errors in its value name the --set, not a line of the file.
    void AddOverride(const std::string& path, const std::string& text)
    {
        m_overrides[path] = text;
    }

    /// The "KEY=VALUE" of the --set that gave the value at `key` ("a[0].b" matches a --set of
    /// "a.0.b"), or null when the value comes from the file.
    const std::string* OverrideOf(const std::string& key) const
    {
        std::string path;
        for (char c : key)
        {
            if (c == '[')
            {
                path += '.';
            }
            else if (c != ']')
            {
                path += c;
            }
        }
        auto it = m_overrides.find(path);
        if (it != m_overrides.end())
        {
            return &it->second;
        }
        // A key that only exists because an override created it (--set lan.kind=... on a file
        // without `lan:`) is reported as that override's.
        for (const auto& [p, text] : m_overrides)
        {
            if (p.rfind(path + ".", 0) == 0)
            {
                return &text;
            }
        }
        // A key inside a value an override gave (--set 'traces={a: [1]}' and traces.a).
        for (const auto& [p, text] : m_overrides)
        {
            if (path.rfind(p + ".", 0) == 0)
            {
                return &text;
            }
        }
        return nullptr;
    }

    [[noreturn]] void Fail(const YAML::Node& node, const std::string& key,
                           const std::string& reason) const
    {
        std::ostringstream os;
        os << m_file;
        if (const std::string* set = OverrideOf(key))
        {
            os << ": --set " << *set;
        }
        else if (node.IsDefined() && node.Mark().line >= 0)
        {
            os << ":" << node.Mark().line + 1;
        }
        os << ": " << key << ": " << reason;
        throw ScenarioError(os.str());
    }

    /**
     * Calls entry(kv) for every entry of an optional settings mapping (`defaults:`,
     * `attributes:`); absent or null is no entry, anything but a mapping fails at @p where.
     */
    template <typename F>
    void ForEachSetting(const YAML::Node& map, const std::string& where, const char* expected,
                        F entry) const
    {
        if (!map.IsDefined() || map.IsNull())
        {
            return;
        }
        if (!map.IsMap())
        {
            Fail(map, where, expected);
        }
        for (const auto& kv : map)
        {
            // Checked here so that yaml-cpp's "bad conversion" (no key, no line) never shows.
            if (!kv.first.IsScalar())
            {
                Fail(kv.first, where, "a key must be a single name, not a list or mapping");
            }
            entry(kv);
        }
    }

    void Keys(const YAML::Node& map, const std::string& where,
              const std::set<std::string>& allowed) const
    {
        if (!map.IsMap())
        {
            Fail(map, where, "expected a mapping");
        }
        for (const auto& kv : map)
        {
            if (!kv.first.IsScalar())
            {
                Fail(kv.first, where.empty() ? "(top level)" : where,
                     "a key must be a single name, not a list or mapping");
            }
            std::string k = kv.first.Scalar();
            if (!allowed.count(k))
            {
                std::string list;
                for (const auto& a : allowed)
                {
                    list += (list.empty() ? "" : ", ") + a;
                }
                Fail(kv.first, where.empty() ? k : where + "." + k,
                     "unknown key (expected one of: " + list + ")");
            }
        }
    }

    template <typename T>
    T Get(const YAML::Node& map, const std::string& where, const std::string& key, T fallback,
          bool required = false) const
    {
        YAML::Node v = map[key];
        std::string path = where.empty() ? key : where + "." + key;
        if (!v.IsDefined() || v.IsNull())
        {
            if (required)
            {
                Fail(map, path, "missing required key");
            }
            return fallback;
        }
        if (!v.IsScalar())
        {
            Fail(v, path, "expected a single value");
        }
        T value{};
        try
        {
            value = v.as<T>();
        }
        catch (const YAML::Exception&)
        {
            Fail(v, path, "wrong type: '" + Printable(v.Scalar()) + "' is not " + TypeName<T>());
        }
        if constexpr (std::is_floating_point_v<T>)
        {
            if (!std::isfinite(value))
            {
                Fail(v, path, "must be a finite number (got '" + Printable(v.Scalar()) + "')");
            }
        }
        return value;
    }

    /// A number that must lie in [lo, hi] (units in the reason).
    double GetInRange(const YAML::Node& map, const std::string& where, const std::string& key,
                      double fallback, double lo, double hi, const std::string& unit,
                      bool required = false) const
    {
        const double value = Get<double>(map, where, key, fallback, required);
        if (value < lo || value > hi)
        {
            std::ostringstream reason;
            reason << "must be in [" << lo << ", " << hi << "]" << (unit.empty() ? "" : " " + unit)
                   << " (got " << value << ")";
            Fail(map[key], where.empty() ? key : where + "." + key, reason.str());
        }
        return value;
    }

    /// A name that must consist of the characters @p allowed describes (checked by @p ok).
    std::string GetName(const YAML::Node& map, const std::string& where, const std::string& key,
                        const std::string& fallback, bool required, bool (*ok)(const std::string&),
                        const std::string& allowed) const
    {
        const std::string value = Get<std::string>(map, where, key, fallback, required);
        if (!ok(value))
        {
            Fail(map[key], where.empty() ? key : where + "." + key,
                 "'" + Printable(value) + "' is not a valid name (" + allowed + ")");
        }
        return value;
    }

    YAML::Node List(const YAML::Node& map, const std::string& where, const std::string& key,
                    bool required = false) const
    {
        YAML::Node v = map[key];
        std::string path = where.empty() ? key : where + "." + key;
        if (!v.IsDefined() || v.IsNull())
        {
            if (required)
            {
                Fail(map, path, "missing required key");
            }
            return YAML::Node(YAML::NodeType::Sequence);
        }
        if (!v.IsSequence())
        {
            Fail(v, path, "expected a list");
        }
        return v;
    }

private:
    template <typename T> static std::string TypeName()
    {
        if constexpr (std::is_same_v<T, bool>)
        {
            return "a boolean";
        }
        else if constexpr (std::is_integral_v<T>)
        {
            return "an integer";
        }
        else if constexpr (std::is_floating_point_v<T>)
        {
            return "a number";
        }
        else
        {
            return "text";
        }
    }

    std::string m_file;
    std::map<std::string, std::string> m_overrides; ///< normalised path -> "KEY=VALUE"
};

std::string
Indexed(const std::string& list, size_t i)
{
    return list + "[" + std::to_string(i) + "]";
}

void
ReadSubscribers(const Reader& r, const YAML::Node& list, const std::string& where,
                NetworkConfig& net)
{
    for (size_t i = 0; i < list.size(); ++i)
    {
        YAML::Node s = list[i];
        std::string at = Indexed(where, i);
        if (s.IsScalar())
        {
            std::string text = s.Scalar();
            auto dash = text.find('-');
            if (dash == std::string::npos)
            {
                if (!IsUser(text))
                {
                    r.Fail(s, at, "'" + Printable(text) + "' is not a valid user ID");
                }
                net.subscribers.push_back({text, ""});
                continue;
            }
            long lo = 0;
            long hi = 0;
            try
            {
                lo = std::stol(text.substr(0, dash));
                hi = std::stol(text.substr(dash + 1));
            }
            catch (const std::exception&)
            {
                r.Fail(s, at, "range '" + Printable(text) + "' is not FIRST-LAST");
            }
            if (lo < 0 || hi < lo)
            {
                r.Fail(s, at, "range '" + Printable(text) + "' is empty or negative");
            }
            if (hi - lo + 1 > kMaxRangeSize)
            {
                r.Fail(s, at,
                       "range '" + text + "' holds " + std::to_string(hi - lo + 1) +
                           " user IDs; the limit is " + std::to_string(kMaxRangeSize));
            }
            for (long u = lo; u <= hi; ++u)
            {
                net.subscribers.push_back({std::to_string(u), ""});
            }
            continue;
        }
        r.Keys(s, at, {"user", "password"});
        net.subscribers.push_back(
            {r.GetName(s, at, "user", "", true, IsUser, "letters, digits, -_.!~*'()&=+$,;?/"),
             r.Get<std::string>(s, at, "password", "")});
    }
}

NetworkConfig
ReadNetwork(const Reader& r, const YAML::Node& n, const std::string& at)
{
    r.Keys(n, at,
           {"name", "domain", "prefix", "subscribers", "dial_plan", "access_points", "dns",
            "marshal_port", "redirect_port"});
    NetworkConfig net;
    net.name =
        r.GetName(n, at, "name", "", true, IsLabel, "1-63 ASCII letters, digits, '-' or '_'");
    net.domain = r.GetName(n, at, "domain", net.name + ".example.org", false, IsDomain,
                           "dot-separated labels of ASCII letters, digits, '-' or '_'");
    net.prefix = r.Get<std::string>(n, at, "prefix", "", true);
    in_addr parsed{};
    if (inet_pton(AF_INET, net.prefix.c_str(), &parsed) != 1 || (ntohl(parsed.s_addr) & 0xffff))
    {
        r.Fail(n["prefix"], at + ".prefix",
               "'" + net.prefix + "' is not a /16 network address like 10.1.0.0");
    }
    net.dns = r.Get<bool>(n, at, "dns", true);
    net.marshalPort = r.Get<uint16_t>(n, at, "marshal_port", 5060);
    net.redirectPort = r.Get<uint16_t>(n, at, "redirect_port", 5070);
    ReadSubscribers(r, r.List(n, at, "subscribers"), at + ".subscribers", net);
    YAML::Node plan = r.List(n, at, "dial_plan");
    for (size_t i = 0; i < plan.size(); ++i)
    {
        std::string pat = Indexed(at + ".dial_plan", i);
        r.Keys(plan[i], pat, {"pattern", "network", "peer"});
        const std::string pattern = r.Get<std::string>(plan[i], pat, "pattern", "", true);
        if (const std::string why = sipmob::DialPlan::CheckPattern(pattern); !why.empty())
        {
            r.Fail(plan[i]["pattern"], pat + ".pattern", "'" + Printable(pattern) + "': " + why);
        }
        // The next hop: a network (its gateway pair) or an external peer (external_peers).
        if (plan[i]["network"].IsDefined() == plan[i]["peer"].IsDefined())
        {
            r.Fail(plan[i], pat,
                   "needs exactly one of network (a network) or peer (an external peer)");
        }
        const char* hop = plan[i]["peer"].IsDefined() ? "peer" : "network";
        net.dialPlan.push_back({pattern, r.Get<std::string>(plan[i], pat, hop, "", true)});
    }
    YAML::Node aps = r.List(n, at, "access_points");
    for (size_t i = 0; i < aps.size(); ++i)
    {
        std::string apAt = Indexed(at + ".access_points", i);
        r.Keys(aps[i], apAt, {"x", "y", "channel"});
        AccessPointConfig ap;
        ap.x = r.GetInRange(aps[i], apAt, "x", 0, -kMaxCoordinateM, kMaxCoordinateM, "m", true);
        ap.y = r.GetInRange(aps[i], apAt, "y", 0, -kMaxCoordinateM, kMaxCoordinateM, "m");
        if (aps[i]["channel"].IsDefined())
        {
            const int channel = r.Get<int>(aps[i], apAt, "channel", 0);
            if (channel < 1 || channel > 13)
            {
                r.Fail(aps[i]["channel"], apAt + ".channel",
                       "must be an 802.11b channel 1-13 (got " + std::to_string(channel) + ")");
            }
            ap.channel = static_cast<uint8_t>(channel);
        }
        net.accessPoints.push_back(ap);
    }
    return net;
}

void CheckAttribute(const Reader& r, const YAML::Node& node, const std::string& key,
                    const std::string& typeName, const std::string& attr, const std::string& value);

/**
 * A UA's path: timed waypoints `{t, x, y}`, or with `speed` (m/s) points `{x, y}` reached one
 * after the other at that speed from t = 0; either way `pause` (s) at a point holds the position
 * that long (one more waypoint).
 */
void
ReadPath(const Reader& r, const YAML::Node& u, const std::string& at, UaConfig& ua)
{
    YAML::Node path = r.List(u, at, "path");
    const bool bySpeed = u["speed"].IsDefined();
    const double speed = r.Get<double>(u, at, "speed", 0);
    // One rule, one message: 0 < speed <= kMaxSpeedMps (scenarios/README.md). Zero would never
    // reach the next point, and GetInRange's closed interval would word the rule wrongly.
    if (bySpeed && !(speed > 0 && speed <= kMaxSpeedMps))
    {
        std::ostringstream reason;
        reason << "must be in (0, " << kMaxSpeedMps << "] m/s (got " << speed << ")";
        r.Fail(u["speed"], at + ".speed", reason.str());
    }
    double last = -1;
    for (size_t i = 0; i < path.size(); ++i)
    {
        std::string wp = Indexed(at + ".path", i);
        r.Keys(path[i], wp, {"t", "x", "y", "pause"});
        if (bySpeed && path[i]["t"].IsDefined())
        {
            r.Fail(path[i]["t"], wp + ".t", "a path with speed takes no times (t)");
        }
        WaypointConfig w{
            bySpeed ? 0 : r.GetInRange(path[i], wp, "t", 0, 0, kMaxTimeS, "s", true),
            r.GetInRange(path[i], wp, "x", 0, -kMaxCoordinateM, kMaxCoordinateM, "m", true),
            r.GetInRange(path[i], wp, "y", 0, -kMaxCoordinateM, kMaxCoordinateM, "m")};
        if (bySpeed && !ua.path.empty())
        {
            const WaypointConfig& p = ua.path.back();
            w.t = p.t + std::hypot(w.x - p.x, w.y - p.y) / speed;
        }
        if (w.t <= last)
        {
            r.Fail(path[i], wp + (bySpeed ? "" : ".t"),
                   bySpeed ? "the same place as the point before (hold it with pause)"
                           : "waypoint times must increase");
        }
        ua.path.push_back(w);
        last = w.t;
        const double pause = r.GetInRange(path[i], wp, "pause", 0, 0, kMaxTimeS, "s");
        if (pause > 0)
        {
            ua.path.push_back({w.t + pause, w.x, w.y});
            last = w.t + pause;
        }
    }
}

/// Per-UA attributes (`attributes: {PollInterval: 0.5s}`): SipUserAgent attributes of this UA
/// only, over the scenario-wide `attributes: {ua.NAME: ...}` and ns-3 defaults.
void
ReadUaAttributes(const Reader& r, const YAML::Node& u, const std::string& at, UaConfig& ua)
{
    r.ForEachSetting(
        u["attributes"], at + ".attributes", "expected a mapping NAME: VALUE",
        [&](const auto& kv)
        {
            const std::string name = kv.first.Scalar();
            const std::string key = at + ".attributes." + name;
            if (name == "media" && kv.second.IsMap())
            {
                // This UA's media streams: `media: {PlayoutDelay: 80ms}` (or `--set
                // ua@USER.media.PlayoutDelay=80ms`), RtpMediaStream attributes.
                for (const auto& m : kv.second)
                {
                    const std::string attr = m.first.Scalar();
                    if (!m.second.IsScalar())
                    {
                        r.Fail(m.second, key + "." + attr, "expected a single value");
                    }
                    CheckAttribute(r, m.first, key + "." + attr, "ns3::RtpMediaStream", attr,
                                   m.second.Scalar());
                    ua.mediaAttributes[attr] = m.second.Scalar();
                }
                return;
            }
            if (!kv.second.IsScalar())
            {
                r.Fail(kv.second, key, "expected a single value");
            }
            if (name.rfind("media.", 0) == 0)
            {
                const std::string attr = name.substr(6);
                CheckAttribute(r, kv.first, key, "ns3::RtpMediaStream", attr, kv.second.Scalar());
                ua.mediaAttributes[attr] = kv.second.Scalar();
                return;
            }
            CheckAttribute(r, kv.first, key, "ns3::SipUserAgent", name, kv.second.Scalar());
            ua.attributes[name] = kv.second.Scalar();
        });
}

/// \param text "a.b.c.d" \return whether it is a dotted-quad IPv4 address
bool
IsIpv4Text(const std::string& text)
{
    in_addr parsed{};
    return inet_pton(AF_INET, text.c_str(), &parsed) == 1;
}

/// One `static_table` entry: {domain: NAME, range: A.B.C.D/LEN, proxy: A.B.C.D[:PORT]}.
StaticProxyConfig
ReadStaticProxy(const Reader& r, const YAML::Node& e, const std::string& at)
{
    r.Keys(e, at, {"domain", "range", "proxy"});
    StaticProxyConfig out;
    out.domain = r.Get<std::string>(e, at, "domain", "");
    out.range = r.Get<std::string>(e, at, "range", "");
    std::string proxy = r.Get<std::string>(e, at, "proxy", "", true);
    if (out.domain.empty() && out.range.empty())
    {
        r.Fail(e, at, "needs a domain, a range or both");
    }
    if (!out.range.empty())
    {
        auto slash = out.range.find('/');
        std::string len = slash == std::string::npos ? "" : out.range.substr(slash + 1);
        bool ok = slash != std::string::npos && IsIpv4Text(out.range.substr(0, slash)) &&
                  !len.empty() && len.size() <= 2 &&
                  len.find_first_not_of("0123456789") == std::string::npos && std::stoi(len) <= 32;
        if (!ok)
        {
            r.Fail(e["range"], at + ".range", "'" + out.range + "' is not A.B.C.D/LEN");
        }
    }
    auto colon = proxy.find(':');
    out.address = proxy.substr(0, colon);
    std::string port = colon == std::string::npos ? "5060" : proxy.substr(colon + 1);
    bool portOk = !port.empty() && port.size() <= 5 &&
                  port.find_first_not_of("0123456789") == std::string::npos &&
                  std::stoul(port) >= 1 && std::stoul(port) <= 65535;
    if (!IsIpv4Text(out.address) || !portOk)
    {
        r.Fail(e["proxy"], at + ".proxy", "'" + proxy + "' is not an IPv4 address[:port]");
    }
    out.port = static_cast<uint16_t>(std::stoul(port));
    return out;
}

/// One `external_peers` entry: {name, address, port, domain, network, gateway_port}.
ExternalPeerConfig
ReadExternalPeer(const Reader& r, const YAML::Node& e, const std::string& at)
{
    r.Keys(e, at, {"name", "address", "port", "domain", "network", "gateway_port"});
    ExternalPeerConfig peer;
    peer.name =
        r.GetName(e, at, "name", "", true, IsLabel, "1-63 ASCII letters, digits, '-' or '_'");
    peer.address = r.Get<std::string>(e, at, "address", "", true);
    if (!IsIpv4Text(peer.address))
    {
        r.Fail(e["address"], at + ".address",
               "'" + Printable(peer.address) + "' is not an IPv4 address A.B.C.D");
    }
    peer.port = r.Get<uint16_t>(e, at, "port", 5060);
    if (peer.port == 0)
    {
        r.Fail(e["port"], at + ".port", "must be 1-65535");
    }
    if (e["domain"].IsDefined())
    {
        peer.domain = r.GetName(e, at, "domain", "", true, IsDomain,
                                "dot-separated labels of ASCII letters, digits, '-' or '_'");
    }
    peer.network = r.Get<std::string>(e, at, "network", "", true);
    peer.gatewayPort = r.Get<uint16_t>(e, at, "gateway_port", 0);
    return peer;
}

UaConfig
ReadUa(const Reader& r, const YAML::Node& u, const std::string& at)
{
    r.Keys(u, at,
           {"user", "network", "mobile", "path", "calls", "password", "start", "speed",
            "attributes", "use_dns", "static_table", "registrar"});
    UaConfig ua;
    ua.user = r.GetName(u, at, "user", "", true, IsUser, "letters, digits, -_.!~*'()&=+$,;?/");
    ua.network = r.Get<std::string>(u, at, "network", "", true);
    ua.mobile = r.Get<bool>(u, at, "mobile", false);
    ua.password = r.Get<std::string>(u, at, "password", "");
    ua.startAt = r.GetInRange(u, at, "start", 1.0, 0, kMaxTimeS, "s");
    if (u["use_dns"])
    {
        ua.useDns = r.Get<bool>(u, at, "use_dns", true);
    }
    YAML::Node table = r.List(u, at, "static_table");
    for (size_t i = 0; i < table.size(); ++i)
    {
        ua.staticTable.push_back(ReadStaticProxy(r, table[i], Indexed(at + ".static_table", i)));
    }
    ua.registrar = r.Get<std::string>(u, at, "registrar", "");
    if (!ua.registrar.empty() && (!ua.staticTable.empty() || ua.useDns.value_or(false)))
    {
        r.Fail(u["registrar"], at + ".registrar",
               "a registrar (external peer) replaces static_table and use_dns: give only one");
    }
    ReadPath(r, u, at, ua);
    ReadUaAttributes(r, u, at, ua);
    if (!ua.mobile && !ua.path.empty())
    {
        r.Fail(u["path"], at + ".path", "a path needs mobile: true");
    }
    if (ua.mobile && ua.path.empty())
    {
        r.Fail(u, at + ".path", "a mobile user agent needs at least one waypoint");
    }
    YAML::Node calls = r.List(u, at, "calls");
    for (size_t i = 0; i < calls.size(); ++i)
    {
        std::string c = Indexed(at + ".calls", i);
        r.Keys(calls[i], c, {"at", "callee", "duration"});
        CallConfig call{r.GetInRange(calls[i], c, "at", 0, 0, kMaxTimeS, "s", true),
                        r.Get<std::string>(calls[i], c, "callee", "", true),
                        r.GetInRange(calls[i], c, "duration", 10, 0, kMaxTimeS, "s")};
        if (call.duration <= 0)
        {
            r.Fail(calls[i]["duration"], c + ".duration", "must be positive");
        }
        const auto at = call.callee.find('@');
        const bool callee = at == std::string::npos ? IsUser(call.callee)
                                                    : IsUser(call.callee.substr(0, at)) &&
                                                          IsDomain(call.callee.substr(at + 1));
        if (!callee)
        {
            r.Fail(calls[i]["callee"], c + ".callee",
                   "'" + Printable(call.callee) + "' is not a user ID or user@domain");
        }
        ua.calls.push_back(call);
    }
    return ua;
}

/// @return "" when @p spec is a valid SipUserAgent::Calls schedule ("AT CALLEE DURATION; ..."),
///         else why not
std::string
CallsSpecProblem(const std::string& spec)
{
    std::istringstream entries(spec);
    std::string entry;
    while (std::getline(entries, entry, ';'))
    {
        std::istringstream fields(entry);
        std::vector<std::string> f;
        for (std::string w; fields >> w;)
        {
            f.push_back(w);
        }
        if (f.empty())
        {
            continue;
        }
        if (f.size() != 3 || !IsTimeString(f[0]) || !IsTimeString(f[2]))
        {
            return "entry '" + Printable(entry) +
                   "' is not 'AT CALLEE DURATION' with times like 5s (entries separated by ';')";
        }
    }
    return "";
}

/**
 * Value rules of string attributes that the entity parses itself (their StringChecker accepts
 * anything; a bad value would stop the simulation later): attribute -> problem of a value ("" ok).
 */
const std::map<std::string, std::function<std::string(const std::string&)>> kStringRules = {
    {"ns3::SipUserAgent::RegistrationModel",
     [](const std::string& v)
     {
         return RegistrationModelRegistry::Find(v)
                    ? std::string()
                    : "expected " + RegistrationModelRegistry::NamesText();
     }},
    {"ns3::SipUserAgent::DetectionMode", [](const std::string& v)
     { return v == "poll" || v == "event" ? "" : "expected poll or event"; }},
    {"ns3::SipUserAgent::Calls", CallsSpecProblem},
};

void
CheckAttribute(const Reader& r, const YAML::Node& node, const std::string& key,
               const std::string& typeName, const std::string& attr, const std::string& value)
{
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(typeName, &tid))
    {
        r.Fail(node, key, "unknown type '" + typeName + "'");
    }
    TypeId::AttributeInformation info;
    if (!tid.LookupAttributeByName(attr, &info))
    {
        r.Fail(node, key, "'" + typeName + "' has no attribute '" + attr + "'");
    }
    // ns-3 names value types with or without the namespace ("ns3::StringValue", "StringValue").
    std::string valueType = info.checker->GetValueTypeName();
    if (valueType.rfind("ns3::", 0) == 0)
    {
        valueType = valueType.substr(5);
    }
    auto rule = kStringRules.find(typeName + "::" + attr);
    if (rule != kStringRules.end() && valueType == "StringValue")
    {
        const std::string problem = rule->second(value);
        if (!problem.empty())
        {
            r.Fail(node, key, "'" + Printable(value) + "': " + problem);
        }
    }
    // Checked without letting one of ns-3's parsers abort the process, then by the attribute's
    // own checker (attribute-check.h).
    const std::string problem = AttributeValueProblem(info, value);
    if (!problem.empty())
    {
        r.Fail(node, key,
               "'" + Printable(value) + "' is not a valid value for " + typeName + "::" + attr +
                   ": " + problem);
    }
}

/// Fails unless ns-3's DataRate parser accepts @p value ("10Mbps", "100kb/s", ...).
void
CheckDataRate(const Reader& r, const YAML::Node& node, const std::string& key,
              const std::string& value)
{
    DataRateValue parsed;
    if (!parsed.DeserializeFromString(value, MakeDataRateChecker()))
    {
        r.Fail(node, key,
               "'" + Printable(value) + "' is not a data rate (e.g. 10Mbps, 512kbps, 1Gb/s)");
    }
}

void
ReadSettings(const Reader& r, const YAML::Node& root, TestbedConfig& cfg)
{
    r.ForEachSetting(root["defaults"], "defaults",
                     "expected a mapping of ns3::Type::Attribute: value",
                     [&](const auto& kv)
                     {
                         std::string key = kv.first.Scalar();
                         if (!kv.second.IsScalar())
                         {
                             r.Fail(kv.second, "defaults." + key, "expected a single value");
                         }
                         std::string value = kv.second.Scalar();
                         auto pos = key.rfind("::");
                         if (pos == std::string::npos || pos == 0)
                         {
                             r.Fail(kv.first, "defaults." + key, "expected ns3::Type::Attribute");
                         }
                         if (key == "ns3::RoamingStaWifiMac::LinkProbes")
                         {
                             // the testbed sets it on every station from wifi.link_probes
                             r.Fail(kv.first, "defaults." + key,
                                    "set by wifi.link_probes (default 2); use that key");
                         }
                         CheckAttribute(r, kv.first, "defaults." + key, key.substr(0, pos),
                                        key.substr(pos + 2), value);
                         cfg.defaults[key] = value;
                     });
    r.ForEachSetting(
        root["attributes"], "attributes", "expected a mapping of kind.Attribute: value",
        [&](const auto& kv)
        {
            std::string key = kv.first.Scalar();
            if (!kv.second.IsScalar())
            {
                r.Fail(kv.second, "attributes." + key, "expected a single value");
            }
            std::string value = kv.second.Scalar();
            auto dot = key.find('.');
            auto type = dot == std::string::npos ? kEntityTypes.end()
                                                 : kEntityTypes.find(key.substr(0, dot));
            if (type == kEntityTypes.end())
            {
                r.Fail(kv.first, "attributes." + key,
                       "expected KIND.Attribute with KIND one of ua, marshal, redirect, gateway, "
                       "dhcp, stack, dns, resolver, media, discovery");
            }
            CheckAttribute(r, kv.first, "attributes." + key, type->second, key.substr(dot + 1),
                           value);
            cfg.attributes[key] = value;
        });
}

/// \param address dotted quad \return it as a host-order number
uint32_t
Ipv4Number(const std::string& address)
{
    in_addr parsed{};
    inet_pton(AF_INET, address.c_str(), &parsed);
    return ntohl(parsed.s_addr);
}

/**
 * External peers: unique names (also among networks), an existing network whose LAN (/24, where a
 * TAP device attaches) holds the address, no address taken by a simulated host of that LAN, a
 * gateway port that no gateway of that network uses.
 * \return name -> peer
 */
std::map<std::string, const ExternalPeerConfig*>
CheckExternalPeers(const Reader& r, const YAML::Node& root, const TestbedConfig& cfg)
{
    std::map<std::string, const ExternalPeerConfig*> peers;
    for (size_t i = 0; i < cfg.externalPeers.size(); ++i)
    {
        const auto& p = cfg.externalPeers[i];
        YAML::Node node = root["external_peers"][i];
        std::string at = Indexed("external_peers", i);
        auto net = std::find_if(cfg.networks.begin(), cfg.networks.end(),
                                [&p](const NetworkConfig& n) { return n.name == p.name; });
        if (net != cfg.networks.end() || peers.count(p.name))
        {
            r.Fail(node["name"], at + ".name",
                   "'" + p.name + "' already names a " +
                       (net != cfg.networks.end() ? "network" : "peer"));
        }
        peers[p.name] = &p;
        net = std::find_if(cfg.networks.begin(), cfg.networks.end(),
                           [&p](const NetworkConfig& n) { return n.name == p.network; });
        if (net == cfg.networks.end())
        {
            r.Fail(node["network"], at + ".network", "network '" + p.network + "' does not exist");
        }
        uint32_t lan = Ipv4Number(net->prefix);
        uint32_t host = Ipv4Number(p.address) - lan;
        if ((Ipv4Number(p.address) & 0xffffff00u) != lan)
        {
            r.Fail(node["address"], at + ".address",
                   p.address + " is not on " + p.network + "'s LAN (" + net->prefix +
                       "/24), where the TAP device attaches");
        }
        if (host == 0 || host == 255 || host == 1 || host == 10 || (host >= 20 && host < 200))
        {
            r.Fail(node["address"], at + ".address",
                   p.address + " is a simulated host's address (router .1, server .10, gateways "
                               ".20+, AP routers .30+, user agents .100+): use .200-.254 "
                               "(the TAP device takes .200 first)");
        }
        for (const auto& link : cfg.wanLinks)
        {
            bool a = link.a == p.network;
            bool b = link.b == p.network;
            if (p.gatewayPort != 0 &&
                ((a && link.portA == p.gatewayPort) || (b && link.portB == p.gatewayPort)))
            {
                r.Fail(node["gateway_port"], at + ".gateway_port",
                       "port " + std::to_string(p.gatewayPort) + " is already a gateway of " +
                           p.network);
            }
        }
    }
    return peers;
}

void
CheckReferences(const Reader& r, const YAML::Node& root, const TestbedConfig& cfg)
{
    std::map<std::string, std::set<std::string>> subscribers;
    std::set<std::string> prefixes;
    for (size_t i = 0; i < cfg.networks.size(); ++i)
    {
        const auto& n = cfg.networks[i];
        std::string at = Indexed("networks", i);
        if (subscribers.count(n.name))
        {
            r.Fail(root["networks"][i]["name"], at + ".name",
                   "network '" + n.name + "' is defined twice");
        }
        subscribers[n.name]; // a network exists even when it provisions nobody
        if (!prefixes.insert(n.prefix).second)
        {
            r.Fail(root["networks"][i]["prefix"], at + ".prefix",
                   "prefix " + n.prefix + " overlaps another network's");
        }
        for (const auto& s : n.subscribers)
        {
            if (!subscribers[n.name].insert(s.user).second)
            {
                r.Fail(root["networks"][i]["subscribers"], at + ".subscribers",
                       "user '" + s.user + "' is provisioned twice");
            }
        }
    }
    std::map<std::string, const ExternalPeerConfig*> peers = CheckExternalPeers(r, root, cfg);
    for (size_t i = 0; i < cfg.networks.size(); ++i)
    {
        for (size_t j = 0; j < cfg.networks[i].dialPlan.size(); ++j)
        {
            const auto& e = cfg.networks[i].dialPlan[j];
            YAML::Node node = root["networks"][i]["dial_plan"][j];
            std::string at = Indexed(Indexed("networks", i) + ".dial_plan", j);
            if (node["peer"].IsDefined())
            {
                auto peer = peers.find(e.network);
                if (peer == peers.end())
                {
                    r.Fail(node["peer"], at + ".peer",
                           "external peer '" + e.network + "' does not exist (external_peers)");
                }
                if (peer->second->gatewayPort != 0 && peer->second->network != cfg.networks[i].name)
                {
                    r.Fail(node["peer"], at + ".peer",
                           "external peer '" + e.network + "' is reached through " +
                               peer->second->network + "'s gateway: route to network " +
                               peer->second->network + " instead");
                }
            }
            else if (!subscribers.count(e.network))
            {
                r.Fail(node["network"], at + ".network",
                       "network '" + e.network + "' does not exist");
            }
        }
    }
    for (size_t i = 0; i < cfg.wanLinks.size(); ++i)
    {
        const auto& l = cfg.wanLinks[i];
        for (const auto& end : {l.a, l.b})
        {
            if (!subscribers.count(end))
            {
                r.Fail(root["wan_links"][i], Indexed("wan_links", i),
                       "network '" + end + "' does not exist");
            }
        }
        if (l.a == l.b)
        {
            r.Fail(root["wan_links"][i], Indexed("wan_links", i), "a link joins two networks");
        }
    }
    std::set<std::string> users;
    for (size_t i = 0; i < cfg.uas.size(); ++i)
    {
        const auto& ua = cfg.uas[i];
        YAML::Node node = root["user_agents"][i];
        std::string at = Indexed("user_agents", i);
        if (!subscribers.count(ua.network))
        {
            r.Fail(node["network"], at + ".network", "network '" + ua.network + "' does not exist");
        }
        if (!users.insert(ua.user).second)
        {
            r.Fail(node["user"], at + ".user", "user agent '" + ua.user + "' is defined twice");
        }
        bool hasAps = false;
        for (const auto& n : cfg.networks)
        {
            hasAps = hasAps || !n.accessPoints.empty();
        }
        if (ua.mobile && !hasAps)
        {
            r.Fail(node["mobile"], at + ".mobile", "no network has access_points");
        }
        if (!ua.registrar.empty() && !peers.count(ua.registrar))
        {
            r.Fail(node["registrar"], at + ".registrar",
                   "external peer '" + ua.registrar + "' does not exist (external_peers)");
        }
    }
}

/**
 * A UA whose registrar is an external peer gets a static proxy table that sends everything
 * there: every network's domain and /16 prefix -> the peer (so it registers there from wherever
 * it is), and no DNS (which would find the networks' marshal servers).
 */
void
UseExternalRegistrars(TestbedConfig& cfg)
{
    for (auto& ua : cfg.uas)
    {
        if (ua.registrar.empty())
        {
            continue;
        }
        auto peer =
            std::find_if(cfg.externalPeers.begin(), cfg.externalPeers.end(),
                         [&ua](const ExternalPeerConfig& p) { return p.name == ua.registrar; });
        for (const auto& net : cfg.networks)
        {
            ua.staticTable.push_back({net.domain, net.prefix + "/16", peer->address, peer->port});
        }
        ua.useDns = false;
    }
}

/// Keys of one user_agents entry; other names after `ua@USER.` are SipUserAgent attributes.
const std::set<std::string> kUaKeys = {"user",       "network",  "mobile",       "path",
                                       "calls",      "password", "start",        "speed",
                                       "attributes", "use_dns",  "static_table", "registrar"};

/**
 * Rewrites a per-UA override `ua@USER.NAME` into its tree path: `user_agents.I.NAME` for a key of
 * the entry (speed, start, ...), `user_agents.I.attributes.NAME` for a SipUserAgent attribute.
 * Other keys are returned unchanged.
 */
std::string
ResolveUaKey(const YAML::Node& root, const std::string& key)
{
    if (key.rfind("ua@", 0) != 0)
    {
        return key;
    }
    const auto dot = key.find('.');
    if (dot == std::string::npos || dot == 3 || dot + 1 == key.size())
    {
        throw ScenarioError("--set " + key + ": expected ua@USER.NAME (e.g. ua@1001.PollInterval)");
    }
    const std::string user = key.substr(3, dot - 3);
    const std::string name = key.substr(dot + 1);
    const YAML::Node uas = root["user_agents"];
    for (std::size_t i = 0; uas && uas.IsSequence() && i < uas.size(); ++i)
    {
        const YAML::Node u = uas[i];
        if (u.IsMap() && u["user"] && u["user"].IsScalar() && u["user"].Scalar() == user)
        {
            const std::string head = "user_agents." + std::to_string(i) + ".";
            const std::string first = name.substr(0, name.find('.'));
            return head + (kUaKeys.count(first) ? name : "attributes." + name);
        }
    }
    throw ScenarioError("--set " + key + ": no user agent '" + user + "' in the scenario");
}

/**
 * Refuses a mapping that names a key twice, anywhere under @p node. YAML 1.2 (section 3.2.1.1)
 * requires mapping keys to be unique, but yaml-cpp keeps both entries and lookups see only the
 * first, so a repeated key would silently lose one of its values.
 * @param where prefix of the message: "FILE" for the file, "--set KEY" for an override's value
 * @param path the key path of @p node as other errors write it (`user_agents[1].calls`; "" at
 *        the top)
 * @param lines false for an override's value, whose line numbers mean nothing to the user
 * @throws ScenarioError "WHERE:LINE: PATH: duplicate key (first at line N)"
 */
void
CheckDuplicateKeys(const YAML::Node& node, const std::string& where, const std::string& path,
                   bool lines, std::set<int>& visited)
{
    const auto join = [&path](const std::string& k) { return path.empty() ? k : path + "." + k; };
    // An alias is the anchored node itself, at the anchor's position: visit each node once, or a
    // "billion laughs" file of nested aliases would take exponential time here.
    if ((node.IsMap() || node.IsSequence()) && node.Mark().pos >= 0 &&
        !visited.insert(node.Mark().pos).second)
    {
        return;
    }
    if (node.IsMap())
    {
        std::map<std::string, int> seen; // key -> 0-based line of its first occurrence
        for (const auto& kv : node)
        {
            // A non-scalar key (`? [a, b]: 1`) has no name to compare; Keys() refuses it later.
            const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
            if (kv.first.IsScalar())
            {
                auto [it, fresh] = seen.emplace(key, kv.first.Mark().line);
                if (!fresh)
                {
                    std::string at = where;
                    std::string first = "duplicate key";
                    if (lines)
                    {
                        at += ":" + std::to_string(kv.first.Mark().line + 1);
                        first += " (first at line " + std::to_string(it->second + 1) + ")";
                    }
                    throw ScenarioError(at + ": " + Printable(join(key)) + ": " + first);
                }
            }
            CheckDuplicateKeys(kv.second, where, join(key), lines, visited);
        }
    }
    else if (node.IsSequence())
    {
        for (std::size_t i = 0; i < node.size(); ++i)
        {
            CheckDuplicateKeys(node[i], where, path + "[" + std::to_string(i) + "]", lines,
                               visited);
        }
    }
}

/// CheckDuplicateKeys() of a whole tree (one parse)
void
CheckDuplicateKeys(const YAML::Node& root, const std::string& where, bool lines)
{
    std::set<int> visited;
    CheckDuplicateKeys(root, where, "", lines, visited);
}

/// @return the index @p part names, or npos when it is not all digits (or absurdly long)
std::size_t
IndexOf(const std::string& part)
{
    if (part.empty() || part.size() > 9 ||
        part.find_first_not_of("0123456789") != std::string::npos)
    {
        return std::string::npos;
    }
    return std::stoul(part);
}

/// Applies one --set override to the YAML tree.
void
ApplyOverride(YAML::Node root, const std::string& key, const std::string& value)
{
    if (key.find("::") != std::string::npos)
    {
        root["defaults"][key] = value;
        return;
    }
    auto dot = key.find('.');
    if (dot != std::string::npos && kEntityTypes.count(key.substr(0, dot)))
    {
        root["attributes"][key] = value;
        return;
    }
    std::vector<std::string> parts;
    std::stringstream ss(key);
    for (std::string p; std::getline(ss, p, '.');)
    {
        parts.push_back(p);
    }
    std::vector<YAML::Node> chain{root};
    for (size_t i = 0; i + 1 < parts.size(); ++i)
    {
        YAML::Node cur = chain.back();
        const bool index =
            !parts[i].empty() && parts[i].find_first_not_of("0123456789") == std::string::npos;
        if (index)
        {
            const size_t k = IndexOf(parts[i]);
            if (!cur.IsSequence() || k >= cur.size())
            {
                throw ScenarioError("--set " + key + ": no element " + parts[i]);
            }
            chain.push_back(cur[k]);
        }
        else
        {
            if (!cur.IsMap() && !cur.IsNull())
            {
                // yaml-cpp would throw (or turn a list into a mapping): say which key is wrong.
                throw ScenarioError("--set " + key + ": '" +
                                    Printable(i == 0 ? std::string("(top level)") : parts[i - 1]) +
                                    "' is not a mapping, it has no key '" + Printable(parts[i]) +
                                    "'");
            }
            if (!cur[parts[i]].IsDefined())
            {
                // A section the file leaves out (e.g. `lan`): create it; validation checks keys.
                cur[parts[i]] = YAML::Node(YAML::NodeType::Map);
            }
            chain.push_back(cur[parts[i]]);
        }
    }
    YAML::Node parent = chain.back();
    YAML::Node parsed;
    try
    {
        parsed = YAML::Load(value);
    }
    catch (const YAML::Exception& e)
    {
        // The value is YAML text (a list, a mapping, a quoted string): an unbalanced bracket or
        // quote, an unknown alias (*x) ... is a bad value, not a crash.
        throw ScenarioError("--set " + key + ": invalid YAML value '" + Printable(value) +
                            "': " + e.msg);
    }
    CheckDuplicateKeys(parsed, "--set " + key, false);
    const std::string& last = parts.back();
    if (!last.empty() && last.find_first_not_of("0123456789") == std::string::npos &&
        parent.IsSequence())
    {
        const size_t k = IndexOf(last);
        if (k >= parent.size())
        {
            throw ScenarioError("--set " + key + ": no element " + last);
        }
        parent[k] = parsed;
        return;
    }
    if (!parent.IsMap() && !parent.IsNull())
    {
        throw ScenarioError(
            "--set " + key + ": '" +
            Printable(parts.size() < 2 ? std::string("(top level)") : parts[parts.size() - 2]) +
            "' is not a mapping, it has no key '" + Printable(last) + "'");
    }
    parent[last] = parsed;
}

} // namespace

std::pair<std::string, std::string>
ScenarioLoader::SplitOverride(const std::string& text)
{
    auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0)
    {
        throw ScenarioError("--set '" + text + "': expected KEY=VALUE");
    }
    return {text.substr(0, eq), text.substr(eq + 1)};
}

const std::map<std::string, std::string>&
ScenarioLoader::EntityKinds()
{
    return kEntityTypes;
}

std::string
ScenarioLoader::EntityTypeName(const std::string& kind)
{
    auto it = kEntityTypes.find(kind);
    if (it == kEntityTypes.end())
    {
        throw ScenarioError("unknown entity kind '" + kind + "'");
    }
    return it->second;
}

TestbedConfig
ScenarioLoader::Load(const std::string& path,
                     const std::vector<std::pair<std::string, std::string>>& overrides)
{
    return Load(path, overrides, nullptr);
}

TestbedConfig
ScenarioLoader::Load(const std::string& path,
                     const std::vector<std::pair<std::string, std::string>>& overrides,
                     std::string* resolved)
{
    YAML::Node root;
    struct stat st;
    if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    {
        throw ScenarioError(path + ": is a directory, not a scenario file");
    }
    try
    {
        root = YAML::LoadFile(path);
    }
    catch (const YAML::BadFile&)
    {
        throw ScenarioError(path + ": cannot read the file");
    }
    catch (const YAML::ParserException& e)
    {
        throw ScenarioError(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
    Reader r(path);
    if (!root.IsMap())
    {
        r.Fail(root, "(top level)", "expected a mapping");
    }
    CheckDuplicateKeys(root, path, true);
    for (const auto& [given, value] : overrides)
    {
        const std::string key = ResolveUaKey(root, given);
        try
        {
            ApplyOverride(root, key, value);
        }
        catch (const YAML::Exception& e)
        {
            // Anything yaml-cpp still refuses while editing the tree names the override.
            throw ScenarioError("--set " + given + ": " + e.msg);
        }
        std::string path = key.find("::") != std::string::npos ? "defaults." + key : key;
        auto dot = key.find('.');
        if (dot != std::string::npos && kEntityTypes.count(key.substr(0, dot)))
        {
            path = "attributes." + key;
        }
        r.AddOverride(path, given + "=" + value);
    }
    try
    {
        r.Keys(root, "",
               {"name", "description", "duration", "model", "networks", "wan_links", "user_agents",
                "defaults", "attributes", "lan", "pcap", "wifi", "taps", "traces", "external_peers",
                "realtime_priority"});
        TestbedConfig cfg;
        cfg.name = r.Get<std::string>(root, "", "name", "scenario");
        cfg.duration = r.Get<double>(root, "", "duration", 60);
        if (cfg.duration <= 0 || cfg.duration > kMaxTimeS)
        {
            r.Fail(root["duration"], "duration",
                   "must be positive and at most " + std::to_string(static_cast<long>(kMaxTimeS)) +
                       " s");
        }
        cfg.model = r.Get<std::string>(root, "", "model", "home-only");
        if (!RegistrationModelRegistry::Find(cfg.model))
        {
            r.Fail(root["model"], "model",
                   "unknown registration model '" + cfg.model + "' (expected " +
                       RegistrationModelRegistry::NamesText() + ")");
        }
        YAML::Node lan = root["lan"];
        if (lan.IsDefined() && !lan.IsNull())
        {
            r.Keys(lan, "lan", {"kind", "data_rate", "delay_ms", "static_arp"});
            cfg.lanStaticArp = r.Get<bool>(lan, "lan", "static_arp", cfg.lanStaticArp);
            cfg.lanKind = r.Get<std::string>(lan, "lan", "kind", cfg.lanKind);
            if (cfg.lanKind != "switched" && cfg.lanKind != "shared")
            {
                r.Fail(lan["kind"], "lan.kind",
                       "unknown LAN kind '" + cfg.lanKind + "' (expected switched or shared)");
            }
            cfg.lanDataRate = r.Get<std::string>(lan, "lan", "data_rate", cfg.lanDataRate);
            CheckDataRate(r, lan["data_rate"], "lan.data_rate", cfg.lanDataRate);
            cfg.lanDelayMs = r.GetInRange(lan, "lan", "delay_ms", cfg.lanDelayMs, 0, 1e6, "ms");
        }
        YAML::Node wifi = root["wifi"];
        if (wifi.IsDefined() && !wifi.IsNull())
        {
            r.Keys(wifi, "wifi",
                   {"tx_power_dbm", "max_missed_beacons", "beacon_interval_ms", "loss_rate",
                    "link_probes"});
            cfg.wifiLossRate = r.Get<double>(wifi, "wifi", "loss_rate", 0);
            if (cfg.wifiLossRate < 0 || cfg.wifiLossRate >= 1)
            {
                r.Fail(wifi["loss_rate"], "wifi.loss_rate", "must be in [0, 1)");
            }
            const double probes =
                r.GetInRange(wifi, "wifi", "link_probes", cfg.wifiLinkProbes, 0, 10, "probes");
            if (probes != std::floor(probes))
            {
                r.Fail(wifi["link_probes"], "wifi.link_probes", "must be a whole number");
            }
            cfg.wifiLinkProbes = static_cast<uint32_t>(probes);
            cfg.wifiTxPowerDbm =
                r.GetInRange(wifi, "wifi", "tx_power_dbm", cfg.wifiTxPowerDbm, -100, 100, "dBm");
            cfg.wifiMaxMissedBeacons =
                r.Get<uint32_t>(wifi, "wifi", "max_missed_beacons", cfg.wifiMaxMissedBeacons);
            cfg.wifiBeaconIntervalMs =
                r.Get<double>(wifi, "wifi", "beacon_interval_ms", cfg.wifiBeaconIntervalMs);
            if (cfg.wifiMaxMissedBeacons == 0 || cfg.wifiBeaconIntervalMs <= 0)
            {
                r.Fail(wifi, "wifi", "max_missed_beacons and beacon_interval_ms must be positive");
            }
            // 802.11 beacon intervals are whole time units of 1024 us (ns-3 aborts otherwise).
            double tu = cfg.wifiBeaconIntervalMs / 1.024;
            if (std::abs(tu - std::round(tu)) > 1e-6)
            {
                r.Fail(wifi["beacon_interval_ms"], "wifi.beacon_interval_ms",
                       "must be a multiple of 1.024 ms (802.11 time units), e.g. 102.4");
            }
        }
        YAML::Node nets = r.List(root, "", "networks", true);
        for (size_t i = 0; i < nets.size(); ++i)
        {
            cfg.networks.push_back(ReadNetwork(r, nets[i], Indexed("networks", i)));
        }
        YAML::Node links = r.List(root, "", "wan_links");
        for (size_t i = 0; i < links.size(); ++i)
        {
            std::string at = Indexed("wan_links", i);
            r.Keys(links[i], at, {"a", "b", "delay_ms", "data_rate", "port_a", "port_b"});
            WanLinkConfig l;
            l.a = r.Get<std::string>(links[i], at, "a", "", true);
            l.b = r.Get<std::string>(links[i], at, "b", "", true);
            l.delayMs = r.GetInRange(links[i], at, "delay_ms", l.delayMs, 0, 1e6, "ms");
            l.dataRate = r.Get<std::string>(links[i], at, "data_rate", l.dataRate);
            CheckDataRate(r, links[i]["data_rate"], at + ".data_rate", l.dataRate);
            l.portA = r.Get<uint16_t>(links[i], at, "port_a", l.portA);
            l.portB = r.Get<uint16_t>(links[i], at, "port_b", l.portB);
            if (l.delayMs < 0)
            {
                r.Fail(links[i]["delay_ms"], at + ".delay_ms", "must not be negative");
            }
            cfg.wanLinks.push_back(l);
        }
        YAML::Node peers = r.List(root, "", "external_peers");
        for (size_t i = 0; i < peers.size(); ++i)
        {
            cfg.externalPeers.push_back(
                ReadExternalPeer(r, peers[i], Indexed("external_peers", i)));
        }
        YAML::Node uas = r.List(root, "", "user_agents");
        for (size_t i = 0; i < uas.size(); ++i)
        {
            cfg.uas.push_back(ReadUa(r, uas[i], Indexed("user_agents", i)));
        }
        ReadSettings(r, root, cfg);
        cfg.pcapDir = r.Get<std::string>(root, "", "pcap", "");
        YAML::Node taps = r.List(root, "", "taps");
        for (size_t i = 0; i < taps.size(); ++i)
        {
            if (!taps[i].IsScalar())
            {
                r.Fail(taps[i], Indexed("taps", i), "expected NETWORK[:TAPNAME]");
            }
            cfg.taps.push_back(taps[i].Scalar());
        }
        cfg.realtimePriority = r.Get<std::string>(root, "", "realtime_priority", "auto");
        try
        {
            RealtimeScheduling::Parse(cfg.realtimePriority, "realtime_priority");
        }
        catch (const RealtimePriorityError&)
        {
            r.Fail(root["realtime_priority"], "realtime_priority",
                   "expected off, auto or a priority 1-99");
        }
        if (const YAML::Node traces = root["traces"]; traces.IsDefined() && !traces.IsNull())
        {
            if (!traces.IsMap())
            {
                r.Fail(traces, "traces", "expected a mapping SOURCE: FILE.csv");
            }
            for (const auto& kv : traces)
            {
                if (!kv.second.IsScalar() || kv.second.Scalar().empty())
                {
                    r.Fail(kv.second, "traces." + kv.first.Scalar(), "expected a CSV file name");
                }
                cfg.traces.emplace_back(kv.first.Scalar(), kv.second.Scalar());
            }
        }
        CheckReferences(r, root, cfg);
        UseExternalRegistrars(cfg);
        if (resolved)
        {
            YAML::Emitter out;
            out << root;
            *resolved = std::string(out.c_str()) + "\n";
        }
        return cfg;
    }
    catch (const YAML::Exception& e)
    {
        throw ScenarioError(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
}

} // namespace ns3
