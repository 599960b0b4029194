// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_MESSAGE_H
#define SIPMOB_SIP_MESSAGE_H

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
 * \brief One header field as received or written.
 */
struct SipHeader
{
    std::string name;  ///< name as received/written (may be compact)
    std::string value; ///< value, trimmed and unfolded (folding LWS replaced by one SP)
};

/**
 * \brief A SIP request or response (RFC 3261 7): start line, ordered headers, body.
 *
 * Header names are matched case-insensitively and compact forms (i m e l c f s k t v) are
 * equivalent to their long forms. The parser (Parse) applies the element-level checks a SIP
 * element makes before processing; application-level checks (missing headers) are left to the
 * caller.
 */
class SipMessage
{
public:
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

    /// \param name header name (any case, long or compact form)
    /// \return the first occurrence's value, or nullopt
    std::optional<std::string> GetHeader(std::string_view name) const;
    /// \param name header name
    /// \return all values; comma lists split for list headers (Via, Contact, Route, Allow, ...)
    std::vector<std::string> GetHeaderValues(std::string_view name) const;
    /// \brief Append a header.
    /// \param name header name
    /// \param value header value
    void AddHeader(std::string name, std::string value);
    /// \brief Insert before the first header of the same name (or at the top).
    /// \param name header name
    /// \param value header value
    void PrependHeader(std::string name, std::string value);
    /// \brief Replace all occurrences by one (appended where the first one was, else at the end).
    /// \param name header name
    /// \param value header value
    void SetHeader(std::string name, std::string value);
    /// \param name header name
    /// \return the number of header fields removed
    std::size_t RemoveHeader(std::string_view name);
    /// \return all header fields in order
    const std::vector<SipHeader>& GetHeaders() const;

    // The typed getters of the seven core headers (Via, From, To, CSeq, Call-ID, Contact,
    // Max-Forwards) and of the Request-URI build their value once, on first use, from what the
    // parser's one scan found (the pieces of each value), never by parsing the text again; for a
    // built or edited message the header text is parsed on first use. Values are kept until that
    // header changes: references stay valid until the message is modified or destroyed.

    /// \return every Via value, top first (unparsable values skipped)
    const std::vector<SipVia>& GetVias() const;
    /// \return the top Via (default SipVia when none)
    const SipVia& GetTopVia() const;
    /// \param via the Via to push on top
    void PushVia(const SipVia& via);
    /// \brief Remove the top Via value.
    void PopVia();
    /// \param via replaces the top Via value
    void SetTopVia(const SipVia& via);
    /// \return the From value (default when absent or unparsable)
    const SipNameAddr& GetFrom() const;
    /// \return the To value (default when absent or unparsable)
    const SipNameAddr& GetTo() const;
    /// \param from the new From value
    void SetFrom(const SipNameAddr& from);
    /// \param to the new To value
    void SetTo(const SipNameAddr& to);
    /// \return the Call-ID ("" when absent)
    const std::string& GetCallId() const;
    /// \return the CSeq (default when absent or unparsable)
    const SipCSeq& GetCSeq() const;
    /// \return all Contact values (wildcard as one value with wildcard=true)
    const std::vector<SipNameAddr>& GetContacts() const;
    /// \return all Route values in order
    std::vector<SipNameAddr> GetRoutes() const;
    /// \return all Record-Route values in order
    std::vector<SipNameAddr> GetRecordRoutes() const;
    // Zero-copy typed access to a parsed message: the pieces the parser's scan found in a Via,
    // From, To or Contact value (scan::ViaView, scan::NameAddrView with its URI's pieces in
    // uriParts), still %-escaped, as views into the message; find a parameter with
    // scan::FindParam. Valid while the message lives unchanged. nullopt when the value is absent,
    // or when the message was built by code or that header changed since the parse: the owned
    // getters above always work.

    /// \param index 0 for the top Via value
    /// \return the pieces of that Via value
    std::optional<scan::ViaView> GetViaView(std::size_t index = 0) const;
    /// \return the pieces of the From value
    std::optional<scan::NameAddrView> GetFromView() const;
    /// \return the pieces of the To value
    std::optional<scan::NameAddrView> GetToView() const;
    /// \param index 0 for the first Contact value
    /// \return the pieces of that Contact value
    std::optional<scan::NameAddrView> GetContactView(std::size_t index = 0) const;

    /// \return the Expires header value
    std::optional<uint32_t> GetExpires() const;
    /// \return the Max-Forwards value
    std::optional<int> GetMaxForwards() const;
    /// \param value the new Max-Forwards value
    void SetMaxForwards(int value);
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

    /// One parsed header field: spans into m_raw (no copy) and its canonical name id.
    struct HeaderRef
    {
        uint32_t nameOff;  ///< offset of the name in m_raw
        uint32_t nameLen;  ///< name length
        uint32_t valueOff; ///< offset of the trimmed value (unfolded values live past the datagram)
        uint32_t valueLen; ///< value length
        uint32_t line;     ///< 1-based line of the field (parse errors)
        uint8_t id;        ///< headers::Id of the name
    };

    /// Typed values of the core headers (see the getters); valid per header by m_coreValid.
    struct CoreHeaders
    {
        std::vector<SipVia> vias; ///< every Via value, top first
        // Built only when read: a default SipNameAddr is large enough to show in every parse.
        std::optional<SipNameAddr> from;   ///< From (empty: absent or unparsable)
        std::optional<SipNameAddr> to;     ///< To (empty: absent or unparsable)
        SipCSeq cseq;                      ///< CSeq
        std::string callId;                ///< Call-ID
        std::vector<SipNameAddr> contacts; ///< every Contact value
        std::optional<int> maxForwards;    ///< Max-Forwards
    };

