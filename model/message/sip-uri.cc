// SPDX-License-Identifier: GPL-2.0-only
#include "sip-uri.h"

#include "sip-text.h"

#include <algorithm>
#include <cctype>

namespace sipmob
{

namespace
{

/// Characters kept unescaped (besides unreserved) in each URI component (RFC 3261 25.1).
constexpr std::string_view kUserChars = "&=+$,;?/";
constexpr std::string_view kPasswordChars = "&=+$,";
constexpr std::string_view kParamChars = "[]/:&+$";
constexpr std::string_view kHeaderChars = "[]/?:+$";

/// Parameters whose presence in only one URI makes them unequal (RFC 3261 19.1.4).
constexpr std::string_view kStrictParams[] = {"user", "ttl", "method", "maddr", "transport"};

bool
Fail(std::string* error, std::string what)
{
    if (error)
    {
        *error = std::move(what);
    }
    return false;
}

/// True when every character is unreserved, escaped ('%') or one of extra.
bool
CharsAllowed(std::string_view s, std::string_view extra)
{
    for (char c : s)
    {
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && std::string_view("-_.!~*'()%").find(c) == std::string_view::npos &&
            extra.find(c) == std::string_view::npos)
        {
            return false;
        }
    }
    return true;
}

/// Checks and unescapes one component.
bool
Component(std::string_view s, std::string_view extra, std::string& out, std::string* error,
          const char* what)
{
    if (!CharsAllowed(s, extra))
    {
        return Fail(error, std::string("illegal character in URI ") + what);
    }
    if (!text::Unescape(s, out))
    {
        return Fail(error, std::string("bad %-escape in URI ") + what);
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
        if (host.size() < 4 || host.back() != ']')
        {
            return false;
        }
        return host.substr(1, host.size() - 2).find_first_not_of("0123456789abcdefABCDEF:.") ==
               std::string_view::npos;
    }
    return host.find_first_not_of(
               "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.") ==
           std::string_view::npos;
}

/// Parses "a=b;c" or "a=b&c=d" lists into unescaped pairs.
bool
ParseList(std::string_view s, char sep, std::string_view extra, SipUri::Params& out,
          std::string* error)
{
    std::size_t start = 0;
    while (start <= s.size())
    {
        std::size_t end = s.find(sep, start);
        std::string_view item = s.substr(start, end == s.npos ? s.npos : end - start);
        std::size_t eq = item.find('=');
        std::string name;
        std::string value;
        if (item.substr(0, eq).empty() ||
            !Component(item.substr(0, eq), extra, name, error, "parameter") ||
            (eq != item.npos && !Component(item.substr(eq + 1), extra, value, error, "parameter")))
        {
            return Fail(error, "bad URI parameter or header '" + std::string(item) + "'");
        }
        out.emplace_back(std::move(name), std::move(value));
        if (end == s.npos)
        {
            break;
        }
        start = end + 1;
    }
    return true;
}

void
AppendList(std::string& out, const SipUri::Params& list, char first, char sep,
           std::string_view extra)
{
    char lead = first;
    for (const auto& [name, value] : list)
    {
        out += lead;
        lead = sep;
        out += text::Escape(name, extra);
        if (!value.empty())
        {
            out += '=';
            out += text::Escape(value, extra);
        }
    }
}

bool
ValidScheme(std::string_view s)
{
    if (s.empty() || !std::isalpha(static_cast<unsigned char>(s.front())))
    {
        return false;
    }
    return s.find_first_not_of(
               "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.") ==
           std::string_view::npos;
}

/// Parses "host[:port]" of a sip/sips URI.
bool
ParseHostPort(std::string_view hp, std::string& host, uint16_t& port, std::string* error)
{
    std::size_t colon = hp.npos;
    if (!hp.empty() && hp.front() == '[')
    {
        std::size_t close = hp.find(']');
        colon = (close == hp.npos || close + 1 == hp.size()) ? hp.npos : close + 1;
        if (colon != hp.npos && hp[colon] != ':')
        {
            return Fail(error, "junk after IPv6 reference");
        }
    }
    else
    {
        colon = hp.find(':');
    }
    host = std::string(hp.substr(0, colon));
    if (!ValidHost(host))
    {
        return Fail(error, "bad host '" + host + "'");
    }
    if (colon != hp.npos)
    {
        auto p = text::ParseUnsigned(hp.substr(colon + 1), 65535);
        if (!p)
        {
            return Fail(error, "bad port in URI");
        }
        port = static_cast<uint16_t>(*p);
    }
    return true;
}

} // namespace

