// SPDX-License-Identifier: GPL-2.0-only
#include "proxy/marshal-chain.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MarshalChain");

void
MarshalChain::Add(std::unique_ptr<MarshalProcessor> processor)
{
    m_processors.push_back(std::move(processor));
}

MarshalProcessor::Result
MarshalChain::Run(const std::shared_ptr<MarshalRequest>& request)
{
    auto result = MarshalProcessor::Result::CONTINUE;
    while (result == MarshalProcessor::Result::CONTINUE && request->next < m_processors.size())
    {
        MarshalProcessor& processor = *m_processors[request->next++];
        result = processor.Process(request);
        NS_LOG_LOGIC(processor.Name()
                     << " " << request->request.GetMethod() << " -> " << static_cast<int>(result));
    }
    return result;
}

std::vector<std::string>
MarshalChain::Names() const
{
    std::vector<std::string> names;
    for (const auto& p : m_processors)
    {
        names.push_back(p->Name());
    }
    return names;
}

void
MarshalChain::Clear()
{
    m_processors.clear();
}

} // namespace ns3
