// SPDX-License-Identifier: GPL-2.0-only
#include "message/sip-header-checker.h"

#include "message/sip-cseq.h"
#include "message/sip-header-names.h"
#include "message/sip-text.h"

namespace sipmob
{

namespace
{

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

/// \return true for the bytes text::Trim removes around a list item
bool
IsTrimmed(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
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

SipHeaderChecker::SipHeaderChecker(SipMessage& msg)
    : m_msg(msg)
{
}

bool
SipHeaderChecker::Check(uint8_t id, std::string_view value, const char*& rule, std::string& why)
{
    switch (id)
    {
    case headers::kVia:
        rule = "Via";
        return CheckVia(value, why);
    case headers::kFrom:
    {
        rule = "From";
        const bool seen = m_seen & kSeenFrom;
        m_seen |= kSeenFrom;
        return CheckAddress(value, why, headers::kFrom, seen);
    }
    case headers::kTo:
    {
        rule = "To";
        const bool seen = m_seen & kSeenTo;
        m_seen |= kSeenTo;
        return CheckAddress(value, why, headers::kTo, seen);
    }
    case headers::kContact:
        rule = "Contact";
        return CheckContacts(value, why);
    case headers::kRoute:
        rule = "Route";
        return CheckRouteList(value, why);
    case headers::kRecordRoute:
        rule = "Record-Route";
        return CheckRouteList(value, why);
    case headers::kCallId:
        rule = "Call-ID";
        return CheckCallId(value, why);
    case headers::kCSeq:
        rule = "CSeq";
        return CheckCSeq(value, why);
    case headers::kMaxForwards:
        rule = "Max-Forwards";
        return CheckMaxForwards(value, why);
    case headers::kExpires:
        rule = "Expires";
        return CheckExpires(value, why);
    case headers::kAllow:
        rule = "Allow";
        return CheckAllow(value, why);
    case headers::kContentType:
        rule = "Content-Type";
        return CheckContentType(value, why);
    case headers::kSessionExpires:
        rule = "Session-Expires";
        return CheckSessionExpires(value, why);
    default:
        return true;
    }
}

void
SipHeaderChecker::Finish()
{
    // Via, From, To and Contact are built from m_scanned on first use, Call-ID from the span of
    // its first value, CSeq and Max-Forwards were built by their checks (absent ones keep their
    // defaults).
    m_msg.m_scannedBits = SipMessage::CoreBit(headers::kVia) | SipMessage::CoreBit(headers::kFrom) |
                          SipMessage::CoreBit(headers::kTo) |
                          SipMessage::CoreBit(headers::kContact) |
                          SipMessage::CoreBit(headers::kCallId);
    m_msg.m_coreValid =
        SipMessage::CoreBit(headers::kCSeq) | SipMessage::CoreBit(headers::kMaxForwards);
}

void
SipHeaderChecker::Record(uint8_t id, const scan::NameAddrView& na)
{
    SipMessage::ScannedValue& s = m_msg.m_scanned.Add(); // filled in place
    s.id = id;
    s.wildcard = na.wildcard;
    s.display = m_msg.SpanOf(na.display);
    s.params = m_msg.SpanOf(na.params);
    if (!na.wildcard)
    {
        m_msg.UriSpansOf(na.uriParts, s.uri);
    }
}

bool
SipHeaderChecker::CheckVia(std::string_view value, std::string& why)
{
    scan::ViaView via;
    return ForEachItem(value, why,
                       [&](std::string_view v)
                       {
                           if (!scan::Via(v, via, &why))
                           {
                               return false;
                           }
                           SipMessage::ScannedValue& s = m_msg.m_scanned.Add(); // in place
                           s.id = headers::kVia;
                           s.transport = m_msg.SpanOf(via.transport);
                           s.host = m_msg.SpanOf(via.host);
                           s.port = via.port;
                           s.params = m_msg.SpanOf(via.params);
                           return true;
                       });
}

bool
SipHeaderChecker::CheckAddress(std::string_view value, std::string& why, uint8_t id, bool seen)
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
SipHeaderChecker::CheckContacts(std::string_view value, std::string& why)
{
    return CheckAddressList(value, why, true);
}

bool
SipHeaderChecker::CheckAddressList(std::string_view value, std::string& why, bool record)
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
                                      scan::ParamsWith(na.params, expires, &why));
                           if (ok && record)
                           {
                               Record(headers::kContact, na);
                           }
                           return ok;
                       });
}

