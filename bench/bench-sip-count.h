// SPDX-License-Identifier: GPL-2.0-only
// Shared by the whole-run benchmarks (bench-scale, bench-testbed): counts every SIP message any
// entity sends, from the transport Tx trace of each entity's stack.
#ifndef SIPMOB_BENCH_SIP_COUNT_H
#define SIPMOB_BENCH_SIP_COUNT_H

#include "proxy/marshal-gateway.h"
#include "proxy/marshal-server.h"
#include "proxy/redirect-server.h"
#include "ua/sip-user-agent.h"

#include "ns3/node-list.h"

#include <cstdint>

namespace sipmob_bench
{

/// SIP messages sent by any entity since HookSipStacks() (one process, one run).
inline uint64_t g_sipTx = 0;

inline void
CountSipTx(const sipmob::SipMessage&, const ns3::InetSocketAddress&, const ns3::InetSocketAddress&,
           uint32_t)
{
    ++g_sipTx;
}

/// The SIP stack of @p app when it is a SIP entity (user agent, marshal, redirect server,
/// gateway), else null.
inline ns3::Ptr<ns3::SipStack>
StackOf(ns3::Ptr<ns3::Application> app)
{
    using namespace ns3;
    if (auto ua = DynamicCast<SipUserAgent>(app))
    {
        return ua->GetStack();
    }
    if (auto ms = DynamicCast<MarshalServer>(app))
    {
        return ms->GetStack();
    }
    if (auto rs = DynamicCast<RedirectServer>(app))
    {
        return rs->GetStack();
    }
    if (auto gw = DynamicCast<MarshalGateway>(app))
    {
        return gw->GetStack();
    }
    return nullptr;
}

/// Connects CountSipTx to the transport Tx trace of every SIP entity's stack. Entities create
/// their stacks when they start, so call it once the applications have started (scheduled).
inline void
HookSipStacks()
{
    for (uint32_t i = 0; i < ns3::NodeList::GetNNodes(); ++i)
    {
        ns3::Ptr<ns3::Node> node = ns3::NodeList::GetNode(i);
        for (uint32_t a = 0; a < node->GetNApplications(); ++a)
        {
            if (ns3::Ptr<ns3::SipStack> stack = StackOf(node->GetApplication(a)))
            {
                stack->GetTransport()->TraceConnectWithoutContext("Tx",
                                                                  ns3::MakeCallback(&CountSipTx));
            }
        }
    }
}

} // namespace sipmob_bench

#endif
