// SPDX-License-Identifier: GPL-2.0-only
#include "sip-header-names.h"

#include "sip-text.h"

namespace sipmob::headers
{

namespace
{

/// Compact forms: letter -> long name (RFC 3261 7.3.3, RFC 3265, 3515, 3892, 4028, 3841).
constexpr std::pair<char, std::string_view> kCompact[] = {
    {'a', "Accept-Contact"},
    {'b', "Referred-By"},
    {'c', "Content-Type"},
    {'d', "Request-Disposition"},
    {'e', "Content-Encoding"},
    {'f', "From"},
    {'i', "Call-ID"},
    {'j', "Reject-Contact"},
    {'k', "Supported"},
    {'l', "Content-Length"},
    {'m', "Contact"},
    {'o', "Event"},
    {'r', "Refer-To"},
    {'s', "Subject"},
    {'t', "To"},
    {'u', "Allow-Events"},
    {'v', "Via"},
    {'x', "Session-Expires"},
};

/// Headers whose grammar is a comma-separated list of values.
constexpr std::string_view kListHeaders[] = {
    "Via",
    "Contact",
    "Route",
    "Record-Route",
    "Allow",
    "Supported",
    "Require",
    "Proxy-Require",
    "Unsupported",
    "Accept",
    "Accept-Encoding",
    "Accept-Language",
    "Content-Encoding",
    "Allow-Events",
    "Warning",
    "In-Reply-To",
    "Error-Info",
    "Alert-Info",
    "Call-Info",
    "Path",
    "Service-Route",
    "Content-Language",
};

} // namespace

std::string_view
LongForm(std::string_view name)
{
    if (name.size() != 1)
    {
        return name;
    }
    char c = text::Lower(name[0]);
    for (const auto& [letter, full] : kCompact)
    {
        if (letter == c)
        {
            return full;
        }
    }
    return name;
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
    std::string_view full = LongForm(name);
    for (auto h : kListHeaders)
    {
        if (text::IEquals(full, h))
        {
            return true;
        }
    }
    return false;
}

} // namespace sipmob::headers