bool
SipHeaderChecker::CheckRouteList(std::string_view value, std::string& why)
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
SipHeaderChecker::CheckCallId(std::string_view value, std::string& why)
{
    if (value.empty() || text::FindAny4(value, 0, ' ', '\t', ' ', '\t') != value.npos)
    {
        why = "Call-ID must be one word (no LWS)";
        return false;
    }
    if (m_msg.m_callIdScan.len == 0) // a checked value is never empty: the first one
    {
        m_msg.m_callIdScan = m_msg.SpanOf(value);
    }
    return true;
}

bool
SipHeaderChecker::CheckCSeq(std::string_view value, std::string& why)
{
    auto cseq = SipCSeq::Parse(value, &why);
    if (cseq && m_msg.m_isRequest && cseq->method != m_msg.m_method)
    {
        why = "CSeq method '" + cseq->method + "' does not match request method '" +
              m_msg.m_method + "'";
        return false;
    }
    if (cseq && !(m_seen & kSeenCSeq))
    {
        m_msg.m_core.cseq = std::move(*cseq);
        m_seen |= kSeenCSeq;
    }
    return cseq.has_value();
}

bool
SipHeaderChecker::CheckMaxForwards(std::string_view value, std::string& why)
{
    auto n = text::ParseUnsigned(value, 255);
    if (!n)
    {
        why = "Max-Forwards must be 0..255";
        return false;
    }
    if (!(m_seen & kSeenMaxForwards))
    {
        m_msg.m_core.maxForwards = static_cast<int>(*n);
        m_seen |= kSeenMaxForwards;
    }
    return true;
}

bool
SipHeaderChecker::CheckAllow(std::string_view value, std::string& why)
{
    // RFC 3261 25.1: Allow = "Allow" HCOLON [Method *(COMMA Method)]; an empty Allow is legal.
    // One pass: each comma-separated item, trimmed as text::Trim does, must be a non-empty token.
    // (A quote or angle bracket, which the list splitter of the other headers honours, is not a
    // token character: the item holding the first one fails either way, with the same reason.)
    std::size_t i = 0;
    const std::size_t n = value.size();
    while (!value.empty())
    {
        while (i < n && IsTrimmed(value[i]))
        {
            ++i;
        }
        std::size_t start = i;
        while (i < n && text::IsToken(value[i]))
        {
            ++i;
        }
        bool token = i > start;
        while (i < n && IsTrimmed(value[i]))
        {
            ++i;
        }
        if (i < n && value[i] != ',')
        {
            // Not a token character: the item is malformed (empty or not, as ForEachItem
            // reports it: an item that is only LWS is empty).
            why = "method must be a token";
            return false;
        }
        if (!token)
        {
            why = "empty value in list";
            return false;
        }
        if (i == n)
        {
            return true;
        }
        ++i; // past the comma
    }
    return true;
}

bool
SipHeaderChecker::CheckContentType(std::string_view value, std::string& why)
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
    return scan::ParamsWith(
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
SipHeaderChecker::CheckSessionExpires(std::string_view value, std::string& why)
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
    return scan::ParamsWith(
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
SipHeaderChecker::CheckExpires(std::string_view value, std::string& why)
{
    if (text::ParseUnsigned(value, 0xffffffffULL))
    {
        return true;
    }
    why = "Expires must be a number within 32 bits";
    return false;
}

} // namespace sipmob
