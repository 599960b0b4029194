// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_MESSAGE_H
#define SIPMOB_SIP_MESSAGE_H

#include "message/sip-core-headers.h"
#include "message/sip-headers.h"
#include "message/sip-parse-error.h"
#include "message/sip-scan.h"
#include "message/sip-uri.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sipmob
{

/**
 * \brief A SIP request or response (RFC 3261 7): start line, ordered headers, body.
 *
 * Header names are matched case-insensitively and compact forms (i m e l c f s k t v) are
 * equivalent to their long forms. The parser (Parse) applies the element-level checks a SIP
 * element makes before processing; application-level checks (missing headers) are left to the
 * caller.
 *
 * Three layers, one file pair each: SipHeaderFields (the fields by name), SipCoreHeaders (typed
 * Via, From, To, CSeq, Call-ID, Contact, Max-Forwards, Route, Expires) and this class (start
 * line, body, the message as bytes). SipMessageParser fills all three in one pass.
 */
class SipMessage final : public SipCoreHeaders
{
public:
    // User-provided (not "= default"): the parser value-initializes the message in place, which
    // would otherwise zero its ~2 KB before running the member initializers.
    SipMessage()
    {
    }

    /**
     * \brief Parse one message from a UDP datagram.
     *
     * The body is framed by Content-Length (extra octets are discarded); without Content-Length
     * the body is the rest of the datagram.
     * \param datagram the bytes
     * \param err if not null, receives what failed, at which offset and line
     * \return the message or nullopt
     */
    static std::optional<SipMessage> Parse(std::string_view datagram, SipParseError* err = nullptr);
    /**
     * \brief A new request with only its start line.
     * \param method the method token
     * \param requestUri the Request-URI
     * \return the request
     */
    static SipMessage MakeRequest(std::string method, SipUri requestUri);
    /**
     * \brief A response to a request (RFC 3261 8.2.6): copies Via, From, To, Call-ID, CSeq and,
     * for 18x/2xx, Record-Route.
     * \param request the request
     * \param code status code
     * \param reason reason phrase ("" = the default phrase for the code)
     * \return the response
     */
    static SipMessage MakeResponse(const SipMessage& request, int code, std::string reason = "");
    /**
     * \brief The default reason phrase for a status code.
     * \param code the status code
     * \return e.g. "OK", "" when unknown
     */
    static std::string DefaultReason(int code);

    /// \return the message as bytes: CRLF line ends, Content-Length written from the body
    std::string Serialize() const;
    /// \return true for a request
    bool IsRequest() const;
    /// \return true for a response
    bool IsResponse() const;
    /// \return the request method ("" for a response)
    const std::string& GetMethod() const;
    /// \return the Request-URI (default URI for a response)
    const SipUri& GetRequestUri() const;
    /// \param uri the new Request-URI
    void SetRequestUri(SipUri uri);
    /// \return the status code (0 for a request)
    int GetStatusCode() const;
    /// \return the reason phrase ("" for a request)
    const std::string& GetReasonPhrase() const;

    /// \return the body octets
    const std::string& GetBody() const;
    /// \brief Set the body and its Content-Type (removed when contentType is empty).
    /// \param contentType e.g. "application/sdp"
    /// \param body the octets
    void SetBody(std::string contentType, std::string body);
    /// \return the Content-Type value ("" when absent)
    std::string GetContentType() const;
    /// \param headerName Authorization, WWW-Authenticate, Proxy-Authenticate or
    /// Proxy-Authorization
    /// \return the first such header parsed
    std::optional<SipDigest> GetDigest(std::string_view headerName) const;

private:
    friend class SipMessageParser;
    friend class SipHeaderChecker;

    /// \return true when Serialize may copy m_raw (parsed, canonical and unchanged)
    bool SerializesAsReceived() const;

    bool m_isRequest = true; ///< request or response
    std::string m_method;    ///< request method
    int m_statusCode = 0;    ///< response status code
    std::string m_reason;    ///< response reason phrase

    uint32_t m_uriOff = 0;           ///< Request-URI span in m_raw
    uint32_t m_uriLen = 0;           ///< Request-URI length (0: nothing to parse)
    bool m_uriRaw = false;           ///< the span still is the Request-URI's text
    UriSpans m_uriScan;              ///< the Request-URI's pieces (parser's scan)
    mutable bool m_uriReady = true;  ///< m_requestUri is up to date
    mutable SipUri m_requestUri;     ///< Request-URI
    uint32_t m_bodyOff = 0;          ///< body span in m_raw
    uint32_t m_bodyLen = 0;          ///< body length
    mutable bool m_bodyReady = true; ///< m_body is up to date
    mutable std::string m_body;      ///< body octets
    // True when m_raw up to the end of the body is exactly what Serialize would write (start
    // line and "Name: value" fields with single SP, CRLF, no folding, one Content-Length equal
    // to the body length): then an unchanged message serializes as one copy.
    bool m_canonical = false; ///< set by the parser
};

/**
 * \brief Build a 400 Bad Request for a datagram that failed to parse beyond the start line.
 *
 * Via, From, To, Call-ID and CSeq are recovered line by line where they are readable; a To tag
 * is added; the reason phrase and a Warning (399) carry the parse error.
 * \param datagram the received bytes
 * \param error the parse error
 * \return the response, or nullopt if the datagram is not a request or no Via is recoverable
 */
std::optional<SipMessage> MakeBadRequestResponse(std::string_view datagram,
                                                 const SipParseError& error);

} // namespace sipmob

#endif