std::optional<SipUri>
SipUri::Parse(std::string_view t, std::string* error)
{
    SipUri u;
    std::size_t colon = t.find(':');
    if (colon == t.npos || !ValidScheme(t.substr(0, colon)))
    {
        Fail(error, "URI without a valid scheme");
        return std::nullopt;
    }
    u.m_scheme = text::ToLower(t.substr(0, colon));
    std::string_view rest = t.substr(colon + 1);
    if (u.IsOpaque())
    {
        if (rest.empty() || rest.find_first_of(" \t\r\n<>\"") != rest.npos)
        {
            Fail(error, "bad " + u.m_scheme + ": URI");
            return std::nullopt;
        }
        u.m_opaque = std::string(rest);
        return u;
    }
    std::size_t at = rest.find('@');
    if (at != rest.npos)
    {
        if (rest.find('@', at + 1) != rest.npos)
        {
            Fail(error, "unescaped '@' in URI");
            return std::nullopt;
        }
        std::string_view userinfo = rest.substr(0, at);
        std::size_t pw = userinfo.find(':');
        if (userinfo.substr(0, pw).empty() ||
            !Component(userinfo.substr(0, pw), kUserChars, u.m_user, error, "user") ||
            (pw != userinfo.npos &&
             !Component(userinfo.substr(pw + 1), kPasswordChars, u.m_password, error, "password")))
        {
            if (error && error->empty())
            {
                *error = "empty URI user";
            }
            return std::nullopt;
        }
        rest = rest.substr(at + 1);
    }
    std::size_t q = rest.find('?');
    std::size_t semi = rest.find(';');
    if (semi > q)
    {
        semi = rest.npos;
    }
    std::size_t hpEnd = std::min(semi, q);
    if (!ParseHostPort(rest.substr(0, hpEnd), u.m_host, u.m_port, error))
    {
        return std::nullopt;
    }
    if (semi != rest.npos &&
        !ParseList(rest.substr(semi + 1, q == rest.npos ? rest.npos : q - semi - 1), ';',
                   kParamChars, u.m_params, error))
    {
        return std::nullopt;
    }
    if (q != rest.npos && !ParseList(rest.substr(q + 1), '&', kHeaderChars, u.m_headers, error))
    {
        return std::nullopt;
    }
    return u;
}

std::string
SipUri::ToString() const
{
    std::string out = m_scheme;
    out += ':';
    if (IsOpaque())
    {
        return out + m_opaque;
    }
    if (!m_user.empty())
    {
        out += text::Escape(m_user, kUserChars);
        if (!m_password.empty())
        {
            out += ':';
            out += text::Escape(m_password, kPasswordChars);
        }
        out += '@';
    }
    out += HostPort();
    AppendList(out, m_params, ';', ';', kParamChars);
    AppendList(out, m_headers, '?', '&', kHeaderChars);
    return out;
}

const std::string&
SipUri::GetScheme() const
{
    return m_scheme;
}

void
SipUri::SetScheme(std::string scheme)
{
    m_scheme = text::ToLower(scheme);
}

bool
SipUri::IsOpaque() const
{
    return m_scheme != "sip" && m_scheme != "sips";
}

const std::string&
SipUri::GetOpaque() const
{
    return m_opaque;
}

const std::string&
SipUri::GetUser() const
{
    return m_user;
}

void
SipUri::SetUser(std::string user)
{
    m_user = std::move(user);
}

const std::string&
SipUri::GetPassword() const
{
    return m_password;
}

void
SipUri::SetPassword(std::string password)
{
    m_password = std::move(password);
}

const std::string&
SipUri::GetHost() const
{
    return m_host;
}

void
SipUri::SetHost(std::string host)
{
    m_host = std::move(host);
}

uint16_t
SipUri::GetPort() const
{
    return m_port;
}

void
SipUri::SetPort(uint16_t port)
{
    m_port = port;
}

bool
SipUri::HasParam(std::string_view name) const
{
    return text::FindParam(m_params, name).has_value();
}

std::optional<std::string>
SipUri::GetParam(std::string_view name) const
{
    return text::FindParam(m_params, name);
}

void
SipUri::SetParam(std::string name, std::string value)
{
    text::SetParam(m_params, std::move(name), std::move(value));
}

void
SipUri::RemoveParam(std::string_view name)
{
    for (auto it = m_params.begin(); it != m_params.end();)
    {
        it = text::IEquals(it->first, name) ? m_params.erase(it) : it + 1;
    }
}

const SipUri::Params&
SipUri::GetParams() const
{
    return m_params;
}

const SipUri::Params&
SipUri::GetHeaders() const
{
    return m_headers;
}

std::string
SipUri::HostPort() const
{
    return m_port == 0 ? m_host : m_host + ":" + std::to_string(m_port);
}

namespace
{

/// RFC 3261 19.1.4 parameter rule, checked from a's side.
bool
ParamsCompatible(const SipUri::Params& a, const SipUri& b)
{
    for (const auto& [name, value] : a)
    {
        auto other = b.GetParam(name);
        if (!other)
        {
            for (auto strict : kStrictParams)
            {
                if (text::IEquals(name, strict))
                {
                    return false;
                }
            }
            continue;
        }
        if (!text::IEquals(*other, value))
        {
            return false;
        }
    }
    return true;
}

/// Every URI header of a has an equal counterpart in b.
bool
HeadersContained(const SipUri::Params& a, const SipUri::Params& b)
{
    for (const auto& [name, value] : a)
    {
        bool found = false;
        for (const auto& [n, v] : b)
        {
            found = found || (text::IEquals(n, name) && v == value);
        }
        if (!found)
        {
            return false;
        }
    }
    return true;
}

} // namespace

bool
SipUri::Equivalent(const SipUri& o) const
{
    if (m_scheme != o.m_scheme)
    {
        return false;
    }
    if (IsOpaque())
    {
        return m_opaque == o.m_opaque;
    }
    return m_user == o.m_user && m_password == o.m_password && text::IEquals(m_host, o.m_host) &&
           m_port == o.m_port && ParamsCompatible(m_params, o) &&
           ParamsCompatible(o.m_params, *this) && HeadersContained(m_headers, o.m_headers) &&
           HeadersContained(o.m_headers, m_headers);
}

} // namespace sipmob
