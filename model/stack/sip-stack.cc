// SPDX-License-Identifier: GPL-2.0-only
#include "stack/sip-stack.h"

#include "stack/ipv4-text.h"
#include "stack/node-address.h"

#include "transaction/keyed-id-generator.h"
#include "transaction/transaction-manager.h"

#include "ns3/boolean.h"
#include "ns3/integer.h"
#include "ns3/log.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <deque>
#include <set>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SipStack");
NS_OBJECT_ENSURE_REGISTERED(SipStack);

namespace
{
sipmob::SipEndpoint
ToEndpoint(const InetSocketAddress& a)
{
    return sipmob::SipEndpoint{Ipv4Text(a.GetIpv4()), a.GetPort(), "UDP"};
}

InetSocketAddress
ToSocketAddress(const sipmob::SipEndpoint& e)
{
    return InetSocketAddress(Ipv4Address(e.host.c_str()), e.port != 0 ? e.port : 5060);
}

/// RFC 3261 §9.1: a CANCEL copies the INVITE's Request-URI, Call-ID, From, To, top Via, Route.
sipmob::SipMessage
MakeCancel(const sipmob::SipMessage& invite)
{
    sipmob::SipMessage cancel = sipmob::SipMessage::MakeRequest("CANCEL", invite.GetRequestUri());
    cancel.PushVia(invite.GetTopVia());
    cancel.SetFrom(invite.GetFrom());
    cancel.SetTo(invite.GetTo());
    cancel.SetHeader("Call-ID", invite.GetCallId());
    cancel.SetHeader("CSeq", sipmob::SipCSeq{invite.GetCSeq().seq, "CANCEL"}.ToString());
    for (const auto& route : invite.GetHeaderValues("Route"))
    {
        cancel.AddHeader("Route", route);
    }
    cancel.SetMaxForwards(70);
    return cancel;
}
} // namespace

/// State behind the stack: the sans-IO manager and what the adapter remembers per transaction.
struct SipStack::Impl
{
    std::unique_ptr<sipmob::TransactionManager> manager;
    std::unique_ptr<sipmob::KeyedIdGenerator> tokens; ///< tags, Call-IDs
    Ptr<SipUdpTransport> transport;
    Ptr<Node> node;
    std::map<std::string, EventId> timers;              ///< key|timer -> event
    std::map<std::string, ResponseHandler> clients;     ///< client key -> response handler
    std::map<std::string, sipmob::SipMessage> requests; ///< client key -> request sent
    std::map<std::string, InetSocketAddress> nextHops;  ///< client key -> where it went
    std::set<std::string> provisional;                  ///< INVITE client keys that saw a 1xx
    std::set<std::string> cancelWanted; ///< INVITE client keys to cancel on the first 1xx
    RequestHandler onRequest;
    StrayHandler onStray;
};

TypeId
SipStack::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SipStack")
            .SetParent<Object>()
            .SetGroupName("Sipmob")
            .AddConstructor<SipStack>()
            .AddAttribute("T1", "RFC 3261 T1, round-trip estimate", TimeValue(MilliSeconds(500)),
                          MakeTimeAccessor(&SipStack::m_t1), MakeTimeChecker())
            .AddAttribute("T2", "RFC 3261 T2, maximum retransmission interval",
                          TimeValue(Seconds(4)), MakeTimeAccessor(&SipStack::m_t2),
                          MakeTimeChecker())
            .AddAttribute("T4", "RFC 3261 T4, maximum time a message stays in the network",
                          TimeValue(Seconds(5)), MakeTimeAccessor(&SipStack::m_t4),
                          MakeTimeChecker())
            .AddAttribute("StrictResponseSource",
                          "A response matches a client transaction only from the address and "
                          "port the request went to (true: servers); false: from that port at "
                          "any address (user agents, whose peers may move during a transaction)",
                          BooleanValue(true), MakeBooleanAccessor(&SipStack::m_strictSource),
                          MakeBooleanChecker())
            .AddAttribute("SecretStream",
                          "First RNG stream of the per-run secrets of branch IDs, tags and "
                          "Call-IDs; each stack uses this + node id * 65536 + port (explicit "
                          "streams, so the automatic streams of other random variables do not "
                          "shift)",
                          UintegerValue(1ULL << 40),
                          MakeUintegerAccessor(&SipStack::m_secretStream),
                          MakeUintegerChecker<uint64_t>())
            .AddTraceSource("Discarded",
                            "A response dropped: it matched a client transaction by branch but "
                            "came from another address or port than the request went to "
                            "(message, source)",
                            MakeTraceSourceAccessor(&SipStack::m_discarded),
                            "ns3::SipStack::DiscardedTracedCallback");
    return tid;
}

