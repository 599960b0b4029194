// SPDX-License-Identifier: GPL-2.0-only
#include "registrar/location-service.h"

#include "message/sip-uri.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace sipmob
{

namespace
{

const std::string kWildcard = "*";

/// Tolerance when turning a difference of simulated times into whole seconds.
constexpr double kEpsilon = 1e-9;

bool
IsExpired(const Binding& binding, double now)
{
    return binding.expiresAt <= now;
}

/// RFC 3261 §10.3 step 7 / §19.1.4: a refresh names its binding by an equivalent URI (parameter
/// order, case of the host and of parameter values do not matter), through SipUri::Equivalent;
/// text that is no URI (cannot happen after the registrar's checks) compares as text.
bool
SameContact(const std::string& a, const std::string& b)
{
    auto ua = SipUri::Parse(a);
    auto ub = SipUri::Parse(b);
    return ua && ub ? ua->Equivalent(*ub) : a == b;
}

std::vector<Binding>::iterator
FindContact(std::vector<Binding>& bindings, const std::string& contact)
{
    return std::find_if(bindings.begin(), bindings.end(),
                        [&contact](const Binding& b) { return SameContact(b.contact, contact); });
}

RegisterResult
Refuse(RegisterStatus status, const std::string& reason)
{
    RegisterResult result;
    result.status = status;
    result.reason = reason;
    return result;
}

} // namespace

uint32_t
Binding::Remaining(double now) const
{
    if (expiresAt <= now)
    {
        return 0;
    }
    return static_cast<uint32_t>(std::ceil(expiresAt - now - kEpsilon));
}

void
LocationService::SetMinExpires(uint32_t seconds)
{
    m_minExpires = seconds;
}

uint32_t
LocationService::GetMinExpires() const
{
    return m_minExpires;
}

void
LocationService::SetDefaultExpires(uint32_t seconds)
{
    m_defaultExpires = seconds;
}

uint32_t
LocationService::GetDefaultExpires() const
{
    return m_defaultExpires;
}

void
LocationService::SetMaxExpires(uint32_t seconds)
{
    m_maxExpires = seconds;
}

uint32_t
LocationService::GetMaxExpires() const
{
    return m_maxExpires;
}

LocationService::Expiry
LocationService::ComputeExpiry(const ContactUpdate& contact, const RegisterRequest& request) const
{
    std::optional<uint32_t> requested = contact.expires ? contact.expires : request.expires;
    if (!requested)
    {
        return {RegisterStatus::OK, std::min(m_defaultExpires, m_maxExpires)};
    }
    if (*requested != 0 && *requested < m_minExpires)
    {
        return {RegisterStatus::INTERVAL_TOO_BRIEF, 0};
    }
    return {RegisterStatus::OK, std::min(*requested, m_maxExpires)};
}

std::string
LocationService::CheckContacts(const RegisterRequest& request)
{
    for (const auto& contact : request.contacts)
    {
        if (contact.uri.empty())
        {
            return "empty Contact";
        }
        if (contact.q && (*contact.q < 0.0 || *contact.q > 1.0))
        {
            return "contact '" + contact.uri + "': q " + std::to_string(*contact.q) +
                   " outside 0..1";
        }
        if (contact.uri != kWildcard)
        {
            continue;
        }
        if (request.contacts.size() != 1)
        {
            return "Contact '*' together with other contacts";
        }
        if (contact.expires || contact.q || !request.expires || *request.expires != 0)
        {
            return "Contact '*' without Expires: 0 alone";
        }
    }
    return "";
}

bool
LocationService::MayUpdate(const Binding& existing, const RegisterRequest& request, double now,
                           RegisterResult& result)
{
    if (IsExpired(existing, now) || existing.callId != request.callId ||
        request.cseq > existing.cseq)
    {
        return true;
    }
    result = Refuse(RegisterStatus::SERVER_INTERNAL_ERROR,
                    "contact '" + existing.contact + "': CSeq " + std::to_string(request.cseq) +
                        " of Call-ID '" + request.callId + "' not above the binding's " +
                        std::to_string(existing.cseq));
    return false;
}

RegisterResult
LocationService::Register(const RegisterRequest& request, double now)
{
    if (request.aor.empty())
    {
        return Refuse(RegisterStatus::BAD_REQUEST, "empty address-of-record");
    }
    std::string why = CheckContacts(request);
    if (!why.empty())
    {
        return Refuse(RegisterStatus::BAD_REQUEST, why);
    }
    if (request.contacts.size() == 1 && request.contacts.front().uri == kWildcard)
    {
        return RemoveAll(request, now);
    }
    return Apply(request, now);
}

RegisterResult
LocationService::RemoveAll(const RegisterRequest& request, double now)
{
    RegisterResult result;
    auto it = m_bindings.find(request.aor);
    if (it == m_bindings.end())
    {
        return result;
    }
    for (const auto& binding : it->second)
    {
        if (!MayUpdate(binding, request, now, result))
        {
            return result;
        }
    }
    result.removed = it->second;
    m_bindings.erase(it);
    return result;
}

RegisterResult
LocationService::Apply(const RegisterRequest& request, double now)
{
    RegisterResult result;
    std::vector<Binding> current =
        m_bindings.count(request.aor) ? m_bindings[request.aor] : std::vector<Binding>{};
    std::vector<Expiry> expiries;
    // First pass, against the stored state: refuse the whole request before changing anything.
    for (const auto& contact : request.contacts)
    {
        expiries.push_back(ComputeExpiry(contact, request));
        if (expiries.back().status == RegisterStatus::INTERVAL_TOO_BRIEF)
        {
            result = Refuse(RegisterStatus::INTERVAL_TOO_BRIEF, "contact '" + contact.uri +
                                                                    "': expiry below Min-Expires " +
                                                                    std::to_string(m_minExpires));
            result.minExpires = m_minExpires;
            return result;
        }
        auto existing = FindContact(current, contact.uri);
        if (existing != current.end() && !MayUpdate(*existing, request, now, result))
        {
            return result;
        }
    }
    for (std::size_t i = 0; i < request.contacts.size(); ++i)
    {
        const ContactUpdate& contact = request.contacts[i];
        auto existing = FindContact(current, contact.uri);
        if (expiries[i].seconds == 0)
        {
            if (existing != current.end())
            {
                result.removed.push_back(*existing);
                current.erase(existing);
            }
            continue;
        }
        Binding binding{contact.uri,
                        now + expiries[i].seconds,
                        contact.q.value_or(1.0),
                        request.callId,
                        request.cseq,
                        request.path,
                        now};
        // Keep the vector ordered by last update (Lookup's tie-break): a refresh moves to the end.
        if (existing != current.end())
        {
            current.erase(existing);
        }
        current.push_back(binding);
    }
    if (current.empty())
    {
        m_bindings.erase(request.aor);
    }
    else
    {
        m_bindings[request.aor] = current;
    }
    result.bindings = Lookup(request.aor, now);
    return result;
}

RegisterResult
LocationService::Update(const std::string& aor, const std::string& contact,
                        std::optional<uint32_t> expires, const std::string& callId, uint32_t cseq,
                        double now, double q)
{
    RegisterRequest request;
    request.aor = aor;
    request.expires = expires;
    request.callId = callId;
    request.cseq = cseq;
    ContactUpdate update{contact, std::nullopt, std::nullopt};
    if (contact != kWildcard)
    {
        update.q = q;
    }
    request.contacts.push_back(update);
    return Register(request, now);
}

std::vector<Binding>
LocationService::Lookup(const std::string& aor, double now) const
{
    std::vector<Binding> current;
    auto it = m_bindings.find(aor);
    if (it == m_bindings.end())
    {
        return current;
    }
    std::copy_if(it->second.begin(), it->second.end(), std::back_inserter(current),
                 [now](const Binding& b) { return !IsExpired(b, now); });
    // Highest q first, then most recently updated; stable, so the contacts of one REGISTER (same
    // time) stay in the request's order.
    std::stable_sort(current.begin(), current.end(),
                     [](const Binding& a, const Binding& b)
                     { return a.q != b.q ? a.q > b.q : a.updatedAt > b.updatedAt; });
    return current;
}

bool
LocationService::Remove(const std::string& aor, const std::string& contact)
{
    auto it = m_bindings.find(aor);
    if (it == m_bindings.end())
    {
        return false;
    }
    auto binding = FindContact(it->second, contact);
    if (binding == it->second.end())
    {
        return false;
    }
    it->second.erase(binding);
    if (it->second.empty())
    {
        m_bindings.erase(it);
    }
    return true;
}

std::vector<ExpiredBinding>
LocationService::Purge(double now)
{
    std::vector<ExpiredBinding> expired;
    for (auto it = m_bindings.begin(); it != m_bindings.end();)
    {
        auto& bindings = it->second;
        for (const auto& binding : bindings)
        {
            if (IsExpired(binding, now))
            {
                expired.push_back({it->first, binding});
            }
        }
        bindings.erase(std::remove_if(bindings.begin(), bindings.end(),
                                      [now](const Binding& b) { return IsExpired(b, now); }),
                       bindings.end());
        it = bindings.empty() ? m_bindings.erase(it) : std::next(it);
    }
    return expired;
}

std::size_t
LocationService::Count() const
{
    std::size_t count = 0;
    for (const auto& [aor, bindings] : m_bindings)
    {
        count += bindings.size();
    }
    return count;
}

std::vector<std::string>
LocationService::Aors() const
{
    std::vector<std::string> aors;
    for (const auto& [aor, bindings] : m_bindings)
    {
        aors.push_back(aor);
    }
    return aors;
}

} // namespace sipmob
