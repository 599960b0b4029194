// SPDX-License-Identifier: GPL-2.0-only
#include "message/sip-scan.h"

#include "message/sip-text.h"

#include <algorithm>
#include <cctype>

namespace sipmob::scan
{

namespace
{

/// Characters allowed unescaped (unreserved plus the component's own) in each URI component
/// (RFC 3261 25.1).
constexpr text::CharSet kUserChars("-_.!~*'()&=+$,;?/", true);
constexpr text::CharSet kPasswordChars("-_.!~*'()&=+$,", true);
constexpr text::CharSet kParamChars("-_.!~*'()[]/:&+$", true);
constexpr text::CharSet kHeaderChars("-_.!~*'()[]/?:+$", true);
constexpr text::CharSet kHostChars("-.", true);
constexpr text::CharSet kHexOrV6(":.0123456789abcdefABCDEF");
constexpr text::CharSet kSchemeChars("+-.", true);
constexpr text::CharSet kOpaqueStop(" \t\r\n<>\"");
constexpr text::CharSet kAddrSpecStop(" \t,?<>\"");
constexpr text::CharSet kSentByStop(" \t;,<>\"");

using detail::Fail;

int
Hex(char c)
{
    c = text::Lower(c);
    return (c >= '0' && c <= '9') ? c - '0' : ((c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1);
}

/// Unreserved, one of the component's extra characters (in allowed), or a well-formed %HH escape.
bool
ValidComponent(std::string_view s, const text::CharSet& allowed)
{
    for (std::size_t i = 0; i < s.size(); ++i)
    {
        char c = s[i];
        if (allowed.Has(c))
        {
            continue;
        }
        if (c == '%')
        {
            if (i + 2 >= s.size())
            {
                return false;
            }
            if (Hex(s[i + 1]) < 0 || Hex(s[i + 2]) < 0)
            {
                return false;
            }
            i += 2;
            continue;
        }
        return false;
    }
    return true;
}

bool
ValidHost(std::string_view host)
{
    if (host.empty())
    {
        return false;
    }
    if (host.front() == '[')
    {
        return host.size() >= 4 && host.back() == ']' &&
               std::all_of(host.begin() + 1, host.end() - 1,
                           [](char c) { return kHexOrV6.Has(c); });
    }
    return std::all_of(host.begin(), host.end(), [](char c) { return kHostChars.Has(c); });
}

bool
ValidScheme(std::string_view s)
{
    return !s.empty() && std::isalpha(static_cast<unsigned char>(s.front())) &&
           std::all_of(s.begin(), s.end(), [](char c) { return kSchemeChars.Has(c); });
}

/// "host[:port]" of a sip/sips URI.
bool
HostPort(std::string_view hp, UriView& out, std::string* err)
{
    std::size_t colon = hp.find(':');
    if (!hp.empty() && hp.front() == '[')
    {
        std::size_t close = hp.find(']');
        colon = (close == hp.npos || close + 1 == hp.size()) ? hp.npos : close + 1;
        if (colon != hp.npos && hp[colon] != ':')
        {
            return Fail(err, "junk after IPv6 reference");
        }
    }
    out.host = hp.substr(0, colon);
    if (!ValidHost(out.host))
    {
        return Fail(err, "bad URI host");
    }
    if (colon != hp.npos)
    {
        auto p = text::ParseUnsigned(hp.substr(colon + 1), 65535);
        if (!p)
        {
            return Fail(err, "bad port in URI");
        }
        out.port = static_cast<uint16_t>(*p);
    }
    return true;
}

/// userinfo "user[:password]" of a sip/sips URI.
bool
UserInfo(std::string_view ui, UriView& out, std::string* err)
{
    std::size_t pw = ui.find(':');
    out.user = ui.substr(0, pw);
    out.password = pw == ui.npos ? std::string_view() : ui.substr(pw + 1);
    if (out.user.empty())
    {
        return Fail(err, "empty URI user");
    }
    if (!ValidComponent(out.user, kUserChars) || !ValidComponent(out.password, kPasswordChars))
    {
        return Fail(err, "illegal character or bad %-escape in URI user/password");
    }
    return true;
}

} // namespace

bool
Uri(std::string_view t, UriView& out, std::string* err)
{
    // Field by field: assigning a temporary struct stalls on store forwarding (hot path).
    out.scheme = out.opaque = out.user = out.password = out.host = std::string_view();
    out.params = out.headers = std::string_view();
    out.port = 0;
    out.sip = false;
    std::size_t colon = t.find(':');
    if (colon == t.npos || !ValidScheme(t.substr(0, colon)))
    {
        return Fail(err, "URI without a valid scheme");
    }
    out.scheme = t.substr(0, colon);
    out.sip = text::IEquals(out.scheme, "sip") || text::IEquals(out.scheme, "sips");
    std::string_view rest = t.substr(colon + 1);
    if (!out.sip)
    {
        out.opaque = rest;
        return (!rest.empty() && text::FindFirstOf(rest, kOpaqueStop) == rest.npos) ||
               Fail(err, "bad opaque URI");
    }
    std::size_t at = rest.find('@');
    if (at != rest.npos)
    {
        if (rest.find('@', at + 1) != rest.npos)
        {
            return Fail(err, "unescaped '@' in URI");
        }
        if (!UserInfo(rest.substr(0, at), out, err))
        {
            return false;
        }
        rest = rest.substr(at + 1);
    }
    std::size_t q = rest.find('?');
    std::size_t semi = std::min(rest.find(';'), q);
    if (!HostPort(rest.substr(0, semi), out, err))
    {
        return false;
    }
    if (semi != rest.npos && semi != q)
    {
        out.params = rest.substr(semi + 1, q == rest.npos ? rest.npos : q - semi - 1);
        if (!UriList(out.params, ';', false, nullptr, err))
        {
            return false;
        }
    }
    if (q != rest.npos)
    {
        out.headers = rest.substr(q + 1);
        return UriList(out.headers, '&', true, nullptr, err);
    }
    return true;
}

bool
UriList(std::string_view s, char sep, bool headers, const ParamVisitor& visit, std::string* err)
{
    const text::CharSet& extra = headers ? kHeaderChars : kParamChars;
    std::size_t start = 0;
    while (true)
    {
        std::size_t end = s.find(sep, start);
        std::string_view item = s.substr(start, end == s.npos ? s.npos : end - start);
        std::size_t eq = item.find('=');
        std::string_view name = item.substr(0, eq);
        std::string_view value = eq == item.npos ? std::string_view() : item.substr(eq + 1);
        if (name.empty() || !ValidComponent(name, extra) || !ValidComponent(value, extra))
        {
            return Fail(err, headers ? "bad URI header" : "bad URI parameter");
        }
        if (visit && !visit(name, value))
        {
            return false;
        }
        if (end == s.npos)
        {
            return true;
        }
        start = end + 1;
    }
}

bool
Params(std::string_view s, const ParamVisitor& visit, std::string* err)
{
    return visit ? ParamsWith(s, visit, err) : ParamsWith(s, NoVisit{}, err);
}

void
SplitParams(std::string_view s, SipParams& out)
{
    s = text::Trim(s);
    if (s.empty())
    {
        return;
    }
    // No reserve: SipParams keeps two pairs inline, what most lists hold.
    std::size_t start = 1; // past the leading ';'
    while (true)
    {
        std::size_t semi = text::FindUnquoted(s, ';', start);
        std::string_view item = s.substr(start, semi == s.npos ? s.npos : semi - start);
        // A name is a token, so the first '=' ends it even when a quoted value holds another.
        std::size_t eq = item.find('=');
        std::string_view name = text::Trim(item.substr(0, eq));
        std::string_view value =
            eq == item.npos ? std::string_view() : text::Trim(item.substr(eq + 1));
        out.emplace_back(std::piecewise_construct, std::forward_as_tuple(name.data(), name.size()),
                         std::forward_as_tuple(value.data(), value.size()));
        if (semi == s.npos)
        {
            return;
        }
        start = semi + 1;
    }
}

std::optional<std::string_view>
FindParam(std::string_view s, std::string_view name)
{
    s = text::Trim(s);
    std::size_t start = 1; // past the leading ';'
    while (start <= s.size() && !s.empty())
    {
        std::size_t semi = text::FindUnquoted(s, ';', start);
        std::string_view item = s.substr(start, semi == s.npos ? s.npos : semi - start);
        std::size_t eq = item.find('=');
        if (text::IEquals(text::Trim(item.substr(0, eq)), name))
        {
            return eq == item.npos ? std::string_view() : text::Trim(item.substr(eq + 1));
        }
        if (semi == s.npos)
        {
            break;
        }
        start = semi + 1;
    }
    return std::nullopt;
}

namespace
{

/// display-name = *(token LWS) / quoted-string
bool
DisplayName(std::string_view d, std::string* err)
{
    if (d.empty())
    {
        return true;
    }
    if (d.front() == '"')
    {
        std::size_t end = 0;
        if (!text::ReadQuoted(d, end, nullptr))
        {
            return Fail(err, "unterminated quoted string in display name");
        }
        return end == d.size() || Fail(err, "junk after quoted display name");
    }
    return std::all_of(d.begin(), d.end(),
                       [](char c) { return text::IsToken(c) || text::IsWs(c); }) ||
           Fail(err, "illegal character in unquoted display name");
}

} // namespace

bool
NameAddr(std::string_view text, NameAddrView& out, std::string* err)
{
    out.display = out.uri = out.params = std::string_view();
    out.wildcard = false;
    std::string_view t = text::Trim(text);
    UriView& uri = out.uriParts;
    if (t.empty())
    {
        return Fail(err, "empty address");
    }
    // RFC 3261 §25.1: STAR is the whole Contact value; '*' is also a token character, so
    // `*98 <sip:...>` is a display name followed by an address, not a wildcard.
    std::string_view afterStar = t.front() == '*' ? text::Trim(t.substr(1)) : t;
    if (t.front() == '*' && (afterStar.empty() || afterStar.front() == ';'))
    {
        out.wildcard = true;
        out.params = t.substr(1);
        return ParamsWith(out.params, NoVisit{}, err);
    }
    std::size_t lt = text::FindUnquoted(t, '<');
    if (lt == t.npos)
    {
        std::size_t end = 0;
        if (t.front() == '"')
        {
            return Fail(err, text::ReadQuoted(t, end, nullptr)
                                 ? "display name without <uri>"
                                 : "unterminated quoted string in display name");
        }
        std::size_t semi = t.find(';');
        out.uri = text::Trim(t.substr(0, semi));
        out.params = semi == t.npos ? std::string_view() : t.substr(semi);
        if (text::FindFirstOf(out.uri, kAddrSpecStop) != out.uri.npos)
        {
            return Fail(err, "URI with LWS, ',' or '?' must be enclosed in <>");
        }
        return Uri(out.uri, uri, err) && ParamsWith(out.params, NoVisit{}, err);
    }
    std::size_t gt = t.find('>', lt);
    if (gt == t.npos)
    {
        return Fail(err, "missing '>'");
    }
    out.display = text::Trim(t.substr(0, lt));
    out.uri = t.substr(lt + 1, gt - lt - 1);
    out.params = t.substr(gt + 1);
    return DisplayName(out.display, err) && Uri(out.uri, uri, err) &&
           ParamsWith(out.params, NoVisit{}, err);
}

namespace
{

/// Reads a token after optional LWS.
std::string_view
Token(std::string_view s, std::size_t& pos)
{
    while (pos < s.size() && text::IsWs(s[pos]))
    {
        ++pos;
    }
    std::size_t start = pos;
    while (pos < s.size() && text::IsToken(s[pos]))
    {
        ++pos;
    }
    return s.substr(start, pos - start);
}

/// Expects '/' after optional LWS.
bool
Slash(std::string_view s, std::size_t& pos)
{
    while (pos < s.size() && text::IsWs(s[pos]))
    {
        ++pos;
    }
    return pos < s.size() && s[pos++] == '/';
}

bool
SentBy(std::string_view sb, ViaView& out, std::string* err)
{
    std::size_t colon = sb.rfind(':');
    if (!sb.empty() && sb.front() == '[')
    {
        std::size_t close = sb.find(']');
        colon = close == sb.npos ? sb.npos : sb.find(':', close);
    }
    out.host = text::Trim(sb.substr(0, colon));
    if (out.host.empty() || text::FindFirstOf(out.host, kSentByStop) != out.host.npos)
    {
        return Fail(err, "bad Via sent-by host");
    }
    if (colon != sb.npos)
    {
        auto port = text::ParseUnsigned(text::Trim(sb.substr(colon + 1)), 65535);
        if (!port)
        {
            return Fail(err, "bad Via port");
        }
        out.port = static_cast<uint16_t>(*port);
    }
    return true;
}

/// Range checks of the via-params with a defined syntax.
bool
ViaParam(std::string_view name, std::string_view value, std::string* err)
{
    if (text::IEquals(name, "ttl") && !text::ParseUnsigned(value, 255))
    {
        return Fail(err, "Via ttl out of range");
    }
    if (text::IEquals(name, "rport") && !value.empty() && !text::ParseUnsigned(value, 65535))
    {
        return Fail(err, "bad Via rport");
    }
    if (text::IEquals(name, "branch") && !text::IsTokenString(value))
    {
        return Fail(err, "bad Via branch");
    }
    return true;
}

} // namespace

bool
Via(std::string_view text, ViaView& out, std::string* err)
{
    out.transport = out.host = out.params = std::string_view();
    out.port = 0;
    std::size_t pos = 0;
    bool ok = text::IEquals(Token(text, pos), "SIP") && Slash(text, pos) &&
              Token(text, pos) == "2.0" && Slash(text, pos);
    out.transport = ok ? Token(text, pos) : std::string_view();
    if (out.transport.empty() || pos >= text.size() || !text::IsWs(text[pos]))
    {
        return Fail(err, "bad Via sent-protocol");
    }
    std::string_view rest = text.substr(pos);
    std::size_t semi = text::FindUnquoted(rest, ';');
    out.params = semi == rest.npos ? std::string_view() : rest.substr(semi);
    return SentBy(text::Trim(rest.substr(0, semi)), out, err) &&
           ParamsWith(
               out.params,
               [err](std::string_view n, std::string_view v) { return ViaParam(n, v, err); }, err);
}

} // namespace sipmob::scan