    /// A piece of m_raw.
    struct Span
    {
        uint32_t off = 0; ///< offset in m_raw
        uint32_t len = 0; ///< length
    };

    /// The pieces of a URI the parser's scan found (scan::UriView as spans).
    struct UriSpans
    {
        Span scheme;       ///< scheme
        Span opaque;       ///< non-sip URI text after ':'
        Span user;         ///< escaped user
        Span password;     ///< escaped password
        Span host;         ///< host
        Span params;       ///< URI parameters
        Span headers;      ///< URI headers
        uint16_t port = 0; ///< port, 0 when absent
        bool sip = false;  ///< sip or sips
    };

    /// The pieces of one Via, From, To or Contact value the parser's scan found, so that its
    /// typed value is built on first use without scanning the text again.
    struct ScannedValue
    {
        uint8_t id = 0;        ///< headers::Id: kVia, kFrom, kTo or kContact
        bool wildcard = false; ///< Contact: *
        uint16_t port = 0;     ///< Via sent-by port
        Span transport;        ///< Via transport
        Span host;             ///< Via sent-by host
        Span display;          ///< name-addr display name as written
        Span params;           ///< header parameters (from the ';')
        UriSpans uri;          ///< name-addr URI
    };

    /// \return the span of a view into m_raw
    Span SpanOf(std::string_view piece) const;
    /// \return the view of a span of m_raw
    std::string_view ViewOf(Span span) const;
    /// \return a URI's spans
    UriSpans UriSpansOf(const scan::UriView& view) const;
    /// \return the CoreHeaders bit of a header id (0 for the other headers)
    static uint8_t CoreBit(uint8_t id);
    /// \brief Forget the typed value of a header that changes.
    void Invalidate(std::string_view name);
    /// \brief Build the typed value(s) of one core header: from the scan (m_scanned) where the
    /// parser recorded it, else by parsing the header text.
    void BuildCore(uint8_t bit) const;
    /// \brief Build a typed value from its recorded scan.
    template <typename T> T FromScan(const ScannedValue& v) const;
    /// \return the index-th recorded scan of a header id while it is current, else nullptr
    const ScannedValue* FindScanned(uint8_t id, std::size_t index) const;
    /// \return the views of a recorded Via scan
    scan::ViaView ViaViewOf(const ScannedValue& s) const;
    /// \return the views of a recorded From/To/Contact scan
    scan::NameAddrView NameAddrViewOf(const ScannedValue& s) const;
    /// \brief Switch to the owned representation (m_headers) if still indexed.
    void Materialize() const;
    /// \return true when Serialize may copy m_raw (parsed, canonical and unchanged)
    bool SerializesAsReceived() const;
    /// \return the name of a parsed header (view into m_raw)
    std::string_view NameOf(const HeaderRef& r) const;
    /// \return the value of a parsed header (view into m_raw)
    std::string_view ValueOf(const HeaderRef& r) const;
    /// \return the first value of the named header (view, valid until the next mutation)
    std::optional<std::string_view> FindValue(std::string_view name) const;
    /**
     * \brief Call f(value) for every field with that name, in order, until f returns false.
     * \param name header name (any case or form)
     * \param f callable taking a std::string_view
     */
    template <typename F> void ForEachValue(std::string_view name, F f) const;

    bool m_isRequest = true; ///< request or response
    std::string m_method;    ///< request method
    int m_statusCode = 0;    ///< response status code
    std::string m_reason;    ///< response reason phrase

    // A parsed message owns one copy of the datagram (m_raw, plus unfolded header values appended
    // after it) and indexes its header fields (m_index); the Request-URI, the body and the
    // SipHeader vector are built from it on first use. Any mutation first materializes the
    // headers (m_indexed = false), after which m_headers is the only representation. The lazy
    // caches make const access non-thread-safe on a shared message, like ns-3 objects generally.
    std::string m_raw;                        ///< parsed datagram bytes (empty when built)
    mutable std::vector<HeaderRef> m_index;   ///< parsed header fields, while indexed
    mutable bool m_indexed = false;           ///< true: m_index is authoritative, else m_headers
    mutable std::vector<SipHeader> m_headers; ///< header fields in order (owned representation)
    uint32_t m_uriOff = 0;                    ///< Request-URI span in m_raw
    uint32_t m_uriLen = 0;                    ///< Request-URI length (0: nothing to parse)
    bool m_uriRaw = false;                    ///< the span still is the Request-URI's text
    UriSpans m_uriScan;                       ///< the Request-URI's pieces (parser's scan)
    mutable bool m_uriReady = true;           ///< m_requestUri is up to date
    mutable SipUri m_requestUri;              ///< Request-URI
    uint32_t m_bodyOff = 0;                   ///< body span in m_raw
    uint32_t m_bodyLen = 0;                   ///< body length
    mutable bool m_bodyReady = true;          ///< m_body is up to date
    mutable std::string m_body;               ///< body octets
    mutable CoreHeaders m_core;               ///< typed core header values
    mutable uint8_t m_coreValid = 0;          ///< CoreHeaders bits that are up to date
    std::vector<ScannedValue> m_scanned;      ///< the parser's scan of the core values, in order
    // True when m_raw up to the end of the body is exactly what Serialize would write (start
    // line and "Name: value" fields with single SP, CRLF, no folding, one Content-Length equal
    // to the body length): then an unchanged message serializes as one copy.
    bool m_canonical = false;  ///< set by the parser
    uint8_t m_scannedBits = 0; ///< CoreHeaders bits whose m_scanned entries hold
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
