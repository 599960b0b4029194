// SPDX-License-Identifier: GPL-2.0-only
// Fills the voice-quality columns of a run's call and hand-off records from its media records.
#ifndef SIPMOB_VOICE_QUALITY_ANNOTATOR_H
#define SIPMOB_VOICE_QUALITY_ANNOTATOR_H

#include "results/results-database.h"

namespace ns3
{

/**
 * \brief Voice quality (ITU-T G.107 E-model) of calls and hand-offs, after a run.
 *
 * Each MediaRecord carries the arrival log of one direction of one call at its receiver, with the
 * playout buffer and codec that receiver used, and the whole call's R and MOS. Annotate():
 *  - copies R and MOS of the audio a call end heard onto its CallRecord (same Call-ID and AoR);
 *  - for a hand-off with a call (HandoffRecord::callId) and a window [tQualityFrom, tQualityTo),
 *    evaluates the mobile's received stream over the window (rFactor, mos: what the mobile heard)
 *    and the peer's (rFactorUp, mosUp: what the far end heard of the mobile).
 * A direction with no frame sent in the window leaves its columns empty.
 */
class VoiceQualityAnnotator
{
public:
    /// \param results the records of one run, changed in place
    static void Annotate(RunResults& results);
};

} // namespace ns3

#endif
