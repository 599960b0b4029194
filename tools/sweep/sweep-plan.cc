// SPDX-License-Identifier: GPL-2.0-only
#include "sweep/sweep-plan.h"

#include "scenario/run-identity.h"
#include "scenario/scenario-loader.h"

#include <set>
#include <stdexcept>

namespace sipmob
{

std::pair<std::string, std::vector<std::string>>
SweepPlan::ParseParam(const std::string& spec)
{
    const auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0)
    {
        throw std::invalid_argument("--param '" + spec + "': expected KEY=V1,V2,...");
    }
    const std::string key = spec.substr(0, eq);
    std::vector<std::string> values;
    std::string rest = spec.substr(eq + 1);
    std::size_t start = 0;
    while (true)
    {
        const auto comma = rest.find(',', start);
        const std::string v =
            rest.substr(start, comma == std::string::npos ? comma : comma - start);
        if (v.empty())
        {
            throw std::invalid_argument("--param '" + spec + "': empty value");
        }
        values.push_back(v);
        if (comma == std::string::npos)
        {
            break;
        }
        start = comma + 1;
    }
    return {key, values};
}

SweepPlan::SweepPlan(const std::string& scenario, const std::vector<std::string>& paramSpecs,
                     uint32_t runs, uint32_t seed)
{
    if (scenario.empty())
    {
        throw std::invalid_argument("no scenario given");
    }
    if (runs < 1)
    {
        throw std::invalid_argument("--runs must be at least 1");
    }
    std::vector<std::pair<std::string, std::vector<std::string>>> params;
    std::set<std::string> seen;
    for (const auto& spec : paramSpecs)
    {
        params.push_back(ParseParam(spec));
        if (!seen.insert(params.back().first).second)
        {
            throw std::invalid_argument("--param '" + params.back().first + "' given twice");
        }
    }
    // Odometer over the value indices; the last parameter turns fastest.
    std::vector<std::size_t> index(params.size(), 0);
    while (true)
    {
        for (uint32_t r = 1; r <= runs; ++r)
        {
            SweepJob job;
            job.info.scenario = scenario;
            job.info.seed = seed;
            job.info.run = r;
            for (std::size_t p = 0; p < params.size(); ++p)
            {
                const std::string& value = params[p].second[index[p]];
                if (params[p].first == "model")
                {
                    job.info.model = value;
                }
                else
                {
                    job.info.params[params[p].first] = value;
                }
            }
            job.configKey = ns3::ResultsDatabase::ConfigKey(job.info);
            m_jobs.push_back(job);
        }
        std::size_t p = params.size();
        while (p > 0 && ++index[p - 1] == params[p - 1].second.size())
        {
            index[--p] = 0;
        }
        if (p == 0)
        {
            break;
        }
    }
}

std::vector<std::string>
SweepPlan::Resolve()
{
    std::vector<std::string> problems;
    std::set<std::string> seen;
    for (auto& job : m_jobs)
    {
        try
        {
            const ns3::RunIdentity id = ns3::IdentifyRun(job.info);
            job.configKey = id.configKey;
            // Hashes and build provenance, so that a failed job's row says what it was; the texts
            // stay out of memory (the run itself stores them).
            ns3::StampRunInfo(job.info, id);
            job.info.scenarioText.clear();
            job.info.resolvedText.clear();
        }
        catch (const ns3::ScenarioError& e)
        {
            if (seen.insert(e.what()).second)
            {
                problems.push_back(e.what());
            }
        }
    }
    return problems;
}

std::vector<std::size_t>
SweepPlan::Pending(ns3::ResultsDatabase& db) const
{
    std::vector<std::size_t> todo;
    for (std::size_t i = 0; i < m_jobs.size(); ++i)
    {
        if (!db.HasFinishedRun(m_jobs[i].configKey))
        {
            todo.push_back(i);
        }
    }
    return todo;
}

const std::vector<SweepJob>&
SweepPlan::Jobs() const
{
    return m_jobs;
}

std::vector<std::string>
SweepPlan::Argv(const SweepJob& job, const std::string& executable, const std::string& dbPath)
{
    std::vector<std::string> argv{executable,
                                  "run",
                                  job.info.scenario,
                                  "--seed",
                                  std::to_string(job.info.seed),
                                  "--run",
                                  std::to_string(job.info.run)};
    for (const auto& [k, v] : job.info.params)
    {
        argv.push_back("--set");
        argv.push_back(k + "=" + v);
    }
    if (!job.info.model.empty())
    {
        argv.push_back("--model");
        argv.push_back(job.info.model);
    }
    argv.push_back("--db");
    argv.push_back(dbPath);
    return argv;
}

} // namespace sipmob
