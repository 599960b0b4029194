// SPDX-License-Identifier: GPL-2.0-only
#include "message/sip-text.h"

#include "message/sip-scan.h"

#include <array>

namespace sipmob::text
{

namespace
{

/// Builds a 256-entry membership table for the characters of a set.
constexpr std::array<bool, 256>
MakeTable(std::string_view extra, bool alnum)
{
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c)
    {
        bool a = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        t[c] = alnum && a;
    }
    for (char c : extra)
    {
        t[static_cast<unsigned char>(c)] = true;
    }
    return t;
}

/// RFC 3261 unreserved = alphanum / mark
constexpr auto kUnreserved = MakeTable("-_.!~*'()", true);

int
HexValue(char c)
{
    if (c >= '0' && c <= '9')
    {
        return c - '0';
    }
    c = Lower(c);
    return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

} // namespace

std::string
ToLower(std::string_view s)
{
    std::string r(s);
    for (char& c : r)
    {
        c = Lower(c);
    }
    return r;
}

std::optional<uint64_t>
ParseUnsigned(std::string_view s, uint64_t max)
{
    if (s.empty())
    {
        return std::nullopt;
    }
    uint64_t v = 0;
    for (char c : s)
    {
        if (c < '0' || c > '9')
        {
            return std::nullopt;
        }
        v = v * 10 + static_cast<uint64_t>(c - '0');
        if (v > max)
        {
            return std::nullopt;
        }
    }
    return v;
}

std::size_t
FindUnquoted(std::string_view s, char c, std::size_t from, bool angle)
{
    // Jump between the only bytes that matter (c, '"', and '<' '>' when angle is set).
    bool inAngle = false;
    char lt = angle ? '<' : c;
    char gt = angle ? '>' : c;
    std::size_t n = s.size();
    for (std::size_t i = from; i < n; ++i)
    {
        i = FindAny4(s, i, c, '"', lt, gt);
        if (i == std::string_view::npos)
        {
            return i;
        }
        char x = s[i];
        if (x == c && !inAngle)
        {
            return i;
        }
        if (x == '"')
        {
            // Skip the quoted-string (a backslash escapes the next byte).
            for (++i; i < n && s[i] != '"'; ++i)
            {
                i += s[i] == '\\' ? 1 : 0;
            }
            if (i >= n)
            {
                return std::string_view::npos;
            }
        }
        else if (angle && x == '<')
        {
            inAngle = true;
        }
        else if (angle && x == '>')
        {
            inAngle = false;
        }
    }
    return std::string_view::npos;
}

std::vector<std::string_view>
SplitComma(std::string_view s)
{
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true)
    {
        std::size_t comma = FindUnquoted(s, ',', start, true);
        if (comma == std::string_view::npos)
        {
            out.push_back(Trim(s.substr(start)));
            return out;
        }
        out.push_back(Trim(s.substr(start, comma - start)));
        start = comma + 1;
    }
}

bool
Unescape(std::string_view s, std::string& out)
{
    if (s.find('%') == std::string_view::npos)
    {
        out.assign(s.data(), s.size()); // nothing escaped: one copy
        return true;
    }
    out.clear();
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i)
    {
        if (s[i] != '%')
        {
            out.push_back(s[i]);
            continue;
        }
        if (i + 2 >= s.size())
        {
            return false;
        }
        int hi = HexValue(s[i + 1]);
        int lo = HexValue(s[i + 2]);
        if (hi < 0 || lo < 0)
        {
            return false;
        }
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    return true;
}

std::string
Escape(std::string_view s, std::string_view allowed)
{
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (char c : s)
    {
        auto u = static_cast<unsigned char>(c);
        if (kUnreserved[u] || allowed.find(c) != std::string_view::npos)
        {
            out.push_back(c);
        }
        else
        {
            out.push_back('%');
            out.push_back(hex[u >> 4]);
            out.push_back(hex[u & 15]);
        }
    }
    return out;
}

bool
ReadQuoted(std::string_view s, std::size_t& end, std::string* out)
{
    // Without a backslash before the closing quote the content is one copy.
    std::size_t stop = 1;
    while (stop < s.size() && s[stop] != '"' && s[stop] != '\\')
    {
        ++stop;
    }
    if (stop < s.size() && s[stop] == '"')
    {
        if (out)
        {
            out->append(s.data() + 1, stop - 1);
        }
        end = stop + 1;
        return true;
    }
    for (std::size_t i = 1; i < s.size(); ++i)
    {
        if (s[i] == '\\')
        {
            if (i + 1 >= s.size())
            {
                return false;
            }
            if (out)
            {
                out->push_back(s[i + 1]);
            }
            ++i;
        }
        else if (s[i] == '"')
        {
            end = i + 1;
            return true;
        }
        else if (out)
        {
            out->push_back(s[i]);
        }
    }
    return false;
}

bool
ParseParams(std::string_view s, SipParams& out, std::string* err)
{
    return scan::Params(
        s,
        [&out](std::string_view name, std::string_view value)
        {
            out.emplace_back(std::string(name), std::string(value));
            return true;
        },
        err);
}

void
AppendParams(std::string& out, const SipParams& p)
{
    for (const auto& [name, value] : p)
    {
        out += ';';
        out += name;
        if (!value.empty())
        {
            out += '=';
            out += value;
        }
    }
}

std::optional<std::string>
FindParam(const SipParams& p, std::string_view name)
{
    for (const auto& [n, v] : p)
    {
        if (IEquals(n, name))
        {
            return v;
        }
    }
    return std::nullopt;
}

const std::string*
FindParamValue(const SipParams& p, std::string_view name)
{
    for (const auto& [n, v] : p)
    {
        if (IEquals(n, name))
        {
            return &v;
        }
    }
    return nullptr;
}

void
SetParam(SipParams& p, std::string name, std::string value)
{
    for (auto& [n, v] : p)
    {
        if (IEquals(n, name))
        {
            v = std::move(value);
            return;
        }
    }
    p.emplace_back(std::move(name), std::move(value));
}

} // namespace sipmob::text
