// SPDX-License-Identifier: GPL-2.0-only
// Recording the SIP messages that the entities of a SimulationRunner testbed send: address and
// message labels, the stack of a server application, a hook on a stack's sent messages, and the
// watch of the servers' stacks once they exist. Shared by test-call-routing.cc and
// test-three-networks.cc (each test file is its own executable, so the helpers stay file-local).
#ifndef SIPMOB_TESTS_SENT_MESSAGES_H
#define SIPMOB_TESTS_SENT_MESSAGES_H

#include "message/sip-message.h"
#include "proxy/marshal-gateway.h"
#include "proxy/marshal-server.h"
#include "proxy/redirect-server.h"
#include "stack/sip-stack.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <functional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace
{

/// \return "a.b.c.d:port"
std::string
Text(ns3::Ipv4Address a, uint16_t port)
{
    std::ostringstream os;
    os << a << ":" << port;
    return os.str();
}

/// \return "a.b.c.d:port"
std::string
Text(const ns3::InetSocketAddress& a)
{
    return Text(a.GetIpv4(), a.GetPort());
}

/// \return "INVITE" for a request, "180 INVITE" for a response
std::string
Label(const sipmob::SipMessage& m)
{
    return m.IsRequest() ? m.GetMethod()
                         : std::to_string(m.GetStatusCode()) + " " + m.GetCSeq().method;
}

/// \return the stack of a marshal server, redirect server or marshal gateway (null for any other
///         application, or before the server has started)
ns3::Ptr<ns3::SipStack>
ServerStack(ns3::Ptr<ns3::Application> app)
{
    if (auto ms = ns3::DynamicCast<ns3::MarshalServer>(app))
    {
        return ms->GetStack();
    }
    if (auto rs = ns3::DynamicCast<ns3::RedirectServer>(app))
    {
        return rs->GetStack();
    }
    if (auto gw = ns3::DynamicCast<ns3::MarshalGateway>(app))
    {
        return gw->GetStack();
    }
    return nullptr;
}

/// What a stack sent: the message, the local address it left from, where it went.
using SentHook = std::function<void(const sipmob::SipMessage&, const ns3::InetSocketAddress& from,
                                    const ns3::InetSocketAddress& to)>;

/// Calls \p hook for every message \p stack sends (its transport's Tx trace).
void
OnSent(ns3::Ptr<ns3::SipStack> stack, SentHook hook)
{
    stack->GetTransport()->TraceConnectWithoutContext(
        "Tx", ns3::Callback<void, const sipmob::SipMessage&, const ns3::InetSocketAddress&,
                            const ns3::InetSocketAddress&, uint32_t>(
                  [hook](const sipmob::SipMessage& m, const ns3::InetSocketAddress& from,
                         const ns3::InetSocketAddress& to, uint32_t) { hook(m, from, to); }));
}

/// A server application and its role name (e.g. "ms-net1").
using RoledApp = std::pair<ns3::Ptr<ns3::Application>, std::string>;

/**
 * \brief At 0.5 s simulated, call \p watch with the stack and role of each server among \p apps,
 *        then \p then (if set). The servers create their stacks when they start (0 s); the
 *        testbeds send nothing before 1 s.
 */
void
WatchServersAtHalfSecond(std::vector<RoledApp> apps,
                         std::function<void(ns3::Ptr<ns3::SipStack>, const std::string&)> watch,
                         std::function<void()> then = {})
{
    ns3::Simulator::Schedule(ns3::Seconds(0.5),
                             [apps, watch, then]()
                             {
                                 for (const auto& [app, role] : apps)
                                 {
                                     if (ns3::Ptr<ns3::SipStack> stack = ServerStack(app))
                                     {
                                         watch(stack, role);
                                     }
                                 }
                                 if (then)
                                 {
                                     then();
                                 }
                             });
}

} // namespace

#endif
