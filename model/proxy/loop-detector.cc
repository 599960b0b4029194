// SPDX-License-Identifier: GPL-2.0-only
#include "proxy/loop-detector.h"
#include "proxy/marshal-services.h"

namespace ns3
{

std::string
LoopDetector::Name() const
{
    return "loop-detector";
}

MarshalProcessor::Result
LoopDetector::Process(const std::shared_ptr<MarshalRequest>& request)
{
    int check = m_services.core->Validate(request->request);
    if (check == 0)
    {
        return Result::CONTINUE;
    }
    m_services.Reject(request->request, request->id, check,
                      check == 483 ? "Too Many Hops" : "Loop Detected",
                      check == 483 ? "Max-Forwards reached 0" : "request already passed here");
    return Result::DONE;
}

} // namespace ns3
