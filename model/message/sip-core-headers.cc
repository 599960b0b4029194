// SPDX-License-Identifier: GPL-2.0-only
#include "message/sip-core-headers.h"

#include <algorithm>

namespace sipmob
{

namespace
{

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

/// CoreHeaders bits (SipCoreHeaders::CoreBit).
constexpr uint8_t kViaBit = 1;
constexpr uint8_t kFromBit = 2;
constexpr uint8_t kToBit = 4;
constexpr uint8_t kCSeqBit = 8;
constexpr uint8_t kCallIdBit = 16;
constexpr uint8_t kContactBit = 32;
constexpr uint8_t kMaxForwardsBit = 64;

} // namespace

uint8_t
SipCoreHeaders::CoreBit(uint8_t id)
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
SipCoreHeaders::OnHeaderChanged(std::string_view name)
{
    uint8_t keep = static_cast<uint8_t>(~CoreBit(headers::Classify(name)));
    m_coreValid &= keep;
    m_scannedBits &= keep;
}

void
SipCoreHeaders::UriSpansOf(const scan::UriView& v, UriSpans& u) const
{
    u.scheme = SpanOf(v.scheme);
    u.opaque = SpanOf(v.opaque);
    u.user = SpanOf(v.user);
    u.password = SpanOf(v.password);
    u.host = SpanOf(v.host);
    u.params = SpanOf(v.params);
    u.headers = SpanOf(v.headers);
    u.port = v.port;
    u.sip = v.sip;
}

// The views are built by aggregate initialization, straight into the caller's object: declaring
// one and assigning its fields first zeroed it whole (a dozen string_views), on every typed value.
scan::UriView
SipCoreHeaders::UriViewOf(const UriSpans& u) const
{
    return scan::UriView{ViewOf(u.scheme),   ViewOf(u.opaque),  ViewOf(u.user),
                         ViewOf(u.password), ViewOf(u.host),    u.port,
                         ViewOf(u.params),   ViewOf(u.headers), u.sip};
}

scan::ViaView
SipCoreHeaders::ViaViewOf(const ScannedValue& s) const
{
    return scan::ViaView{ViewOf(s.transport), ViewOf(s.host), s.port, ViewOf(s.params)};
}

const SipCoreHeaders::ScannedValue*
SipCoreHeaders::FindScanned(uint8_t id, std::size_t index) const
{
    if (!(m_scannedBits & CoreBit(id)))
    {
        return nullptr; // built by code, or that header changed since the parse
    }
    for (std::size_t i = 0, n = m_scanned.Size(); i < n; ++i)
    {
        const ScannedValue& s = m_scanned[i];
        if (s.id == id && index-- == 0)
        {
            return &s;
        }
    }
    return nullptr;
}

std::optional<scan::ViaView>
SipCoreHeaders::GetViaView(std::size_t index) const
{
    const ScannedValue* s = FindScanned(headers::kVia, index);
    return s ? std::optional<scan::ViaView>(ViaViewOf(*s)) : std::nullopt;
}

std::optional<scan::NameAddrView>
SipCoreHeaders::GetFromView() const
{
    const ScannedValue* s = FindScanned(headers::kFrom, 0);
    return s ? std::optional<scan::NameAddrView>(NameAddrViewOf(*s)) : std::nullopt;
}

std::optional<scan::NameAddrView>
SipCoreHeaders::GetToView() const
{
    const ScannedValue* s = FindScanned(headers::kTo, 0);
    return s ? std::optional<scan::NameAddrView>(NameAddrViewOf(*s)) : std::nullopt;
}

std::optional<scan::NameAddrView>
SipCoreHeaders::GetContactView(std::size_t index) const
{
    const ScannedValue* s = FindScanned(headers::kContact, index);
    return s ? std::optional<scan::NameAddrView>(NameAddrViewOf(*s)) : std::nullopt;
}

scan::NameAddrView
SipCoreHeaders::NameAddrViewOf(const ScannedValue& s) const
{
    // uri (the URI's text) is not recorded: the typed value is built from uriParts.
    return scan::NameAddrView{ViewOf(s.display), std::string_view(), ViewOf(s.params), s.wildcard,
                              UriViewOf(s.uri)};
}

void
SipCoreHeaders::BuildCore(uint8_t bit) const
{
    if (bit == kCallIdBit && (m_scannedBits & bit))
    {
        // The value the parser checked (no second look-up by name through the index).
        m_core.callId.assign(m_raw.data() + m_callIdScan.off, m_callIdScan.len);
        m_coreValid |= bit;
        return;
    }
    if (m_scannedBits & bit)
    {
        // Strictly parsed and unchanged: build from the pieces the parser's scan found.
        headers::Id id = bit == kViaBit    ? headers::kVia
                         : bit == kFromBit ? headers::kFrom
                         : bit == kToBit   ? headers::kTo
                                           : headers::kContact;
        // Each value is built in place (no temporary SipVia/SipNameAddr to move).
        std::size_t count = 0;
        for (std::size_t i = 0, n = m_scanned.Size(); i < n; ++i)
        {
            count += m_scanned[i].id == id ? 1 : 0;
        }
        if (bit == kViaBit)
        {
            m_core.vias.clear();
            m_core.vias.reserve(count);
        }
        else if (bit == kContactBit)
        {
            m_core.contacts.clear();
            m_core.contacts.reserve(count);
        }
        for (std::size_t i = 0, n = m_scanned.Size(); i < n; ++i)
        {
            const ScannedValue& s = m_scanned[i];
            if (s.id != id)
            {
                continue;
            }
            if (bit == kViaBit)
            {
                SipVia::FromView(ViaViewOf(s), m_core.vias.emplace_back());
            }
            else if (bit == kContactBit)
            {
                SipNameAddr::FromView(NameAddrViewOf(s), m_core.contacts.emplace_back());
            }
            else
            {
                auto& slot = bit == kFromBit ? m_core.from : m_core.to;
                SipNameAddr::FromView(NameAddrViewOf(s), slot.emplace());
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
        m_core.callId.assign(FindValue("Call-ID").value_or(std::string_view()));
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

const std::vector<SipVia>&
SipCoreHeaders::GetVias() const
{
    if (!(m_coreValid & kViaBit))
    {
        BuildCore(kViaBit);
    }
    return m_core.vias;
}

const SipVia&
SipCoreHeaders::GetTopVia() const
{
    static const SipVia kNone;
    const auto& vias = GetVias();
    return vias.empty() ? kNone : vias.front();
}

void
SipCoreHeaders::PushVia(const SipVia& via)
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
SipCoreHeaders::PopVia()
{
    Materialize();
    OnHeaderChanged("Via");
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
SipCoreHeaders::SetTopVia(const SipVia& via)
{
    PopVia();
    PushVia(via);
}

const SipNameAddr&
SipCoreHeaders::GetFrom() const
{
    if (!(m_coreValid & kFromBit))
    {
        BuildCore(kFromBit);
    }
    static const SipNameAddr kNone;
    return m_core.from ? *m_core.from : kNone;
}

const SipNameAddr&
SipCoreHeaders::GetTo() const
{
    if (!(m_coreValid & kToBit))
    {
        BuildCore(kToBit);
    }
    static const SipNameAddr kNone;
    return m_core.to ? *m_core.to : kNone;
}

void
SipCoreHeaders::SetFrom(const SipNameAddr& from)
{
    SetHeader("From", from.ToString());
    m_core.from = from;
    m_coreValid |= kFromBit;
}

void
SipCoreHeaders::SetTo(const SipNameAddr& to)
{
    SetHeader("To", to.ToString());
    m_core.to = to;
    m_coreValid |= kToBit;
}

const std::string&
SipCoreHeaders::GetCallId() const
{
    if (!(m_coreValid & kCallIdBit))
    {
        BuildCore(kCallIdBit);
    }
    return m_core.callId;
}

const SipCSeq&
SipCoreHeaders::GetCSeq() const
{
    if (!(m_coreValid & kCSeqBit))
    {
        BuildCore(kCSeqBit);
    }
    return m_core.cseq;
}

const std::vector<SipNameAddr>&
SipCoreHeaders::GetContacts() const
{
    if (!(m_coreValid & kContactBit))
    {
        BuildCore(kContactBit);
    }
    return m_core.contacts;
}

std::vector<SipNameAddr>
SipCoreHeaders::GetRoutes() const
{
    return ParseAll<SipNameAddr>([this](auto f) { ForEachValue("Route", f); });
}

std::vector<SipNameAddr>
SipCoreHeaders::GetRecordRoutes() const
{
    return ParseAll<SipNameAddr>([this](auto f) { ForEachValue("Record-Route", f); });
}

std::optional<uint32_t>
SipCoreHeaders::GetExpires() const
{
    auto v = FindValue("Expires");
    auto n = v ? text::ParseUnsigned(*v, 0xffffffffULL) : std::nullopt;
    return n ? std::optional<uint32_t>(static_cast<uint32_t>(*n)) : std::nullopt;
}

std::optional<int>
SipCoreHeaders::GetMaxForwards() const
{
    if (!(m_coreValid & kMaxForwardsBit))
    {
        BuildCore(kMaxForwardsBit);
    }
    return m_core.maxForwards;
}

void
SipCoreHeaders::SetMaxForwards(int value)
{
    SetHeader("Max-Forwards", std::to_string(value));
    if (value >= 0 && value <= 255)
    {
        m_core.maxForwards = value;
        m_coreValid |= kMaxForwardsBit;
    }
}

} // namespace sipmob
