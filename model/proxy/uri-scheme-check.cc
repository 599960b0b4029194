// SPDX-License-Identifier: GPL-2.0-only
#include "proxy/uri-scheme-check.h"
#include "proxy/marshal-services.h"

namespace ns3
{

std::string
UriSchemeCheck::Name() const
{
    return "uri-scheme-check";
}

MarshalProcessor::Result
UriSchemeCheck::Process(const std::shared_ptr<MarshalRequest>& request)
{
    const std::string& scheme = request->request.GetRequestUri().GetScheme();
    if (scheme == "sip")
    {
        return Result::CONTINUE;
    }
    m_services.Reject(request->request, request->id, 416, "Unsupported URI Scheme",
                      "Request-URI scheme '" + scheme + ":' is not routed here (sip: only)");
    return Result::DONE;
}

} // namespace ns3
