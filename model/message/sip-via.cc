// SPDX-License-Identifier: GPL-2.0-only
#include "sip-via.h"

#include "sip-text.h"

namespace sipmob
{

namespace
{

bool
Fail(std::string* err, std::string what)
{
    if (err)
    {
        *err = std::move(what);
    }
    return false;
}

/// Reads a token at s[pos], skipping LWS before it; advances pos.
std::string_view
ReadToken(std::string_view s, std::size_t& pos)
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

/// Expects a '/' (with optional LWS around it) at pos.
bool
ReadSlash(std::string_view s, std::size_t& pos)
{
    while (pos < s.size() && text::IsWs(s[pos]))
    {
        ++pos;
    }
    if (pos >= s.size() || s[pos] != '/')
    {
        return false;
    }
    ++pos;
    return true;
}

/// Parses "host[ : port]" (SWS around the colon allowed).
bool
ParseSentBy(std::string_view sb, SipVia& via, std::string* err)
{
    std::size_t colon = sb.rfind(':');
    if (!sb.empty() && sb.front() == '[')
    {
        std::size_t close = sb.find(']');
        colon = close == sb.npos ? sb.npos : sb.find(':', close);
    }
    via.host = std::string(text::Trim(sb.substr(0, colon)));
    if (via.host.empty() || via.host.find_first_of(" \t;,<>\"") != std::string::npos)
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
        via.port = static_cast<uint16_t>(*port);
    }
    return true;
}

/// Range checks of the via-params with a defined syntax.
bool
CheckParams(const SipVia& via, std::string* err)
{
    auto ttl = via.GetParam("ttl");
    if (ttl && !text::ParseUnsigned(*ttl, 255))
    {
        return Fail(err, "Via ttl out of range");
    }
    auto rport = via.GetParam("rport");
    if (rport && !rport->empty() && !text::ParseUnsigned(*rport, 65535))
    {
        return Fail(err, "bad Via rport");
    }
    auto branch = via.GetParam("branch");
    if (branch && !text::IsTokenString(*branch))
    {
        return Fail(err, "bad Via branch");
    }
    return true;
}

} // namespace

std::optional<SipVia>
SipVia::Parse(std::string_view text, std::string* err)
{
    SipVia via;
    std::size_t pos = 0;
    std::string_view name = ReadToken(text, pos);
    bool ok = text::IEquals(name, "SIP") && ReadSlash(text, pos);
    std::string_view version = ok ? ReadToken(text, pos) : std::string_view();
    ok = ok && version == "2.0" && ReadSlash(text, pos);
    std::string_view transport = ok ? ReadToken(text, pos) : std::string_view();
    if (!ok || transport.empty() || pos >= text.size() || !text::IsWs(text[pos]))
    {
        Fail(err, "bad Via sent-protocol");
        return std::nullopt;
    }
    via.transport = std::string(transport);
    std::string_view rest = text.substr(pos);
    std::size_t semi = text::FindUnquoted(rest, ';');
    if (!ParseSentBy(text::Trim(rest.substr(0, semi)), via, err) ||
        (semi != rest.npos && !text::ParseParams(rest.substr(semi), via.params, err)) ||
        !CheckParams(via, err))
    {
        return std::nullopt;
    }
    return via;
}

std::string
SipVia::ToString() const
{
    std::string out = "SIP/2.0/" + transport + " " + SentBy();
    text::AppendParams(out, params);
    return out;
}

std::optional<std::string>
SipVia::GetParam(std::string_view name) const
{
    return text::FindParam(params, name);
}

void
SipVia::SetParam(std::string name, std::string value)
{
    text::SetParam(params, std::move(name), std::move(value));
}

void
SipVia::RemoveParam(std::string_view name)
{
    for (auto it = params.begin(); it != params.end();)
    {
        it = text::IEquals(it->first, name) ? params.erase(it) : it + 1;
    }
}

std::string
SipVia::GetBranch() const
{
    return GetParam("branch").value_or("");
}

std::optional<std::string>
SipVia::GetReceived() const
{
    return GetParam("received");
}

bool
SipVia::HasRport() const
{
    return GetParam("rport").has_value();
}

std::optional<uint16_t>
SipVia::GetRport() const
{
    auto v = GetParam("rport");
    auto n = v ? text::ParseUnsigned(*v, 65535) : std::nullopt;
    return n ? std::optional<uint16_t>(static_cast<uint16_t>(*n)) : std::nullopt;
}

std::string
SipVia::SentBy() const
{
    return port == 0 ? host : host + ":" + std::to_string(port);
}

} // namespace sipmob
