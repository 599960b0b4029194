// SPDX-License-Identifier: GPL-2.0-only
#include "message/sip-via.h"

#include "message/sip-scan.h"
#include "message/sip-text.h"

namespace sipmob
{

std::optional<SipVia>
SipVia::Parse(std::string_view text, std::string* err)
{
    scan::ViaView v;
    if (!scan::Via(text, v, err))
    {
        return std::nullopt;
    }
    return FromView(v);
}

SipVia
SipVia::FromView(const scan::ViaView& v)
{
    SipVia via;
    FromView(v, via);
    return via;
}

void
SipVia::FromView(const scan::ViaView& v, SipVia& via)
{
    if (v.transport != via.transport) // usually the default, "UDP"
    {
        via.transport.assign(v.transport.data(), v.transport.size());
    }
    via.host.assign(v.host.data(), v.host.size());
    via.port = v.port;
    scan::SplitParams(v.params, via.params); // validated by scan::Via
}

std::string
SipVia::ToString() const
{
    std::string out = "SIP/2.0/" + transport + " " + SentBy();
    text::AppendParams(out, params);
    return out;
}

std::optional<std::string>
SipVia::GetParam(std::string_view name) const
{
    return text::FindParam(params, name);
}

void
SipVia::SetParam(std::string name, std::string value)
{
    text::SetParam(params, std::move(name), std::move(value));
}

void
SipVia::RemoveParam(std::string_view name)
{
    for (auto it = params.begin(); it != params.end();)
    {
        it = text::IEquals(it->first, name) ? params.erase(it) : it + 1;
    }
}

const std::string&
SipVia::GetBranch() const
{
    static const std::string kNone;
    const std::string* v = text::FindParamValue(params, "branch");
    return v ? *v : kNone;
}

std::optional<std::string>
SipVia::GetReceived() const
{
    return GetParam("received");
}

bool
SipVia::HasRport() const
{
    return GetParam("rport").has_value();
}

std::optional<uint16_t>
SipVia::GetRport() const
{
    auto v = GetParam("rport");
    auto n = v ? text::ParseUnsigned(*v, 65535) : std::nullopt;
    return n ? std::optional<uint16_t>(static_cast<uint16_t>(*n)) : std::nullopt;
}

std::string
SipVia::SentBy() const
{
    return port == 0 ? host : host + ":" + std::to_string(port);
}

} // namespace sipmob
