// SPDX-License-Identifier: GPL-2.0-only
#include "message/sdp.h"

#include "message/sip-text.h"

#include <sstream>

namespace sipmob
{

namespace
{

/// Known static payload types and their rtpmap (RFC 3551) plus telephone-event.
constexpr std::pair<int, std::string_view> kRtpMaps[] = {
    {0, "PCMU/8000"},
    {3, "GSM/8000"},
    {8, "PCMA/8000"},
    {18, "G729/8000"},
    {101, "telephone-event/8000"},
};

bool
Fail(std::string* err, std::string what)
{
    if (err)
    {
        *err = std::move(what);
    }
    return false;
}

/// Splits at single spaces.
std::vector<std::string_view>
Fields(std::string_view s)
{
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start <= s.size())
    {
        std::size_t sp = s.find(' ', start);
        out.push_back(s.substr(start, sp == s.npos ? s.npos : sp - start));
        if (sp == s.npos)
        {
            break;
        }
        start = sp + 1;
    }
    return out;
}

std::string
Join(const std::vector<std::string_view>& f)
{
    std::string out;
    for (std::size_t i = 0; i < f.size(); ++i)
    {
        out += (i ? " " : "");
        out += f[i];
    }
    return out;
}

/// Syntax check of one line's value by type.
bool
CheckLine(char type, std::string_view v, std::string* err)
{
    auto f = Fields(v);
    switch (type)
    {
    case 'v':
        return v == "0" || Fail(err, "v= must be 0");
    case 'o':
        return (f.size() == 6 && text::ParseUnsigned(f[1], UINT64_MAX) &&
                text::ParseUnsigned(f[2], UINT64_MAX)) ||
               Fail(err, "o= needs username sess-id sess-version nettype addrtype address");
    case 'c':
        return (f.size() == 3 && f[0] == "IN" && !f[2].empty()) ||
               Fail(err, "c= needs IN addrtype address");
    case 'm':
        return (f.size() >= 4 && text::ParseUnsigned(f[1].substr(0, f[1].find('/')), 65535)) ||
               Fail(err, "m= needs media port proto fmt...");
    case 't':
        return f.size() == 2 || Fail(err, "t= needs start stop");
    default:
        return true;
    }
}

} // namespace

