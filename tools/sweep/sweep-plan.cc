// SPDX-License-Identifier: GPL-2.0-only
#include "sweep/sweep-plan.h"

#include "scenario/run-identity.h"
#include "scenario/scenario-loader.h"

#include <set>
#include <stdexcept>

namespace sipmob
{

std::vector<std::string>
SweepPlan::SplitValues(const std::string& text, const std::string& spec)
{
    std::vector<std::string> values;
    std::string value;
    bool quoted = false; // this value had a quoted part, so "" is a real (empty) value
    std::size_t i = 0;
    const auto finish = [&]
    {
        if (value.empty() && !quoted)
        {
            throw std::invalid_argument("'" + spec + "': empty value");
        }
        values.push_back(value);
        value.clear();
        quoted = false;
    };
    while (i < text.size())
    {
        const char c = text[i++];
        if (c == ',')
        {
            finish();
        }
        else if (c == '\\' && i < text.size() && text[i] == ',')
        {
            value += text[i++];
        }
        else if (c == '"' || c == '\'')
        {
            const char quote = c;
            quoted = true;
            while (true)
            {
                if (i >= text.size())
                {
                    throw std::invalid_argument("'" + spec + "': unterminated " +
                                                std::string(1, quote) + " quote");
                }
                char q = text[i++];
                if (q == quote)
                {
                    break;
                }
                if (quote == '"' && q == '\\' && i < text.size() &&
                    (text[i] == '"' || text[i] == '\\'))
                {
                    q = text[i++];
                }
                value += q;
            }
        }
        else
        {
            value += c;
        }
    }
    finish();
    return values;
}

std::pair<std::string, std::vector<std::string>>
SweepPlan::ParseParam(const std::string& spec)
{
    const auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0)
    {
        throw std::invalid_argument("'" + spec + "': expected KEY=V1,V2,...");
    }
    return {spec.substr(0, eq), SplitValues(spec.substr(eq + 1), spec)};
}

SweepPlan::SweepPlan(const std::string& scenario, const std::vector<std::string>& paramSpecs,
                     uint32_t runs, uint32_t seed, const std::vector<std::string>& zipSpecs)
    : m_runs(runs)
{
    if (scenario.empty())
    {
        throw std::invalid_argument("no scenario given");
    }
    if (runs < 1)
    {
        throw std::invalid_argument("--runs must be at least 1");
    }
    // An axis is one or more keys whose values advance together (a --param has one key, the
    // --zip group all of its keys).
    struct Axis
    {
        std::vector<std::string> keys;
        std::vector<std::vector<std::string>> values; // values[k][i]: key k's i-th value
        std::size_t Size() const
        {
            return values.front().size();
        }
    };
    std::vector<Axis> axes;
    std::set<std::string> seen;
    const auto addKey = [&](const std::string& key, const char* option)
    {
        if (!seen.insert(key).second)
        {
            throw std::invalid_argument(std::string(option) + " '" + key + "' given twice");
        }
    };
    for (const auto& spec : paramSpecs)
    {
        auto [key, values] = ParseParam(spec);
        addKey(key, "--param");
        axes.push_back(Axis{{key}, {values}});
    }
    if (!zipSpecs.empty())
    {
        Axis zip;
        for (const auto& spec : zipSpecs)
        {
            auto [key, values] = ParseParam(spec);
            addKey(key, "--param/--zip");
            if (!zip.keys.empty() && values.size() != zip.Size())
            {
                throw std::invalid_argument(
                    "--zip '" + key + "' has " + std::to_string(values.size()) +
                    " values but --zip '" + zip.keys.front() + "' has " +
                    std::to_string(zip.Size()) + " (linked parameters need as many values each)");
            }
            zip.keys.push_back(key);
            zip.values.push_back(values);
        }
        axes.push_back(zip);
    }
    // Odometer over the axis indices; the last axis turns fastest.
    std::vector<std::size_t> index(axes.size(), 0);
    while (true)
    {
        for (uint32_t r = 1; r <= runs; ++r)
        {
            SweepJob job;
            job.info.scenario = scenario;
            job.info.seed = seed;
            job.info.run = r;
            for (std::size_t a = 0; a < axes.size(); ++a)
            {
                for (std::size_t k = 0; k < axes[a].keys.size(); ++k)
                {
                    const std::string& value = axes[a].values[k][index[a]];
                    if (axes[a].keys[k] == "model")
                    {
                        job.info.model = value;
                    }
                    else
                    {
                        job.info.params[axes[a].keys[k]] = value;
                    }
                }
            }
            job.configKey = ns3::ResultsDatabase::ConfigKey(job.info);
            m_jobs.push_back(job);
        }
        std::size_t a = axes.size();
        while (a > 0 && ++index[a - 1] == axes[a - 1].Size())
        {
            index[--a] = 0;
        }
        if (a == 0)
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
            // info.model stays as given: it decides --model in Argv(), and adding it would change
            // the child's resolved scenario and so its resume key.
            job.usedModel = id.config.model;
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
SweepPlan::Pending(ns3::ResultsDatabase& db, bool retryFailed) const
{
    std::vector<std::size_t> todo;
    for (std::size_t i = 0; i < m_jobs.size(); ++i)
    {
        const std::optional<std::string> status = db.RunStatus(m_jobs[i].configKey);
        const bool failed = status == "failed" || status == "timeout";
        if (status != "ok" && (retryFailed || !failed))
        {
            todo.push_back(i);
        }
    }
    return todo;
}

uint32_t
SweepPlan::Runs() const
{
    return m_runs;
}

std::size_t
SweepPlan::Configurations() const
{
    return m_jobs.size() / m_runs;
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
