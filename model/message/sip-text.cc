// SPDX-License-Identifier: GPL-2.0-only
#include "sip-text.h"

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

/// token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
constexpr auto kToken = MakeTable("-.!%*_+`'~", true);
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

bool
IsWs(char c)
{
    return c == ' ' || c == '\t';
}

bool
IsToken(char c)
{
    return kToken[static_cast<unsigned char>(c)];
}

bool
IsTokenString(std::string_view s)
{
    if (s.empty())
    {
        return false;
    }
    for (char c : s)
    {
        if (!IsToken(c))
        {
            return false;
        }
    }
    return true;
}

char
Lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

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

bool
IEquals(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
    {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        if (Lower(a[i]) != Lower(b[i]))
        {
            return false;
        }
    }
    return true;
}

std::string_view
Trim(std::string_view s)
{
    auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && isSpace(s.front()))
    {
        s.remove_prefix(1);
    }
    while (!s.empty() && isSpace(s.back()))
    {
        s.remove_suffix(1);
    }
    return s;
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
    bool quoted = false;
    bool inAngle = false;
    for (std::size_t i = from; i < s.size(); ++i)
    {
        char x = s[i];
        if (quoted)
        {
            if (x == '\\')
            {
                ++i;
            }
            else if (x == '"')
            {
                quoted = false;
            }
            continue;
        }
        if (x == c && !inAngle)
        {
            return i;
        }
        if (x == '"')
        {
            quoted = true;
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

namespace
{

/// Parses one "name[=value]" item of a parameter list.
bool
ParseOneParam(std::string_view item, std::vector<std::pair<std::string, std::string>>& out,
              std::string* err)
{
    std::size_t eq = item.find('=');
    std::string_view name = Trim(item.substr(0, eq));
    if (!IsTokenString(name))
    {
        if (err)
        {
            *err = "bad parameter name '" + std::string(name) + "'";
        }
        return false;
    }
    std::string_view value;
    if (eq != std::string_view::npos)
    {
        value = Trim(item.substr(eq + 1));
        if (value.empty())
        {
            if (err)
            {
                *err = "empty value for parameter '" + std::string(name) + "'";
            }
            return false;
        }
        if (value.front() == '"')
        {
            std::size_t end = 0;
            if (!ReadQuoted(value, end, nullptr) || end != value.size())
            {
                if (err)
                {
                    *err = "unterminated quoted parameter value";
                }
                return false;
            }
        }
    }
    out.emplace_back(std::string(name), std::string(value));
    return true;
}

} // namespace

bool
ParseParams(std::string_view s, std::vector<std::pair<std::string, std::string>>& out,
            std::string* err)
{
    s = Trim(s);
    if (s.empty())
    {
        return true;
    }
    if (s.front() != ';')
    {
        if (err)
        {
            *err = "expected ';' before parameters";
        }
        return false;
    }
    std::size_t start = 1;
    while (true)
    {
        std::size_t semi = FindUnquoted(s, ';', start);
        std::string_view item =
            s.substr(start, semi == std::string_view::npos ? s.npos : semi - start);
        if (!ParseOneParam(item, out, err))
        {
            return false;
        }
        if (semi == std::string_view::npos)
        {
            return true;
        }
        start = semi + 1;
    }
}

void
AppendParams(std::string& out, const std::vector<std::pair<std::string, std::string>>& p)
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
FindParam(const std::vector<std::pair<std::string, std::string>>& p, std::string_view name)
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

void
SetParam(std::vector<std::pair<std::string, std::string>>& p, std::string name, std::string value)
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
