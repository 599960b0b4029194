// SPDX-License-Identifier: GPL-2.0-only
#include "message/sip-message-parser.h"

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

/// \return false only when params cannot contain an "expires" parameter name (any case).
bool
MayHaveExpires(std::string_view params)
{
    for (std::size_t i = 0; i + 7 <= params.size(); ++i)
    {
        if (text::Lower(params[i]) == 'e' && text::IEquals(params.substr(i, 7), "expires"))
        {
            return true;
        }
    }
    return false;
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
    m_msg->m_uriScan = m_msg->UriSpansOf(uri);
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
    if (!text::IsTokenString(name))
    {
        return Fail(m_lineStart, m_line, "malformed header line (expected name: value)");
    }
    std::string_view value = text::Trim(line.substr(colon + 1));
    // Serialize writes "Name: value" with the value trimmed.
    m_canonical = m_canonical && name.size() == colon && colon + 2 <= line.size() &&
                  line[colon + 1] == ' ' && value.data() == line.data() + colon + 2 &&
                  value.size() == line.size() - colon - 2;
    index.push_back(SipMessage::HeaderRef{OffsetOf(name), static_cast<uint32_t>(name.size()),
                                          OffsetOf(value), static_cast<uint32_t>(value.size()),
                                          static_cast<uint32_t>(m_line),
                                          static_cast<uint8_t>(headers::Classify(name))});
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
    m_canonical = m_canonical && lengthFields == 1 && length &&
                  lengthText == std::to_string(m_msg->m_bodyLen);
    m_msg->m_bodyReady = m_msg->m_bodyLen == 0;
    return true;
}

bool
SipMessageParser::CheckHeaders()
{
    std::string why;
    m_msg->m_scanned.reserve(6); // two Vias, From, To, Contact fit in one allocation
    for (const auto& h : m_msg->m_index)
    {
        std::string_view value = m_msg->ValueOf(h);
        bool ok = true;
        const char* rule = nullptr;
        switch (h.id)
        {
        case headers::kVia:
            rule = "Via";
            ok = CheckVia(value, why);
            break;
        case headers::kFrom:
            rule = "From";
            ok = CheckAddress(value, why, headers::kFrom, m_seen & kSeenFrom);
            m_seen |= kSeenFrom;
            break;
        case headers::kTo:
            rule = "To";
            ok = CheckAddress(value, why, headers::kTo, m_seen & kSeenTo);
            m_seen |= kSeenTo;
            break;
        case headers::kContact:
            rule = "Contact";
            ok = CheckContacts(value, why);
            break;
        case headers::kRoute:
            rule = "Route";
            ok = CheckRouteList(value, why);
            break;
        case headers::kRecordRoute:
            rule = "Record-Route";
            ok = CheckRouteList(value, why);
            break;
        case headers::kCallId:
            rule = "Call-ID";
            ok = CheckCallId(value, why);
            break;
        case headers::kCSeq:
            rule = "CSeq";
            ok = CheckCSeq(value, why);
            break;
        case headers::kMaxForwards:
            rule = "Max-Forwards";
            ok = CheckMaxForwards(value, why);
            break;
        case headers::kExpires:
            rule = "Expires";
            ok = CheckExpires(value, why);
            break;
        case headers::kAllow:
            rule = "Allow";
            ok = CheckAllow(value, why);
            break;
        case headers::kContentType:
            rule = "Content-Type";
            ok = CheckContentType(value, why);
            break;
        case headers::kSessionExpires:
            rule = "Session-Expires";
            ok = CheckSessionExpires(value, why);
            break;
        default:
            break;
        }
        if (!ok)
        {
            return Fail(LineStartOf(h.nameOff), static_cast<int>(h.line),
                        "malformed " + std::string(rule) + ": " + why);
        }
    }
    // Via, From, To and Contact are built from m_scanned on first use, CSeq and Max-Forwards
    // were built by their checks, Call-ID is its value (absent ones keep their defaults).
    m_msg->m_scannedBits = SipMessage::CoreBit(headers::kVia) |
                           SipMessage::CoreBit(headers::kFrom) | SipMessage::CoreBit(headers::kTo) |
                           SipMessage::CoreBit(headers::kContact);
    m_msg->m_coreValid =
        SipMessage::CoreBit(headers::kCSeq) | SipMessage::CoreBit(headers::kMaxForwards);
    return true;
}

