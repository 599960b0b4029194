// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_TEXT_H
#define SIPMOB_SIP_TEXT_H

// Small text helpers shared by the message layer (RFC 3261 25.1 character classes).
#include "message/sip-params.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sipmob::text
{

namespace detail
{
/// token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
constexpr bool
TokenChar(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("-.!%*_+`'~").find(static_cast<char>(c)) != std::string_view::npos;
}

/// Membership table of token characters (inline: called per character on the hot path).
struct TokenTable
{
    bool v[256]; ///< true for token characters
    constexpr TokenTable()
        : v()
    {
        for (int c = 0; c < 256; ++c)
        {
            v[c] = TokenChar(static_cast<unsigned char>(c));
        }
    }
};

inline constexpr TokenTable kToken{};
} // namespace detail

/// A set of byte values for constant-time membership tests on the hot path.
class CharSet
{
public:
    /**
     * \param chars the members
     * \param alnum also include ASCII letters and digits
     */
    constexpr explicit CharSet(std::string_view chars, bool alnum = false)
        : m_v()
    {
        for (char c : chars)
        {
            m_v[static_cast<unsigned char>(c)] = true;
        }
        for (int c = 0; alnum && c < 256; ++c)
        {
            m_v[c] = m_v[c] || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                     (c >= '0' && c <= '9');
        }
    }

    /// \return true when c is a member
    constexpr bool Has(char c) const
    {
        return m_v[static_cast<unsigned char>(c)];
    }

private:
    bool m_v[256]; ///< membership by byte value
};

/// \return the index of the first character of s (from 'from') in set, or npos
inline std::size_t
FindFirstOf(std::string_view s, const CharSet& set, std::size_t from = 0)
{
    for (std::size_t i = from; i < s.size(); ++i)
    {
        if (set.Has(s[i]))
        {
            return i;
        }
    }
    return std::string_view::npos;
}

/**
 * \brief Find the first of four bytes (16 at a time with SSE2).
 * \return the index of the first byte of s (from 'from') equal to a, b, c or d, or npos
 */
inline std::size_t
FindAny4(std::string_view s, std::size_t from, char a, char b, char c, char d)
{
    const char* p = s.data();
    std::size_t n = s.size();
    std::size_t i = from;
#if defined(__SSE2__)
    const __m128i va = _mm_set1_epi8(a);
    const __m128i vb = _mm_set1_epi8(b);
    const __m128i vc = _mm_set1_epi8(c);
    const __m128i vd = _mm_set1_epi8(d);
    for (; i + 16 <= n; i += 16)
    {
        __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, vc), _mm_cmpeq_epi8(v, vd)));
        int mask = _mm_movemask_epi8(m);
        if (mask != 0)
        {
            return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
        }
    }
    if (i < n && n >= 16)
    {
        // The tail (i > n - 16 here): the last 16 bytes of s, which are in bounds, with the
        // bytes before i masked off, instead of a byte loop (most scanned pieces are short).
        const std::size_t base = n - 16;
        const unsigned skip = static_cast<unsigned>(i - base);
        __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + base));
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, vc), _mm_cmpeq_epi8(v, vd)));
        unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(m)) >> skip << skip;
        return mask != 0 ? base + static_cast<std::size_t>(__builtin_ctz(mask))
                         : std::string_view::npos;
    }
#endif
    for (; i < n; ++i)
    {
        char x = p[i];
        if (x == a || x == b || x == c || x == d)
        {
            return i;
        }
    }
    return std::string_view::npos;
}

/// \return true for SP or HTAB
inline bool
IsWs(char c)
{
    return c == ' ' || c == '\t';
}

/// \return true for an RFC 3261 token character
inline bool
IsToken(char c)
{
    return detail::kToken.v[static_cast<unsigned char>(c)];
}

/// \return ASCII lower-case of c
inline char
Lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

/// \return true when a and b are equal ignoring ASCII case
inline bool
IEquals(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
    {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        if (Lower(a[i]) != Lower(b[i]))
        {
            return false;
        }
    }
    return true;
}

/// \return s without leading/trailing SP, HTAB, CR, LF
inline std::string_view
Trim(std::string_view s)
{
    std::size_t b = 0;
    std::size_t e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n'))
    {
        ++b;
    }
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n'))
    {
        --e;
    }
    return s.substr(b, e - b);
}

/// \return true when every character of s is a token character and s is not empty
inline bool
IsTokenString(std::string_view s)
{
    // Inline: called for every parameter name and several values of every message.
    for (char c : s)
    {
        if (!IsToken(c))
        {
            return false;
        }
    }
    return !s.empty();
}
/// \return ASCII lower-case copy
std::string ToLower(std::string_view s);
/**
 * \brief Parse an unsigned decimal (leading zeros allowed).
 * \param s digits only
 * \param max largest accepted value
 * \return the value, nullopt when empty, non-digit or > max
 */
std::optional<uint64_t> ParseUnsigned(std::string_view s, uint64_t max);
/**
 * \brief Split at top-level commas (outside quotes and <>).
 * \param s the text
 * \return trimmed pieces (an empty piece is kept so callers can reject it)
 */
std::vector<std::string_view> SplitComma(std::string_view s);
/**
 * \brief Find a character outside double quotes (and outside <> when angle is true).
 * \return index or npos
 */
std::size_t FindUnquoted(std::string_view s, char c, std::size_t from = 0, bool angle = false);
/**
 * \brief %-decode.
 * \param s the escaped text
 * \param out receives the decoded text
 * \return false on a truncated or non-hex escape
 */
bool Unescape(std::string_view s, std::string& out);
/**
 * \brief %-encode every byte not in the allowed set.
 * \param s the raw text
 * \param allowed extra characters (besides alphanumerics and RFC 3986 mark) kept as is
 * \return the escaped text
 */
std::string Escape(std::string_view s, std::string_view allowed);
/**
 * \brief Parse ";name=value;flag" parameter lists (generic-param, RFC 3261 25.1).
 * \param s the text starting at the first ';' (or empty)
 * \param out receives (name, value) pairs; quoted values are kept with their quotes
 * \param err receives the reason on failure
 * \return false on a syntax error (empty name, bad token, unterminated quote)
 */
bool ParseParams(std::string_view s, SipParams& out, std::string* err);
/// \brief Append ";name=value" (or ";name") for every pair.
void AppendParams(std::string& out, const SipParams& p);
/// \return the pair's value for a case-insensitive name, or nullopt
std::optional<std::string> FindParam(const SipParams& p, std::string_view name);
/// \return the pair's value for a case-insensitive name (no copy), or nullptr
const std::string* FindParamValue(const SipParams& p, std::string_view name);
/// \brief Replace the first pair with that name (case-insensitive) or append one.
void SetParam(SipParams& p, std::string name, std::string value);
/**
 * \brief Read a quoted-string starting at s[0] == '"'.
 * \param s the text
 * \param end receives the index just past the closing quote
 * \param out receives the unquoted, unescaped contents
 * \return false when unterminated
 */
bool ReadQuoted(std::string_view s, std::size_t& end, std::string* out);

} // namespace sipmob::text

#endif
