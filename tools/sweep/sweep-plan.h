// SPDX-License-Identifier: GPL-2.0-only
// The jobs of a parameter sweep: cartesian product of parameter values x replications.
#ifndef SIPMOB_TOOLS_SWEEP_PLAN_H
#define SIPMOB_TOOLS_SWEEP_PLAN_H

#include "results/results-database.h"

#include <string>
#include <utility>
#include <vector>

namespace sipmob
{

/// One simulation of a sweep.
struct SweepJob
{
    ns3::RunInfo info;     ///< scenario, model, seed, run, params
    std::string configKey; ///< resume key: IdentifyRun() after Resolve(), else the legacy text key
};

/**
 * A sweep plan. Parameter `model` is special: its values become `--model M`; every other parameter
 * becomes `--set KEY=VALUE`. Jobs are ordered parameter-major (first --param varies slowest),
 * replication-minor, so early results cover every configuration.
 */
class SweepPlan
{
public:
    /**
     * Parses "KEY=V1,V2,...".
     * @return the key and its values
     * @throws std::invalid_argument with a readable message on a bad specification
     */
    static std::pair<std::string, std::vector<std::string>> ParseParam(const std::string& spec);

    /**
     * Builds the plan.
     * @param scenario scenario file
     * @param paramSpecs "KEY=V1,V2" strings (repeated keys are an error)
     * @param runs replications per configuration (RngRun 1..runs), >= 1
     * @param seed RngSeed of every job
     * @throws std::invalid_argument on bad input
     */
    SweepPlan(const std::string& scenario, const std::vector<std::string>& paramSpecs,
              uint32_t runs, uint32_t seed);

    /// @return all jobs in order
    const std::vector<SweepJob>& Jobs() const;

    /**
     * Loads and validates every job's configuration (scenario, overrides, model) with
     * ns3::IdentifyRun and sets its resume key to the hash of the resolved configuration, so that
     * a sweep runs nothing unless every configuration is valid, and an edited scenario is run
     * again. Call it before running the plan (the constructor alone keeps the legacy text keys).
     * @return one "FILE:LINE: KEY: reason" line per distinct problem; empty when all are valid
     */
    std::vector<std::string> Resolve();

    /**
     * The resume rule, in one place for every executor: the jobs whose key has no finished
     * ("ok") run in @p db.
     * @return their indices into Jobs(), in order
     */
    std::vector<std::size_t> Pending(ns3::ResultsDatabase& db) const;

    /**
     * The command line of one job.
     * @param job the job
     * @param executable path of the sipmob executable (or a stand-in)
     * @param dbPath results database the job writes
     * @return argv, executable first
     */
    static std::vector<std::string> Argv(const SweepJob& job, const std::string& executable,
                                         const std::string& dbPath);

private:
    std::vector<SweepJob> m_jobs; ///< jobs in order
};

} // namespace sipmob

#endif
