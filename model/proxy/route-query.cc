// SPDX-License-Identifier: GPL-2.0-only
#include "proxy/route-query.h"
#include "proxy/marshal-services.h"

namespace ns3
{

std::string
RouteQuery::Name() const
{
    return "route-query";
}

MarshalProcessor::Result
RouteQuery::Process(const std::shared_ptr<MarshalRequest>& request)
{
    const sipmob::SipMessage& msg = request->request;
    if (msg.GetMethod() == "INVITE")
    {
        m_waiting.insert_or_assign(SipProxyCore::TxnKey(msg), request);
    }
    m_services.stack->SendRequest(msg, m_services.redirect,
                                  [this, request](const sipmob::SipMessage& answer)
                                  { OnAnswer(request, answer); });
    return Result::WAIT;
}

void
RouteQuery::OnAnswer(const std::shared_ptr<MarshalRequest>& request,
                     const sipmob::SipMessage& answer)
{
    int code = answer.GetStatusCode();
    if (code < 200)
    {
        return;
    }
    const sipmob::SipMessage& msg = request->request;
    std::string key = SipProxyCore::TxnKey(msg);
    m_waiting.erase(key);
    if (m_cancelled.erase(key))
    {
        return; // 487 already sent
    }
    auto contacts = answer.GetContacts();
    if (code >= 300 && code < 400 && !contacts.empty() && !contacts.front().wildcard)
    {
        request->target = contacts.front();
        m_services.resume(request);
        return;
    }
    sipmob::SipMessage relay = answer;
    SipProxyCore::RestoreVias(relay, msg);
    if (code >= 300)
    {
        (*m_services.rejected)(msg, code, answer.GetReasonPhrase());
    }
    m_services.stack->SendResponse(request->id, relay);
}

bool
RouteQuery::CancelWaiting(const sipmob::SipMessage& cancel, const SipStack::ServerTxnId& id)
{
    std::string key = SipProxyCore::TxnKey(cancel);
    auto it = m_waiting.find(key);
    if (it == m_waiting.end())
    {
        return false;
    }
    // Still asking the redirect server: answer both here; its answer is then ignored.
    m_services.core->Reply(id, cancel, 200);
    m_services.core->Reply(it->second->id, it->second->request, 487);
    m_cancelled.insert(key);
    m_waiting.erase(it);
    return true;
}

void
RouteQuery::Clear()
{
    m_waiting.clear();
    m_cancelled.clear();
}

} // namespace ns3
