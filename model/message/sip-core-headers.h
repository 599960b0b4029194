// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_CORE_HEADERS_H
#define SIPMOB_SIP_CORE_HEADERS_H

#include "message/sip-header-fields.h"
#include "message/sip-headers.h"
#include "message/sip-scan.h"

#include <cstddef>
#include <cstdint>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace sipmob
{

/**
 * \brief Typed access to the header fields every SIP element reads (RFC 3261 §8.1.1: Via, From,
 * To, CSeq, Call-ID, Max-Forwards, and Contact, Route, Record-Route, Expires): the second layer
 * of SipMessage, above SipHeaderFields.
 *
 * A typed value is built once, on first use, from what the parser's one scan found in the
 * datagram, or by parsing the field's text in a message built or edited by code; it is
 * forgotten when a field of that name changes.
 */
class SipCoreHeaders : public SipHeaderFields
{
public:
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

protected:
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

    /// \brief Forget the typed value of a header that changes.
    void OnHeaderChanged(std::string_view name) override;
    /// \brief Record a URI's pieces as spans, in place.
    /// \param view the pieces (views into m_raw)
    /// \param out receives the spans
    void UriSpansOf(const scan::UriView& view, UriSpans& out) const;
    /// \return the views of a URI's recorded spans (the inverse of UriSpansOf)
    scan::UriView UriViewOf(const UriSpans& spans) const;
    /// \return the CoreHeaders bit of a header id (0 for the other headers)
    static uint8_t CoreBit(uint8_t id);
    /// \brief Build the typed value(s) of one core header: from the scan (m_scanned) where the
    /// parser recorded it, else by parsing the header text.
    void BuildCore(uint8_t bit) const;
    /// \return the index-th recorded scan of a header id while it is current, else nullptr
    const ScannedValue* FindScanned(uint8_t id, std::size_t index) const;
    /// \return the views of a recorded Via scan
    scan::ViaView ViaViewOf(const ScannedValue& s) const;
    /// \return the views of a recorded From/To/Contact scan
    scan::NameAddrView NameAddrViewOf(const ScannedValue& s) const;

    /**
     * \brief The recorded scans of one message, in order: the first kInline in the message
     * itself (a typical request has two Vias, From, To and one Contact), the rest spilled to
     * the heap, so that recording costs no allocation per parse.
     */
    class ScanList
    {
    public:
        /// Values kept inline.
        static constexpr std::size_t kInline = 6;
        /// \return a new, default-constructed entry at the end, to be filled in place (a scan
        /// built on the stack and copied in is read back with wider loads than it was written
        /// with: a store-forwarding stall per recorded value)
        ScannedValue& Add()
        {
            if (m_count < kInline)
            {
                return *new (m_inline + m_count++ * sizeof(ScannedValue)) ScannedValue;
            }
            return m_more.emplace_back();
        }
        /// \return the number of recorded scans
        std::size_t Size() const
        {
            return m_count + m_more.size();
        }
        /// \param i index below Size()
        /// \return the i-th recorded scan
        const ScannedValue& operator[](std::size_t i) const
        {
            return i < kInline ? *std::launder(reinterpret_cast<const ScannedValue*>(
                                     m_inline + i * sizeof(ScannedValue)))
                               : m_more[i - kInline];
        }

    private:
        // Raw storage (ScannedValue is trivially copyable): constructing a message writes none
        // of it; only the first m_count entries are ever read.
        static_assert(std::is_trivially_copyable_v<ScannedValue>);
        static_assert(std::is_trivially_destructible_v<ScannedValue>);
        alignas(ScannedValue) unsigned char m_inline[kInline * sizeof(ScannedValue)]; ///< values
        uint8_t m_count = 0;              ///< values in m_inline
        std::vector<ScannedValue> m_more; ///< values past kInline
    };

    mutable CoreHeaders m_core;      ///< typed core header values
    mutable uint8_t m_coreValid = 0; ///< CoreHeaders bits that are up to date
    ScanList m_scanned;              ///< the parser's scan of the core values, in order
    uint8_t m_scannedBits = 0;       ///< CoreHeaders bits whose m_scanned entries hold
    Span m_callIdScan;               ///< the first Call-ID value the parser checked
};

} // namespace sipmob

#endif
