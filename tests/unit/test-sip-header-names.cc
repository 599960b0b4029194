// SPDX-License-Identifier: GPL-2.0-only
// Header-name classification (headers::Classify): long names and compact forms (RFC 3261 7.3.3)
// in any case, compared with a reference that tries every name with text::IEquals, on the names
// themselves, every one-byte change, lengths 0, 1 and 25+, and random mutations.
#include "message/sip-header-names.h"
#include "message/sip-text.h"

#include <gtest/gtest.h>

#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <utility>

using namespace sipmob;
using headers::Id;

namespace
{

/// The long names by id, written out here again so that the test also checks the library's table.
const std::pair<Id, std::string_view> kLong[] = {
    {headers::kAcceptContact, "Accept-Contact"},
    {headers::kReferredBy, "Referred-By"},
    {headers::kContentType, "Content-Type"},
    {headers::kRequestDisposition, "Request-Disposition"},
    {headers::kContentEncoding, "Content-Encoding"},
    {headers::kFrom, "From"},
    {headers::kCallId, "Call-ID"},
    {headers::kRejectContact, "Reject-Contact"},
    {headers::kSupported, "Supported"},
    {headers::kContentLength, "Content-Length"},
    {headers::kContact, "Contact"},
    {headers::kEvent, "Event"},
    {headers::kReferTo, "Refer-To"},
    {headers::kSubject, "Subject"},
    {headers::kTo, "To"},
    {headers::kAllowEvents, "Allow-Events"},
    {headers::kVia, "Via"},
    {headers::kSessionExpires, "Session-Expires"},
    {headers::kRoute, "Route"},
    {headers::kRecordRoute, "Record-Route"},
    {headers::kCSeq, "CSeq"},
    {headers::kMaxForwards, "Max-Forwards"},
    {headers::kExpires, "Expires"},
    {headers::kAllow, "Allow"},
    {headers::kRequire, "Require"},
    {headers::kProxyRequire, "Proxy-Require"},
    {headers::kUnsupported, "Unsupported"},
    {headers::kAccept, "Accept"},
    {headers::kAcceptEncoding, "Accept-Encoding"},
    {headers::kAcceptLanguage, "Accept-Language"},
    {headers::kWarning, "Warning"},
    {headers::kInReplyTo, "In-Reply-To"},
    {headers::kErrorInfo, "Error-Info"},
    {headers::kAlertInfo, "Alert-Info"},
    {headers::kCallInfo, "Call-Info"},
    {headers::kPath, "Path"},
    {headers::kServiceRoute, "Service-Route"},
    {headers::kContentLanguage, "Content-Language"},
    {headers::kAuthorization, "Authorization"},
    {headers::kProxyAuthorization, "Proxy-Authorization"},
    {headers::kWwwAuthenticate, "WWW-Authenticate"},
    {headers::kProxyAuthenticate, "Proxy-Authenticate"},
    {headers::kUserAgent, "User-Agent"},
};

/// Compact forms (RFC 3261 7.3.3 and the extensions' registrations).
const std::pair<char, Id> kCompactForms[] = {
    {'a', headers::kAcceptContact},
    {'b', headers::kReferredBy},
    {'c', headers::kContentType},
    {'d', headers::kRequestDisposition},
    {'e', headers::kContentEncoding},
    {'f', headers::kFrom},
    {'i', headers::kCallId},
    {'j', headers::kRejectContact},
    {'k', headers::kSupported},
    {'l', headers::kContentLength},
    {'m', headers::kContact},
    {'o', headers::kEvent},
    {'r', headers::kReferTo},
    {'s', headers::kSubject},
    {'t', headers::kTo},
    {'u', headers::kAllowEvents},
    {'v', headers::kVia},
    {'x', headers::kSessionExpires},
};

/// The obvious classification: every compact letter, then every long name, with text::IEquals.
Id
Reference(std::string_view name)
{
    for (const auto& [letter, id] : kCompactForms)
    {
        if (text::IEquals(name, std::string_view(&letter, 1)))
        {
            return id;
        }
    }
    for (const auto& [id, text] : kLong)
    {
        if (text::IEquals(name, text))
        {
            return id;
        }
    }
    return headers::kOther;
}

/// Classify on a copy of s in a heap block of exactly its size, so that a read past the name's
/// last byte is caught by AddressSanitizer (tools/test.sh runs the unit tests under it).
Id
ClassifyExact(const std::string& s)
{
    std::unique_ptr<char[]> copy(new char[s.size() == 0 ? 1 : s.size()]);
    s.copy(copy.get(), s.size());
    return headers::Classify(std::string_view(copy.get(), s.size()));
}

/// \return true for an ASCII letter
bool
IsLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string
Upper(std::string_view s)
{
    std::string out(s);
    for (char& c : out)
    {
        c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
    }
    return out;
}

std::string
Lower(std::string_view s)
{
    std::string out(s);
    for (char& c : out)
    {
        c = text::Lower(c);
    }
    return out;
}

} // namespace

