// SPDX-License-Identifier: GPL-2.0-only
#include "message/sip-request-disposition.h"

#include "message/sip-text.h"

#include <sstream>

namespace sipmob
{

ProxyDirective
GetProxyDirective(const SipMessage& request)
{
    bool proxy = false;
    bool redirect = false;
    for (const auto& value : request.GetHeaderValues("Request-Disposition"))
    {
        std::stringstream tokens(value);
        for (std::string token; std::getline(tokens, token, ',');)
        {
            token = text::ToLower(text::Trim(token));
            proxy = proxy || token == "proxy";
            redirect = redirect || token == "redirect";
        }
    }
    if (proxy && redirect)
    {
        return ProxyDirective::CONFLICT;
    }
    return redirect ? ProxyDirective::REDIRECT
                    : (proxy ? ProxyDirective::PROXY : ProxyDirective::NONE);
}

void
AskForRedirect(SipMessage& request)
{
    request.SetHeader("Request-Disposition", "redirect");
}

} // namespace sipmob
