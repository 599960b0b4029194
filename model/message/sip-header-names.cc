// SPDX-License-Identifier: GPL-2.0-only
#include "message/sip-header-names.h"

#include "message/sip-text.h"

#include <array>
#include <cstdint>
#include <cstring>

namespace sipmob::headers
{

namespace
{

/// Long names, indexed by Id (kOther has none).
constexpr std::string_view kNames[kCount] = {
    "",
    "Accept-Contact",
    "Referred-By",
    "Content-Type",
    "Request-Disposition",
    "Content-Encoding",
    "From",
    "Call-ID",
    "Reject-Contact",
    "Supported",
    "Content-Length",
    "Contact",
    "Event",
    "Refer-To",
    "Subject",
    "To",
    "Allow-Events",
    "Via",
    "Session-Expires",
    "Route",
    "Record-Route",
    "CSeq",
    "Max-Forwards",
    "Expires",
    "Allow",
    "Require",
    "Proxy-Require",
    "Unsupported",
    "Accept",
    "Accept-Encoding",
    "Accept-Language",
    "Warning",
    "In-Reply-To",
    "Error-Info",
    "Alert-Info",
    "Call-Info",
    "Path",
    "Service-Route",
    "Content-Language",
    "Authorization",
    "Proxy-Authorization",
    "WWW-Authenticate",
    "Proxy-Authenticate",
    "User-Agent",
};

/// Compact forms: letter -> id (RFC 3261 7.3.3, RFC 3265, 3515, 3892, 4028, 3841).
constexpr std::pair<char, Id> kCompact[] = {
    {'a', kAcceptContact},
    {'b', kReferredBy},
    {'c', kContentType},
    {'d', kRequestDisposition},
    {'e', kContentEncoding},
    {'f', kFrom},
    {'i', kCallId},
    {'j', kRejectContact},
    {'k', kSupported},
    {'l', kContentLength},
    {'m', kContact},
    {'o', kEvent},
    {'r', kReferTo},
    {'s', kSubject},
    {'t', kTo},
    {'u', kAllowEvents},
    {'v', kVia},
    {'x', kSessionExpires},
};

/// Headers whose grammar is a comma-separated list of values.
constexpr Id kListIds[] = {
    kVia,
    kContact,
    kRoute,
    kRecordRoute,
    kAllow,
    kSupported,
    kRequire,
    kProxyRequire,
    kUnsupported,
    kAccept,
    kAcceptEncoding,
    kAcceptLanguage,
    kContentEncoding,
    kAllowEvents,
    kWarning,
    kInReplyTo,
    kErrorInfo,
    kAlertInfo,
    kCallInfo,
    kPath,
    kServiceRoute,
    kContentLanguage,
};

constexpr std::size_t kSlots = 256; ///< open-addressing table size (power of two)

/// Hash of a long name from its length and (case-folded) first and last characters.
constexpr std::size_t
Hash(std::string_view s)
{
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; };
    return (s.size() * 61u + static_cast<unsigned char>(lower(s.front())) * 7u +
            static_cast<unsigned char>(lower(s[s.size() - 1])) * 3u +
            static_cast<unsigned char>(lower(s[s.size() / 2]))) &
           (kSlots - 1);
}

constexpr std::size_t kMaxName = 24; ///< longer names are not in the table

/// Lookup tables: compact letter -> id, name hash -> id (0 = empty slot), and per id the
/// lower-case name and the case bit (0x20) of its letters, zero-padded to kMaxName, so that a
/// name matches when (byte | caseBit) == lower for every byte (exactly IEquals).
struct Tables
{
    std::array<Id, 256> compact{};
    std::array<Id, kSlots> slots{};
    std::array<bool, kCount> list{};
    char lower[kCount][kMaxName]{};
    char caseBit[kCount][kMaxName]{};

    constexpr Tables()
    {
        for (const auto& [letter, id] : kCompact)
        {
            compact[static_cast<unsigned char>(letter)] = id;
            compact[static_cast<unsigned char>(letter - 32)] = id;
        }
        for (int id = 1; id < kCount; ++id)
        {
            std::size_t h = Hash(kNames[id]);
            while (slots[h] != kOther)
            {
                h = (h + 1) & (kSlots - 1);
            }
            slots[h] = static_cast<Id>(id);
            for (std::size_t i = 0; i < kNames[id].size(); ++i)
            {
                char c = kNames[id][i];
                bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
                lower[id][i] = letter ? static_cast<char>(c | 0x20) : c;
                caseBit[id][i] = letter ? 0x20 : 0;
            }
        }
        for (Id id : kListIds)
        {
            list[id] = true;
        }
    }
};

/// Built at compile time (no initialization guard on the hot path).
constexpr Tables kTables{};

/// \return the lookup tables
constexpr const Tables&
GetTables()
{
    return kTables;
}

} // namespace

Id
Classify(std::string_view name)
{
    const Tables& t = GetTables();
    if (name.size() <= 1)
    {
        return name.empty() ? kOther : t.compact[static_cast<unsigned char>(name[0])];
    }
    if (name.size() > kMaxName)
    {
        return kOther;
    }
    // Compare 8 bytes at a time straight from the name (the last word may overlap the one
    // before it); names under 8 bytes go byte by byte.
    auto word = [](const char* p)
    {
        uint64_t w;
        std::memcpy(&w, p, sizeof w);
        return w;
    };
    const char* p = name.data();
    std::size_t n = name.size();
    for (std::size_t h = Hash(name); t.slots[h] != kOther; h = (h + 1) & (kSlots - 1))
    {
        Id id = t.slots[h];
        if (kNames[id].size() != n)
        {
            continue;
        }
        const char* bit = t.caseBit[id];
        const char* low = t.lower[id];
        uint64_t diff = 0;
        if (n >= 8)
        {
            for (std::size_t i = 0; i + 8 <= n; i += 8)
            {
                diff |= (word(p + i) | word(bit + i)) ^ word(low + i);
            }
            std::size_t j = n - 8;
            diff |= (word(p + j) | word(bit + j)) ^ word(low + j);
        }
        else
        {
            for (std::size_t i = 0; i < n; ++i)
            {
                diff |= static_cast<unsigned char>((p[i] | bit[i]) ^ low[i]);
            }
        }
        if (diff == 0)
        {
            return id;
        }
    }
    return kOther;
}

bool
IsListId(Id id)
{
    return GetTables().list[id];
}

std::string_view
LongForm(std::string_view name)
{
    if (name.size() != 1)
    {
        return name;
    }
    Id id = Classify(name);
    return id == kOther ? name : kNames[id];
}

bool
SameName(std::string_view a, std::string_view b)
{
    if (a.size() > 1 && b.size() > 1)
    {
        return text::IEquals(a, b);
    }
    return text::IEquals(LongForm(a), LongForm(b));
}

bool
IsListHeader(std::string_view name)
{
    return IsListId(Classify(name));
}

} // namespace sipmob::headers
