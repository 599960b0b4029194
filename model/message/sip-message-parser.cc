// SPDX-License-Identifier: GPL-2.0-only
#include "sip-message-parser.h"

#include "sip-header-names.h"
#include "sip-scan.h"
#include "sip-text.h"

#include <algorithm>
#include <cctype>

#include <cstring>

namespace sipmob
{

namespace
{

/// Largest Content-Length accepted (a UDP datagram is far smaller anyway).
constexpr uint64_t kMaxContentLength = 0xffffffffULL;

/// "SIP/2.0" (case-insensitive "SIP"); sets supported=false for another version.
bool
IsSipVersion(std::string_view v, bool& supported)
{
    if (v.size() < 5 || !text::IEquals(v.substr(0, 4), "SIP/"))
    {
        return false;
    }
    std::string_view num = v.substr(4);
    std::size_t dot = num.find('.');
    if (dot == num.npos || !text::ParseUnsigned(num.substr(0, dot), 1000000) ||
        !text::ParseUnsigned(num.substr(dot + 1), 1000000))
    {
        return false;
    }
    supported = num == "2.0";
    return true;
}

/// Runs check on every comma-separated item; an empty item is an error.
template <typename F>
bool
ForEachItem(std::string_view value, std::string& why, F check)
{
    std::size_t start = 0;
    while (true)
    {
        std::size_t comma = text::FindUnquoted(value, ',', start, true);
        std::string_view item =
            text::Trim(value.substr(start, comma == value.npos ? value.npos : comma - start));
        if (item.empty())
        {
            why = "empty value in list";
            return false;
        }
        if (!check(item))
        {
            return false;
        }
        if (comma == value.npos)
        {
            return true;
        }
        start = comma + 1;
    }
}

} // namespace

SipMessageParser::SipMessageParser(std::string_view datagram, bool lenient)
    : m_data(datagram)
    , m_lenient(lenient)
{
}

bool
SipMessageParser::Fail(std::size_t offset, int line, std::string what)
{
    if (m_err)
    {
        m_err->what = std::move(what);
        m_err->offset = offset;
        m_err->line = line;
    }
    return false;
}

bool
SipMessageParser::NextLine(std::string_view& line)
{
    if (m_pos >= m_data.size())
    {
        return false;
    }
    m_lineStart = m_pos;
    ++m_line;
    const void* nl = std::memchr(m_data.data() + m_pos, '\n', m_data.size() - m_pos);
    std::size_t end = nl ? static_cast<const char*>(nl) - m_data.data() : m_data.size();
    line = m_data.substr(m_pos, end - m_pos);
    if (!line.empty() && line.back() == '\r')
    {
        line.remove_suffix(1);
    }
    m_pos = nl ? end + 1 : m_data.size();
    return nl != nullptr;
}

std::optional<SipMessage>
SipMessageParser::Run(SipParseError* err)
{
    m_err = err;
    // RFC 3261 7.5: CRLFs before the start line are ignored.
    while (m_pos < m_data.size() && (m_data[m_pos] == '\r' || m_data[m_pos] == '\n'))
    {
        ++m_pos;
    }
    if (!ParseStartLine() || !ParseHeaders())
    {
        return std::nullopt;
    }
    if (!m_lenient && (!FrameBody() || !CheckHeaders()))
    {
        return std::nullopt;
    }
    return std::move(m_msg);
}

bool
SipMessageParser::ParseStartLine()
{
    std::string_view line;
    if (m_pos >= m_data.size())
    {
        return Fail(m_data.size(), 1, "empty message");
    }
    bool terminated = NextLine(line);
    if (!terminated && !m_lenient)
    {
        return Fail(m_lineStart, m_line, "start line not terminated by CRLF");
    }
    if (line.size() > 4 && text::IEquals(line.substr(0, 4), "SIP/"))
    {
        return ParseStatusLine(line);
    }
    return ParseRequestLine(line);
}

bool
SipMessageParser::ParseRequestLine(std::string_view line)
{
    std::size_t sp1 = line.find(' ');
    std::string_view method = line.substr(0, sp1);
    if (!text::IsTokenString(method))
    {
        return Fail(m_lineStart, m_line, "bad method token in request line");
    }
    m_msg.m_isRequest = true;
    m_msg.m_method = std::string(method);
    if (m_lenient)
    {
        return true;
    }
    std::size_t sp2 = sp1 == line.npos ? line.npos : line.find(' ', sp1 + 1);
    if (sp2 == line.npos || line.find(' ', sp2 + 1) != line.npos || line.find('\t') != line.npos)
    {
        return Fail(
            m_lineStart, m_line,
            "request line must be Method SP Request-URI SP SIP-Version (single SP, no LWS)");
    }
    bool supported = false;
    if (!IsSipVersion(line.substr(sp2 + 1), supported))
    {
        return Fail(m_lineStart + sp2 + 1, m_line, "bad SIP-Version in request line");
    }
    if (!supported)
    {
        return Fail(m_lineStart + sp2 + 1, m_line, "unsupported SIP version (not SIP/2.0)");
    }
    std::string why;
    auto uri = SipUri::Parse(line.substr(sp1 + 1, sp2 - sp1 - 1), &why);
    if (!uri)
    {
        return Fail(m_lineStart + sp1 + 1, m_line, "bad Request-URI: " + why);
    }
    if (!uri->IsOpaque() && !uri->GetHeaders().empty())
    {
        return Fail(m_lineStart + sp1 + 1, m_line, "headers (?...) not allowed in Request-URI");
    }
    m_msg.m_requestUri = std::move(*uri);
    return true;
}

bool
SipMessageParser::ParseStatusLine(std::string_view line)
{
    std::size_t sp1 = line.find(' ');
    bool supported = false;
    if (sp1 == line.npos || !IsSipVersion(line.substr(0, sp1), supported))
    {
        return Fail(m_lineStart, m_line, "bad SIP-Version in status line");
    }
    if (!supported && !m_lenient)
    {
        return Fail(m_lineStart, m_line, "unsupported SIP version (not SIP/2.0)");
    }
    std::string_view code = line.substr(sp1 + 1, 3);
    uint64_t value = code.size() == 3 ? text::ParseUnsigned(code, 999).value_or(0) : 0;
    bool endOk = line.size() == sp1 + 4 || (line.size() > sp1 + 4 && line[sp1 + 4] == ' ');
    if (!endOk || value < 100 || value > 699)
    {
        return Fail(m_lineStart + sp1 + 1, m_line, "status code must be 3 digits in 100..699");
    }
    m_msg.m_isRequest = false;
    m_msg.m_statusCode = static_cast<int>(value);
    m_msg.m_reason = line.size() > sp1 + 5 ? std::string(line.substr(sp1 + 5)) : std::string();
    return true;
}

bool
SipMessageParser::ParseHeaders()
{
    std::string_view line;
    while (true)
    {
        if (m_pos >= m_data.size())
        {
            return m_lenient || Fail(m_data.size(), m_line,
                                     "header section not terminated by an empty line (CRLF CRLF)");
        }
        bool terminated = NextLine(line);
        if (line.empty())
        {
            return true; // the empty line ending the header section
        }
        if (!terminated && !m_lenient)
        {
            return Fail(m_lineStart, m_line,
                        "header section not terminated by an empty line (CRLF CRLF)");
        }
        if (!AddHeaderLine(line) && !m_lenient)
        {
            return false;
        }
    }
}

bool
SipMessageParser::AddHeaderLine(std::string_view line)
{
    if (text::IsWs(line.front()))
    {
        if (m_msg.m_headers.empty())
        {
            return Fail(m_lineStart, m_line, "continuation line before any header");
        }
        std::string& value = m_msg.m_headers.back().value;
        std::string_view more = text::Trim(line);
        if (!more.empty())
        {
            value += value.empty() ? "" : " ";
            value.append(more.data(), more.size());
        }
        return true;
    }
    std::size_t colon = line.find(':');
    std::string_view name =
        colon == line.npos ? std::string_view() : text::Trim(line.substr(0, colon));
    if (!text::IsTokenString(name))
    {
        return Fail(m_lineStart, m_line, "malformed header line (expected name: value)");
    }
    if (m_msg.m_headers.empty())
    {
        m_msg.m_headers.reserve(24);
        m_positions.reserve(24);
    }
    m_msg.m_headers.push_back(
        SipHeader{std::string(name), std::string(text::Trim(line.substr(colon + 1)))});
    m_positions.push_back(Position{m_lineStart, m_line});
    return true;
}

bool
SipMessageParser::FrameBody()
{
    std::optional<uint64_t> length;
    for (std::size_t i = 0; i < m_msg.m_headers.size(); ++i)
    {
        const SipHeader& h = m_msg.m_headers[i];
        if (!text::IEquals(headers::LongForm(h.name), "Content-Length"))
        {
            continue;
        }
        auto v = text::ParseUnsigned(h.value, kMaxContentLength);
        if (!v)
        {
            return Fail(m_positions[i].offset, m_positions[i].line,
                        "Content-Length is not a non-negative 32-bit number");
        }
        if (length && *length != *v)
        {
            return Fail(m_positions[i].offset, m_positions[i].line,
                        "conflicting Content-Length values");
        }
        length = v;
    }
    std::size_t available = m_data.size() - m_pos;
    if (length && *length > available)
    {
        return Fail(m_pos, m_line + 1,
                    "Content-Length " + std::to_string(*length) + " larger than the " +
                        std::to_string(available) + " octets of body in the datagram");
    }
    m_msg.m_body = std::string(m_data.substr(m_pos, length ? *length : available));
    return true;
}

bool
SipMessageParser::CheckHeaders()
{
    struct Rule
    {
        std::string_view name; ///< header (long form)
        Check check;           ///< its checker
    };

    static const Rule kRules[] = {
        {"Via", &SipMessageParser::CheckVia},
        {"From", &SipMessageParser::CheckAddress},
        {"To", &SipMessageParser::CheckAddress},
        {"Contact", &SipMessageParser::CheckAddressList},
        {"Route", &SipMessageParser::CheckAddressList},
        {"Record-Route", &SipMessageParser::CheckAddressList},
        {"Call-ID", &SipMessageParser::CheckCallId},
        {"CSeq", &SipMessageParser::CheckCSeq},
        {"Max-Forwards", &SipMessageParser::CheckMaxForwards},
        {"Expires", &SipMessageParser::CheckExpires},
    };
    std::string why;
    for (std::size_t i = 0; i < m_msg.m_headers.size(); ++i)
    {
        const SipHeader& h = m_msg.m_headers[i];
        std::string_view full = headers::LongForm(h.name);
        for (const Rule& rule : kRules)
        {
            if (text::IEquals(full, rule.name) && !(this->*rule.check)(h.value, why))
            {
                return Fail(m_positions[i].offset, m_positions[i].line,
                            "malformed " + std::string(rule.name) + ": " + why);
            }
        }
    }
    return true;
}

bool
SipMessageParser::CheckVia(const std::string& value, std::string& why)
{
    scan::ViaView via;
    return ForEachItem(value, why, [&](std::string_view v) { return scan::Via(v, via, &why); });
}

bool
SipMessageParser::CheckAddress(const std::string& value, std::string& why)
{
    scan::NameAddrView na;
    if (!scan::NameAddr(value, na, &why))
    {
        return false;
    }
    why = "'*' not allowed here";
    return !na.wildcard;
}

bool
SipMessageParser::CheckAddressList(const std::string& value, std::string& why)
{
    // RFC 4475 3.1.2.4: a Contact expires parameter must fit 32 bits.
    auto expires = [&why](std::string_view name, std::string_view v)
    {
        bool numeric = !v.empty() && v.front() >= '0' && v.front() <= '9';
        bool ok = !numeric || !text::IEquals(name, "expires") ||
                  text::ParseUnsigned(v, 0xffffffffULL).has_value();
        why = ok ? why : "expires parameter exceeds 32 bits";
        return ok;
    };
    scan::NameAddrView na;
    return ForEachItem(value, why,
                       [&](std::string_view v) {
                           return scan::NameAddr(v, na, &why) &&
                                  scan::Params(na.params, expires, &why);
                       });
}

bool
SipMessageParser::CheckCallId(const std::string& value, std::string& why)
{
    if (value.empty() || value.find_first_of(" \t") != std::string::npos)
    {
        why = "Call-ID must be one word (no LWS)";
        return false;
    }
    return true;
}

bool
SipMessageParser::CheckCSeq(const std::string& value, std::string& why)
{
    auto cseq = SipCSeq::Parse(value, &why);
    if (cseq && m_msg.m_isRequest && cseq->method != m_msg.m_method)
    {
        why = "CSeq method '" + cseq->method + "' does not match request method '" +
              m_msg.m_method + "'";
        return false;
    }
    return cseq.has_value();
}

bool
SipMessageParser::CheckMaxForwards(const std::string& value, std::string& why)
{
    why = "Max-Forwards must be 0..255";
    return text::ParseUnsigned(value, 255).has_value();
}

bool
SipMessageParser::CheckExpires(const std::string& value, std::string& why)
{
    why = "Expires must be a number within 32 bits";
    return text::ParseUnsigned(value, 0xffffffffULL).has_value();
}

} // namespace sipmob
