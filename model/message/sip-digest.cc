// SPDX-License-Identifier: GPL-2.0-only
#include "message/sip-digest.h"

#include "message/sip-text.h"

namespace sipmob
{

namespace
{

/// Parameters written as tokens, never quoted (RFC 2617 3.2.1, 3.2.2).
constexpr std::string_view kTokenParams[] = {"algorithm", "nc", "stale"};

bool
Fail(std::string* err, std::string what)
{
    if (err)
    {
        *err = std::move(what);
    }
    return false;
}

/// Parses one auth-param "name = value" (value token or quoted-string).
bool
ParseAuthParam(std::string_view item, SipDigest& d, std::string* err)
{
    std::size_t eq = item.find('=');
    std::string_view name = text::Trim(item.substr(0, eq));
    if (eq == item.npos || !text::IsTokenString(name))
    {
        return Fail(err, "bad auth-param '" + std::string(item) + "'");
    }
    std::string_view v = text::Trim(item.substr(eq + 1));
    std::string value;
    if (!v.empty() && v.front() == '"')
    {
        std::size_t end = 0;
        if (!text::ReadQuoted(v, end, &value) || end != v.size())
        {
            return Fail(err, "unterminated quoted auth-param value");
        }
    }
    else
    {
        value = std::string(v);
    }
    d.params.emplace_back(std::string(name), std::move(value));
    return true;
}

bool
IsTokenParam(const SipDigest& d, const std::string& name)
{
    for (auto p : kTokenParams)
    {
        if (text::IEquals(name, p))
        {
            return true;
        }
    }
    // qop is a token in credentials (they carry "response") and quoted in challenges.
    return text::IEquals(name, "qop") && d.Get("response").has_value();
}

} // namespace

std::optional<SipDigest>
SipDigest::Parse(std::string_view text, std::string* err)
{
    std::string_view t = text::Trim(text);
    std::size_t sp = t.find_first_of(" \t");
    SipDigest d;
    d.scheme = std::string(t.substr(0, sp));
    if (!text::IsTokenString(d.scheme))
    {
        Fail(err, "bad auth scheme");
        return std::nullopt;
    }
    if (sp == t.npos)
    {
        return d;
    }
    for (auto item : text::SplitComma(t.substr(sp)))
    {
        if (!ParseAuthParam(item, d, err))
        {
            return std::nullopt;
        }
    }
    return d;
}

std::string
SipDigest::ToString() const
{
    std::string out = scheme;
    char sep = ' ';
    for (const auto& [name, value] : params)
    {
        out += sep;
        sep = ',';
        out += name + "=";
        if (IsTokenParam(*this, name))
        {
            out += value;
            continue;
        }
        out += '"';
        for (char c : value)
        {
            if (c == '"' || c == '\\')
            {
                out += '\\';
            }
            out += c;
        }
        out += '"';
    }
    return out;
}

std::optional<std::string>
SipDigest::Get(std::string_view name) const
{
    return text::FindParam(params, name);
}

void
SipDigest::Set(std::string name, std::string value)
{
    text::SetParam(params, std::move(name), std::move(value));
}

} // namespace sipmob
