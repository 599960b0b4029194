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

constexpr std::size_t kMinName = 2;  ///< shortest long name ("To", "Via")
constexpr std::size_t kMaxName = 24; ///< longer names are not in the table
constexpr std::size_t kSlots = 256;  ///< slots of the perfect hash

/**
 * Slot of a name of n bytes whose first byte is f and last byte l. Case-insensitive for letters:
 * l is folded with 0x20, and f's case bit is shifted out of the slot (0x20 * 8 = 256). The
 * multipliers were searched so that the names of kNames land in distinct slots (Tables checks it
 * at compile time), so a lookup reads one candidate and never probes.
 */
constexpr std::size_t
Slot(std::size_t n, unsigned char f, unsigned char l)
{
    return (f * 8u + (l | 0x20u) * 9u + n * 4u) & (kSlots - 1);
}

/**
 * A long name laid out for the comparison in Classify: the bytes the lookup loads from a name of
 * its length, in the order it loads them, lower-cased (`low`), with 0x20 at each letter
 * (`fold`). A name byte b then matches when (b | fold) == low, which is exactly text::IEquals
 * (a letter matches itself in either case, any other byte only itself).
 *  - 8-24 bytes: three overlapping 8-byte words at 0, (n - 8) / 2 and n - 8;
 *  - 4-7 bytes: two overlapping 4-byte words at 0 and n - 4;
 *  - 2-3 bytes: two overlapping 2-byte words at 0 and n - 2.
 * Every load stays within the name's bytes, and both sides are loaded the same way, so byte
 * order does not matter. One cache line per name.
 */
struct alignas(64) Entry
{
    char low[kMaxName]{};
    char fold[kMaxName]{};
    std::size_t size{}; ///< 0 for kOther, which no name of kMinName bytes or more matches
};

/// Lookup tables, built at compile time (no initialization guard on the hot path).
struct Tables
{
    std::array<Id, 256> compact{};     ///< compact letter (either case) -> id
    std::array<Id, kSlots> slots{};    ///< Slot() of a long name -> id (kOther when empty)
    std::array<Entry, kCount> entry{}; ///< per id
    std::array<bool, kCount> list{};
    bool perfect = true; ///< no two long names share a slot, every name fits an Entry

    constexpr Tables()
    {
        for (const auto& [letter, id] : kCompact)
        {
            perfect = perfect && compact[static_cast<unsigned char>(letter)] == kOther;
            compact[static_cast<unsigned char>(letter)] = id;
            compact[static_cast<unsigned char>(letter - 32)] = id;
        }
        for (int id = 1; id < kCount; ++id)
        {
            std::string_view name = kNames[id];
            const std::size_t n = name.size();
            if (n < kMinName || n > kMaxName)
            {
                perfect = false;
                continue;
            }
            const std::size_t h = Slot(n, static_cast<unsigned char>(name.front()),
                                       static_cast<unsigned char>(name.back()));
            perfect = perfect && slots[h] == kOther;
            slots[h] = static_cast<Id>(id);
            Entry& e = entry[id];
            e.size = n;
            // Source offset of each loaded word, and its width.
            std::size_t at[3] = {0, (n - 8) / 2, n - 8};
            std::size_t words = 3;
            std::size_t width = 8;
            if (n < 8)
            {
                width = n < 4 ? 2 : 4;
                at[0] = 0;
                at[1] = n - width;
                words = 2;
            }
            for (std::size_t w = 0; w < words; ++w)
            {
                for (std::size_t i = 0; i < width; ++i)
                {
                    char c = name[at[w] + i];
                    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
                    e.low[w * width + i] = letter ? static_cast<char>(c | 0x20) : c;
                    e.fold[w * width + i] = letter ? 0x20 : 0;
                }
            }
        }
        for (Id id : kListIds)
        {
            list[id] = true;
        }
    }
};

constexpr Tables kTables{};
// Adding a header name that collides with another's slot (or is too long) fails here rather
// than misclassifying: change Slot()'s multipliers.
static_assert(kTables.perfect, "header names: Slot() is not collision-free on kNames");

/// \return the lookup tables
constexpr const Tables&
GetTables()
{
    return kTables;
}

/// \return the W-byte word at p (any alignment)
template <typename W>
inline W
Load(const char* p)
{
    W w;
    std::memcpy(&w, p, sizeof w);
    return w;
}

/// \return zero when the W-byte word at name matches the one at offset `at` of e
template <typename W>
inline W
Diff(const char* name, const Entry& e, std::size_t at)
{
    return static_cast<W>((Load<W>(name) | Load<W>(e.fold + at)) ^ Load<W>(e.low + at));
}

} // namespace

Id
Classify(std::string_view name)
{
    const Tables& t = GetTables();
    const std::size_t n = name.size();
    const char* p = name.data();
    if (n - kMinName > kMaxName - kMinName) // also n < kMinName (unsigned wrap)
    {
        // Compact forms (RFC 3261 7.3.3): one letter, either case.
        return n == 1 ? t.compact[static_cast<unsigned char>(p[0])] : kOther;
    }
    const Id id =
        t.slots[Slot(n, static_cast<unsigned char>(p[0]), static_cast<unsigned char>(p[n - 1]))];
    // The one candidate of that slot (entry 0, kOther, when empty); its length is compared too,
    // since names of other lengths may share the slot.
    const Entry& e = t.entry[id];
    uint64_t diff = n ^ e.size;
    if (n >= 8)
    {
        diff |= Diff<uint64_t>(p, e, 0) | Diff<uint64_t>(p + (n - 8) / 2, e, 8) |
                Diff<uint64_t>(p + n - 8, e, 16);
    }
    else if (n >= 4)
    {
        diff |= Diff<uint32_t>(p, e, 0) | Diff<uint32_t>(p + n - 4, e, 4);
    }
    else
    {
        diff |= Diff<uint16_t>(p, e, 0) | Diff<uint16_t>(p + n - 2, e, 2);
    }
    return diff == 0 ? id : kOther;
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
