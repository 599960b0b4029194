// SPDX-License-Identifier: GPL-2.0-only
#include "sip-name-addr.h"

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

/// display-name = *(token LWS) / quoted-string
bool
ParseDisplayName(std::string_view d, std::string& out, std::string* err)
{
    d = text::Trim(d);
    if (d.empty())
    {
        return true;
    }
    if (d.front() == '"')
    {
        std::size_t end = 0;
        if (!text::ReadQuoted(d, end, &out))
        {
            return Fail(err, "unterminated quoted string in display name");
        }
        return end == d.size() || Fail(err, "junk after quoted display name");
    }
    for (char c : d)
    {
        if (!text::IsToken(c) && !text::IsWs(c))
        {
            return Fail(err, "illegal character in unquoted display name");
        }
    }
    out = std::string(d);
    return true;
}

/// addr-spec without <>: the URI ends at the first ';' and may not hold ',', '?' or LWS.
bool
ParseAddrSpec(std::string_view t, SipNameAddr& na, std::string* err)
{
    std::size_t semi = t.find(';');
    std::string_view uri = text::Trim(t.substr(0, semi));
    if (uri.find_first_of(" \t,?<>\"") != uri.npos)
    {
        return Fail(err, "URI with LWS, ',' or '?' must be enclosed in <>");
    }
    auto u = SipUri::Parse(uri, err);
    if (!u)
    {
        return false;
    }
    na.uri = std::move(*u);
    return semi == t.npos || text::ParseParams(t.substr(semi), na.params, err);
}

/// name-addr: [display-name] <uri> *(;param)
bool
ParseNameAddr(std::string_view t, std::size_t lt, SipNameAddr& na, std::string* err)
{
    std::size_t gt = t.find('>', lt);
    if (gt == t.npos)
    {
        return Fail(err, "missing '>'");
    }
    if (!ParseDisplayName(t.substr(0, lt), na.displayName, err))
    {
        return false;
    }
    auto u = SipUri::Parse(t.substr(lt + 1, gt - lt - 1), err);
    if (!u)
    {
        return false;
    }
    na.uri = std::move(*u);
    return text::ParseParams(t.substr(gt + 1), na.params, err);
}

/// Quote a display name when it is not a plain token sequence.
std::string
QuoteDisplay(const std::string& d)
{
    std::string out = "\"";
    for (char c : d)
    {
        if (c == '"' || c == '\\')
        {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

} // namespace

std::optional<SipNameAddr>
SipNameAddr::Parse(std::string_view text, std::string* err)
{
    SipNameAddr na;
    std::string_view t = text::Trim(text);
    if (t.empty())
    {
        Fail(err, "empty address");
        return std::nullopt;
    }
    if (t.front() == '*')
    {
        na.wildcard = true;
        if (text::ParseParams(t.substr(1), na.params, err))
        {
            return na;
        }
        return std::nullopt;
    }
    std::size_t lt = text::FindUnquoted(t, '<');
    if (lt == t.npos && t.front() == '"')
    {
        std::size_t end = 0;
        Fail(err, text::ReadQuoted(t, end, nullptr) ? "display name without <uri>"
                                                    : "unterminated quoted string in display name");
        return std::nullopt;
    }
    bool ok = lt == t.npos ? ParseAddrSpec(t, na, err) : ParseNameAddr(t, lt, na, err);
    if (!ok)
    {
        return std::nullopt;
    }
    return na;
}

std::string
SipNameAddr::ToString() const
{
    std::string out;
    if (wildcard)
    {
        out = "*";
    }
    else
    {
        if (!displayName.empty())
        {
            out = QuoteDisplay(displayName) + " ";
        }
        out += "<" + uri.ToString() + ">";
    }
    text::AppendParams(out, params);
    return out;
}

std::optional<std::string>
SipNameAddr::GetParam(std::string_view name) const
{
    return text::FindParam(params, name);
}

void
SipNameAddr::SetParam(std::string name, std::string value)
{
    text::SetParam(params, std::move(name), std::move(value));
}

std::string
SipNameAddr::GetTag() const
{
    return GetParam("tag").value_or("");
}

void
SipNameAddr::SetTag(std::string tag)
{
    SetParam("tag", std::move(tag));
}

} // namespace sipmob
