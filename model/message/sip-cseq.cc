// SPDX-License-Identifier: GPL-2.0-only
#include "message/sip-cseq.h"

#include "message/sip-text.h"

namespace sipmob
{

std::optional<SipCSeq>
SipCSeq::Parse(std::string_view text, std::string* err)
{
    std::string_view t = text::Trim(text);
    std::size_t sp = text::FindAny4(t, 0, ' ', '\t', ' ', '\t');
    // RFC 3261 §8.1.1.5, §12.2.1.1: a CSeq number is a 32-bit unsigned integer; only the initial
    // value a UAC picks must be below 2^31, later requests of a dialog may go up to 2^32 - 1.
    auto seq = text::ParseUnsigned(t.substr(0, sp), 0xffffffffULL);
    std::string_view method = sp == t.npos ? std::string_view() : text::Trim(t.substr(sp));
    if (!seq || !text::IsTokenString(method))
    {
        if (err)
        {
            *err = seq ? "bad CSeq method" : "CSeq number missing or not a 32-bit unsigned number";
        }
        return std::nullopt;
    }
    return SipCSeq{static_cast<uint32_t>(*seq), std::string(method)};
}

std::string
SipCSeq::ToString() const
{
    return std::to_string(seq) + " " + method;
}

} // namespace sipmob
