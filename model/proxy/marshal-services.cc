// SPDX-License-Identifier: GPL-2.0-only
#include "proxy/marshal-services.h"

#include "message/sip-text.h"

#include "ns3/simulator.h"

namespace ns3
{

void
MarshalServices::Reject(const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                        int code, const std::string& reason, const std::string& warning) const
{
    sipmob::SipMessage response = SipProxyCore::MakeFinal(request, code, reason);
    (*rejected)(request, code, response.GetReasonPhrase());
    if (request.GetMethod() == "ACK")
    {
        return;
    }
    if (!warning.empty())
    {
        SipProxyCore::AddWarning(response, domain, warning);
    }
    stack->SendResponse(id, response);
}

std::string
MarshalServices::DialogToken(const std::string& callId, const std::string& tag) const
{
    // Length-prefixed so that no other Call-ID and tag pair gives the same text.
    return dialogKey ? dialogKey->Derive("record-route",
                                         std::to_string(callId.size()) + ":" + callId + "|" + tag)
                     : std::string();
}

void
MarshalServices::AuthFailed(const std::string& user, const std::string& reason) const
{
    (*authFailed)(user, reason);
}

bool
MarshalServices::IsOwnDomain(const std::string& other) const
{
    return core->Identity().IsLocalDomain(other);
}

double
MarshalServices::Now()
{
    return Simulator::Now().GetSeconds();
}

} // namespace ns3
