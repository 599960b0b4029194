// SPDX-License-Identifier: GPL-2.0-only
// The sweep engine with a fake simulation (a shell script standing in for `sipmob run`): plan,
// failures and timeouts recorded, resume after a kill, parallelism.
//
// The engine lives in tools/ (linked only into build/sipmob), so this test compiles its sources in.
#include "sweep/sweep-local-executor.h"
#include "sweep/sweep-plan.h"
#include "sweep/sweep-progress.h"
#include "sweep/sweep-runner.h"

#include <gtest/gtest.h>

#include <fstream>

#include <sys/stat.h>

#include <algorithm>
#include <set>

using namespace sipmob;

namespace
{

/// Stands in for `sipmob run`: logs start/end, then behaves as the `mode` parameter says.
const char* const kFakeSimulation = R"SH(#!/bin/sh
shift
scenario="$1"; shift
db=""; mode=""; run=""
while [ $# -gt 0 ]; do
  case "$1" in
    --db) db="$2"; shift 2 ;;
    --run) run="$2"; shift 2 ;;
    --set) case "$2" in mode=*) mode="${2#mode=}" ;; esac; shift 2 ;;
    *) shift 2 ;;
  esac
done
echo "start $SIPMOB_CONFIG_KEY $(date +%s.%N)" >> "$FAKE_SIM_LOG"
case "$mode" in
  crash) echo "fatal: simulated crash" >&2; exit 3 ;;
  hang) sleep 30 ;;
  norow) exit 0 ;;
esac
sleep "${FAKE_SIM_SLEEP:-0.3}"
sqlite3 -cmd ".timeout 20000" "$db" "INSERT OR REPLACE INTO runs (scenario, model, seed, run, status, config_key) VALUES ('$scenario', '', 1, $run, 'ok', '$SIPMOB_CONFIG_KEY');" || exit 4
echo "end $SIPMOB_CONFIG_KEY $(date +%s.%N)" >> "$FAKE_SIM_LOG"
)SH";

/// A temporary directory with the fake simulation, its log and a database path.
class SweepFixture : public ::testing::Test
{
protected:
    void SetUp() override
    {
        char tmpl[] = "/tmp/sipmob-sweep-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        m_dir = tmpl;
        m_script = m_dir + "/fake-sim.sh";
        m_log = m_dir + "/log";
        m_db = m_dir + "/results.db";
        std::ofstream(m_script) << kFakeSimulation;
        chmod(m_script.c_str(), 0755);
        setenv("FAKE_SIM_LOG", m_log.c_str(), 1);
        setenv("FAKE_SIM_SLEEP", "0.3", 1);
    }

    void TearDown() override
    {
        for (const char* f :
             {"/fake-sim.sh", "/log", "/results.db", "/results.db-wal", "/results.db-shm"})
        {
            std::remove((m_dir + f).c_str());
        }
        rmdir(m_dir.c_str());
    }

    SweepSummary RunSweep(const SweepPlan& plan, std::size_t parallel, double timeoutS = 0)
    {
        LocalProcessExecutor executor(parallel);
        SweepRunner runner(plan, SweepOptions{m_db, m_script, timeoutS}, executor);
        return runner.Run();
    }

    /// Config keys of the "start" lines of the log, in order.
    std::vector<std::string> Started()
    {
        std::vector<std::string> keys;
        std::ifstream in(m_log);
        std::string word;
        std::string key;
        std::string time;
        while (in >> word >> key >> time)
        {
            if (word == "start")
            {
                keys.push_back(key);
            }
        }
        return keys;
    }

    std::string m_dir;
    std::string m_script;
    std::string m_log;
    std::string m_db;
};

} // namespace

TEST(SweepPlan, CartesianProductTimesReplications)
{
    SweepPlan plan("s.yaml", {"model=home-only,outbound-proxy", "speed=1,2,5"}, 2, 9);
    const auto& jobs = plan.Jobs();
    ASSERT_EQ(jobs.size(), 12u);
    EXPECT_EQ(jobs[0].info.model, "home-only");
    EXPECT_EQ(jobs[0].info.params.at("speed"), "1");
    EXPECT_EQ(jobs[0].info.run, 1u);
    EXPECT_EQ(jobs[1].info.run, 2u);
    EXPECT_EQ(jobs[2].info.params.at("speed"), "2");
    EXPECT_EQ(jobs[11].info.model, "outbound-proxy");
    EXPECT_EQ(jobs[11].info.params.at("speed"), "5");
    EXPECT_EQ(jobs[11].info.seed, 9u);
    EXPECT_EQ(jobs[11].info.params.count("model"), 0u);
    std::set<std::string> keys;
    for (const auto& j : jobs)
    {
        keys.insert(j.configKey);
    }
    EXPECT_EQ(keys.size(), 12u);
    EXPECT_EQ(
        SweepPlan::Argv(jobs[3], "/bin/sipmob", "r.db"),
        (std::vector<std::string>{"/bin/sipmob", "run", "s.yaml", "--seed", "9", "--run", "2",
                                  "--set", "speed=2", "--model", "home-only", "--db", "r.db"}));
}

