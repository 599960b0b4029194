// SPDX-License-Identifier: GPL-2.0-only
#include "results/handoff-call-setups.h"

#include <set>

namespace ns3
{

namespace
{
/// @return whether @p call (a leg of the mobile) was in setup at @p t (simulated s)
bool
InSetupAt(const sipmob::CallRecord& call, double t)
{
    return !call.callId.empty() && call.tInvite <= t && !(call.tAnswered && *call.tAnswered <= t) &&
           !(call.tEnded && *call.tEnded <= t);
}

/// @return whether the setup of @p call never ended at the mobile: no answer, no final response
bool
NeverSetUp(const sipmob::CallRecord& call)
{
    return !call.tAnswered && call.finalStatus == 0;
}
} // namespace

void
HandoffCallSetups::Annotate(RunResults& results)
{
    // Each stuck call is charged to the first hand-off it was in setup for (the records of one
    // mobile are in time order); later moves find it still unanswered but did not strand it.
    std::set<std::pair<std::string, std::string>> charged; // (Call-ID, mobile's AoR)
    for (auto& h : results.handoffs)
    {
        if (!h.tLinkLost)
        {
            continue;
        }
        // A re-association that kept the address strands nothing: the responses still reach it.
        if (!h.newAddress.empty() && h.newAddress == h.oldAddress)
        {
            h.callsInSetup = 0;
            continue;
        }
        uint32_t stranded = 0;
        for (const auto& call : results.calls)
        {
            if (call.ua != h.ua || !InSetupAt(call, *h.tLinkLost) || !NeverSetUp(call) ||
                !charged.emplace(call.callId, call.ua).second)
            {
                continue;
            }
            ++stranded;
        }
        h.callsInSetup = stranded;
        if (stranded > 0 && h.status == "completed")
        {
            h.status = "setup-stranded";
        }
    }
}

} // namespace ns3
