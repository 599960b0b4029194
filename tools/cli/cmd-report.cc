// SPDX-License-Identifier: GPL-2.0-only
// sipmob report: per configuration, n / mean / std / 95 % CI of each hand-off component.
#include "cli/commands.h"
#include "cli/read-only-results.h"
#include "results/results-database.h"
#include "wire/quantity.h"
#include "wire/summary-statistics.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <stdexcept>

namespace sipmob::cli
{

namespace
{

/// Hand-off columns summarised, in output order.
/// resume_ms (re-INVITE sent -> first downlink frame) is the last addend of total_ms
/// (doc/results-schema.md, "Components add up"); reinvite_ms overlaps it.
const std::vector<std::string> kMetrics = {
    "l2_ms",           "dhcp_ms",       "detection_ms",      "discovery_ms",    "registration_ms",
    "reinvite_ms",     "resume_ms",     "media_gap_down_ms", "media_gap_up_ms", "total_ms",
    "media_lost_down", "media_lost_up", "outage_down_ms",    "outage_up_ms",    "mos",
    "mos_up"};

/// MOS columns print with two decimals.
bool
IsMos(const std::string& metric)
{
    return metric.rfind("mos", 0) == 0;
}

struct ReportArgs
{
    std::string file;
    std::vector<std::string> by;
    bool csv = false;
    bool wide = false;
    std::vector<std::string> kinds{"handoff"}; ///< link-event kinds reported ("all": every one)
};

/// Grouping keys read from the hand-off row itself rather than from the run.
const std::vector<std::string> kHandoffKeys = {"move", "ua", "from_network", "to_network", "kind"};

/// SQL for a row's kind; rows written before the column existed (NULL) are classified the same
/// way from their other columns.
const char* const kKindSql =
    "COALESCE(kind, CASE WHEN t_associated IS NULL THEN 'coverage-loss' "
    "WHEN to_network = from_network THEN 'reassociation' ELSE 'handoff' END)";

/// The value of a hand-off-level key: "move" is "from>to".
std::string
HandoffKey(const std::string& key, const ns3::ResultsDatabase::Row& row, std::size_t first)
{
    auto text = [&](std::size_t i) { return row[first + i].value_or("-"); };
    if (key == "move")
    {
        return text(1) + ">" + text(2);
    }
    for (std::size_t i = 1; i < kHandoffKeys.size(); ++i)
    {
        if (kHandoffKeys[i] == key)
        {
            return text(i - 1);
        }
    }
    return "-";
}

bool
IsHandoffKey(const std::string& key)
{
    return std::find(kHandoffKeys.begin(), kHandoffKeys.end(), key) != kHandoffKeys.end();
}

/// Grouping value of each ok run: run_id -> (key -> value); "model" comes from runs.model.
using RunKeys = std::map<std::string, std::map<std::string, std::string>>;

/**
 * The model of a run whose runs.model is empty (files written before sipmob recorded the model it
 * used): the top-level `model:` of its resolved scenario, else the loader's default, home-only.
 * @return "(unrecorded)" when the file has no resolved scenario for the run
 */
std::string
ResolveEmptyModel(const std::optional<std::string>& resolvedText)
{
    if (!resolvedText)
    {
        return "(unrecorded)";
    }
    // The resolved text is yaml-cpp's emitter output: a top-level key starts a line.
    static const std::regex kModel(R"((?:^|\n)model:[ \t]*["']?([A-Za-z0-9_-]+))");
    std::smatch m;
    return std::regex_search(*resolvedText, m, kModel) ? m[1].str() : "home-only";
}

RunKeys
LoadRunKeys(ReadOnlyResults& db)
{
    RunKeys keys;
    for (const auto& row :
         db.Query("SELECT r.run_id, r.model, r.scenario, r.scenario_sha256, "
                  "CASE WHEN r.model = '' THEN (SELECT s.text FROM scenarios s WHERE s.sha256 = "
                  "r.resolved_sha256) END FROM runs r WHERE r.status = 'ok'"))
    {
        auto& k = keys[*row[0]];
        k["model"] = row[1].value_or("").empty() ? ResolveEmptyModel(row[4]) : *row[1];
        k["scenario"] = row[2].value_or("");
        // The file's version: runs written before sipmob stored it read "unknown".
        k["scenario_version"] = row[3] ? row[3]->substr(0, 12) : "unknown";
    }
    for (const auto& row : db.Query("SELECT p.run_id, p.key, p.value FROM run_params p JOIN runs r "
                                    "USING (run_id) WHERE r.status = 'ok'"))
    {
        keys[*row[0]][*row[1]] = row[2].value_or("");
    }
    return keys;
}

/// The default grouping: model and every parameter that takes more than one value.
std::vector<std::string>
VaryingKeys(const RunKeys& runs)
{
    std::map<std::string, std::set<std::string>> values;
    for (const auto& [id, kv] : runs)
    {
        for (const auto& [k, v] : kv)
        {
            values[k].insert(v);
        }
    }
    std::vector<std::string> keys{"model"};
    for (const auto& [k, vs] : values)
    {
        // Different scenario files or versions of one are never pooled silently.
        if (k != "model" && vs.size() > 1)
        {
            keys.push_back(k);
        }
    }
    return keys;
}

std::string
Fmt(double v)
{
    if (std::isnan(v))
    {
        return "";
    }
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.3f", v);
    return buf;
}

using Groups = std::map<std::vector<std::string>, std::map<std::string, std::vector<double>>>;

/// The groups in report order: each key's values by ParameterValueLess (numbers with units by
/// value: 5 < 50 < 150, 50ms < 0.5s), then the next key's.
std::vector<Groups::const_iterator>
Ordered(const Groups& groups)
{
    std::vector<Groups::const_iterator> order;
    for (auto it = groups.begin(); it != groups.end(); ++it)
    {
        order.push_back(it);
    }
    std::stable_sort(order.begin(), order.end(),
                     [](Groups::const_iterator a, Groups::const_iterator b)
                     {
                         return std::lexicographical_compare(a->first.begin(), a->first.end(),
                                                             b->first.begin(), b->first.end(),
                                                             ParameterValueLess);
                     });
    return order;
}

/// One row per configuration, one column per component: "mean ±ci95" (ms; packets for losses).
void
PrintWide(const std::vector<std::string>& by, const Groups& groups)
{
    const std::vector<std::pair<std::string, std::string>> cols = {{"l2_ms", "L2"},
                                                                   {"dhcp_ms", "DHCP"},
                                                                   {"detection_ms", "detect"},
                                                                   {"discovery_ms", "disc"},
                                                                   {"registration_ms", "REG"},
                                                                   {"reinvite_ms", "reINV"},
                                                                   {"resume_ms", "resume"},
                                                                   {"media_gap_down_ms", "gap dn"},
                                                                   {"media_gap_up_ms", "gap up"},
                                                                   {"total_ms", "total"},
                                                                   {"media_lost_down", "lost dn"},
                                                                   {"media_lost_up", "lost up"},
                                                                   {"outage_down_ms", "heard dn"},
                                                                   {"mos", "MOS dn"},
                                                                   {"mos_up", "MOS up"}};
    std::string head;
    for (const auto& k : by)
    {
        head += k + "  ";
    }
    std::printf("%-28s %4s", head.c_str(), "n");
    for (const auto& [m, label] : cols)
    {
        std::printf(" %15s", label.c_str());
    }
    std::printf("\n");
    for (const auto& entry : Ordered(groups))
    {
        const auto& [group, metrics] = *entry;
        std::string name;
        for (const auto& g : group)
        {
            name += g + "  ";
        }
        auto total = metrics.find("total_ms");
        std::printf("%-28s %4zu", name.c_str(), total == metrics.end() ? 0 : total->second.size());
        for (const auto& [m, label] : cols)
        {
            auto it = metrics.find(m);
            const SummaryStatistics st(it == metrics.end() ? std::vector<double>{} : it->second);
            char cell[64];
            if (st.Count() == 0)
            {
                std::snprintf(cell, sizeof(cell), "-");
            }
            else if (std::isnan(st.CiHalfWidth()))
            {
                std::snprintf(cell, sizeof(cell), IsMos(m) ? "%.2f" : "%.1f", st.Mean());
            }
            else
            {
                std::snprintf(cell, sizeof(cell), IsMos(m) ? "%.2f ±%.2f" : "%.1f ±%.1f", st.Mean(),
                              st.CiHalfWidth());
            }
            std::printf(" %15s", cell);
        }
        std::printf("\n");
    }
    std::printf("(mean ±95%% Student-t confidence half-width; ms, losses in packets; MOS: ITU-T "
                "G.107 E-model over each hand-off's window, dn = heard at the mobile)\n");
}

/// Says when the runs come from more than one version of a scenario file, and whether the groups
/// keep them apart.
void
NoteScenarioVersions(const RunKeys& runs, const std::vector<std::string>& by)
{
    std::map<std::string, std::set<std::string>> versions; // scenario -> versions
    for (const auto& [id, kv] : runs)
    {
        versions[kv.at("scenario")].insert(kv.at("scenario_version"));
    }
    for (const auto& [scenario, v] : versions)
    {
        if (v.size() < 2)
        {
            continue;
        }
        const bool apart = std::find(by.begin(), by.end(), "scenario_version") != by.end();
        std::cerr << "sipmob report: note: " << scenario << " has " << v.size()
                  << " versions in this file (runs.scenario_sha256); "
                  << (apart ? "grouped by scenario_version"
                            : "POOLED across versions (add --by scenario_version to separate)")
                  << "\n";
    }
}

void
PrintReport(const ReportArgs& args)
{
    ReadOnlyResults db(args.file); // report only reads: never creates or converts the file
    const std::string check = db.QuickCheck();
    if (check != "ok")
    {
        throw std::runtime_error(args.file + " is damaged (SQLite quick_check: " + check + ")");
    }
    const RunKeys runs = LoadRunKeys(db);
    const std::vector<std::string> by = args.by.empty() ? VaryingKeys(runs) : args.by;
    NoteScenarioVersions(runs, by);
    // group -> metric -> values
    Groups groups;
    std::string columns;
    for (const auto& m : kMetrics)
    {
        columns += (columns.empty() ? "" : ", ") + m;
    }
    const std::size_t keyColumn = kMetrics.size() + 1;
    const bool allKinds =
        std::find(args.kinds.begin(), args.kinds.end(), "all") != args.kinds.end();
    std::map<std::string, std::size_t> leftOut; // kind -> rows not reported
    for (const auto& row :
         db.Query("SELECT run_id, " + columns + ", ua, from_network, to_network, " + kKindSql +
                  " FROM handoffs"))
    {
        auto run = runs.find(*row[0]);
        if (run == runs.end())
        {
            continue; // not an ok run
        }
        const std::string kind = row[keyColumn + 3].value_or("handoff");
        if (!allKinds && std::find(args.kinds.begin(), args.kinds.end(), kind) == args.kinds.end())
        {
            ++leftOut[kind];
            continue;
        }
        std::vector<std::string> group;
        for (const auto& k : by)
        {
            if (IsHandoffKey(k))
            {
                group.push_back(HandoffKey(k, row, keyColumn));
                continue;
            }
            auto it = run->second.find(k);
            group.push_back(it == run->second.end() ? "-" : it->second);
        }
        for (std::size_t i = 0; i < kMetrics.size(); ++i)
        {
            if (row[i + 1])
            {
                groups[group][kMetrics[i]].push_back(std::stod(*row[i + 1]));
            }
        }
    }
    for (const auto& [kind, n] : leftOut)
    {
        std::cerr << "sipmob report: left out " << n << " link event(s) of kind " << kind
                  << " (--kind all to include them)\n";
    }
    if (args.wide)
    {
        PrintWide(by, groups);
        return;
    }
    const char* sep = args.csv ? "," : "\t";
    for (const auto& k : by)
    {
        std::cout << k << sep;
    }
    std::cout << "metric" << sep << "n" << sep << "mean" << sep << "std" << sep << "ci95" << sep
              << "median" << sep << "p90" << sep << "p99" << sep << "min" << sep << "max\n";
    for (const auto& entry : Ordered(groups))
    {
        const auto& [group, metrics] = *entry;
        for (const auto& m : kMetrics)
        {
            auto it = metrics.find(m);
            const SummaryStatistics s(it == metrics.end() ? std::vector<double>{} : it->second);
            for (const auto& g : group)
            {
                std::cout << g << sep;
            }
            std::cout << m << sep << s.Count() << sep << Fmt(s.Mean()) << sep << Fmt(s.StdDev())
                      << sep << Fmt(s.CiHalfWidth()) << sep << Fmt(s.Median()) << sep
                      << Fmt(s.P90()) << sep << Fmt(s.P99()) << sep << Fmt(s.Min()) << sep
                      << Fmt(s.Max()) << "\n";
        }
    }
    if (groups.empty())
    {
        std::cerr << "sipmob report: no hand-offs in successful runs of " << args.file << "\n";
    }
}

} // namespace

void
RegisterReportCommand(CLI::App& app)
{
    auto args = std::make_shared<ReportArgs>();
    CLI::App* sub = app.add_subcommand(
        "report", "Per configuration: n, mean, std, 95 % CI (Student t), median, p90, p99, min, "
                  "max of each hand-off component (ms), media loss, outage as heard and MOS");
    // No CLI::ExistingFile: a missing file is refused by ReadOnlyResults in the one-line style
    // (exit 2) of every other error, not CLI11's exit 105.
    sub->add_option("file", args->file, "Results database")->required();
    sub->add_option(
        "--by", args->by,
        "Group by these keys: model, scenario, scenario_version, run_params keys, or per "
        "hand-off: move "
        "(from>to network), ua, from_network, to_network, kind (default: model and every "
        "parameter that varies)");
    sub->add_option("--kind", args->kinds,
                    "Link events to report: handoff (a new network; default), reassociation "
                    "(same network), coverage-loss (no new link), or all; the count of rows "
                    "left out is printed on stderr")
        ->check(CLI::IsMember({"handoff", "reassociation", "coverage-loss", "all"}));
    sub->add_flag("--csv", args->csv, "Comma-separated output");
    sub->add_flag("--wide", args->wide,
                  "One row per configuration, one column per component (mean and 95 % CI)");
    sub->callback(
        [args]
        {
            try
            {
                PrintReport(*args);
            }
            catch (const std::exception& e)
            {
                std::cerr << "sipmob report: " << e.what() << "\n";
                SetExitStatus(2);
            }
        });
}

} // namespace sipmob::cli
