// SPDX-License-Identifier: GPL-2.0-only
// ResultsDatabase: schema, rows written for records, replacement by config key, failures,
// determinism, concurrent writers, bad files.
#include "results/results-database.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

using ns3::ResultsDatabase;
using ns3::RunInfo;
using ns3::RunResults;
using sipmob::HandoffRecord;

namespace
{

/// A fresh file name in the temporary directory, removed (with its WAL files) at destruction.
class TempDb
{
public:
    TempDb()
    {
        char tmpl[] = "/tmp/sipmob-resdb-XXXXXX";
        int fd = mkstemp(tmpl);
        close(fd);
        m_path = tmpl;
        std::remove(m_path.c_str());
    }

    ~TempDb()
    {
        for (const char* suffix : {"", "-wal", "-shm"})
        {
            std::remove((m_path + suffix).c_str());
        }
    }

    std::string m_path;
};

RunInfo
MakeInfo(uint32_t run = 1)
{
    RunInfo info;
    info.scenario = "scenarios/two-networks.yaml";
    info.model = "outbound-proxy";
    info.seed = 7;
    info.run = run;
    info.params = {{"poll_interval", "0.5"}, {"speed", "1.5"}};
    info.simTimeS = 120;
    info.wallTimeS = 3.25;
    return info;
}

RunResults
MakeResults()
{
    RunResults r;
    sipmob::HandoffRecord h;
    h.ua = "sip:1001@net1.example.org";
    h.fromNetwork = "net1.example.org";
    h.toNetwork = "net2.example.org";
    h.oldAddress = "10.1.0.5";
    h.newAddress = "10.2.0.7";
    h.tLinkLost = 30.0;
    h.tAssociated = 30.125;
    h.tLease = 30.5;
    h.tDetected = 31.0;
    h.tRegisterSent = 31.0;
    h.tRegisterOk = 31.25;
    h.tLastMediaDown = 29.98;
    h.tMediaDown = 31.5;
    h.mediaLostDown = 75;
    r.handoffs.push_back(h);
    sipmob::HandoffRecord incomplete; // link lost, never associated
    incomplete.ua = "sip:1002@net1.example.org";
    incomplete.tLinkLost = 50.0;
    r.handoffs.push_back(incomplete);
    sipmob::RegistrationRecord reg;
    reg.ua = h.ua;
    reg.contact = "sip:1001@10.2.0.7:5060";
    reg.via = "10.2.0.1:5060";
    reg.model = "outbound-proxy";
    reg.tSent = 31.0;
    reg.tFinal = 31.25;
    reg.status = 200;
    reg.expires = 3600;
    r.registrations.push_back(reg);
    sipmob::CallRecord call;
    call.callId = "abc@10.1.0.5";
    call.ua = h.ua;
    call.peer = "sip:2001@net2.example.org";
    call.outgoing = true;
    call.tInvite = 10.0;
    call.tAnswered = 10.2;
    call.finalStatus = 200;
    call.endReason = "bye-sent";
    r.calls.push_back(call);
    sipmob::MediaRecord m;
    m.callId = call.callId;
    m.ua = h.ua;
    m.sent = 5000;
    m.received = 4925;
    m.lost = 75;
    m.maxGapMs = 1520;
    m.jitterMs = 0.5;
    m.meanDelayMs = 20;
    r.media.push_back(m);
    return r;
}

double
Num(const std::optional<std::string>& s)
{
    return std::stod(s.value());
}

/// Every row of every table, without the surrogate key and wall-clock columns.
std::string
Dump(ResultsDatabase& db)
{
    std::ostringstream out;
    auto print = [&out](const std::vector<ResultsDatabase::Row>& rows)
    {
        for (const auto& row : rows)
        {
            for (const auto& c : row)
            {
                out << (c ? *c : "NULL") << '|';
            }
            out << '\n';
        }
    };
    print(db.Query("SELECT scenario, model, seed, run, status, error, sim_time_s, version, "
                   "config_key FROM runs ORDER BY config_key"));
    for (const char* t : {"run_params", "handoffs", "registrations", "calls", "media"})
    {
        auto rows = db.Query(std::string("SELECT r.config_key, t.* FROM ") + t +
                             " t JOIN runs r USING (run_id) ORDER BY r.config_key");
        for (auto& row : rows)
        {
            row.erase(row.begin() + 1); // run_id
        }
        print(rows);
    }
    return out.str();
}

} // namespace

TEST(ResultsDatabase, CreatesSchemaInWalMode)
{
    TempDb tmp;
    ResultsDatabase db(tmp.m_path);
    EXPECT_EQ(db.Query("PRAGMA journal_mode").at(0).at(0), "wal");
    auto tables = db.Query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    std::vector<std::string> names;
    for (const auto& row : tables)
    {
        names.push_back(*row[0]);
    }
    EXPECT_EQ(names, (std::vector<std::string>{"calls", "handoffs", "media", "registrations",
                                               "run_params", "runs", "scenarios", "sip_messages"}));
}

