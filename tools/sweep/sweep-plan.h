// SPDX-License-Identifier: GPL-2.0-only
// The jobs of a parameter sweep: cartesian product of parameter values (and one group of linked
// parameters) x replications.
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
    std::string usedModel; ///< after Resolve(): the model the run uses (info.model or scenario's)
};

/**
 * A sweep plan. Parameter `model` is special: its values become `--model M`; every other parameter
 * becomes `--set KEY=VALUE`. Jobs are ordered parameter-major (first --param varies slowest, the
 * linked --zip group after every --param), replication-minor, so early results cover every
 * configuration.
 *
 * Values are separated by commas; a value containing a comma is quoted, `KEY="a,b",c` or
 * `KEY='a,b',c` (inside double quotes `\"` and `\\` are a quote and a backslash; outside quotes
 * `\,` is a comma). Linked parameters (`--zip K1=a,b --zip K2=x,y`) vary together: the plan holds
 * (K1=a, K2=x) and (K1=b, K2=y), never (a, y); every --zip must list as many values.
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
     * Splits a comma-separated value list, honouring quotes (class comment).
     * @param text the list
     * @param spec the whole specification, for error messages
     * @return the values (at least one)
     * @throws std::invalid_argument on an empty value or an unterminated quote
     */
    static std::vector<std::string> SplitValues(const std::string& text, const std::string& spec);

    /**
     * Builds the plan.
     * @param scenario scenario file
     * @param paramSpecs "KEY=V1,V2" strings (repeated keys are an error)
     * @param runs replications per configuration (RngRun 1..runs), >= 1
     * @param seed RngSeed of every job
     * @param zipSpecs "KEY=V1,V2" strings of linked parameters (same number of values each; a key
     *        may not also be a --param)
     * @throws std::invalid_argument on bad input
     */
    SweepPlan(const std::string& scenario, const std::vector<std::string>& paramSpecs,
              uint32_t runs, uint32_t seed, const std::vector<std::string>& zipSpecs = {});

    /// @return all jobs in order
    const std::vector<SweepJob>& Jobs() const;

    /// @return replications per configuration
    uint32_t Runs() const;

    /// @return distinct configurations (Jobs().size() / Runs())
    std::size_t Configurations() const;

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
     * ("ok") run in @p db, leaving out those recorded as failed or timed out unless
     * @p retryFailed.
     * @return their indices into Jobs(), in order
     */
    std::vector<std::size_t> Pending(ns3::ResultsDatabase& db, bool retryFailed = true) const;

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
    uint32_t m_runs = 1;          ///< replications per configuration
};

} // namespace sipmob

#endif
