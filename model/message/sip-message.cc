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
    m.m_coreValid = CoreBit(headers::kVia) | CoreBit(headers::kFrom) | CoreBit(headers::kTo) |
                    CoreBit(headers::kCSeq) | CoreBit(headers::kCallId);
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
        m_requestUri = SipUri::FromView(UriViewOf(m_uriScan));
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
    // Copied only when it is a word (RFC 3261 §25.1 callid): no LWS, no control byte (a NUL here
    // is what CheckReceivedMessage refused; the answer must not repeat it).
    if (callId && !callId->empty() &&
        std::none_of(callId->begin(), callId->end(),
                     [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == 0x7f; }))
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
        // warn-text is a quoted-string (§20.43): no quote, backslash or control byte inside.
        const bool control = static_cast<unsigned char>(c) < ' ' || c == 0x7f;
        warning += (c == '"' || c == '\\') ? '\'' : control ? ' ' : c;
    }
    response.AddHeader("Warning", "399 sipmob \"" + warning + "\"");
    return response;
}

} // namespace sipmob