TEST(ResultsDatabase, WriteRunStoresRecordsAndComponents)
{
    ResultsDatabase db(":memory:");
    const int64_t id = db.WriteRun(MakeInfo(), MakeResults());
    auto runs =
        db.Query("SELECT run_id, status, error, seed, run, sim_time_s, config_key FROM runs");
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(std::stoll(*runs[0][0]), id);
    EXPECT_EQ(runs[0][1], "ok");
    EXPECT_FALSE(runs[0][2].has_value());
    EXPECT_EQ(runs[0][3], "7");
    EXPECT_EQ(runs[0][4], "1");
    EXPECT_DOUBLE_EQ(Num(runs[0][5]), 120.0);
    EXPECT_EQ(runs[0][6], ResultsDatabase::ConfigKey(MakeInfo()));

    auto params = db.Query("SELECT key, value FROM run_params ORDER BY key");
    ASSERT_EQ(params.size(), 2u);
    EXPECT_EQ(params[0][0], "poll_interval");
    EXPECT_EQ(params[1][1], "1.5");

    auto h = db.Query("SELECT l2_ms, dhcp_ms, detection_ms, registration_ms, reinvite_ms, "
                      "media_gap_down_ms, media_gap_up_ms, total_ms, media_lost_down, "
                      "media_lost_up, new_address, t_reinvite_sent FROM handoffs ORDER BY seq");
    ASSERT_EQ(h.size(), 2u);
    EXPECT_NEAR(Num(h[0][0]), 125.0, 1e-9);
    EXPECT_NEAR(Num(h[0][1]), 375.0, 1e-9);
    EXPECT_NEAR(Num(h[0][2]), 500.0, 1e-9);
    EXPECT_NEAR(Num(h[0][3]), 250.0, 1e-9);
    EXPECT_FALSE(h[0][4].has_value()); // no re-INVITE
    EXPECT_NEAR(Num(h[0][5]), 1520.0, 1e-9);
    EXPECT_FALSE(h[0][6].has_value());
    EXPECT_NEAR(Num(h[0][7]), 1500.0, 1e-9);
    EXPECT_EQ(h[0][8], "75");
    EXPECT_FALSE(h[0][9].has_value());
    EXPECT_EQ(h[0][10], "10.2.0.7");
    EXPECT_FALSE(h[0][11].has_value());
    for (std::size_t c = 0; c < 10; ++c) // the incomplete hand-off has no component at all
    {
        EXPECT_FALSE(h[1][c].has_value()) << "column " << c;
    }

    auto reg = db.Query("SELECT status, expires, t_final, via FROM registrations");
    ASSERT_EQ(reg.size(), 1u);
    EXPECT_EQ(reg[0][0], "200");
    EXPECT_EQ(reg[0][1], "3600");
    EXPECT_DOUBLE_EQ(Num(reg[0][2]), 31.25);
    auto calls = db.Query("SELECT outgoing, t_ringing, final_status, end_reason FROM calls");
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0][0], "1");
    EXPECT_FALSE(calls[0][1].has_value());
    EXPECT_EQ(calls[0][3], "bye-sent");
    auto media = db.Query("SELECT sent, received, lost, max_gap_ms FROM media");
    ASSERT_EQ(media.size(), 1u);
    EXPECT_EQ(media[0][1], "4925");
    EXPECT_DOUBLE_EQ(Num(media[0][3]), 1520.0);
}

TEST(ResultsDatabase, SameInputsGiveIdenticalRows)
{
    ResultsDatabase a(":memory:");
    ResultsDatabase b(":memory:");
    a.WriteRun(MakeInfo(1), MakeResults());
    a.WriteRun(MakeInfo(2), MakeResults());
    b.WriteRun(MakeInfo(2), MakeResults()); // other order, other run_ids
    b.WriteRun(MakeInfo(1), MakeResults());
    const std::string dump = Dump(a);
    EXPECT_GT(dump.size(), 500u);
    EXPECT_EQ(dump, Dump(b));
}