SipStack::SipStack()
    : m_impl(std::make_unique<Impl>())
    , m_t1(MilliSeconds(500))
    , m_t2(Seconds(4))
    , m_t4(Seconds(5))
    , m_strictSource(true)
    , m_secretStream(1ULL << 40)
{
    // Created here so that callers can connect its trace sources before Start().
    m_impl->transport = CreateObject<SipUdpTransport>();
}

SipStack::~SipStack() = default;

void
SipStack::DoDispose()
{
    Stop();
    m_impl->transport = nullptr;
    m_impl->node = nullptr;
    m_impl->clients.clear();
    m_impl->onRequest = nullptr;
    m_impl->onStray = nullptr;
    Object::DoDispose();
}

bool
SipStack::Start(Ptr<Node> node, uint16_t port)
{
    sipmob::TransactionTimers timers;
    timers.t1 = sipmob::TxDuration(m_t1.GetMilliSeconds());
    timers.t2 = sipmob::TxDuration(m_t2.GetMilliSeconds());
    timers.t4 = sipmob::TxDuration(m_t4.GetMilliSeconds());
    // Branch IDs, tags and Call-IDs are keyed hashes of counters under a per-run secret drawn
    // from the simulation's random numbers (seed and run): unpredictable to an observer, the same
    // bytes for the same seed and run.
    // The stream is given at construction: a variable created with the default stream would take
    // the next automatic stream number and shift those of every variable created after it.
    Ptr<UniformRandomVariable> rng = CreateObjectWithAttributes<UniformRandomVariable>(
        "Stream",
        IntegerValue(static_cast<int64_t>(m_secretStream + node->GetId() * 65536ULL + port)));
    sipmob::KeyedIdGenerator::Secret secret{};
    for (std::size_t i = 0; i < secret.size(); i += 4)
    {
        uint32_t word = rng->GetInteger(0, 0xffffffffU);
        for (std::size_t b = 0; b < 4; ++b)
        {
            secret[i + b] = static_cast<uint8_t>(word >> (8 * b));
        }
    }
    m_impl->manager = std::make_unique<sipmob::TransactionManager>(timers, secret);
    m_impl->manager->SetSourceCheck(m_strictSource
                                        ? sipmob::TransactionManager::SourceCheck::ADDRESS_AND_PORT
                                        : sipmob::TransactionManager::SourceCheck::PORT);
    secret[0] ^= 0x5a; // a different key for tokens than for branches
    m_impl->tokens = std::make_unique<sipmob::KeyedIdGenerator>(secret);
    m_impl->node = node;
    m_impl->transport->SetAttribute("Port", UintegerValue(port));
    m_impl->transport->SetReceiveCallback(MakeCallback(&SipStack::OnReceive, this));
    return m_impl->transport->Start(node);
}

void
SipStack::Stop()
{
    for (auto& [id, ev] : m_impl->timers)
    {
        (void) id;
        Simulator::Cancel(ev);
    }
    m_impl->timers.clear();
    if (m_impl->transport)
    {
        m_impl->transport->Stop();
    }
}

void
SipStack::OnReceive(const sipmob::SipMessage& msg, const InetSocketAddress& from,
                    const Ipv4Address& local)
{
    (void) local;
    if (!m_impl->manager)
    {
        return;
    }
    sipmob::TransactionActions out;
    m_impl->manager->ReceiveMessage(msg, ToEndpoint(from), false, out);
    Execute(out);
}

void
SipStack::OnTimer(const std::string& key, uint8_t timer)
{
    m_impl->timers.erase(key + "|" + std::to_string(timer));
    sipmob::TransactionActions out;
    m_impl->manager->TimerExpired(sipmob::TransactionKey(key),
                                  static_cast<sipmob::TimerName>(timer), out);
    Execute(out);
}

void
SipStack::Execute(sipmob::TransactionActions& actions)
{
    // Actions can produce more actions (a failed send); run them in order, breadth first.
    std::deque<sipmob::TransactionAction> queue(actions.begin(), actions.end());
    while (!queue.empty())
    {
        sipmob::TransactionAction a = std::move(queue.front());
        queue.pop_front();
        sipmob::TransactionActions more;
        ExecuteOne(a, more);
        queue.insert(queue.end(), more.begin(), more.end());
    }
}

