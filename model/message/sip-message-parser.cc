// SPDX-License-Identifier: GPL-2.0-only
#include "message/sip-message-parser.h"

#include "message/sip-header-checker.h"

#include "message/sip-header-names.h"
#include "message/sip-scan.h"
#include "message/sip-text.h"

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
    if (v.substr(4) == "2.0")
    {
        supported = true; // what every message carries: no number to read
        return true;
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

std::size_t
SipMessageParser::LineStartOf(std::size_t offset) const
{
    while (offset > 0 && m_data[offset - 1] != '\n')
    {
        --offset;
    }
    return offset;
}

uint32_t
SipMessageParser::OffsetOf(std::string_view piece) const
{
    return static_cast<uint32_t>(piece.data() - m_data.data());
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
    // Serialize writes CRLF line ends.
    m_canonical = m_canonical && nl != nullptr && end > m_lineStart && m_data[end - 1] == '\r';
    return nl != nullptr;
}

std::optional<SipMessage>
SipMessageParser::Run(SipParseError* err)
{
    m_err = err;
    // Built in place and returned by NRVO: a SipMessage is large enough for moves to show.
    std::optional<SipMessage> result(std::in_place);
    if (m_data.size() >= 0xffffffffULL)
    {
        Fail(0, 1, "message too large");
        result.reset();
        return result;
    }
    m_msg = &*result;
    // The message owns one copy of the bytes; headers are indexed into it, not copied.
    m_msg->m_raw.assign(m_data.data(), m_data.size());
    m_msg->m_indexed = true;
    m_msg->m_index.reserve(24);
    // RFC 3261 7.5: CRLFs before the start line are ignored.
    while (m_pos < m_data.size() && (m_data[m_pos] == '\r' || m_data[m_pos] == '\n'))
    {
        ++m_pos;
    }
    m_canonical = m_pos == 0;
    bool ok = ParseStartLine() && ParseHeaders() && (m_lenient || (FrameBody() && CheckHeaders()));
    m_msg->m_canonical = ok && !m_lenient && m_canonical;
    m_msg = nullptr;
    if (!ok)
    {
        result.reset();
    }
    return result;
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
    m_msg->m_isRequest = true;
    m_msg->m_method = std::string(method);
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
    // Scanned in the message's own copy, so that the pieces can be kept as spans of it.
    std::string_view uriText =
        std::string_view(m_msg->m_raw).substr(m_lineStart + sp1 + 1, sp2 - sp1 - 1);
    scan::UriView uri;
    if (!scan::Uri(uriText, uri, &why))
    {
        return Fail(m_lineStart + sp1 + 1, m_line, "bad Request-URI: " + why);
    }
    if (uri.sip && !uri.headers.empty())
    {
        return Fail(m_lineStart + sp1 + 1, m_line, "headers (?...) not allowed in Request-URI");
    }
    // GetRequestUri builds the SipUri from these pieces on first use; Serialize writes the text
    // as received until SetRequestUri.
    m_msg->UriSpansOf(uri, m_msg->m_uriScan);
    m_msg->m_uriOff = static_cast<uint32_t>(m_lineStart + sp1 + 1);
    m_msg->m_uriLen = static_cast<uint32_t>(uriText.size());
    m_msg->m_uriReady = false;
    m_msg->m_uriRaw = true;
    // Serialize writes "SIP/2.0" in upper case.
    m_canonical = m_canonical && line.substr(sp2 + 1) == "SIP/2.0";
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
    m_msg->m_isRequest = false;
    m_msg->m_statusCode = static_cast<int>(value);
    m_msg->m_reason = line.size() > sp1 + 5 ? std::string(line.substr(sp1 + 5)) : std::string();
    // Serialize writes "SIP/2.0 code reason" (with the SP even when the reason is empty).
    m_canonical =
        m_canonical && sp1 == 7 && line.substr(0, 7) == "SIP/2.0" && line.size() >= sp1 + 5;
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
    auto& index = m_msg->m_index;
    if (text::IsWs(line.front()))
    {
        if (index.empty())
        {
            return Fail(m_lineStart, m_line, "continuation line before any header");
        }
        // Unfolding: the value moves past the datagram in the owned buffer, then grows there.
        m_canonical = false;
        SipMessage::HeaderRef& h = index.back();
        std::string_view more = text::Trim(line);
        if (!more.empty())
        {
            std::string& raw = m_msg->m_raw;
            if (h.valueOff < m_data.size())
            {
                std::size_t off = raw.size();
                raw.append(m_data.data() + h.valueOff, h.valueLen);
                h.valueOff = static_cast<uint32_t>(off);
            }
            if (h.valueLen != 0)
            {
                raw += ' ';
            }
            raw.append(more.data(), more.size());
            h.valueLen = static_cast<uint32_t>(raw.size() - h.valueOff);
        }
        return true;
    }
    const void* colonPtr = std::memchr(line.data(), ':', line.size());
    std::size_t colon = colonPtr ? static_cast<const char*>(colonPtr) - line.data() : line.npos;
    std::string_view name =
        colon == line.npos ? std::string_view() : text::Trim(line.substr(0, colon));
    // A name Classify recognises is spelled as a known name (letters in any case, '-'), so it is
    // a token; only the others need the token check.
    const headers::Id id = headers::Classify(name);
    if (id == headers::kOther && !text::IsTokenString(name))
    {
        return Fail(m_lineStart, m_line, "malformed header line (expected name: value)");
    }
    std::string_view value = text::Trim(line.substr(colon + 1));
    // Serialize writes "Name: value" with the value trimmed.
    m_canonical = m_canonical && name.size() == colon && colon + 2 <= line.size() &&
                  line[colon + 1] == ' ' && value.data() == line.data() + colon + 2 &&
                  value.size() == line.size() - colon - 2;
    // Written in place, field by field: a HeaderRef built on the stack and copied in was read
    // back as 16-byte loads of 4-byte stores (a store-forwarding stall on every header).
    SipMessage::HeaderRef& r = index.emplace_back();
    r.nameOff = OffsetOf(name);
    r.nameLen = static_cast<uint32_t>(name.size());
    r.valueOff = OffsetOf(value);
    r.valueLen = static_cast<uint32_t>(value.size());
    r.line = static_cast<uint32_t>(m_line);
    r.id = static_cast<uint8_t>(id);
    return true;
}

bool
SipMessageParser::FrameBody()
{
    std::optional<uint64_t> length;
    int lengthFields = 0;
    std::string_view lengthText;
    for (const auto& h : m_msg->m_index)
    {
        if (h.id != headers::kContentLength)
        {
            continue;
        }
        ++lengthFields;
        lengthText = m_msg->ValueOf(h);
        auto v = text::ParseUnsigned(m_msg->ValueOf(h), kMaxContentLength);
        if (!v)
        {
            return Fail(LineStartOf(h.nameOff), static_cast<int>(h.line),
                        "Content-Length is not a non-negative 32-bit number");
        }
        if (length && *length != *v)
        {
            return Fail(LineStartOf(h.nameOff), static_cast<int>(h.line),
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
    m_msg->m_bodyOff = static_cast<uint32_t>(m_pos);
    m_msg->m_bodyLen = static_cast<uint32_t>(length ? *length : available);
    // Serialize writes exactly one Content-Length, the body's length in plain decimal.
    // (lengthText is the decimal of *length == m_bodyLen: it is that number's plain form unless
    // it has leading zeros.)
    m_canonical = m_canonical && lengthFields == 1 && length && *length == m_msg->m_bodyLen &&
                  (lengthText.size() == 1 || lengthText.front() != '0');
    m_msg->m_bodyReady = m_msg->m_bodyLen == 0;
    return true;
}

bool
SipMessageParser::CheckHeaders()
{
    SipHeaderChecker checker(*m_msg);
    std::string why;
    for (const auto& h : m_msg->m_index)
    {
        const char* rule = nullptr;
        if (!checker.Check(h.id, m_msg->ValueOf(h), rule, why))
        {
            return Fail(LineStartOf(h.nameOff), static_cast<int>(h.line),
                        "malformed " + std::string(rule) + ": " + why);
        }
    }
    checker.Finish();
    return true;
}

} // namespace sipmob