std::optional<Sdp>
Sdp::Parse(std::string_view text, std::string* err)
{
    Sdp sdp;
    std::size_t pos = 0;
    while (pos < text.size())
    {
        std::size_t nl = text.find('\n', pos);
        std::string_view line = text.substr(pos, nl == text.npos ? text.npos : nl - pos);
        pos = nl == text.npos ? text.size() : nl + 1;
        if (!line.empty() && line.back() == '\r')
        {
            line.remove_suffix(1);
        }
        if (line.empty())
        {
            continue;
        }
        if (line.size() < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z')
        {
            Fail(err, "bad SDP line '" + std::string(line) + "'");
            return std::nullopt;
        }
        if (!CheckLine(line[0], line.substr(2), err))
        {
            return std::nullopt;
        }
        sdp.m_lines.push_back(Line{line[0], std::string(line.substr(2))});
    }
    for (char required : {'v', 'o', 's', 't'})
    {
        if (sdp.GetLines(required).empty())
        {
            Fail(err, std::string("SDP without ") + required + "= line");
            return std::nullopt;
        }
    }
    if (sdp.m_lines.front().type != 'v')
    {
        Fail(err, "SDP must start with v=");
        return std::nullopt;
    }
    return sdp;
}

Sdp
Sdp::MakeAudioOffer(std::string originUser, uint64_t sessionId, std::string address, uint16_t port,
                    std::vector<int> payloadTypes)
{
    Sdp sdp;
    std::string id = std::to_string(sessionId);
    std::string fmts;
    for (int pt : payloadTypes)
    {
        fmts += " " + std::to_string(pt);
    }
    sdp.m_lines = {{'v', "0"},   {'o', originUser + " " + id + " " + id + " IN IP4 " + address},
                   {'s', "-"},   {'c', "IN IP4 " + address},
                   {'t', "0 0"}, {'m', "audio " + std::to_string(port) + " RTP/AVP" + fmts}};
    for (int pt : payloadTypes)
    {
        for (const auto& [type, map] : kRtpMaps)
        {
            if (type == pt)
            {
                sdp.m_lines.push_back(
                    {'a', "rtpmap:" + std::to_string(pt) + " " + std::string(map)});
            }
        }
    }
    sdp.m_lines.push_back({'a', "sendrecv"});
    return sdp;
}

std::string
Sdp::Serialize() const
{
    std::string out;
    for (const auto& l : m_lines)
    {
        out += l.type;
        out += '=';
        out += l.value;
        out += "\r\n";
    }
    return out;
}

std::string
Sdp::GetConnectionAddress() const
{
    auto c = GetLines('c');
    if (c.empty())
    {
        return "";
    }
    auto f = Fields(c.front());
    std::string_view addr = f.size() == 3 ? f[2] : std::string_view();
    return std::string(addr.substr(0, addr.find('/')));
}

void
Sdp::SetConnectionAddress(std::string address)
{
    for (auto& l : m_lines)
    {
        auto f = Fields(l.value);
        std::size_t index = l.type == 'c' ? 2 : (l.type == 'o' ? 5 : 0);
        if (index != 0 && f.size() == index + 1)
        {
            f[index] = address;
            l.value = Join(f);
        }
    }
}

uint16_t
Sdp::GetAudioPort() const
{
    for (const auto& l : m_lines)
    {
        auto f = Fields(l.value);
        if (l.type == 'm' && f.size() >= 2 && f[0] == "audio")
        {
            auto port = text::ParseUnsigned(f[1].substr(0, f[1].find('/')), 65535);
            return port ? static_cast<uint16_t>(*port) : 0;
        }
    }
    return 0;
}

void
Sdp::SetAudioPort(uint16_t port)
{
    for (auto& l : m_lines)
    {
        auto f = Fields(l.value);
        if (l.type == 'm' && f.size() >= 2 && f[0] == "audio")
        {
            std::string p = std::to_string(port);
            f[1] = p;
            l.value = Join(f);
            return;
        }
    }
}

uint64_t
Sdp::GetVersion() const
{
    auto o = GetLines('o');
    auto f = o.empty() ? std::vector<std::string_view>() : Fields(o.front());
    return f.size() == 6 ? text::ParseUnsigned(f[2], UINT64_MAX).value_or(0) : 0;
}

uint64_t
Sdp::GetSessionId() const
{
    auto o = GetLines('o');
    auto f = o.empty() ? std::vector<std::string_view>() : Fields(o.front());
    return f.size() == 6 ? text::ParseUnsigned(f[1], UINT64_MAX).value_or(0) : 0;
}

void
Sdp::IncrementVersion()
{
    for (auto& l : m_lines)
    {
        auto f = Fields(l.value);
        if (l.type == 'o' && f.size() == 6)
        {
            std::string v = std::to_string(GetVersion() + 1);
            f[2] = v;
            l.value = Join(f);
            return;
        }
    }
}

std::vector<int>
Sdp::GetAudioPayloadTypes() const
{
    std::vector<int> out;
    for (const auto& l : m_lines)
    {
        auto f = Fields(l.value);
        if (l.type == 'm' && f.size() >= 4 && f[0] == "audio")
        {
            for (std::size_t i = 3; i < f.size(); ++i)
            {
                if (auto pt = text::ParseUnsigned(f[i], 127))
                {
                    out.push_back(static_cast<int>(*pt));
                }
            }
            break;
        }
    }
    return out;
}

std::vector<std::string>
Sdp::GetLines(char type) const
{
    std::vector<std::string> out;
    for (const auto& l : m_lines)
    {
        if (l.type == type)
        {
            out.push_back(l.value);
        }
    }
    return out;
}

} // namespace sipmob