void
SipStack::ExecuteOne(const sipmob::TransactionAction& a, sipmob::TransactionActions& more)
{
    const std::string& key = a.key.ToString();
    std::string timerId = key + "|" + std::to_string(static_cast<int>(a.timer));
    switch (a.kind)
    {
    case sipmob::TxActionKind::Send:
        if (!m_impl->transport->Send(*a.message, ToSocketAddress(a.endpoint)) && !a.key.IsEmpty())
        {
            m_impl->manager->TransportError(a.key, more);
        }
        break;
    case sipmob::TxActionKind::StartTimer:
        Simulator::Cancel(m_impl->timers[timerId]);
        m_impl->timers[timerId] =
            Simulator::Schedule(MilliSeconds(a.duration.count()), &SipStack::OnTimer, this, key,
                                static_cast<uint8_t>(a.timer));
        break;
    case sipmob::TxActionKind::CancelTimer:
        if (m_impl->timers.count(timerId))
        {
            Simulator::Cancel(m_impl->timers[timerId]);
            m_impl->timers.erase(timerId);
        }
        break;
    case sipmob::TxActionKind::DeliverToTu:
        Deliver(a);
        break;
    case sipmob::TxActionKind::DeliverStray:
        if (m_impl->onStray)
        {
            m_impl->onStray(*a.message, ToSocketAddress(a.endpoint));
        }
        break;
    case sipmob::TxActionKind::Timeout:
    case sipmob::TxActionKind::TransportError:
        ReportTimeout(key);
        break;
    case sipmob::TxActionKind::Terminated:
        Forget(key);
        break;
    case sipmob::TxActionKind::Discarded:
        NS_LOG_WARN("response from " << a.endpoint.ToString() << " for " << key
                                     << " dropped: the request went elsewhere");
        m_discarded(*a.message, ToSocketAddress(a.endpoint));
        break;
    }
}

void
SipStack::Deliver(const sipmob::TransactionAction& a)
{
    const std::string& key = a.key.ToString();
    const sipmob::SipMessage& msg = *a.message;
    if (msg.IsRequest())
    {
        if (m_impl->onRequest)
        {
            m_impl->onRequest(msg, key, ToSocketAddress(a.endpoint));
        }
        return;
    }
    if (msg.GetStatusCode() < 200 && msg.GetCSeq().method == "INVITE" &&
        m_impl->provisional.insert(key).second && m_impl->cancelWanted.count(key))
    {
        SendCancel(key);
    }
    auto it = m_impl->clients.find(key);
    if (it != m_impl->clients.end() && it->second)
    {
        ResponseHandler handler = it->second; // the handler may send and reshape the maps
        handler(msg);
    }
}

void
SipStack::ReportTimeout(const std::string& key)
{
    auto it = m_impl->clients.find(key);
    auto req = m_impl->requests.find(key);
    if (it == m_impl->clients.end() || req == m_impl->requests.end())
    {
        return; // a server transaction (Timer H): nothing waits for it
    }
    // RFC 3261 §8.1.3.1: a timeout is treated as a 408 from the transaction layer.
    sipmob::SipMessage timeout = sipmob::SipMessage::MakeResponse(req->second, 408);
    ResponseHandler handler = it->second;
    m_impl->clients.erase(it);
    m_impl->requests.erase(req);
    m_impl->nextHops.erase(key);
    if (handler)
    {
        handler(timeout);
    }
}

void
SipStack::Forget(const std::string& key)
{
    for (auto it = m_impl->timers.lower_bound(key + "|"); it != m_impl->timers.end();)
    {
        if (it->first.compare(0, key.size() + 1, key + "|") != 0)
        {
            break;
        }
        Simulator::Cancel(it->second);
        it = m_impl->timers.erase(it);
    }
    m_impl->clients.erase(key);
    m_impl->requests.erase(key);
    m_impl->nextHops.erase(key);
    m_impl->provisional.erase(key);
    m_impl->cancelWanted.erase(key);
}

std::string
SipStack::SendRequest(sipmob::SipMessage request, const InetSocketAddress& nextHop,
                      ResponseHandler onResponse)
{
    request.PushVia(MakeVia());
    return SendRequestWithVia(std::move(request), nextHop, std::move(onResponse));
}

