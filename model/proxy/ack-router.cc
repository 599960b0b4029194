// SPDX-License-Identifier: GPL-2.0-only
#include "proxy/ack-router.h"
#include "proxy/marshal-services.h"

namespace ns3
{

std::string
AckRouter::Name() const
{
    return "ack-router";
}

MarshalProcessor::Result
AckRouter::Process(const std::shared_ptr<MarshalRequest>& request)
{
    if (request->request.GetMethod() != "ACK")
    {
        return Result::CONTINUE;
    }
    m_services.core->RouteStateless(request->request);
    return Result::DONE;
}

} // namespace ns3