TEST(SweepPlan, NoParamsMeansReplicationsOnly)
{
    SweepPlan plan("s.yaml", {}, 3, 1);
    ASSERT_EQ(plan.Jobs().size(), 3u);
    EXPECT_EQ(plan.Jobs()[2].info.run, 3u);
    EXPECT_TRUE(plan.Jobs()[2].info.params.empty());
}

TEST(SweepPlan, BadSpecificationsAreRejected)
{
    for (const char* bad : {"speed", "=1,2", "speed=", "speed=1,,2", "speed=1,"})
    {
        EXPECT_THROW(SweepPlan("s.yaml", {bad}, 1, 1), std::invalid_argument) << bad;
    }
    EXPECT_THROW(SweepPlan("s.yaml", {"a=1", "a=2"}, 1, 1), std::invalid_argument);
    EXPECT_THROW(SweepPlan("s.yaml", {"a=1"}, 0, 1), std::invalid_argument);
    EXPECT_THROW(SweepPlan("", {"a=1"}, 1, 1), std::invalid_argument);
}

TEST(LocalProcessExecutor, TimeoutKillsTheWholeProcessGroup)
{
    LocalProcessExecutor executor(2);
    ExecJob job;
    job.id = 7;
    job.argv = {"/bin/sh", "-c", "sleep 30 & sleep 30"};
    job.timeoutS = 0.3;
    const auto t0 = std::chrono::steady_clock::now();
    executor.Submit(job);
    std::vector<ExecResult> results;
    while (results.empty())
    {
        results = executor.Wait(5);
    }
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].id, 7u);
    EXPECT_TRUE(results[0].timedOut);
    EXPECT_FALSE(results[0].Succeeded());
    EXPECT_LT(elapsed, 3.0);
    EXPECT_EQ(executor.Pending(), 0u);
}

TEST(LocalProcessExecutor, ReportsExitStatusAndStderrTail)
{
    LocalProcessExecutor executor(1);
    executor.Submit({1, {"/bin/sh", "-c", "echo one >&2; echo two >&2; exit 5"}, {}, 0});
    executor.Submit({2, {"/nonexistent/program"}, {}, 0});
    EXPECT_EQ(executor.Free(), 0u);
    std::vector<ExecResult> all;
    while (all.size() < 2)
    {
        for (auto& r : executor.Wait(5))
        {
            all.push_back(r);
        }
    }
    std::sort(all.begin(), all.end(), [](auto& a, auto& b) { return a.id < b.id; });
    EXPECT_EQ(all[0].exitStatus, 5);
    EXPECT_EQ(all[0].stderrTail, "one\ntwo");
    EXPECT_EQ(all[1].exitStatus, 127);
    EXPECT_NE(all[1].stderrTail.find("cannot execute /nonexistent/program"), std::string::npos);
}

TEST_F(SweepFixture, CrashTimeoutAndSilentExitAreRecordedAndTheSweepGoesOn)
{
    SweepPlan plan("s.yaml", {"mode=ok,crash,hang,norow"}, 2, 1);
    const auto t0 = std::chrono::steady_clock::now();
    const SweepSummary s = RunSweep(plan, 2, 1.5);
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(s.total, 8u);
    EXPECT_EQ(s.ok, 2u);
    EXPECT_EQ(s.failed, 6u);
    EXPECT_LT(elapsed, 10.0); // the hanging runs were killed, not waited for
    ns3::ResultsDatabase db(m_db);
    auto rows = db.Query("SELECT r.status, r.error, p.value FROM runs r JOIN run_params p "
                         "USING (run_id) WHERE p.key = 'mode' ORDER BY p.value, r.run");
    ASSERT_EQ(rows.size(), 6u); // the fake writes no params for its ok rows
    EXPECT_EQ(rows[0][0], "failed");
    EXPECT_EQ(rows[0][1], "exit status 3: fatal: simulated crash");
    EXPECT_EQ(rows[2][0], "timeout");
    EXPECT_NE(rows[2][1]->find("timed out after 1.5 s"), std::string::npos);
    EXPECT_EQ(rows[4][0], "failed");
    EXPECT_NE(rows[4][1]->find("recorded no finished run"), std::string::npos);
    EXPECT_EQ(db.Query("SELECT COUNT(*) FROM runs WHERE status = 'ok'")[0][0], "2");
    EXPECT_EQ(db.Query("SELECT COUNT(*), COUNT(DISTINCT config_key) FROM runs")[0],
              (ns3::ResultsDatabase::Row{"8", "8"}));
}

