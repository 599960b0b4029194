// SPDX-License-Identifier: GPL-2.0-only
// Marks the hand-offs that left a call of the mobile stuck in setup (after a run, from its calls).
#ifndef SIPMOB_HANDOFF_CALL_SETUPS_H
#define SIPMOB_HANDOFF_CALL_SETUPS_H

#include "results/results-schema.h"

namespace ns3
{

/**
 * \brief Calls of the mobile that were in setup when its link was lost, after a run.
 *
 * A hand-off moves the mobile's established dialogs with a re-INVITE; a call still in setup
 * (an early dialog: INVITE sent or received, no final response yet) is not moved, and the
 * responses still to come follow the Via and the Contact of the old address (RFC 3261 §18.2.2,
 * §12.1.1), so the mobile never sees them. Annotate() sets, for every hand-off,
 * HandoffRecord::callsInSetup: the mobile's call legs placed (or offered) at or before the link
 * loss, neither answered nor ended by then, that never got a final response at the mobile
 * (each counted at the first hand-off it was in setup for; 0 for a link event after which the
 * mobile got its old address back, since the responses still reach it); and turns the status
 * `completed` into `setup-stranded` when there is one. The HandoffMonitor cannot tell this when
 * it emits a record: the call's outcome is known only at the end of the run.
 */
class HandoffCallSetups
{
public:
    /// \param results the records of one run, changed in place
    static void Annotate(RunResults& results);
};

} // namespace ns3

#endif