void
SipMessageParser::Record(uint8_t id, const scan::NameAddrView& na)
{
    SipMessage::ScannedValue s;
    s.id = id;
    s.wildcard = na.wildcard;
    s.display = m_msg->SpanOf(na.display);
    s.params = m_msg->SpanOf(na.params);
    if (!na.wildcard)
    {
        s.uri = m_msg->UriSpansOf(na.uriParts);
    }
    m_msg->m_scanned.push_back(s);
}

bool
SipMessageParser::CheckVia(std::string_view value, std::string& why)
{
    scan::ViaView via;
    return ForEachItem(value, why,
                       [&](std::string_view v)
                       {
                           if (!scan::Via(v, via, &why))
                           {
                               return false;
                           }
                           SipMessage::ScannedValue s;
                           s.id = headers::kVia;
                           s.transport = m_msg->SpanOf(via.transport);
                           s.host = m_msg->SpanOf(via.host);
                           s.port = via.port;
                           s.params = m_msg->SpanOf(via.params);
                           m_msg->m_scanned.push_back(s);
                           return true;
                       });
}

bool
SipMessageParser::CheckAddress(std::string_view value, std::string& why, uint8_t id, bool seen)
{
    scan::NameAddrView na;
    if (!scan::NameAddr(value, na, &why))
    {
        return false;
    }
    if (na.wildcard)
    {
        why = "'*' not allowed here";
        return false;
    }
    if (!seen)
    {
        Record(id, na); // the getters return the first occurrence
    }
    return true;
}

bool
SipMessageParser::CheckContacts(std::string_view value, std::string& why)
{
    return CheckAddressList(value, why, true);
}

bool
SipMessageParser::CheckAddressList(std::string_view value, std::string& why, bool record)
{
    // RFC 4475 3.1.2.4: a Contact expires parameter must fit 32 bits.
    auto expires = [&why](std::string_view name, std::string_view v)
    {
        bool numeric = !v.empty() && v.front() >= '0' && v.front() <= '9';
        bool ok = !numeric || !text::IEquals(name, "expires") ||
                  text::ParseUnsigned(v, 0xffffffffULL).has_value();
        if (!ok)
        {
            why = "expires parameter exceeds 32 bits";
        }
        return ok;
    };
    scan::NameAddrView na;
    return ForEachItem(value, why,
                       [&](std::string_view v)
                       {
                           // NameAddr already checked the params' syntax; look at them again
                           // only when an expires parameter may be there.
                           bool ok = scan::NameAddr(v, na, &why) &&
                                     (!MayHaveExpires(na.params) ||
                                      scan::Params(na.params, expires, &why));
                           if (ok && record)
                           {
                               Record(headers::kContact, na);
                           }
                           return ok;
                       });
}

bool
SipMessageParser::CheckRouteList(std::string_view value, std::string& why)
{
    // RFC 3261 §20.30, §20.34: a route is a name-addr; `*` belongs to Contact alone.
    scan::NameAddrView na;
    return ForEachItem(value, why,
                       [&](std::string_view v)
                       {
                           if (!scan::NameAddr(v, na, &why))
                           {
                               return false;
                           }
                           if (na.wildcard)
                           {
                               why = "'*' is not a route";
                           }
                           return !na.wildcard;
                       });
}

bool
SipMessageParser::CheckCallId(std::string_view value, std::string& why)
{
    if (value.empty() || text::FindAny4(value, 0, ' ', '\t', ' ', '\t') != value.npos)
    {
        why = "Call-ID must be one word (no LWS)";
        return false;
    }
    return true;
}

