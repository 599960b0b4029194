// SPDX-License-Identifier: GPL-2.0-only
#include "proxy/options-responder.h"
#include "proxy/marshal-services.h"

namespace ns3
{

std::string
OptionsResponder::Name() const
{
    return "options-responder";
}

MarshalProcessor::Result
OptionsResponder::Process(const std::shared_ptr<MarshalRequest>& request)
{
    const sipmob::SipMessage& msg = request->request;
    const sipmob::SipUri& target = msg.GetRequestUri();
    if (msg.GetMethod() != "OPTIONS" || !msg.GetTo().GetTag().empty() ||
        !target.GetUser().empty() || !m_services.core->IsOwnUri(target))
    {
        return Result::CONTINUE;
    }
    sipmob::SipMessage response = SipProxyCore::MakeFinal(msg, 200);
    response.AddHeader("Allow", kAllow);
    response.AddHeader("Accept", kAccept);
    response.AddHeader("Supported", ""); // no extension (§20.37 allows an empty list)
    m_services.stack->SendResponse(request->id, response);
    return Result::DONE;
}

} // namespace ns3
