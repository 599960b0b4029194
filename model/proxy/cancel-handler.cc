// SPDX-License-Identifier: GPL-2.0-only
#include "proxy/cancel-handler.h"
#include "proxy/marshal-services.h"
#include "proxy/route-query.h"

namespace ns3
{

CancelHandler::CancelHandler(MarshalServices& services, RouteQuery& routeQuery)
    : MarshalProcessor(services)
    , m_routeQuery(routeQuery)
{
}

std::string
CancelHandler::Name() const
{
    return "cancel-handler";
}

MarshalProcessor::Result
CancelHandler::Process(const std::shared_ptr<MarshalRequest>& request)
{
    if (request->request.GetMethod() != "CANCEL")
    {
        return Result::CONTINUE;
    }
    if (!m_routeQuery.CancelWaiting(request->request, request->id))
    {
        m_services.core->HandleCancel(request->request, request->id);
    }
    return Result::DONE;
}

} // namespace ns3
