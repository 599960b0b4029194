// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_HEADER_FIELDS_H
#define SIPMOB_SIP_HEADER_FIELDS_H

#include "message/sip-header-names.h"
#include "message/sip-text.h"

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
 * \brief The header fields of a SIP message (RFC 3261 §7.3), in order: read by name, added,
 * replaced, removed. The first layer of SipMessage.
 *
 * Header names are matched case-insensitively and compact forms (i m e l c f s k t v) are
 * equivalent to their long forms (RFC 3261 §7.3.3). A parsed message keeps its fields as spans
 * into one copy of the datagram; the first change turns them into owned SipHeader values.
 */
class SipHeaderFields
{
public:
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

protected:
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

    /// A piece of m_raw.
    struct Span
    {
        uint32_t off = 0; ///< offset in m_raw
        uint32_t len = 0; ///< length
    };

    /// \brief Called before a field of that name is added, replaced or removed.
    /// \param name the header name (any case or form)
    virtual void OnHeaderChanged(std::string_view name) = 0;
    /// \return the span of a view into m_raw
    Span SpanOf(std::string_view piece) const;
    /// \return the view of a span of m_raw
    std::string_view ViewOf(Span span) const;
    /// \brief Switch to the owned representation (m_headers) if still indexed.
    void Materialize() const;
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

    // A parsed message owns one copy of the datagram (m_raw, plus unfolded header values appended
    // after it) and indexes its header fields (m_index); the Request-URI, the body and the
    // SipHeader vector are built from it on first use. Any mutation first materializes the
    // headers (m_indexed = false), after which m_headers is the only representation. The lazy
    // caches make const access non-thread-safe on a shared message, like ns-3 objects generally.
    std::string m_raw;                        ///< parsed datagram bytes (empty when built)
    mutable std::vector<HeaderRef> m_index;   ///< parsed header fields, while indexed
    mutable bool m_indexed = false;           ///< true: m_index is authoritative, else m_headers
    mutable std::vector<SipHeader> m_headers; ///< header fields in order (owned representation)
};

// Inline: the parser records, and the typed getters read, a dozen spans per message.
inline SipHeaderFields::Span
SipHeaderFields::SpanOf(std::string_view piece) const
{
    // Empty pieces may be default views (no data pointer): they need no offset.
    return piece.empty() ? Span{}
                         : Span{static_cast<uint32_t>(piece.data() - m_raw.data()),
                                static_cast<uint32_t>(piece.size())};
}

inline std::string_view
SipHeaderFields::ViewOf(Span span) const
{
    // An empty span ({0, 0} or any offset) gives an empty view into m_raw.
    return std::string_view(m_raw.data() + span.off, span.len);
}

template <typename F>
void
SipHeaderFields::ForEachValue(std::string_view name, F f) const
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

} // namespace sipmob

#endif
