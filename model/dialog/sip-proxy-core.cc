// SPDX-License-Identifier: GPL-2.0-only
#include "dialog/sip-proxy-core.h"
#include "stack/ipv4-text.h"

#include "message/sip-digest-auth.h"

#include "ns3/log.h"

#include <arpa/inet.h>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SipProxyCore");

namespace
{
/// \param host text \return true when it is a dotted IPv4 address
bool
IsIpv4(const std::string& host)
{
    in_addr parsed{};
    return inet_pton(AF_INET, host.c_str(), &parsed) == 1;
}
} // namespace

void
SipProxyCore::SetStack(Ptr<SipStack> stack)
{
    m_stack = stack;
}

void
SipProxyCore::SetRecordRoute(bool on)
{
    m_recordRoute = on;
}

void
SipProxyCore::SetRecordRouteParams(RecordRouteParams params)
{
    m_recordRouteParams = std::move(params);
}

void
SipProxyCore::SetForwardedHook(ForwardedHook hook)
{
    m_forwarded = std::move(hook);
}

void
SipProxyCore::Clear()
{
    m_pending.clear();
    m_forwarded = ForwardedHook();
    m_recordRouteParams = RecordRouteParams();
    m_stack = nullptr;
}

Ptr<SipStack>
SipProxyCore::GetStack() const
{
    return m_stack;
}

std::string
SipProxyCore::LoopHash(const sipmob::SipMessage& request)
{
    std::ostringstream os;
    os << request.GetRequestUri().ToString() << '|' << request.GetFrom().GetTag() << '|'
       << request.GetTo().GetTag() << '|' << request.GetCallId() << '|' << request.GetCSeq().seq;
    // The Route set too: an in-dialog request may legitimately pass one element twice (a mobile's
    // outbound proxy pre-loaded before a route set that already holds it, RFC 3261 §8.1.2); its
    // remaining Route differs at each visit, so such a spiral is not taken for a loop (§16.3
    // step 4), while a request that comes back unchanged still is.
    for (const auto& route : request.GetRoutes())
    {
        os << '|' << route.uri.ToString();
    }
    return sipmob::Md5Hex(os.str()).substr(0, 10);
}

bool
SipProxyCore::IsOwnVia(const sipmob::SipVia& via) const
{
    return m_identity.IsOwnAddress(via.host, via.port);
}

int
SipProxyCore::Validate(const sipmob::SipMessage& request) const
{
    auto maxForwards = request.GetMaxForwards();
    if (maxForwards && *maxForwards <= 0)
    {
        return 483;
    }
    std::string suffix = "." + LoopHash(request);
    for (const auto& via : request.GetVias())
    {
        std::string branch = via.GetBranch();
        if (IsOwnVia(via) && branch.size() > suffix.size() &&
            branch.compare(branch.size() - suffix.size(), suffix.size(), suffix) == 0)
        {
            return 482;
        }
    }
    return 0;
}

bool
SipProxyCore::IsOwnUri(const sipmob::SipUri& uri) const
{
    return m_identity.IsOwnUri(uri);
}

ElementIdentity&
SipProxyCore::Identity()
{
    return m_identity;
}

const ElementIdentity&
SipProxyCore::Identity() const
{
    return m_identity;
}

bool
SipProxyCore::PopOwnRoute(sipmob::SipMessage& request) const
{
    auto routes = request.GetRoutes();
    if (routes.empty() || !IsOwnUri(routes.front().uri))
    {
        return false;
    }
    request.RemoveHeader("Route");
    for (std::size_t i = 1; i < routes.size(); ++i)
    {
        request.AddHeader("Route", routes[i].ToString());
    }
    return true;
}

bool
SipProxyCore::UriDestination(const sipmob::SipUri& uri, InetSocketAddress& to)
{
    if (uri.IsOpaque() || !IsIpv4(uri.GetHost()))
    {
        return false;
    }
    uint16_t port = uri.GetPort() != 0 ? uri.GetPort() : 5060;
    to = InetSocketAddress(Ipv4Address(uri.GetHost().c_str()), port);
    return true;
}

bool
SipProxyCore::NextHop(const sipmob::SipMessage& request, InetSocketAddress& to)
{
    auto routes = request.GetRoutes();
    if (!routes.empty())
    {
        return UriDestination(routes.front().uri, to);
    }
    return UriDestination(request.GetRequestUri(), to);
}

std::string
SipProxyCore::OwnRouteValue(const std::string& params) const
{
    return LooseRouteValue(InetSocketAddress(m_stack->GetLocalAddress(), m_stack->GetPort()),
                           params);
}

std::string
SipProxyCore::TxnKey(const sipmob::SipMessage& request)
{
    return request.GetCallId() + "|" + request.GetTopVia().GetBranch();
}

void
SipProxyCore::RestoreVias(sipmob::SipMessage& response, const sipmob::SipMessage& received)
{
    response.RemoveHeader("Via");
    auto vias = received.GetVias();
    for (auto it = vias.rbegin(); it != vias.rend(); ++it)
    {
        response.PushVia(*it);
    }
}

