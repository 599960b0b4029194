// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_TOOLS_RUN_SUMMARY_H
#define SIPMOB_TOOLS_RUN_SUMMARY_H

#include "scenario/simulation-runner.h"

#include <ostream>
#include <string>

namespace sipmob::cli
{

/**
 * \brief Print what one run did: registrations, calls, media and one line per hand-off with its
 *        components (milliseconds; "-" where a step did not happen).
 */
void PrintRunSummary(std::ostream& os, const std::string& scenario, const ns3::RunOutput& out,
                     uint32_t seed, uint32_t run);

} // namespace sipmob::cli

#endif