TEST(ResultsDatabase, RewritingAConfigurationReplacesIt)
{
    ResultsDatabase db(":memory:");
    RunInfo info = MakeInfo();
    db.BeginRun(info);
    EXPECT_EQ(db.RunStatus(ResultsDatabase::ConfigKey(info)), "running");
    EXPECT_FALSE(db.HasFinishedRun(ResultsDatabase::ConfigKey(info)));
    db.WriteRun(info, MakeResults());
    db.WriteRun(info, MakeResults());
    EXPECT_TRUE(db.HasFinishedRun(ResultsDatabase::ConfigKey(info)));
    EXPECT_EQ(db.Query("SELECT COUNT(*) FROM runs")[0][0], "1");
    EXPECT_EQ(db.Query("SELECT COUNT(*) FROM handoffs")[0][0], "2");
    EXPECT_EQ(db.Query("SELECT COUNT(*) FROM run_params")[0][0], "2");
    EXPECT_EQ(db.Query("SELECT COUNT(*) FROM media")[0][0], "1");
}

TEST(ResultsDatabase, MarkFailed)
{
    ResultsDatabase db(":memory:");
    RunInfo info = MakeInfo(3);
    const std::string key = ResultsDatabase::ConfigKey(info);
    EXPECT_FALSE(db.MarkFailed(key, "nothing there"));
    EXPECT_EQ(db.Query("SELECT COUNT(*) FROM runs")[0][0], "0");

    db.MarkFailed(info, "killed after 30 s", "timeout");
    EXPECT_EQ(db.RunStatus(key), "timeout");
    EXPECT_FALSE(db.HasFinishedRun(key));
    EXPECT_EQ(db.Query("SELECT error FROM runs")[0][0], "killed after 30 s");
    EXPECT_EQ(db.Query("SELECT COUNT(*) FROM run_params")[0][0], "2");

    db.WriteRun(info, MakeResults());
    EXPECT_TRUE(db.MarkFailed(key, "exit status 3"));
    EXPECT_EQ(db.RunStatus(key), "failed");
    EXPECT_EQ(db.Query("SELECT COUNT(*) FROM handoffs")[0][0], "0"); // records of a failure go
    EXPECT_EQ(db.Query("SELECT COUNT(*) FROM run_params")[0][0], "2");
}

TEST(ResultsDatabase, ConfigKeyIsCanonical)
{
    const std::string k1 =
        ResultsDatabase::ConfigKey("s.yaml", "home-only", {{"b", "2"}, {"a", "1"}}, 1, 4);
    EXPECT_EQ(k1, "scenario=s.yaml;model=home-only;seed=1;run=4;params=a=1,b=2");
    // Separators inside values cannot make two configurations collide.
    const std::string k2 = ResultsDatabase::ConfigKey("s.yaml", "", {{"a", "1,b=2"}}, 1, 4);
    const std::string k3 = ResultsDatabase::ConfigKey("s.yaml", "", {{"a", "1"}, {"b", "2"}}, 1, 4);
    EXPECT_NE(k2, k3);
    EXPECT_EQ(k2, "scenario=s.yaml;model=;seed=1;run=4;params=a=1%2Cb%3D2");
    EXPECT_NE(ResultsDatabase::ConfigKey("s.yaml", "", {}, 1, 4),
              ResultsDatabase::ConfigKey("s.yaml", "", {}, 2, 4));
}

TEST(ResultsDatabase, ConcurrentProcessesWriteWithoutLoss)
{
    TempDb tmp;
    {
        ResultsDatabase init(tmp.m_path);
    }
    const int children = 4;
    const int runsEach = 15;
    std::vector<pid_t> pids;
    for (int c = 0; c < children; ++c)
    {
        pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0)
        {
            int code = 0;
            try
            {
                ResultsDatabase db(tmp.m_path);
                for (int r = 0; r < runsEach; ++r)
                {
                    db.WriteRun(MakeInfo(100 * c + r + 1), MakeResults());
                }
            }
            catch (const std::exception&)
            {
                code = 1;
            }
            _exit(code);
        }
        pids.push_back(pid);
    }
    for (pid_t pid : pids)
    {
        int status = 0;
        waitpid(pid, &status, 0);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    ResultsDatabase db(tmp.m_path);
    EXPECT_EQ(db.Query("SELECT COUNT(*) FROM runs")[0][0], std::to_string(children * runsEach));
    EXPECT_EQ(db.Query("SELECT COUNT(*) FROM handoffs")[0][0],
              std::to_string(2 * children * runsEach));
}

TEST(ResultsDatabase, BadFilesGiveClearErrors)
{
    EXPECT_THROW(ResultsDatabase("/nonexistent-dir/x/results.db"), std::runtime_error);
    TempDb tmp;
    {
        std::ofstream junk(tmp.m_path);
        junk << "this is not an SQLite database, just some text that is long enough to matter\n";
    }
    try
    {
        ResultsDatabase db(tmp.m_path);
        FAIL() << "opened a text file";
    }
    catch (const std::runtime_error& e)
    {
        EXPECT_NE(std::string(e.what()).find(tmp.m_path), std::string::npos) << e.what();
    }
}