void
SipProxyCore::Forward(const sipmob::SipMessage& received, const ServerTxnId& id,
                      sipmob::SipMessage outgoing, const InetSocketAddress& to, ResponseHook hook)
{
    NS_LOG_FUNCTION(this << received.GetMethod() << to.GetIpv4() << to.GetPort());
    auto maxForwards = outgoing.GetMaxForwards();
    outgoing.SetMaxForwards(maxForwards ? *maxForwards - 1 : 70);
    if (m_recordRoute && outgoing.GetMethod() != "REGISTER")
    {
        outgoing.PrependHeader(
            "Record-Route",
            OwnRouteValue(m_recordRouteParams ? m_recordRouteParams(outgoing) : std::string()));
    }
    sipmob::SipVia via = m_stack->MakeVia();
    via.SetParam("branch", via.GetBranch() + "." + LoopHash(received));
    outgoing.PushVia(via);
    std::string key = TxnKey(received);
    if (m_forwarded)
    {
        m_forwarded(outgoing, to);
    }
    std::string branch = m_stack->SendRequestWithVia(
        outgoing, to,
        [this, key, received, id, hook](const sipmob::SipMessage& response)
        { OnResponse(key, received, id, hook, response); });
    m_pending[key] = Pending{branch, id};
}

void
SipProxyCore::OnResponse(const std::string& key, const sipmob::SipMessage& received,
                         const ServerTxnId& id, const ResponseHook& hook,
                         sipmob::SipMessage response)
{
    int code = response.GetStatusCode();
    if (code == 100)
    {
        return; // §16.7 step 3: 100 Trying is not forwarded
    }
    if (code >= 200)
    {
        m_pending.erase(key);
    }
    RestoreVias(response, received);
    if (hook && !hook(response))
    {
        return;
    }
    if (m_stack)
    {
        m_stack->SendResponse(id, response);
    }
}

void
SipProxyCore::ForwardStateless(sipmob::SipMessage request, const InetSocketAddress& to)
{
    auto maxForwards = request.GetMaxForwards();
    if (maxForwards && *maxForwards <= 0)
    {
        return;
    }
    request.SetMaxForwards(maxForwards ? *maxForwards - 1 : 70);
    request.PushVia(m_stack->MakeVia());
    if (m_forwarded)
    {
        m_forwarded(request, to);
    }
    m_stack->SendStateless(request, to);
}

void
SipProxyCore::RouteStateless(sipmob::SipMessage ack)
{
    PopOwnRoute(ack);
    InetSocketAddress to(Ipv4Address::GetAny(), 0);
    if (!NextHop(ack, to) ||
        (to.GetIpv4() == m_stack->GetLocalAddress() && to.GetPort() == m_stack->GetPort()))
    {
        NS_LOG_INFO("ACK with no next hop dropped");
        return;
    }
    ForwardStateless(ack, to);
}

void
SipProxyCore::HandleStray(const sipmob::SipMessage& msg)
{
    if (msg.IsRequest())
    {
        if (msg.GetMethod() == "ACK")
        {
            RouteStateless(msg);
        }
        return;
    }
    if (msg.GetVias().size() < 2 || !IsOwnVia(msg.GetTopVia()) || msg.GetStatusCode() / 100 != 2 ||
        msg.GetCSeq().method != "INVITE")
    {
        return;
    }
    sipmob::SipMessage response = msg;
    response.PopVia();
    InetSocketAddress to(Ipv4Address::GetAny(), 0);
    if (SipUdpTransport::ResponseDestination(response.GetTopVia(), to))
    {
        m_stack->SendStateless(response, to);
    }
}

bool
SipProxyCore::HandleCancel(const sipmob::SipMessage& cancel, const ServerTxnId& id)
{
    auto it = m_pending.find(TxnKey(cancel));
    if (it == m_pending.end())
    {
        Reply(id, cancel, 481);
        return false;
    }
    Reply(id, cancel, 200);
    m_stack->Cancel(it->second.clientBranch);
    return true;
}

sipmob::SipMessage
SipProxyCore::MakeFinal(const sipmob::SipMessage& request, int code, const std::string& reason)
{
    // No To tag here: SipStack::SendResponse adds its keyed, per-request tag (§8.2.6.2).
    return sipmob::SipMessage::MakeResponse(request, code, reason);
}

void
SipProxyCore::AddWarning(sipmob::SipMessage& response, const std::string& agent,
                         const std::string& text)
{
    std::string quoted;
    for (char ch : text)
    {
        if (ch == '"' || ch == '\\')
        {
            quoted.push_back('\\');
        }
        quoted.push_back(ch);
    }
    response.AddHeader("Warning", "399 " + agent + " \"" + quoted + "\"");
}

void
SipProxyCore::Reply(const ServerTxnId& id, const sipmob::SipMessage& request, int code,
                    const std::string& reason)
{
    m_stack->SendResponse(id, MakeFinal(request, code, reason));
}

} // namespace ns3
