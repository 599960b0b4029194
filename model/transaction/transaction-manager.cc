// SPDX-License-Identifier: GPL-2.0-only
#include "transaction/transaction-manager.h"

#include "transaction/invite-client-transaction.h"
#include "transaction/invite-server-transaction.h"
#include "transaction/non-invite-client-transaction.h"
#include "transaction/non-invite-server-transaction.h"

namespace sipmob
{

namespace
{

/// RFC 2543 17.2.3: an ACK matches only if its To tag is the one of the response sent.
bool
AckToTagMatches(const Transaction& t, const SipMessage& ack)
{
    const auto* invite = dynamic_cast<const InviteServerTransaction*>(&t);
    return invite && invite->GetLastResponse() &&
           invite->GetLastResponse()->GetTo().GetTag() == ack.GetTo().GetTag();
}

/// RFC 2543 17.2.3: other requests match only if the To tag equals the original request's.
bool
RequestToTagMatches(const Transaction& t, const SipMessage& request)
{
    const auto* invite = dynamic_cast<const InviteServerTransaction*>(&t);
    if (invite)
    {
        return invite->GetRequest().GetTo().GetTag() == request.GetTo().GetTag();
    }
    const auto* other = dynamic_cast<const NonInviteServerTransaction*>(&t);
    return other && other->GetRequest().GetTo().GetTag() == request.GetTo().GetTag();
}

/// \return true when two endpoints are the same transport address (port 0 = 5060, RFC 3261 §19.1.2)
bool
SameEndpoint(const SipEndpoint& a, const SipEndpoint& b, bool checkAddress)
{
    auto port = [](const SipEndpoint& e) { return e.port != 0 ? e.port : 5060; };
    return (!checkAddress || a.host == b.host) && port(a) == port(b);
}

} // namespace

TransactionManager::TransactionManager(TransactionTimers timers, uint64_t seed)
    : m_timers(timers)
    , m_branches(seed)
{
}

TransactionManager::TransactionManager(TransactionTimers timers,
                                       const KeyedIdGenerator::Secret& secret)
    : m_timers(timers)
    , m_branches(secret)
{
}

const TransactionTimers&
TransactionManager::GetTimers() const
{
    return m_timers;
}

void
TransactionManager::SetSourceCheck(SourceCheck check)
{
    m_sourceCheck = check;
}

std::string
TransactionManager::NewBranch()
{
    return m_branches.Next();
}

TransactionKey
TransactionManager::SendRequest(SipMessage request, const SipEndpoint& destination, bool reliable,
                                TransactionActions& out)
{
    if (request.GetMethod() == "ACK")
    {
        SendStateless(request, destination, out);
        return TransactionKey();
    }
    if (request.GetVias().empty())
    {
        request.PushVia(SipVia());
    }
    // The Via is copied only when it needs a branch (a request the UA or proxy built has one).
    if (!TransactionKey::HasMagicCookie(request.GetTopVia().GetBranch()))
    {
        SipVia via = request.GetTopVia();
        via.SetParam("branch", NewBranch());
        request.SetTopVia(via);
    }
    const TransactionKey key = TransactionKey::ForClient(request);
    if (m_transactions.count(key))
    {
        return TransactionKey();
    }
    if (request.GetMethod() == "INVITE")
    {
        auto t = std::make_unique<InviteClientTransaction>(std::move(request), m_timers, reliable,
                                                           destination);
        t->Start(out);
        m_transactions.emplace(key, std::move(t));
    }
    else
    {
        auto t = std::make_unique<NonInviteClientTransaction>(std::move(request), m_timers,
                                                              reliable, destination);
        t->Start(out);
        m_transactions.emplace(key, std::move(t));
    }
    return key;
}

bool
TransactionManager::SendResponse(const TransactionKey& key, const SipMessage& response,
                                 TransactionActions& out)
{
    auto it = m_transactions.find(key);
    if (it == m_transactions.end())
    {
        return false;
    }
    it->second->SendResponse(response, out);
    Reap(key);
    return true;
}

void
TransactionManager::SendStateless(const SipMessage& message, const SipEndpoint& destination,
                                  TransactionActions& out)
{
    TransactionAction a;
    a.kind = TxActionKind::Send;
    a.message = message;
    a.endpoint = destination;
    out.push_back(std::move(a));
}

void
TransactionManager::ReceiveMessage(const SipMessage& message, const SipEndpoint& source,
                                   bool reliable, TransactionActions& out)
{
    if (message.IsResponse())
    {
        auto it = m_transactions.find(TransactionKey::ForClient(message));
        if (it == m_transactions.end())
        {
            Stray(message, source, out);
            return;
        }
        const TransactionKey key = it->first;
        if (!SameEndpoint(it->second->GetPeer(), source,
                          m_sourceCheck == SourceCheck::ADDRESS_AND_PORT))
        {
            TransactionAction a;
            a.kind = TxActionKind::Discarded;
            a.key = key;
            a.message = message;
            a.endpoint = source;
            out.push_back(std::move(a));
            return;
        }
        it->second->ReceiveMessage(message, out);
        Reap(key);
        return;
    }
    Transaction* t = MatchRequest(message);
    if (t)
    {
        const TransactionKey key = t->GetKey();
        t->ReceiveMessage(message, out);
        Reap(key);
        return;
    }
    if (message.GetMethod() == "ACK")
    {
        Stray(message, source, out); // ACK for a 2xx: a new transaction of its own, for the TU
        return;
    }
    CreateServer(message, source, reliable, out);
}

Transaction*
TransactionManager::MatchRequest(const SipMessage& request) const
{
    const TransactionKey key = TransactionKey::ForServer(request);
    auto it = m_transactions.find(key);
    if (it == m_transactions.end())
    {
        return nullptr;
    }
    if (key.IsRfc2543())
    {
        const bool ok = request.GetMethod() == "ACK" ? AckToTagMatches(*it->second, request)
                                                     : RequestToTagMatches(*it->second, request);
        return ok ? it->second.get() : nullptr;
    }
    return it->second.get();
}

void
TransactionManager::CreateServer(const SipMessage& request, const SipEndpoint& source,
                                 bool reliable, TransactionActions& out)
{
    const TransactionKey key = TransactionKey::ForServer(request);
    if (m_transactions.count(key))
    {
        Stray(request, source, out); // RFC 2543 key clash with a different To tag
        return;
    }
    if (request.GetMethod() == "INVITE")
    {
        auto t = std::make_unique<InviteServerTransaction>(request, m_timers, reliable, source);
        t->Start(out);
        m_transactions.emplace(key, std::move(t));
    }
    else
    {
        auto t = std::make_unique<NonInviteServerTransaction>(request, m_timers, reliable, source);
        t->Start(out);
        m_transactions.emplace(key, std::move(t));
    }
}

void
TransactionManager::Stray(const SipMessage& message, const SipEndpoint& source,
                          TransactionActions& out)
{
    TransactionAction a;
    a.kind = TxActionKind::DeliverStray;
    a.message = message;
    a.endpoint = source;
    out.push_back(std::move(a));
}

void
TransactionManager::TimerExpired(const TransactionKey& key, TimerName timer,
                                 TransactionActions& out)
{
    auto it = m_transactions.find(key);
    if (it == m_transactions.end())
    {
        return;
    }
    it->second->TimerExpired(timer, out);
    Reap(key);
}

void
TransactionManager::TransportError(const TransactionKey& key, TransactionActions& out)
{
    auto it = m_transactions.find(key);
    if (it == m_transactions.end())
    {
        return;
    }
    it->second->TransportError(out);
    Reap(key);
}

std::optional<TransactionKey>
TransactionManager::FindInviteForCancel(const SipMessage& cancel) const
{
    const TransactionKey key = TransactionKey::ForServer(cancel, "INVITE");
    auto it = m_transactions.find(key);
    if (it == m_transactions.end() ||
        (key.IsRfc2543() && !RequestToTagMatches(*it->second, cancel)))
    {
        return std::nullopt;
    }
    return key;
}

const Transaction*
TransactionManager::Find(const TransactionKey& key) const
{
    auto it = m_transactions.find(key);
    return it == m_transactions.end() ? nullptr : it->second.get();
}

std::size_t
TransactionManager::GetTransactionCount() const
{
    return m_transactions.size();
}

void
TransactionManager::Reap(const TransactionKey& key)
{
    auto it = m_transactions.find(key);
    if (it != m_transactions.end() && it->second->IsTerminated())
    {
        m_transactions.erase(it);
    }
}

} // namespace sipmob