TEST(HeaderNames, TableCoversEveryId)
{
    EXPECT_EQ(std::size(kLong) + 1, static_cast<std::size_t>(headers::kCount));
    bool seen[headers::kCount] = {};
    for (const auto& [id, text] : kLong)
    {
        EXPECT_FALSE(seen[id]) << text;
        seen[id] = true;
    }
}

TEST(HeaderNames, LongNamesInAnyCase)
{
    for (const auto& [id, text] : kLong)
    {
        const std::string name(text);
        EXPECT_EQ(ClassifyExact(name), id) << name;
        EXPECT_EQ(ClassifyExact(Lower(name)), id) << name;
        EXPECT_EQ(ClassifyExact(Upper(name)), id) << name;
        std::string mixed = name;
        for (std::size_t i = 0; i < mixed.size(); i += 2)
        {
            mixed[i] = IsLetter(mixed[i]) ? static_cast<char>(mixed[i] ^ 0x20) : mixed[i];
        }
        EXPECT_EQ(ClassifyExact(mixed), id) << mixed;
        // Each letter's case flipped alone (the comparison covers every byte, once or twice).
        for (std::size_t i = 0; i < name.size(); ++i)
        {
            if (IsLetter(name[i]))
            {
                std::string one = name;
                one[i] ^= 0x20;
                EXPECT_EQ(ClassifyExact(one), id) << one;
            }
        }
        // LongForm of a long name is itself, and SameName agrees with the id.
        EXPECT_EQ(headers::LongForm(name), name);
        EXPECT_TRUE(headers::SameName(Upper(name), name));
    }
}

TEST(HeaderNames, CompactFormsAndSingleBytes)
{
    for (const auto& [letter, id] : kCompactForms)
    {
        const char upper = static_cast<char>(letter - 32);
        EXPECT_EQ(headers::Classify(std::string_view(&letter, 1)), id) << letter;
        EXPECT_EQ(headers::Classify(std::string_view(&upper, 1)), id) << upper;
        // LongForm expands the compact form to the table's long name.
        std::string_view expanded = headers::LongForm(std::string_view(&letter, 1));
        EXPECT_EQ(headers::Classify(expanded), id) << expanded;
        EXPECT_GT(expanded.size(), 1u);
    }
    // Every single byte: only the compact letters (either case) are known; the bytes whose case
    // bit makes them look like a letter ('@' -> '`', '[' -> '{', digits, controls) are not.
    for (int b = 0; b < 256; ++b)
    {
        const std::string name(1, static_cast<char>(b));
        EXPECT_EQ(ClassifyExact(name), Reference(name)) << b;
    }
    for (char c : std::string_view("ghnpqwyzGHNPQWYZ@`[{]}^~-_0123456789\r\n \t:"))
    {
        EXPECT_EQ(ClassifyExact(std::string(1, c)), headers::kOther) << c;
    }
}

TEST(HeaderNames, EveryOneByteChangeAndLength)
{
    for (const auto& [id, text] : kLong)
    {
        const std::string name(text);
        for (std::size_t i = 0; i < name.size(); ++i)
        {
            for (int b = 0; b < 256; ++b)
            {
                std::string changed = name;
                changed[i] = static_cast<char>(b);
                const Id got = ClassifyExact(changed);
                EXPECT_EQ(got, Reference(changed)) << changed << " byte " << b << " at " << i;
                // Independently of the reference: the name survives only its own byte's case.
                EXPECT_EQ(got == id, text::Lower(changed[i]) == text::Lower(name[i])) << changed;
                // One byte inserted here.
                std::string longer = name;
                longer.insert(i, 1, static_cast<char>(b));
                EXPECT_EQ(ClassifyExact(longer), Reference(longer)) << longer;
            }
            // The case bit of a non-letter ('-' vs '\r') and the non-letters next to the letters
            // ('@' '[' '`' '{', which differ from a letter by one bit) do not match.
            const char c = name[i];
            std::string near = name;
            if (!IsLetter(c))
            {
                near[i] = static_cast<char>(c ^ 0x20);
                EXPECT_EQ(ClassifyExact(near), headers::kOther) << near;
            }
            else
            {
                for (char n : {'@', '[', '`', '{'})
                {
                    near[i] = n;
                    EXPECT_EQ(ClassifyExact(near), headers::kOther) << near;
                }
                near[i] = static_cast<char>(c ^ 0x40); // 'a' -> '!', a letter's other neighbour
                EXPECT_EQ(ClassifyExact(near), headers::kOther) << near;
            }
            // One byte dropped here.
            std::string shorter = name;
            shorter.erase(i, 1);
            EXPECT_EQ(ClassifyExact(shorter), Reference(shorter)) << shorter;
        }
        for (int b = 0; b < 256; ++b)
        {
            EXPECT_EQ(ClassifyExact(name + static_cast<char>(b)), headers::kOther) << name << b;
        }
        EXPECT_EQ(ClassifyExact(name.substr(0, name.size() - 1)),
                  Reference(name.substr(0, name.size() - 1)));
    }
}

