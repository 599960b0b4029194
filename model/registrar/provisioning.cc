// SPDX-License-Identifier: GPL-2.0-only
#include "registrar/provisioning.h"

#include <map>
#include <utility>

namespace sipmob
{

std::vector<std::string>
Provisioning::Validate(const ProvisioningSpec& spec, const SubscriberStore& store,
                       const DialPlan& plan)
{
    std::vector<std::string> errors;
    ValidateSubscribers(spec, store, errors);
    ValidateDialPlan(spec, plan, errors);
    return errors;
}

void
Provisioning::ValidateSubscribers(const ProvisioningSpec& spec, const SubscriberStore& store,
                                  std::vector<std::string>& errors)
{
    std::map<std::pair<std::string, std::string>, std::size_t> seen; // (user, domain) -> entry
    for (std::size_t i = 0; i < spec.subscribers.size(); ++i)
    {
        const SubscriberSpec& s = spec.subscribers[i];
        std::string why = SubscriberStore::Check(s);
        auto key = std::make_pair(s.user, s.domain);
        if (why.empty() && seen.count(key))
        {
            why = "duplicate of entry " + std::to_string(seen[key]);
        }
        if (why.empty() && store.IsSubscriber(s.user, s.domain))
        {
            why = "already provisioned";
        }
        seen.emplace(key, i + 1);
        if (!why.empty())
        {
            errors.push_back("subscriber entry " + std::to_string(i + 1) + " (user '" + s.user +
                             "', domain '" + s.domain + "'): " + why);
        }
    }
}

void
Provisioning::ValidateDialPlan(const ProvisioningSpec& spec, const DialPlan& plan,
                               std::vector<std::string>& errors)
{
    std::vector<DialPlanEntry> earlier = plan.Entries();
    // "same pattern as entry N" counts the plan's existing entries first, then the new ones.
    for (std::size_t i = 0; i < spec.dialPlan.size(); ++i)
    {
        const DialPlanSpec& entry = spec.dialPlan[i];
        std::string why = DialPlan::CheckEntry(entry, earlier, &spec.knownHops);
        earlier.push_back(entry);
        if (!why.empty())
        {
            errors.push_back("dial plan entry " + std::to_string(i + 1) + " (pattern '" +
                             entry.pattern + "'): " + why);
        }
    }
}

void
Provisioning::Load(const ProvisioningSpec& spec, SubscriberStore& store, DialPlan& plan)
{
    std::vector<std::string> errors = Validate(spec, store, plan);
    if (!errors.empty())
    {
        throw ProvisioningError(errors);
    }
    for (const auto& subscriber : spec.subscribers)
    {
        store.Add(subscriber);
    }
    for (const auto& entry : spec.dialPlan)
    {
        plan.Add(entry, spec.knownHops);
    }
}

} // namespace sipmob
