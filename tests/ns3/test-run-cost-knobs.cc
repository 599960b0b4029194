// SPDX-License-Identifier: GPL-2.0-only
// The knobs that change what a run costs and nothing else (issue 15 item 2): the ns-3 event
// queue (RunOptions::scheduler, `sipmob run --scheduler`) and the allocator the programs are
// linked with (CMake SIPMOB_MALLOC). Every record and the event count must be the same with
// each; tests/python/test_cost_knobs.py runs the CLI with the linked allocator (tcmalloc by
// default), glibc's malloc and the other of tcmalloc and jemalloc.
#include "results/results-schema.h"
#include "scenario/scenario-loader.h"
#include "scenario/simulation-runner.h"

#include "ns3/global-value.h"
#include "ns3/string.h"

#include <gtest/gtest.h>

#include <dlfcn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

const std::string kScenario = std::string(SIPMOB_SOURCE_DIR) + "/scenarios/two-ap-handoff.yaml";

/// Every cell of every record of @p table as text (doubles with all 17 digits).
template <class R>
void
AppendRows(const std::string& table, const std::vector<R>& records, const RecordColumns<R>& columns,
           std::vector<std::string>& out)
{
    for (const R& r : records)
    {
        std::string row = table;
        for (const auto& c : columns)
        {
            const Cell cell = c.get(r);
            char buf[40];
            if (const auto* d = std::get_if<double>(&cell))
            {
                std::snprintf(buf, sizeof buf, "%.17g", *d);
                row += "|" + std::string(buf);
            }
            else if (const auto* i = std::get_if<int64_t>(&cell))
            {
                row += "|" + std::to_string(*i);
            }
            else if (const auto* s = std::get_if<std::string>(&cell))
            {
                row += "|" + *s;
            }
            else
            {
                row += "|NULL";
            }
        }
        out.push_back(row);
    }
}

std::vector<std::string>
Rows(const RunResults& r)
{
    std::vector<std::string> rows;
    AppendRows("handoffs", r.handoffs, HandoffColumns(), rows);
    AppendRows("registrations", r.registrations, RegistrationColumns(), rows);
    AppendRows("calls", r.calls, CallColumns(), rows);
    AppendRows("media", r.media, MediaColumns(), rows);
    return rows;
}

/// What a run produced, as the comparison needs it.
struct Ran
{
    std::vector<std::string> rows; ///< Rows() of its records
    uint64_t events = 0;           ///< simulator events
    std::string schedulerType;     ///< GlobalValue SchedulerType while the run was built
};

/**
 * Runs two-ap-handoff.yaml (12 s) with @p scheduler in a child process: a process that has run
 * a simulation hands the next one other random-stream numbers (ns-3 counts streams per
 * process), so each run compared must be the first of its process, as every `sipmob run` is.
 */
Ran
RunTwoAps(const std::string& scheduler)
{
    char path[] = "/tmp/sipmob-cost-knobs-XXXXXX";
    const int fd = mkstemp(path);
    EXPECT_GE(fd, 0);
    const pid_t child = fork();
    if (child == 0)
    {
        TestbedConfig cfg = ScenarioLoader::Load(kScenario, {{"duration", "12"}});
        RunOptions opt;
        opt.scheduler = scheduler;
        std::string type;
        opt.onBuilt = [&type](SipTestbed&)
        {
            StringValue value;
            GlobalValue::GetValueByName("SchedulerType", value);
            type = value.Get();
        };
        const RunOutput out = SimulationRunner::Run(cfg, opt);
        std::ofstream file(path);
        file << type << "\n" << out.events << "\n";
        for (const auto& row : Rows(out.results))
        {
            file << row << "\n";
        }
        file.close();
        _exit(file ? 0 : 1);
    }
    int status = 0;
    waitpid(child, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << scheduler;
    Ran ran;
    std::ifstream file(path);
    std::getline(file, ran.schedulerType);
    std::string line;
    std::getline(file, line);
    ran.events = line.empty() ? 0 : std::stoull(line);
    while (std::getline(file, line))
    {
        ran.rows.push_back(line);
    }
    close(fd);
    unlink(path);
    return ran;
}

} // namespace

TEST(RunCostKnobs, EverySchedulerGivesTheSameRecordsAndEvents)
{
    const Ran base = RunTwoAps("");
    EXPECT_EQ(base.schedulerType, "ns3::QuadHeapScheduler"); // the default when none is chosen
    // the run does what the comparison needs: a hand-off in a call with media both ways
    ASSERT_EQ(std::count_if(base.rows.begin(), base.rows.end(),
                            [](const std::string& r) { return r.rfind("handoffs|", 0) == 0; }),
              1);
    ASSERT_EQ(std::count_if(base.rows.begin(), base.rows.end(),
                            [](const std::string& r) { return r.rfind("media|", 0) == 0; }),
              2);
    ASSERT_GT(base.events, 10000u);
    const std::vector<std::pair<std::string, std::string>> types = {
        {"quad", "ns3::QuadHeapScheduler"}, {"map", "ns3::MapScheduler"},
        {"heap", "ns3::HeapScheduler"},     {"calendar", "ns3::CalendarScheduler"},
        {"list", "ns3::ListScheduler"},     {"priority", "ns3::PriorityQueueScheduler"}};
    std::vector<std::string> names;
    for (const auto& [name, type] : types)
    {
        names.push_back(name);
        const Ran ran = RunTwoAps(name);
        EXPECT_EQ(ran.schedulerType, type) << name;
        EXPECT_EQ(ran.events, base.events) << name;
        EXPECT_EQ(ran.rows, base.rows) << name;
    }
    EXPECT_EQ(SimulationRunner::SchedulerNames(), names);
    // and the next run is back on the default
    EXPECT_EQ(RunTwoAps("").schedulerType, "ns3::QuadHeapScheduler");
}

TEST(RunCostKnobs, AnUnknownSchedulerIsRefusedByName)
{
    TestbedConfig cfg = ScenarioLoader::Load(kScenario, {{"duration", "12"}});
    RunOptions opt;
    opt.scheduler = "fifo";
    try
    {
        SimulationRunner::Run(cfg, opt);
        FAIL() << "no exception";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_STREQ(e.what(),
                     "unknown scheduler 'fifo' (quad, map, heap, calendar, list, priority)");
    }
}

TEST(RunCostKnobs, ProgramsUseTheAllocatorTheyWereBuiltWith)
{
#if defined(SIPMOB_MALLOC_TCMALLOC)
    const char* linked = "libtcmalloc_minimal.so.4";
#elif defined(SIPMOB_MALLOC_JEMALLOC)
    const char* linked = "libjemalloc.so.2";
#else
    const char* linked = nullptr;
#endif
    for (const char* lib : {"libtcmalloc_minimal.so.4", "libjemalloc.so.2"})
    {
        void* handle = dlopen(lib, RTLD_NOW | RTLD_NOLOAD);
        if (linked == nullptr || std::string(lib) != linked)
        {
            EXPECT_EQ(handle, nullptr) << lib << " is loaded";
            if (handle != nullptr)
            {
                dlclose(handle);
            }
            continue;
        }
        ASSERT_NE(handle, nullptr) << lib << " is not loaded";
        // malloc and operator new, as every library of the process resolves them, are its own
        EXPECT_EQ(dlsym(RTLD_DEFAULT, "malloc"), dlsym(handle, "malloc")) << lib;
        EXPECT_EQ(dlsym(RTLD_DEFAULT, "_Znwm"), dlsym(handle, "_Znwm")) << lib;
        dlclose(handle);
    }
}
