// SPDX-License-Identifier: GPL-2.0-only
#include "transaction/transaction-key.h"

#include "message/sip-message.h"

#include <algorithm>
#include <cctype>

namespace sipmob
{

namespace
{

const std::string kMagicCookie = "z9hG4bK";

std::string
Lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

/// ACK belongs to the INVITE server transaction (17.2.3).
std::string
MatchMethod(const SipMessage& request, std::string_view method)
{
    if (!method.empty())
    {
        return std::string(method);
    }
    return request.GetMethod() == "ACK" ? std::string("INVITE") : request.GetMethod();
}

} // namespace

TransactionKey::TransactionKey(std::string id)
    : m_id(std::move(id))
{
}

TransactionKey
TransactionKey::ForClient(const SipMessage& message)
{
    const std::string method = message.IsRequest() ? message.GetMethod() : message.GetCSeq().method;
    return TransactionKey("C|" + message.GetTopVia().GetBranch() + "|" + method);
}

TransactionKey
TransactionKey::ForServer(const SipMessage& request, std::string_view method)
{
    // References into the request's typed values (built once per message, kept while it is
    // unchanged): no copy of the Via and its parameters per received request.
    const SipVia& via = request.GetTopVia();
    const std::string& branch = via.GetBranch();
    const std::string m = MatchMethod(request, method);
    if (HasMagicCookie(branch))
    {
        return TransactionKey("S|" + branch + "|" + Lower(via.SentBy()) + "|" + m);
    }
    return TransactionKey("S2543|" + request.GetRequestUri().ToString() + "|" +
                          request.GetFrom().GetTag() + "|" + request.GetCallId() + "|" +
                          std::to_string(request.GetCSeq().seq) + "|" + via.ToString() + "|" + m);
}

bool
TransactionKey::HasMagicCookie(std::string_view branch)
{
    return branch.size() > kMagicCookie.size() &&
           branch.substr(0, kMagicCookie.size()) == kMagicCookie;
}

const std::string&
TransactionKey::ToString() const
{
    return m_id;
}

bool
TransactionKey::IsEmpty() const
{
    return m_id.empty();
}

bool
TransactionKey::IsRfc2543() const
{
    return m_id.rfind("S2543|", 0) == 0;
}

bool
TransactionKey::operator==(const TransactionKey& o) const
{
    return m_id == o.m_id;
}

bool
TransactionKey::operator!=(const TransactionKey& o) const
{
    return m_id != o.m_id;
}

bool
TransactionKey::operator<(const TransactionKey& o) const
{
    return m_id < o.m_id;
}

} // namespace sipmob