std::string
SipStack::SendRequestWithVia(sipmob::SipMessage request, const InetSocketAddress& nextHop,
                             ResponseHandler onResponse)
{
    NS_ASSERT_MSG(m_impl->manager, "SipStack::Start not called");
    sipmob::TransactionActions out;
    sipmob::TransactionKey key =
        m_impl->manager->SendRequest(request, ToEndpoint(nextHop), false, out);
    if (!key.IsEmpty())
    {
        m_impl->clients[key.ToString()] = std::move(onResponse);
        m_impl->requests[key.ToString()] = request;
        m_impl->nextHops.insert_or_assign(key.ToString(), nextHop);
    }
    Execute(out);
    return request.GetTopVia().GetBranch();
}

void
SipStack::Cancel(const std::string& branch)
{
    std::string key = "C|" + branch + "|INVITE";
    if (!m_impl->requests.count(key))
    {
        return; // already final or unknown: nothing to cancel
    }
    if (m_impl->provisional.count(key))
    {
        SendCancel(key);
    }
    else
    {
        m_impl->cancelWanted.insert(key); // §9.1: wait for a provisional response
    }
}

void
SipStack::SendCancel(const std::string& inviteKey)
{
    m_impl->cancelWanted.erase(inviteKey);
    auto req = m_impl->requests.find(inviteKey);
    if (req == m_impl->requests.end())
    {
        return;
    }
    sipmob::SipMessage cancel = MakeCancel(req->second);
    sipmob::TransactionActions out;
    // The CANCEL goes where the INVITE went.
    m_impl->manager->SendRequest(cancel, ToEndpoint(m_impl->nextHops.at(inviteKey)), false, out);
    Execute(out);
}

void
SipStack::SendStateless(const sipmob::SipMessage& msg, const InetSocketAddress& to)
{
    sipmob::TransactionActions out;
    m_impl->manager->SendStateless(msg, ToEndpoint(to), out);
    Execute(out);
}

void
SipStack::SetRequestHandler(RequestHandler handler)
{
    m_impl->onRequest = std::move(handler);
}

void
SipStack::SetStrayHandler(StrayHandler handler)
{
    m_impl->onStray = std::move(handler);
}

void
SipStack::SendResponse(const ServerTxnId& id, const sipmob::SipMessage& given)
{
    sipmob::SipMessage response = given;
    if (response.GetStatusCode() > 100 && response.GetTo().GetTag().empty())
    {
        sipmob::SipNameAddr to = response.GetTo();
        to.SetTag(ResponseTag(response));
        response.SetTo(to);
    }
    sipmob::TransactionActions out;
    if (!m_impl->manager->SendResponse(sipmob::TransactionKey(id), response, out))
    {
        NS_LOG_WARN("no server transaction " << id << "; sending statelessly");
        m_impl->transport->SendResponse(response);
        return;
    }
    Execute(out);
}

std::string
SipStack::ResponseTag(const sipmob::SipMessage& message) const
{
    NS_ASSERT_MSG(m_impl->tokens, "SipStack::Start not called");
    std::string text = message.GetCallId() + "|" + message.GetFrom().GetTag() + "|" +
                       message.GetTopVia().GetBranch() + "|" +
                       std::to_string(message.GetCSeq().seq);
    return m_impl->tokens->Derive("to-tag", text, 8);
}

sipmob::SipVia
SipStack::MakeVia()
{
    sipmob::SipVia via;
    via.transport = "UDP";
    via.host = Ipv4Text(GetLocalAddress());
    via.port = GetPort();
    via.SetParam("branch", m_impl->manager->NewBranch());
    via.SetParam("rport");
    return via;
}

Ipv4Address
SipStack::GetLocalAddress() const
{
    return UsableAddress(m_impl->node);
}

uint16_t
SipStack::GetPort() const
{
    return m_impl->transport ? m_impl->transport->GetPort() : 0;
}

std::string
SipStack::NewToken(const std::string& purpose, std::size_t hexChars)
{
    NS_ASSERT_MSG(m_impl->tokens, "SipStack::Start not called");
    return m_impl->tokens->Next(purpose, hexChars);
}

Ptr<SipUdpTransport>
SipStack::GetTransport() const
{
    return m_impl->transport;
}

std::size_t
SipStack::GetTransactionCount() const
{
    return m_impl->manager->GetTransactionCount();
}

} // namespace ns3
