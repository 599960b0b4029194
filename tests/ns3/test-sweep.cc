// SPDX-License-Identifier: GPL-2.0-only
// The sweep engine with a fake simulation (a shell script standing in for `sipmob run`): plan,
// failures and timeouts recorded, resume after a kill, parallelism.
//
// The engine lives in tools/ (linked only into build/sipmob), so this test compiles its sources in.
#include "results/results-merge.h"
#include "sweep/sweep-local-executor.h"
#include "sweep/sweep-plan.h"
#include "sweep/sweep-progress.h"
#include "sweep/sweep-runner.h"
#include "sweep/sweep-slurm-executor.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include <sys/stat.h>
#include <unistd.h>

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
  fill) dd if=/dev/zero of="$(dirname "$db")/fill" bs=1024 count=100000 2>/dev/null; exit 0 ;;
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

    SweepSummary RunSweep(const SweepPlan& plan, std::size_t parallel, double timeoutS = 0,
                          bool retryFailed = false)
    {
        LocalProcessExecutor executor(parallel);
        SweepRunner runner(plan, SweepOptions{m_db, m_script, timeoutS, retryFailed}, executor);
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

TEST_F(SweepFixture, AResultsFileThatFillsUpStopsTheSweepWithoutKillingJobs)
{
    // The results file on a tiny tmpfs; the second job fills the disk (root only: mount).
    const std::string mnt = m_dir + "/full";
    mkdir(mnt.c_str(), 0755);
    const std::string mount = "mount -t tmpfs -o size=400k tmpfs " + mnt + " 2>/dev/null";
    if (geteuid() != 0 || std::system(mount.c_str()) != 0)
    {
        rmdir(mnt.c_str());
        GTEST_SKIP() << "cannot mount a tmpfs here (needs root)";
    }
    struct Unmount // also when an assertion ends the test early
    {
        std::string dir;

        ~Unmount()
        {
            if (std::system(("umount " + dir).c_str()) != 0)
            {
                std::perror("umount");
            }
            rmdir(dir.c_str());
        }
    } unmount{mnt};
    m_db = mnt + "/results.db";
    SweepPlan plan("s.yaml", {"mode=ok,fill,ok,ok,ok"}, 1, 1);
    setenv("FAKE_SIM_SLEEP", "0.05", 1);
    const SweepSummary s = RunSweep(plan, 1);
    EXPECT_EQ(s.total, 5u);
    EXPECT_EQ(s.ok, 1u);
    EXPECT_NE(s.databaseError.find("full"), std::string::npos) << s.databaseError;
    EXPECT_EQ(s.notStarted, 3u); // nothing started after the file failed
    EXPECT_EQ(Started().size(), 2u);
    std::remove((mnt + "/fill").c_str()); // room again: what was recorded is intact
    {
        ns3::ResultsDatabase db(m_db);
        EXPECT_EQ(db.QuickCheck(), "ok");
        EXPECT_EQ(db.Query("SELECT COUNT(*) FROM runs WHERE status = 'ok'")[0][0], "1");
    }
    for (const char* f : {"/results.db", "/results.db-wal", "/results.db-shm"})
    {
        std::remove((mnt + f).c_str());
    }
    m_db = m_dir + "/results.db";
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

TEST(SweepPlan, QuotedValuesKeepTheirCommas)
{
    SweepPlan plan("s.yaml", {R"(wan="10ms,20ms",'a,b',c\,d,"q\"x")"}, 1, 1);
    ASSERT_EQ(plan.Jobs().size(), 4u);
    EXPECT_EQ(plan.Jobs()[0].info.params.at("wan"), "10ms,20ms");
    EXPECT_EQ(plan.Jobs()[1].info.params.at("wan"), "a,b");
    EXPECT_EQ(plan.Jobs()[2].info.params.at("wan"), "c,d");
    EXPECT_EQ(plan.Jobs()[3].info.params.at("wan"), "q\"x");
    EXPECT_EQ(SweepPlan::SplitValues(R"("",x)", "k"), (std::vector<std::string>{"", "x"}));
    for (const char* bad : {R"(k="a,b)", "k='a", "k=a,,b"})
    {
        EXPECT_THROW(SweepPlan("s.yaml", {bad}, 1, 1), std::invalid_argument) << bad;
    }
}

TEST(SweepPlan, ZippedParametersVaryTogether)
{
    SweepPlan plan("s.yaml", {"x=1,2"}, 2, 1, {"model=home-only,outbound-proxy", "delay=5,50"});
    ASSERT_EQ(plan.Jobs().size(), 8u); // 2 (x) x 2 (zip) configurations x 2 runs
    EXPECT_EQ(plan.Configurations(), 4u);
    EXPECT_EQ(plan.Runs(), 2u);
    std::set<std::pair<std::string, std::string>> pairs;
    for (const auto& job : plan.Jobs())
    {
        pairs.insert({job.info.model, job.info.params.at("delay")});
    }
    EXPECT_EQ(pairs, (std::set<std::pair<std::string, std::string>>{{"home-only", "5"},
                                                                    {"outbound-proxy", "50"}}));
    // The zip group turns faster than every --param.
    EXPECT_EQ(plan.Jobs()[2].info.params.at("x"), "1");
    EXPECT_EQ(plan.Jobs()[2].info.model, "outbound-proxy");
    EXPECT_EQ(plan.Jobs()[4].info.params.at("x"), "2");
    EXPECT_THROW(SweepPlan("s.yaml", {}, 1, 1, {"a=1,2", "b=1"}), std::invalid_argument);
    EXPECT_THROW(SweepPlan("s.yaml", {"a=1"}, 1, 1, {"a=1"}), std::invalid_argument);
}

namespace
{

/// Writes one finished run with one hand-off into @p db; @return its config key.
std::string
WriteOkRun(ns3::ResultsDatabase& db, uint32_t run, double tLinkLost)
{
    ns3::RunInfo info;
    info.scenario = "s.yaml";
    info.model = "home-only";
    info.run = run;
    info.params = {{"x", std::to_string(run)}};
    info.startedAt = "2026-01-01T00:00:00Z";
    ns3::RunResults results;
    sipmob::HandoffRecord h;
    h.ua = "ua" + std::to_string(run);
    h.tLinkLost = tLinkLost;
    results.handoffs.push_back(h);
    db.WriteRun(info, results);
    return ns3::ResultsDatabase::ConfigKey(info);
}

} // namespace

TEST_F(SweepFixture, MergingAShardIsIdempotentAndReplacesOnlyUnfinishedRuns)
{
    const std::string shardPath = m_dir + "/shard.db";
    std::string key1;
    std::string key2;
    {
        ns3::ResultsDatabase shard(shardPath);
        key1 = WriteOkRun(shard, 1, 10.5);
        key2 = WriteOkRun(shard, 2, 20.5);
        // A column and a table the sweep database does not know: still merged.
        shard.Execute("ALTER TABLE runs ADD COLUMN node_note TEXT; UPDATE runs SET host = 'node7';"
                      "CREATE TABLE extra (run_id INTEGER NOT NULL, note TEXT);"
                      "INSERT INTO extra SELECT run_id, 'n' || run FROM runs;");
    }
    ns3::ResultsDatabase db(m_db);
    ns3::RunInfo failed;
    failed.scenario = "s.yaml";
    failed.model = "home-only";
    failed.run = 2;
    failed.params = {{"x", "2"}};
    db.MarkFailed(failed, "earlier attempt died");
    const auto first = ns3::MergeResultsShard(db, shardPath);
    EXPECT_EQ(first.copied, 2u); // run 1 new, run 2 replacing the failed row
    const auto dump = [&db]
    {
        return db.Query("SELECT r.run_id, r.config_key, r.status, r.error, h.ua, h.t_link_lost, "
                        "e.note, r.host FROM runs r JOIN handoffs h USING (run_id) "
                        "JOIN extra e USING (run_id) ORDER BY r.config_key");
    };
    const auto once = dump();
    ASSERT_EQ(once.size(), 2u);
    EXPECT_EQ(once[0][1], key1);
    EXPECT_EQ(once[0][4], "ua1");
    EXPECT_EQ(once[0][5], "10.5");
    EXPECT_EQ(once[1][2], "ok");
    EXPECT_FALSE(once[1][3].has_value()); // the failure text went with the failed row
    EXPECT_EQ(once[1][6], "n2");
    EXPECT_EQ(once[1][7], "node7"); // a column both have, copied
    EXPECT_EQ(db.Query("SELECT COUNT(*) FROM run_params")[0][0], "2");

    const auto second = ns3::MergeResultsShard(db, shardPath);
    EXPECT_EQ(second.copied, 0u);
    EXPECT_EQ(second.alreadyPresent, 2u);
    EXPECT_EQ(dump(), once); // run_ids included: nothing changed
    EXPECT_EQ(db.Query("SELECT COUNT(*) FROM runs")[0][0], "2");
    EXPECT_THROW(ns3::MergeResultsShard(db, m_dir + "/missing.db"), std::runtime_error);
    for (const char* f : {"/shard.db", "/shard.db-wal", "/shard.db-shm"})
    {
        std::remove((m_dir + f).c_str());
    }
}

TEST(SlurmExecutor, ParsesSqueueSacctAndScontrol)
{
    const auto q = SlurmExecutor::ParseSqueue("12_0|RUNNING\n12_1|PENDING\n  13_4|COMPLETING\n");
    ASSERT_EQ(q.size(), 3u);
    EXPECT_EQ(q.at("12_1").state, "PENDING");
    EXPECT_EQ(q.at("13_4").state, "COMPLETING");
    const auto a = SlurmExecutor::ParseSacct("12_0|COMPLETED|0:0\n12_1|TIMEOUT|0:15\n"
                                             "12_2|OUT_OF_MEMORY|0:125\n12_3|CANCELLED by 0|0:9\n"
                                             "12_[4-9]|PENDING|0:0\n12_0.batch|COMPLETED|0:0\n");
    ASSERT_EQ(a.size(), 4u);
    EXPECT_EQ(a.at("12_1").state, "TIMEOUT");
    EXPECT_EQ(a.at("12_1").exitCode, "0:15");
    EXPECT_EQ(a.at("12_2").state, "OUT_OF_MEMORY");
    EXPECT_EQ(a.at("12_3").state, "CANCELLED");
    const auto c = SlurmExecutor::ParseScontrol(
        "JobId=14 ArrayJobId=12 ArrayTaskId=2 JobName=x JobState=NODE_FAIL Reason=None "
        "ExitCode=0:0\nJobId=12 ArrayJobId=12 ArrayTaskId=3-9 JobState=PENDING ExitCode=0:0\n");
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c.at("12_2").state, "NODE_FAIL");
    EXPECT_TRUE(SlurmExecutor::IsActiveState("PENDING"));
    EXPECT_FALSE(SlurmExecutor::IsActiveState("FAILED"));
}

TEST(SweepProgress, QueueCountsJoinTheBar)
{
    std::ostringstream tty;
    SweepProgress bar(tty, true, 4, 0);
    bar.Queue(2, 1);
    EXPECT_NE(tty.str().find("0/4 done, 0 failed, 2 running, 1 queued, ETA ?"), std::string::npos);
    std::ostringstream plain;
    SweepProgress lines(plain, false, 4, 0);
    lines.Queue(1, 3);
    lines.Queue(1, 3); // unchanged: no second line
    lines.JobFinished("x", "ok", 1);
    EXPECT_NE(plain.str().find("[0/4] queue: 1 running, 3 queued\n[1/4] ok x (1s), 0 failed, "
                               "1 running, 3 queued, ETA"),
              std::string::npos)
        << plain.str();
}

TEST_F(SweepFixture, FailedRunsAreRerunOnlyWithRetryFailed)
{
    SweepPlan plan("s.yaml", {"mode=ok,crash"}, 2, 1);
    const SweepSummary first = RunSweep(plan, 2);
    EXPECT_EQ(first.ok, 2u);
    EXPECT_EQ(first.failed, 2u);
    std::remove(m_log.c_str());
    const SweepSummary again = RunSweep(plan, 2);
    EXPECT_EQ(again.skipped, 2u);
    EXPECT_EQ(again.skippedFailed, 2u);
    EXPECT_TRUE(Started().empty());
    const SweepSummary retried = RunSweep(plan, 2, 0, true);
    EXPECT_EQ(retried.skippedFailed, 0u);
    EXPECT_EQ(retried.failed, 2u);
    EXPECT_EQ(Started().size(), 2u);
}

TEST_F(SweepFixture, SlurmEndStatesAreRecordedPerRun)
{
    // Stand-ins for Slurm's commands: sbatch accepts the array as job 77, squeue no longer lists
    // it, sacct reports how each task ended (accounting on), scontrol knows nothing.
    const std::string bin = m_dir + "/bin";
    mkdir(bin.c_str(), 0755);
    const std::map<std::string, std::string> fakes = {
        {"sbatch", "#!/bin/sh\necho \"$@\" > \"" + m_dir + "/sbatch.args\"\necho 77\n"},
        {"squeue", "#!/bin/sh\nexit 0\n"},
        {"sacct",
         "#!/bin/sh\nprintf '77_0|TIMEOUT|0:15\\n77_1|OUT_OF_MEMORY|0:125\\n77_2|NODE_FAIL|0:0\\n"
         "77_2.batch|CANCELLED|0:15\\n77_3|COMPLETED|0:0\\n'\n"},
        {"scontrol", "#!/bin/sh\nexit 1\n"}};
    for (const auto& [name, text] : fakes)
    {
        std::ofstream(bin + "/" + name) << text;
        chmod((bin + "/" + name).c_str(), 0755);
    }
    const std::string oldPath = std::getenv("PATH");
    setenv("PATH", (bin + ":" + oldPath).c_str(), 1);

    SweepPlan plan("s.yaml", {"x=1,2,3,4"}, 1, 1);
    SlurmOptions so;
    so.graceS = 0.5; // for the task that "completed" without a trace of its run
    so.dbPath = m_db;
    so.sharedDir = m_dir + "/shared";
    so.executable = m_script;
    so.workDir = m_dir;
    so.pollIntervalS = 0.1;
    so.partition = "short";
    so.time = "00:10:00";
    so.sbatchArgs = {"--qos=low"};
    SweepSummary s;
    const auto t0 = std::chrono::steady_clock::now();
    {
        SlurmExecutor executor(so);
        SweepRunner runner(plan, SweepOptions{m_db, m_script, 0, false}, executor);
        s = runner.Run();
    }
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    setenv("PATH", oldPath.c_str(), 1);
    EXPECT_EQ(s.failed, 4u);
    EXPECT_GE(elapsed, 0.5); // the grace period for a shard the filesystem may show late
    std::ifstream argsFile(m_dir + "/sbatch.args");
    std::string args((std::istreambuf_iterator<char>(argsFile)), std::istreambuf_iterator<char>());
    for (const char* piece : {"--parsable", "--array=0-3", "--partition=short", "--time=00:10:00",
                              "--qos=low", "--chdir="})
    {
        EXPECT_NE(args.find(piece), std::string::npos) << piece << " in " << args;
    }
    ns3::ResultsDatabase db(m_db);
    const auto rows = db.Query("SELECT p.value, r.status, r.error FROM runs r JOIN run_params p "
                               "USING (run_id) ORDER BY p.value");
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[0][1], "timeout");
    EXPECT_EQ(rows[0][2], "Slurm TIMEOUT, exit code 0:15 (job 77_0)");
    EXPECT_EQ(rows[1][1], "failed");
    EXPECT_EQ(rows[1][2], "Slurm OUT_OF_MEMORY, exit code 0:125 (job 77_1)");
    EXPECT_EQ(rows[2][2], "Slurm NODE_FAIL, exit code 0:0 (job 77_2)");
    EXPECT_EQ(rows[3][2], "Slurm COMPLETED, exit code 0:0 (job 77_3)");
    EXPECT_EQ(db.Query("SELECT state, exit_code FROM slurm_tasks ORDER BY task_id"),
              (std::vector<ns3::ResultsDatabase::Row>{{"TIMEOUT", "0:15"},
                                                      {"OUT_OF_MEMORY", "0:125"},
                                                      {"NODE_FAIL", "0:0"},
                                                      {"COMPLETED", "0:0"}}));
    std::system(
        ("rm -rf '" + m_dir + "/bin' '" + m_dir + "/shared' '" + m_dir + "/sbatch.args'").c_str());
}