TEST(HeaderNames, EmptyAndLongNames)
{
    EXPECT_EQ(headers::Classify(std::string_view()), headers::kOther);
    EXPECT_EQ(ClassifyExact(""), headers::kOther);
    // 24 bytes is the longest name the lookup compares, 25 and more are never known; a known
    // name padded to those lengths (its first and last bytes kept) must not match.
    for (const auto& [id, text] : kLong)
    {
        for (std::size_t n = text.size() + 1; n <= 40; ++n)
        {
            std::string padded(text.substr(0, text.size() - 1));
            padded.resize(n - 1, '-');
            padded += text.back();
            EXPECT_EQ(ClassifyExact(padded), headers::kOther) << padded;
        }
    }
    EXPECT_EQ(ClassifyExact(std::string(25, 'a')), headers::kOther);
    EXPECT_EQ(ClassifyExact("Proxy-Authorization-Proxy-Authorization"), headers::kOther);
    EXPECT_EQ(ClassifyExact(std::string(1000, 'x')), headers::kOther);
}

TEST(HeaderNames, RandomMutationsMatchReference)
{
    // Names drawn from the table and mutated (case flips, bytes replaced, inserted, dropped,
    // swapped), or built from the table's alphabet, compared with the reference.
    std::string alphabet = "-";
    for (char c = 'a'; c <= 'z'; ++c)
    {
        alphabet += c;
        alphabet += static_cast<char>(c - 32);
    }
    alphabet += "@[`{\r\n\t\x01 _0:";
    std::mt19937 rng(15);
    auto pick = [&](std::size_t n)
    { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    std::size_t known = 0;
    for (int round = 0; round < 100000; ++round)
    {
        std::string s;
        if (pick(8) == 0)
        {
            for (std::size_t n = pick(27); n > 0; --n)
            {
                s += alphabet[pick(alphabet.size())];
            }
        }
        else
        {
            s = std::string(kLong[pick(std::size(kLong))].second);
            for (std::size_t m = pick(4); m > 0 && !s.empty(); --m)
            {
                const std::size_t at = pick(s.size());
                const char byte =
                    pick(4) == 0 ? static_cast<char>(pick(256)) : alphabet[pick(alphabet.size())];
                switch (pick(5))
                {
                case 0:
                    s[at] = IsLetter(s[at]) ? static_cast<char>(s[at] ^ 0x20) : s[at];
                    break;
                case 1:
                    s[at] = byte;
                    break;
                case 2:
                    s.insert(at, 1, byte);
                    break;
                case 3:
                    s.erase(at, 1);
                    break;
                default:
                    std::swap(s[at], s[pick(s.size())]);
                    break;
                }
            }
        }
        const Id expect = Reference(s);
        known += expect != headers::kOther;
        ASSERT_EQ(ClassifyExact(s), expect) << "\"" << s << "\" round " << round;
    }
    // The draw hits both known and unknown names often.
    EXPECT_GT(known, 15000u);
    EXPECT_LT(known, 80000u);
}

TEST(HeaderNames, ListHeaders)
{
    EXPECT_TRUE(headers::IsListHeader("via"));
    EXPECT_TRUE(headers::IsListHeader("v"));
    EXPECT_TRUE(headers::IsListHeader("CONTACT"));
    EXPECT_TRUE(headers::IsListHeader("Record-Route"));
    EXPECT_FALSE(headers::IsListHeader("From"));
    EXPECT_FALSE(headers::IsListHeader("X-Unknown"));
    EXPECT_FALSE(headers::IsListHeader(""));
    EXPECT_TRUE(headers::SameName("l", "content-LENGTH"));
    EXPECT_FALSE(headers::SameName("l", "Content-Type"));
}
