// SPDX-License-Identifier: GPL-2.0-only
#include "message/sip-uri.h"

#include "message/sip-scan.h"
#include "message/sip-text.h"

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

} // namespace

std::optional<SipUri>
SipUri::Parse(std::string_view t, std::string* error)
{
    scan::UriView v;
    if (!scan::Uri(t, v, error))
    {
        return std::nullopt;
    }
    return FromView(v);
}

SipUri
SipUri::FromView(const scan::UriView& v)
{
    SipUri u;
    FromView(v, u);
    return u;
}

void
SipUri::FromView(const scan::UriView& v, SipUri& u)
{
    // u is default-constructed: its scheme already is "sip", its strings are empty.
    if (!(v.scheme.size() == 3 && text::IEquals(v.scheme, "sip")))
    {
        u.m_scheme.assign(v.scheme.data(), v.scheme.size());
        for (char& c : u.m_scheme)
        {
            c = text::Lower(c);
        }
    }
    if (!v.sip)
    {
        u.m_opaque.assign(v.opaque.data(), v.opaque.size());
        return;
    }
    // Already validated: unescaping cannot fail.
    if (!v.user.empty())
    {
        text::Unescape(v.user, u.m_user);
    }
    if (!v.password.empty())
    {
        text::Unescape(v.password, u.m_password);
    }
    u.m_host.assign(v.host.data(), v.host.size());
    u.m_port = v.port;
    auto store = [](SipUri::Params& list)
    {
        return [&list](std::string_view name, std::string_view value)
        {
            std::string n;
            std::string val;
            text::Unescape(name, n);
            text::Unescape(value, val);
            list.emplace_back(std::move(n), std::move(val));
            return true;
        };
    };
    if (!v.params.empty())
    {
        scan::UriList(v.params, ';', false, store(u.m_params), nullptr);
    }
    if (!v.headers.empty())
    {
        scan::UriList(v.headers, '&', true, store(u.m_headers), nullptr);
    }
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
