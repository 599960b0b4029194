// SPDX-License-Identifier: GPL-2.0-only
#include "stack/processing-delay.h"

#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

void
ProcessingDelay::Configure(Time constant, Time jitter)
{
    m_constant = std::max(constant, Time(0));
    m_jitter = std::max(jitter, Time(0));
    if (m_jitter.IsStrictlyPositive() && !m_rng)
    {
        m_rng = CreateObject<UniformRandomVariable>();
    }
}

bool
ProcessingDelay::IsZero() const
{
    return m_constant.IsZero() && m_jitter.IsZero();
}

Time
ProcessingDelay::Next()
{
    Time cost = m_constant;
    if (m_jitter.IsStrictlyPositive())
    {
        cost += NanoSeconds(static_cast<int64_t>(m_rng->GetValue(0, m_jitter.GetNanoSeconds())));
    }
    Time now = Simulator::Now();
    m_busyUntil = std::max(m_busyUntil, now) + cost;
    return m_busyUntil - now;
}

SipStack::RequestHandler
ProcessingDelay::Wrap(SipStack::RequestHandler handler)
{
    if (IsZero())
    {
        return handler;
    }
    return [this, handler](const sipmob::SipMessage& request, const SipStack::ServerTxnId& id,
                           const InetSocketAddress& from) {
        Simulator::Schedule(Next(), [handler, request, id, from]() { handler(request, id, from); });
    };
}

SipStack::StrayHandler
ProcessingDelay::WrapStray(SipStack::StrayHandler handler)
{
    if (IsZero())
    {
        return handler;
    }
    return [this, handler](const sipmob::SipMessage& msg, const InetSocketAddress& from)
    { Simulator::Schedule(Next(), [handler, msg, from]() { handler(msg, from); }); };
}

} // namespace ns3
