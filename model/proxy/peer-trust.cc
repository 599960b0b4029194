// SPDX-License-Identifier: GPL-2.0-only
#include "proxy/peer-trust.h"
#include "proxy/marshal-services.h"

namespace ns3
{

std::string
PeerTrust::Name() const
{
    return "peer-trust";
}

MarshalProcessor::Result
PeerTrust::Process(const std::shared_ptr<MarshalRequest>& request)
{
    request->trusted = m_services.trusted.Contains(request->from);
    return Result::CONTINUE;
}

} // namespace ns3
