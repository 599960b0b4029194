// SPDX-License-Identifier: GPL-2.0-only
#include "message/sip-message.h"

#include "message/sip-header-names.h"
#include "message/sip-message-parser.h"
#include "message/sip-scan.h"
#include "message/sip-text.h"

#include <algorithm>

namespace sipmob
{

namespace
{

/// Default reason phrases (RFC 3261 21).
constexpr std::pair<int, std::string_view> kReasons[] = {
    {100, "Trying"},
    {180, "Ringing"},
    {181, "Call Is Being Forwarded"},
    {182, "Queued"},
    {183, "Session Progress"},
    {200, "OK"},
    {202, "Accepted"},
    {300, "Multiple Choices"},
    {301, "Moved Permanently"},
    {302, "Moved Temporarily"},
    {305, "Use Proxy"},
    {380, "Alternative Service"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {406, "Not Acceptable"},
    {407, "Proxy Authentication Required"},
    {408, "Request Timeout"},
    {410, "Gone"},
    {413, "Request Entity Too Large"},
    {414, "Request-URI Too Long"},
    {415, "Unsupported Media Type"},
    {416, "Unsupported URI Scheme"},
    {420, "Bad Extension"},
    {421, "Extension Required"},
    {423, "Interval Too Brief"},
    {480, "Temporarily Unavailable"},
    {481, "Call/Transaction Does Not Exist"},
    {482, "Loop Detected"},
    {483, "Too Many Hops"},
    {484, "Address Incomplete"},
    {485, "Ambiguous"},
    {486, "Busy Here"},
    {487, "Request Terminated"},
    {488, "Not Acceptable Here"},
    {491, "Request Pending"},
    {493, "Undecipherable"},
    {500, "Server Internal Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Server Time-out"},
    {505, "Version Not Supported"},
    {513, "Message Too Large"},
    {600, "Busy Everywhere"},
    {603, "Decline"},
    {604, "Does Not Exist Anywhere"},
    {606, "Not Acceptable"},
};

/// Parses every comma-separated value of the named headers as a T (unparsable ones skipped);
/// stops after the first one when first is true.
template <typename T, typename M>
std::vector<T>
ParseAll(const M& visit, bool first = false)
{
    std::vector<T> out;
    visit(
        [&](std::string_view value)
        {
            std::size_t start = 0;
            while (true)
            {
                std::size_t comma = text::FindUnquoted(value, ',', start, true);
                std::string_view item = text::Trim(
                    value.substr(start, comma == value.npos ? value.npos : comma - start));
                if (auto parsed = T::Parse(item))
                {
                    out.push_back(std::move(*parsed));
                    if (first)
                    {
                        return false;
                    }
                }
                if (comma == value.npos)
                {
                    return true;
                }
                start = comma + 1;
            }
        });
    return out;
}

/// CoreHeaders bits (SipMessage::CoreBit).
constexpr uint8_t kViaBit = 1;
constexpr uint8_t kFromBit = 2;
constexpr uint8_t kToBit = 4;
constexpr uint8_t kCSeqBit = 8;
constexpr uint8_t kCallIdBit = 16;
constexpr uint8_t kContactBit = 32;
constexpr uint8_t kMaxForwardsBit = 64;
/// The core headers a response copies from its request (RFC 3261 8.2.6.2).
constexpr uint8_t kCopiedBits = kViaBit | kFromBit | kToBit | kCSeqBit | kCallIdBit;

/// \return true when a response with that code copies a request header with that id.
bool
CopiedToResponse(headers::Id id, bool dialog)
{
    return id == headers::kVia || id == headers::kFrom || id == headers::kTo ||
           id == headers::kCallId || id == headers::kCSeq ||
           (dialog && id == headers::kRecordRoute);
}

} // namespace

std::optional<SipMessage>
SipMessage::Parse(std::string_view datagram, SipParseError* err)
{
    return SipMessageParser(datagram, false).Run(err);
}

SipMessage
SipMessage::MakeRequest(std::string method, SipUri requestUri)
{
    SipMessage m;
    m.m_isRequest = true;
    m.m_method = std::move(method);
    m.m_requestUri = std::move(requestUri);
    return m;
}

SipMessage
SipMessage::MakeResponse(const SipMessage& request, int code, std::string reason)
{
    SipMessage m;
    m.m_isRequest = false;
    m.m_statusCode = code;
    m.m_reason = reason.empty() ? DefaultReason(code) : std::move(reason);
    bool dialog = (code >= 180 && code < 190) || (code >= 200 && code < 300);
    // The copied fields are the same text, so their typed values are the request's (built once
    // there, copied here rather than parsed again).
    m.m_core.vias = request.GetVias();
    m.m_core.from = request.GetFrom();
    m.m_core.to = request.GetTo();
    m.m_core.cseq = request.GetCSeq();
    m.m_core.callId = request.GetCallId();
    m.m_coreValid = kCopiedBits;
    if (request.m_indexed)
    {
        for (const auto& r : request.m_index)
        {
            if (CopiedToResponse(static_cast<headers::Id>(r.id), dialog))
            {
                m.m_headers.push_back(
                    SipHeader{std::string(request.NameOf(r)), std::string(request.ValueOf(r))});
            }
        }
        return m;
    }
    for (const auto& h : request.m_headers)
    {
        if (CopiedToResponse(headers::Classify(h.name), dialog))
        {
            m.m_headers.push_back(h);
        }
    }
    return m;
}

std::string
SipMessage::DefaultReason(int code)
{
    for (const auto& [c, reason] : kReasons)
    {
        if (c == code)
        {
            return std::string(reason);
        }
    }
    return "";
}

std::string
SipMessage::Serialize() const
{
    if (SerializesAsReceived())
    {
        return m_raw.substr(0, static_cast<std::size_t>(m_bodyOff) + m_bodyLen);
    }
    // A parsed body is written from the datagram copy (no body string is made for it).
    std::string_view body = m_bodyReady ? std::string_view(m_body)
                                        : std::string_view(m_raw).substr(m_bodyOff, m_bodyLen);
    std::string out;
    out.reserve(256 + body.size() + (m_indexed ? m_raw.size() : m_headers.size() * 48));
    if (m_isRequest)
    {
        out += m_method;
        out += ' ';
        // An unchanged parsed Request-URI is written as received: it was validated, and
        // re-escaping it would not change its meaning (RFC 3261 19.1.4).
        if (m_uriRaw)
        {
            out.append(m_raw, m_uriOff, m_uriLen);
        }
        else
        {
            out += m_requestUri.ToString();
        }
        out += " SIP/2.0\r\n";
    }
    else
    {
        out += "SIP/2.0 " + std::to_string(m_statusCode) + " " + m_reason + "\r\n";
    }
    bool lengthWritten = false;
    std::string length = std::to_string(body.size());
    auto field = [&](std::string_view name, std::string_view value, bool isLength)
    {
        if (isLength && lengthWritten)
        {
            return;
        }
        out += name;
        out += ": ";
        out += isLength ? std::string_view(length) : value;
        out += "\r\n";
        lengthWritten = lengthWritten || isLength;
    };
    if (m_indexed)
    {
        for (const auto& r : m_index)
        {
            field(NameOf(r), ValueOf(r), r.id == headers::kContentLength);
        }
    }
    else
    {
        for (const auto& h : m_headers)
        {
            field(h.name, h.value, headers::Classify(h.name) == headers::kContentLength);
        }
    }
    if (!lengthWritten)
    {
        out += "Content-Length: " + length + "\r\n";
    }
    out += "\r\n";
    out += body;
    return out;
}

bool
SipMessage::SerializesAsReceived() const
{
    // Any header change materializes (m_indexed false); SetRequestUri clears m_uriRaw; SetBody
    // changes Content-Length, a header. m_raw may hold unfolded values after the body: not
    // canonical then.
    return m_canonical && m_indexed && (!m_isRequest || m_uriRaw);
}

bool
SipMessage::IsRequest() const
{
    return m_isRequest;
}

bool
SipMessage::IsResponse() const
{
    return !m_isRequest;
}

const std::string&
SipMessage::GetMethod() const
{
    return m_method;
}

const SipUri&
SipMessage::GetRequestUri() const
{
    if (!m_uriReady)
    {
        const UriSpans& u = m_uriScan;
        scan::UriView v;
        v.scheme = ViewOf(u.scheme);
        v.opaque = ViewOf(u.opaque);
        v.user = ViewOf(u.user);
        v.password = ViewOf(u.password);
        v.host = ViewOf(u.host);
        v.params = ViewOf(u.params);
        v.headers = ViewOf(u.headers);
        v.port = u.port;
        v.sip = u.sip;
        m_requestUri = SipUri::FromView(v);
        m_uriReady = true;
    }
    return m_requestUri;
}

void
SipMessage::SetRequestUri(SipUri uri)
{
    m_requestUri = std::move(uri);
    m_uriReady = true;
    m_uriRaw = false;
}

int
SipMessage::GetStatusCode() const
{
    return m_statusCode;
}

const std::string&
SipMessage::GetReasonPhrase() const
{
    return m_reason;
}

uint8_t
SipMessage::CoreBit(uint8_t id)
{
    switch (id)
    {
    case headers::kVia:
        return kViaBit;
    case headers::kFrom:
        return kFromBit;
    case headers::kTo:
        return kToBit;
    case headers::kCSeq:
        return kCSeqBit;
    case headers::kCallId:
        return kCallIdBit;
    case headers::kContact:
        return kContactBit;
    case headers::kMaxForwards:
        return kMaxForwardsBit;
    default:
        return 0;
    }
}

void
SipMessage::Invalidate(std::string_view name)
{
    uint8_t keep = static_cast<uint8_t>(~CoreBit(headers::Classify(name)));
    m_coreValid &= keep;
    m_scannedBits &= keep;
}

SipMessage::Span
SipMessage::SpanOf(std::string_view piece) const
{
    // Empty pieces may be default views (no data pointer): they need no offset.
    return piece.empty() ? Span{}
                         : Span{static_cast<uint32_t>(piece.data() - m_raw.data()),
                                static_cast<uint32_t>(piece.size())};
}

std::string_view
SipMessage::ViewOf(Span span) const
{
    return span.len == 0 ? std::string_view() : std::string_view(m_raw.data() + span.off, span.len);
}

SipMessage::UriSpans
SipMessage::UriSpansOf(const scan::UriView& v) const
{
    UriSpans u;
    u.scheme = SpanOf(v.scheme);
    u.opaque = SpanOf(v.opaque);
    u.user = SpanOf(v.user);
    u.password = SpanOf(v.password);
    u.host = SpanOf(v.host);
    u.params = SpanOf(v.params);
    u.headers = SpanOf(v.headers);
    u.port = v.port;
    u.sip = v.sip;
    return u;
}

scan::ViaView
SipMessage::ViaViewOf(const ScannedValue& s) const
{
    scan::ViaView v;
    v.transport = ViewOf(s.transport);
    v.host = ViewOf(s.host);
    v.port = s.port;
    v.params = ViewOf(s.params);
    return v;
}

template <>
SipVia
SipMessage::FromScan<SipVia>(const ScannedValue& s) const
{
    return SipVia::FromView(ViaViewOf(s));
}

template <>
SipNameAddr
SipMessage::FromScan<SipNameAddr>(const ScannedValue& s) const
{
    return SipNameAddr::FromView(NameAddrViewOf(s));
}

const SipMessage::ScannedValue*
SipMessage::FindScanned(uint8_t id, std::size_t index) const
{
    if (!(m_scannedBits & CoreBit(id)))
    {
        return nullptr; // built by code, or that header changed since the parse
    }
    for (const auto& s : m_scanned)
    {
        if (s.id == id && index-- == 0)
        {
            return &s;
        }
    }
    return nullptr;
}

std::optional<scan::ViaView>
SipMessage::GetViaView(std::size_t index) const
{
    const ScannedValue* s = FindScanned(headers::kVia, index);
    return s ? std::optional<scan::ViaView>(ViaViewOf(*s)) : std::nullopt;
}

std::optional<scan::NameAddrView>
SipMessage::GetFromView() const
{
    const ScannedValue* s = FindScanned(headers::kFrom, 0);
    return s ? std::optional<scan::NameAddrView>(NameAddrViewOf(*s)) : std::nullopt;
}

std::optional<scan::NameAddrView>
SipMessage::GetToView() const
{
    const ScannedValue* s = FindScanned(headers::kTo, 0);
    return s ? std::optional<scan::NameAddrView>(NameAddrViewOf(*s)) : std::nullopt;
}

std::optional<scan::NameAddrView>
SipMessage::GetContactView(std::size_t index) const
{
    const ScannedValue* s = FindScanned(headers::kContact, index);
    return s ? std::optional<scan::NameAddrView>(NameAddrViewOf(*s)) : std::nullopt;
}

scan::NameAddrView
SipMessage::NameAddrViewOf(const ScannedValue& s) const
{
    scan::NameAddrView v;
    v.display = ViewOf(s.display);
    v.params = ViewOf(s.params);
    v.wildcard = s.wildcard;
    const UriSpans& u = s.uri;
    v.uriParts.scheme = ViewOf(u.scheme);
    v.uriParts.opaque = ViewOf(u.opaque);
    v.uriParts.user = ViewOf(u.user);
    v.uriParts.password = ViewOf(u.password);
    v.uriParts.host = ViewOf(u.host);
    v.uriParts.params = ViewOf(u.params);
    v.uriParts.headers = ViewOf(u.headers);
    v.uriParts.port = u.port;
    v.uriParts.sip = u.sip;
    return v;
}

void
SipMessage::BuildCore(uint8_t bit) const
{
    if (m_scannedBits & bit)
    {
        // Strictly parsed and unchanged: build from the pieces the parser's scan found.
        headers::Id id = bit == kViaBit    ? headers::kVia
                         : bit == kFromBit ? headers::kFrom
                         : bit == kToBit   ? headers::kTo
                                           : headers::kContact;
        bool list = bit == kViaBit || bit == kContactBit;
        if (list)
        {
            (bit == kViaBit ? static_cast<void>(m_core.vias.clear())
                            : static_cast<void>(m_core.contacts.clear()));
        }
        for (const auto& s : m_scanned)
        {
            if (s.id != id)
            {
                continue;
            }
            if (bit == kViaBit)
            {
                m_core.vias.push_back(FromScan<SipVia>(s));
            }
            else if (bit == kContactBit)
            {
                m_core.contacts.push_back(FromScan<SipNameAddr>(s));
            }
            else
            {
                (bit == kFromBit ? m_core.from : m_core.to) = FromScan<SipNameAddr>(s);
                break; // the first occurrence
            }
        }
        m_coreValid |= bit;
        return;
    }
    // A message made or edited by code, or one read leniently (MakeBadRequestResponse): parse
    // the header text.
    auto first = [this](std::string_view name, auto parse, auto& out)
    {
        auto v = FindValue(name);
        auto parsed = v ? parse(*v) : std::nullopt;
        if (parsed)
        {
            out = std::move(*parsed);
        }
        else
        {
            out = {};
        }
    };
    switch (bit)
    {
    case kViaBit:
        m_core.vias = ParseAll<SipVia>([this](auto f) { ForEachValue("Via", f); });
        break;
    case kFromBit:
        first(
            "From", [](std::string_view v) { return SipNameAddr::Parse(v); }, m_core.from);
        break;
    case kToBit:
        first(
            "To", [](std::string_view v) { return SipNameAddr::Parse(v); }, m_core.to);
        break;
    case kCSeqBit:
        first(
            "CSeq", [](std::string_view v) { return SipCSeq::Parse(v); }, m_core.cseq);
        break;
    case kCallIdBit:
        m_core.callId = std::string(FindValue("Call-ID").value_or(std::string_view()));
        break;
    case kContactBit:
        m_core.contacts = ParseAll<SipNameAddr>([this](auto f) { ForEachValue("Contact", f); });
        break;
    case kMaxForwardsBit:
    {
        auto v = FindValue("Max-Forwards");
        auto n = v ? text::ParseUnsigned(*v, 255) : std::nullopt;
        m_core.maxForwards = n ? std::optional<int>(static_cast<int>(*n)) : std::nullopt;
        break;
    }
    default:
        return;
    }
    m_coreValid |= bit;
}

void
SipMessage::Materialize() const
{
    if (!m_indexed)
    {
        return;
    }
    m_headers.clear();
    m_headers.reserve(m_index.size());
    for (const auto& r : m_index)
    {
        m_headers.push_back(SipHeader{std::string(NameOf(r)), std::string(ValueOf(r))});
    }
    m_index.clear();
    m_index.shrink_to_fit();
    m_indexed = false;
}

std::string_view
SipMessage::NameOf(const HeaderRef& r) const
{
    return std::string_view(m_raw.data() + r.nameOff, r.nameLen);
}

std::string_view
SipMessage::ValueOf(const HeaderRef& r) const
{
    return std::string_view(m_raw.data() + r.valueOff, r.valueLen);
}

template <typename F>
void
SipMessage::ForEachValue(std::string_view name, F f) const
{
    headers::Id id = headers::Classify(name);
    if (m_indexed)
    {
        for (const auto& r : m_index)
        {
            if (r.id == id && (id != headers::kOther || text::IEquals(NameOf(r), name)) &&
                !f(ValueOf(r)))
            {
                return;
            }
        }
        return;
    }
    for (const auto& h : m_headers)
    {
        if (headers::SameName(h.name, name) && !f(std::string_view(h.value)))
        {
            return;
        }
    }
}

std::optional<std::string_view>
SipMessage::FindValue(std::string_view name) const
{
    std::optional<std::string_view> out;
    ForEachValue(name,
                 [&out](std::string_view v)
                 {
                     out = v;
                     return false;
                 });
    return out;
}

std::optional<std::string>
SipMessage::GetHeader(std::string_view name) const
{
    auto v = FindValue(name);
    return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
}

std::vector<std::string>
SipMessage::GetHeaderValues(std::string_view name) const
{
    std::vector<std::string> out;
    bool list = headers::IsListHeader(name);
    ForEachValue(name,
                 [&](std::string_view value)
                 {
                     if (!list)
                     {
                         out.emplace_back(value);
                         return true;
                     }
                     for (auto v : text::SplitComma(value))
                     {
                         out.emplace_back(v);
                     }
                     return true;
                 });
    return out;
}

void
SipMessage::AddHeader(std::string name, std::string value)
{
    Materialize();
    Invalidate(name);
    m_headers.push_back(SipHeader{std::move(name), std::move(value)});
}

void
SipMessage::PrependHeader(std::string name, std::string value)
{
    Materialize();
    Invalidate(name);
    auto it = std::find_if(m_headers.begin(), m_headers.end(),
                           [&](const SipHeader& h) { return headers::SameName(h.name, name); });
    m_headers.insert(it == m_headers.end() ? m_headers.begin() : it,
                     SipHeader{std::move(name), std::move(value)});
}

void
SipMessage::SetHeader(std::string name, std::string value)
{
    Materialize();
    Invalidate(name);
    auto it = std::find_if(m_headers.begin(), m_headers.end(),
                           [&](const SipHeader& h) { return headers::SameName(h.name, name); });
    if (it == m_headers.end())
    {
        AddHeader(std::move(name), std::move(value));
        return;
    }
    std::size_t index = it - m_headers.begin();
    RemoveHeader(name);
    m_headers.insert(m_headers.begin() + index, SipHeader{std::move(name), std::move(value)});
}

std::size_t
SipMessage::RemoveHeader(std::string_view name)
{
    Materialize();
    Invalidate(name);
    std::size_t before = m_headers.size();
    m_headers.erase(std::remove_if(m_headers.begin(), m_headers.end(),
                                   [&](const SipHeader& h)
                                   { return headers::SameName(h.name, name); }),
                    m_headers.end());
    return before - m_headers.size();
}

const std::vector<SipHeader>&
SipMessage::GetHeaders() const
{
    Materialize();
    return m_headers;
}

const std::vector<SipVia>&
SipMessage::GetVias() const
{
    if (!(m_coreValid & kViaBit))
    {
        BuildCore(kViaBit);
    }
    return m_core.vias;
}

const SipVia&
SipMessage::GetTopVia() const
{
    static const SipVia kNone;
    const auto& vias = GetVias();
    return vias.empty() ? kNone : vias.front();
}

void
SipMessage::PushVia(const SipVia& via)
{
    bool known = m_coreValid & kViaBit;
    PrependHeader("Via", via.ToString());
    if (known)
    {
        // What a proxy does to every request: keep the typed list instead of parsing it again.
        m_core.vias.insert(m_core.vias.begin(), via);
        m_coreValid |= kViaBit;
    }
}

void
SipMessage::PopVia()
{
    Materialize();
    Invalidate("Via");
    auto it = std::find_if(m_headers.begin(), m_headers.end(),
                           [](const SipHeader& h) { return headers::SameName(h.name, "Via"); });
    if (it == m_headers.end())
    {
        return;
    }
    std::size_t comma = text::FindUnquoted(it->value, ',');
    if (comma == std::string::npos)
    {
        m_headers.erase(it);
        return;
    }
    it->value = std::string(text::Trim(std::string_view(it->value).substr(comma + 1)));
}

void
SipMessage::SetTopVia(const SipVia& via)
{
    PopVia();
    PushVia(via);
}

const SipNameAddr&
SipMessage::GetFrom() const
{
    if (!(m_coreValid & kFromBit))
    {
        BuildCore(kFromBit);
    }
    static const SipNameAddr kNone;
    return m_core.from ? *m_core.from : kNone;
}

const SipNameAddr&
SipMessage::GetTo() const
{
    if (!(m_coreValid & kToBit))
    {
        BuildCore(kToBit);
    }
    static const SipNameAddr kNone;
    return m_core.to ? *m_core.to : kNone;
}

void
SipMessage::SetFrom(const SipNameAddr& from)
{
    SetHeader("From", from.ToString());
    m_core.from = from;
    m_coreValid |= kFromBit;
}

void
SipMessage::SetTo(const SipNameAddr& to)
{
    SetHeader("To", to.ToString());
    m_core.to = to;
    m_coreValid |= kToBit;
}

const std::string&
SipMessage::GetCallId() const
{
    if (!(m_coreValid & kCallIdBit))
    {
        BuildCore(kCallIdBit);
    }
    return m_core.callId;
}

const SipCSeq&
SipMessage::GetCSeq() const
{
    if (!(m_coreValid & kCSeqBit))
    {
        BuildCore(kCSeqBit);
    }
    return m_core.cseq;
}

const std::vector<SipNameAddr>&
SipMessage::GetContacts() const
{
    if (!(m_coreValid & kContactBit))
    {
        BuildCore(kContactBit);
    }
    return m_core.contacts;
}

std::vector<SipNameAddr>
SipMessage::GetRoutes() const
{
    return ParseAll<SipNameAddr>([this](auto f) { ForEachValue("Route", f); });
}

std::vector<SipNameAddr>
SipMessage::GetRecordRoutes() const
{
    return ParseAll<SipNameAddr>([this](auto f) { ForEachValue("Record-Route", f); });
}

std::optional<uint32_t>
SipMessage::GetExpires() const
{
    auto v = FindValue("Expires");
    auto n = v ? text::ParseUnsigned(*v, 0xffffffffULL) : std::nullopt;
    return n ? std::optional<uint32_t>(static_cast<uint32_t>(*n)) : std::nullopt;
}

std::optional<int>
SipMessage::GetMaxForwards() const
{
    if (!(m_coreValid & kMaxForwardsBit))
    {
        BuildCore(kMaxForwardsBit);
    }
    return m_core.maxForwards;
}

void
SipMessage::SetMaxForwards(int value)
{
    SetHeader("Max-Forwards", std::to_string(value));
    if (value >= 0 && value <= 255)
    {
        m_core.maxForwards = value;
        m_coreValid |= kMaxForwardsBit;
    }
}

const std::string&
SipMessage::GetBody() const
{
    if (!m_bodyReady)
    {
        m_body.assign(m_raw, m_bodyOff, m_bodyLen);
        m_bodyReady = true;
    }
    return m_body;
}

void
SipMessage::SetBody(std::string contentType, std::string body)
{
    if (contentType.empty())
    {
        RemoveHeader("Content-Type");
    }
    else
    {
        SetHeader("Content-Type", std::move(contentType));
    }
    m_body = std::move(body);
    m_bodyReady = true;
    SetHeader("Content-Length", std::to_string(m_body.size()));
}

std::string
SipMessage::GetContentType() const
{
    return std::string(FindValue("Content-Type").value_or(std::string_view()));
}

std::optional<SipDigest>
SipMessage::GetDigest(std::string_view headerName) const
{
    auto v = FindValue(headerName);
    return v ? SipDigest::Parse(*v) : std::nullopt;
}

std::optional<SipMessage>
MakeBadRequestResponse(std::string_view datagram, const SipParseError& error)
{
    auto request = SipMessageParser(datagram, true).Run(nullptr);
    if (!request || !request->IsRequest())
    {
        return std::nullopt;
    }
    SipMessage clean = SipMessage::MakeRequest(request->GetMethod(), SipUri());
    for (const auto& via : request->GetVias())
    {
        clean.AddHeader("Via", via.ToString());
    }
    if (clean.GetHeaders().empty())
    {
        return std::nullopt; // nowhere to send the response
    }
    auto from = SipNameAddr::Parse(request->GetHeader("From").value_or(""));
    auto to = SipNameAddr::Parse(request->GetHeader("To").value_or(""));
    auto cseq = SipCSeq::Parse(request->GetHeader("CSeq").value_or(""));
    auto callId = request->GetHeader("Call-ID");
    if (from)
    {
        clean.SetFrom(*from);
    }
    if (to)
    {
        if (to->GetTag().empty())
        {
            to->SetTag("sipmob-400");
        }
        clean.SetTo(*to);
    }
    if (callId && !callId->empty() && callId->find_first_of(" \t") == std::string::npos)
    {
        clean.AddHeader("Call-ID", *callId);
    }
    if (cseq)
    {
        clean.AddHeader("CSeq", cseq->ToString());
    }
    bool version = error.what.find("version") != std::string::npos;
    SipMessage response = SipMessage::MakeResponse(clean, version ? 505 : 400);
    std::string warning;
    for (char c : error.what)
    {
        warning += (c == '"' || c == '\\') ? '\'' : c;
    }
    response.AddHeader("Warning", "399 sipmob \"" + warning + "\"");
    return response;
}

} // namespace sipmob
