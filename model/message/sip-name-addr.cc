// SPDX-License-Identifier: GPL-2.0-only
#include "message/sip-name-addr.h"

#include "message/sip-scan.h"
#include "message/sip-text.h"

namespace sipmob
{

namespace
{

/// Quote a display name when it is not a plain token sequence.
std::string
QuoteDisplay(const std::string& d)
{
    std::string out = "\"";
    for (char c : d)
    {
        if (c == '"' || c == '\\')
        {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

} // namespace

std::optional<SipNameAddr>
SipNameAddr::Parse(std::string_view text, std::string* err)
{
    scan::NameAddrView v;
    if (!scan::NameAddr(text, v, err))
    {
        return std::nullopt;
    }
    return FromView(v);
}

SipNameAddr
SipNameAddr::FromView(const scan::NameAddrView& v)
{
    SipNameAddr na;
    FromView(v, na);
    return na;
}

void
SipNameAddr::FromView(const scan::NameAddrView& v, SipNameAddr& na)
{
    na.wildcard = v.wildcard;
    if (!v.display.empty() && v.display.front() == '"')
    {
        std::size_t end = 0;
        text::ReadQuoted(v.display, end, &na.displayName);
    }
    else if (!v.display.empty()) // a token sequence
    {
        na.displayName.assign(v.display.data(), v.display.size());
    }
    if (!v.wildcard)
    {
        SipUri::FromView(v.uriParts, na.uri); // scanned once, by scan::NameAddr
    }
    scan::SplitParams(v.params, na.params); // validated by scan::NameAddr
}

std::string
SipNameAddr::ToString() const
{
    std::string out;
    if (wildcard)
    {
        out = "*";
    }
    else
    {
        if (!displayName.empty())
        {
            out = QuoteDisplay(displayName) + " ";
        }
        out += "<" + uri.ToString() + ">";
    }
    text::AppendParams(out, params);
    return out;
}

std::optional<std::string>
SipNameAddr::GetParam(std::string_view name) const
{
    return text::FindParam(params, name);
}

void
SipNameAddr::SetParam(std::string name, std::string value)
{
    text::SetParam(params, std::move(name), std::move(value));
}

const std::string&
SipNameAddr::GetTag() const
{
    static const std::string kNone;
    const std::string* v = text::FindParamValue(params, "tag");
    return v ? *v : kNone;
}

void
SipNameAddr::SetTag(std::string tag)
{
    SetParam("tag", std::move(tag));
}

} // namespace sipmob
