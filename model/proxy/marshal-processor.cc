// SPDX-License-Identifier: GPL-2.0-only
#include "proxy/marshal-processor.h"

namespace ns3
{

MarshalProcessor::MarshalProcessor(MarshalServices& services)
    : m_services(services)
{
}

MarshalProcessor::~MarshalProcessor() = default;

} // namespace ns3
