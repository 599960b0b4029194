// SPDX-License-Identifier: GPL-2.0-only
#include "message/sip-message-check.h"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace sipmob
{

namespace
{

constexpr const char* kHexDigits = "0123456789abcdef";

/// @return "0xNN" for @p c
std::string
Hex(unsigned char c)
{
    return std::string("0x") + kHexDigits[c >> 4] + kHexDigits[c & 0xF];
}

/// Fills @p error (when not null); @return false
bool
Fail(SipParseError* error, std::string what, std::size_t offset, int line)
{
    if (error)
    {
        error->what = std::move(what);
        error->offset = offset;
        error->line = line;
    }
    return false;
}

/**
 * Scans the start line and header fields for control bytes (RFC 3261 §25.1: a field value is
 * TEXT-UTF8 and LWS; a quoted string adds quoted-pair, "\" and any byte but CR and LF, the only
 * place a control byte may appear).
 * @param[out] end offset of the empty line that ends the header section (the datagram's size
 *             when there is none), @param[out] endLine its 1-based line
 * @return false with @p error set at the first control byte outside a quoted-pair
 */
bool
CheckControlBytes(std::string_view d, SipParseError* error, std::size_t& end, int& endLine)
{
    // Empty lines before the start line are ignored (RFC 3261 §7.5), as the parser does.
    std::size_t first = std::min(d.find_first_not_of("\r\n"), d.size());
    int line = 1;
    for (std::size_t i = 0; i < first; ++i)
    {
        line += d[i] == '\n';
    }
    std::size_t lineStart = first;
    bool startLine = true;  // still on the start line
    std::string_view field; // the name of the field the current line belongs to
    bool quoted = false;    // inside a quoted string of the current field
    bool escaped = false;   // the previous byte was a backslash inside a quoted string
    for (std::size_t i = first; i < d.size(); ++i)
    {
        const unsigned char c = static_cast<unsigned char>(d[i]);
        if (c == '\n')
        {
            ++line;
            lineStart = i + 1;
            startLine = false;
            escaped = false;
            // An empty line (CRLF or a bare LF, which the parser also accepts) ends the headers.
            if (lineStart < d.size() &&
                (d[lineStart] == '\n' ||
                 (d[lineStart] == '\r' && lineStart + 1 < d.size() && d[lineStart + 1] == '\n')))
            {
                end = lineStart;
                endLine = line;
                return true;
            }
            // A line that starts with whitespace continues the field (folding, §7.3.1).
            if (lineStart < d.size() && d[lineStart] != ' ' && d[lineStart] != '\t')
            {
                const std::size_t colon = d.find(':', lineStart);
                const std::size_t eol = d.find('\n', lineStart);
                field = d.substr(lineStart, std::min(colon, eol) - lineStart);
                while (!field.empty() && (field.back() == ' ' || field.back() == '\t'))
                {
                    field.remove_suffix(1);
                }
                quoted = false;
            }
            continue;
        }
        if (c == '\r' && i + 1 < d.size() && d[i + 1] == '\n')
        {
            continue;
        }
        if (escaped)
        {
            escaped = false; // quoted-pair: any byte but CR and LF
            continue;
        }
        if (quoted && c == '\\')
        {
            escaped = true;
            continue;
        }
        if (c == '"' && !startLine)
        {
            quoted = !quoted;
            continue;
        }
        if ((c < 0x20 && c != '\t') || c == 0x7f)
        {
            const std::string where = startLine ? std::string("the start line")
                                                : "the " + PrintableText(field) + " header";
            return Fail(error,
                        "control character " + Hex(c) + " in " + where +
                            " (RFC 3261 §25.1: only as a quoted-pair inside a quoted string)",
                        i, line);
        }
    }
    end = d.size();
    endLine = line;
    return true;
}

} // namespace

bool
CheckReceivedMessage(const SipMessage& msg, std::string_view datagram, SipParseError* error)
{
    std::size_t end = 0;
    int endLine = 0;
    if (!CheckControlBytes(datagram, error, end, endLine))
    {
        return false;
    }
    // RFC 3261 §8.1.1: "A valid SIP request formulated by a UAC MUST, at a minimum, contain the
    // following header fields: To, From, CSeq, Call-ID, Max-Forwards, and Via". A response copies
    // all of them but Max-Forwards from its request (§8.2.6.2). Checked in the order a reader
    // finds them most useful: Via first, since without it no answer can be sent.
    struct Mandatory
    {
        const char* name;
        bool requestOnly; ///< Max-Forwards: a response does not carry it
    };

    static const Mandatory kMandatory[] = {{"Via", false},  {"From", false},
                                           {"To", false},   {"Call-ID", false},
                                           {"CSeq", false}, {"Max-Forwards", true}};
    for (const auto& [name, requestOnly] : kMandatory)
    {
        if (requestOnly && msg.IsResponse())
        {
            continue;
        }
        // One row per value (Via, a list, per comma); compact forms count (v, f, t, i; §7.3.3).
        const std::vector<std::string> rows = msg.GetHeaderValues(name);
        const std::string header(name);
        if (rows.empty())
        {
            return Fail(error,
                        "missing " + header + " header (mandatory in every " +
                            (msg.IsRequest() ? "request, RFC 3261 §8.1.1)"
                                             : "response, RFC 3261 §8.2.6.2)"),
                        end, endLine);
        }
        // §7.3.1: only a header whose value is a comma-separated list may appear on several
        // rows; the getters would silently use the first of two Call-IDs or CSeqs.
        if (header != "Via" && rows.size() > 1)
        {
            return Fail(error,
                        "more than one " + header +
                            " header (RFC 3261 §7.3.1: only list headers may repeat)",
                        end, endLine);
        }
    }
    return true;
}

std::string
PrintableText(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char ch : text)
    {
        const unsigned char c = static_cast<unsigned char>(ch);
        // C0 controls and DEL can move the cursor, clear the screen or cut the line; UTF-8 text
        // (a display name, the § of a reason) prints as it is.
        if (c < 0x20 || c == 0x7f)
        {
            out += "\\x";
            out += kHexDigits[c >> 4];
            out += kHexDigits[c & 0xF];
        }
        else
        {
            out += ch;
        }
    }
    return out;
}

} // namespace sipmob