bool
SipMessageParser::CheckCSeq(std::string_view value, std::string& why)
{
    auto cseq = SipCSeq::Parse(value, &why);
    if (cseq && m_msg->m_isRequest && cseq->method != m_msg->m_method)
    {
        why = "CSeq method '" + cseq->method + "' does not match request method '" +
              m_msg->m_method + "'";
        return false;
    }
    if (cseq && !(m_seen & kSeenCSeq))
    {
        m_msg->m_core.cseq = std::move(*cseq);
        m_seen |= kSeenCSeq;
    }
    return cseq.has_value();
}

bool
SipMessageParser::CheckMaxForwards(std::string_view value, std::string& why)
{
    auto n = text::ParseUnsigned(value, 255);
    if (!n)
    {
        why = "Max-Forwards must be 0..255";
        return false;
    }
    if (!(m_seen & kSeenMaxForwards))
    {
        m_msg->m_core.maxForwards = static_cast<int>(*n);
        m_seen |= kSeenMaxForwards;
    }
    return true;
}

bool
SipMessageParser::CheckAllow(std::string_view value, std::string& why)
{
    // RFC 3261 25.1: Allow = "Allow" HCOLON [Method *(COMMA Method)]; an empty Allow is legal.
    return value.empty() || ForEachItem(value, why,
                                        [&why](std::string_view method)
                                        {
                                            bool ok = text::IsTokenString(method);
                                            if (!ok)
                                            {
                                                why = "method must be a token";
                                            }
                                            return ok;
                                        });
}

bool
SipMessageParser::CheckContentType(std::string_view value, std::string& why)
{
    // RFC 3261 25.1: media-type = m-type SLASH m-subtype *(SEMI m-parameter), each type a
    // token, m-parameter = token EQUAL (token / quoted-string); SLASH, SEMI, EQUAL allow LWS.
    std::size_t slash = value.find('/');
    std::size_t semi = value.find(';');
    if (slash == value.npos || (semi != value.npos && semi < slash) ||
        !text::IsTokenString(text::Trim(value.substr(0, slash))))
    {
        why = "expected type/subtype";
        return false;
    }
    std::string_view subtype =
        value.substr(slash + 1, semi == value.npos ? semi : semi - slash - 1);
    if (!text::IsTokenString(text::Trim(subtype)))
    {
        why = "subtype must be a token";
        return false;
    }
    if (semi == value.npos)
    {
        return true;
    }
    return scan::Params(
        value.substr(semi),
        [&why](std::string_view, std::string_view v)
        {
            // m-parameter has a value (generic-param allows a bare name).
            bool ok = !v.empty();
            if (!ok)
            {
                why = "media-type parameter without a value";
            }
            return ok;
        },
        &why);
}

bool
SipMessageParser::CheckSessionExpires(std::string_view value, std::string& why)
{
    // RFC 4028 4: Session-Expires = delta-seconds *(SEMI (refresher-param / generic-param)),
    // refresher-param = "refresher" EQUAL ("uas" / "uac"); delta-seconds as for Expires.
    std::size_t semi = text::FindUnquoted(value, ';');
    if (!text::ParseUnsigned(text::Trim(value.substr(0, semi)), 0xffffffffULL))
    {
        why = "delta-seconds must be a number within 32 bits";
        return false;
    }
    if (semi == value.npos)
    {
        return true;
    }
    return scan::Params(
        value.substr(semi),
        [&why](std::string_view name, std::string_view v)
        {
            bool ok = !text::IEquals(name, "refresher") || text::IEquals(v, "uas") ||
                      text::IEquals(v, "uac");
            if (!ok)
            {
                why = "refresher must be uas or uac";
            }
            return ok;
        },
        &why);
}

bool
SipMessageParser::CheckExpires(std::string_view value, std::string& why)
{
    if (text::ParseUnsigned(value, 0xffffffffULL))
    {
        return true;
    }
    why = "Expires must be a number within 32 bits";
    return false;
}

} // namespace sipmob
