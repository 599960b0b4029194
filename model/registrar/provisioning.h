// SPDX-License-Identifier: GPL-2.0-only
// Loads a network's subscribers and dial plan from a plain description, validating it all
// first. No SIP message class, no ns-3 header.
#ifndef SIPMOB_PROVISIONING_H
#define SIPMOB_PROVISIONING_H

#include "registrar/dial-plan.h"
#include "registrar/subscriber-store.h"

#include <set>
#include <string>
#include <vector>

namespace sipmob
{

/// A subscriber to provision: user, domain, password (empty: no digest).
using SubscriberSpec = Subscriber;
/// A dial plan entry to provision: pattern, next hop.
using DialPlanSpec = DialPlanEntry;

/// The provisioning data of one SIP network.
struct ProvisioningSpec
{
    std::vector<SubscriberSpec> subscribers; ///< in order
    std::vector<DialPlanSpec> dialPlan;      ///< in order (first match wins)
    std::set<std::string> knownHops;         ///< targets a next hop may name, besides "local"
};

/**
 * Validates and loads provisioning data. Validation reports every bad entry, each named by its
 * 1-based position in the description, e.g. "dial plan entry 3 (pattern '4xxx'): next hop
 * 'gw-1-4' does not exist" or "subscriber entry 2 (user '1001', domain 'net1.example.org'):
 * duplicate of entry 1". Loading is all or nothing: nothing is stored unless all is valid.
 */
class Provisioning
{
public:
    /**
     * Checks @p spec against itself and against what @p store and @p plan already hold.
     * @param spec the description
     * @param store the subscriber store it would be loaded into
     * @param plan the dial plan it would be appended to
     * @return one message per bad entry; empty when all is valid
     */
    static std::vector<std::string> Validate(const ProvisioningSpec& spec,
                                             const SubscriberStore& store, const DialPlan& plan);

    /**
     * Validates @p spec, then adds its subscribers to @p store and appends its entries to
     * @p plan.
     * @param spec the description
     * @param store the subscriber store
     * @param plan the dial plan
     * @throws ProvisioningError with every message of Validate() when anything is invalid
     */
    static void Load(const ProvisioningSpec& spec, SubscriberStore& store, DialPlan& plan);

private:
    /// Subscriber part of Validate(); appends to @p errors.
    static void ValidateSubscribers(const ProvisioningSpec& spec, const SubscriberStore& store,
                                    std::vector<std::string>& errors);
    /// Dial plan part of Validate(); appends to @p errors.
    static void ValidateDialPlan(const ProvisioningSpec& spec, const DialPlan& plan,
                                 std::vector<std::string>& errors);
};

} // namespace sipmob

#endif // SIPMOB_PROVISIONING_H