TEST_F(SweepFixture, ResumeAfterKillRunsOnlyTheMissingJobs)
{
    SweepPlan plan("s.yaml", {"x=1,2,3,4,5,6,7,8"}, 1, 1);
    setenv("FAKE_SIM_SLEEP", "0.4", 1);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0)
    {
        RunSweep(plan, 2);
        _exit(0);
    }
    usleep(1000000); // about two rounds of two jobs
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    usleep(1000000); // jobs orphaned by the kill finish on their own
    std::set<std::string> finishedBefore;
    {
        ns3::ResultsDatabase db(m_db);
        for (const auto& row : db.Query("SELECT config_key FROM runs WHERE status = 'ok'"))
        {
            finishedBefore.insert(*row[0]);
        }
    }
    ASSERT_GT(finishedBefore.size(), 0u);
    ASSERT_LT(finishedBefore.size(), 8u);
    std::remove(m_log.c_str());

    const SweepSummary s = RunSweep(plan, 2);
    EXPECT_EQ(s.skipped, finishedBefore.size());
    EXPECT_EQ(s.ok, 8u - finishedBefore.size());
    EXPECT_EQ(s.failed, 0u);
    std::vector<std::string> started = Started();
    EXPECT_EQ(started.size(), 8u - finishedBefore.size());
    for (const auto& key : started)
    {
        EXPECT_EQ(finishedBefore.count(key), 0u) << key << " ran twice";
    }
    ns3::ResultsDatabase db(m_db);
    EXPECT_EQ(
        db.Query("SELECT COUNT(*), COUNT(DISTINCT config_key), SUM(status = 'ok') FROM runs")[0],
        (ns3::ResultsDatabase::Row{"8", "8", "8"}));

    std::remove(m_log.c_str()); // a third invocation has nothing to do
    const SweepSummary again = RunSweep(plan, 2);
    EXPECT_EQ(again.skipped, 8u);
    EXPECT_TRUE(Started().empty());
}

TEST_F(SweepFixture, TwoJobsRunInParallel)
{
    setenv("FAKE_SIM_SLEEP", "0.8", 1);
    SweepPlan plan("s.yaml", {"x=1,2,3,4"}, 1, 1);
    const auto t0 = std::chrono::steady_clock::now();
    const SweepSummary s = RunSweep(plan, 2);
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(s.ok, 4u);
    EXPECT_GE(elapsed, 1.6); // two rounds of 0.8 s
    EXPECT_LT(elapsed, 3.0); // serially it would be >= 3.2 s
    // The log shows two jobs alive at once: the second start precedes the first end.
    std::ifstream in(m_log);
    std::string word, key;
    double time = 0;
    std::vector<std::pair<std::string, double>> events;
    while (in >> word >> key >> time)
    {
        events.emplace_back(word, time);
    }
    std::sort(events.begin(), events.end(), [](auto& a, auto& b) { return a.second < b.second; });
    ASSERT_EQ(events.size(), 8u);
    EXPECT_EQ(events[0].first, "start");
    EXPECT_EQ(events[1].first, "start");
}

TEST(SweepProgress, PlainLinesAndBar)
{
    std::ostringstream plain;
    SweepProgress p(plain, false, 4, 1);
    p.JobFinished("x=1 run 1", "ok", 2.0);
    p.JobFinished("x=2 run 1", "failed", 65.0);
    EXPECT_NE(plain.str().find("[2/4] ok x=1 run 1 (2s), 0 failed"), std::string::npos);
    EXPECT_NE(plain.str().find("[3/4] failed x=2 run 1 (1m05s), 1 failed"), std::string::npos);
    std::ostringstream tty;
    SweepProgress bar(tty, true, 2, 0);
    bar.JobFinished("a", "ok", 1);
    EXPECT_NE(tty.str().find("\r[###############...............] 1/2 done, 0 failed, ETA"),
              std::string::npos);
    EXPECT_EQ(SweepProgress::FormatDuration(3725), "1h02m");
}
