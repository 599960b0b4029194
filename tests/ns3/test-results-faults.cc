// SPDX-License-Identifier: GPL-2.0-only
// Results that are never lost (issue 12, item 8): a run that cannot write the results file (read
// only, full disk, damaged page) keeps its rows in a side file that MergePendingSideFiles brings
// back; the integrity check finds a damaged file.
#include "results/results-database.h"
#include "results/results-writer.h"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <unistd.h>

using namespace ns3;

namespace
{

/// A scratch directory removed at the end (files one level deep, and the pending directories).
class ScratchDir
{
public:
    ScratchDir()
    {
        char tmpl[] = "/tmp/sipmob-faults-XXXXXX";
        m_dir = mkdtemp(tmpl);
        setenv("TMPDIR", m_dir.c_str(), 1); // the fallback side-file directory lives here too
    }

    ~ScratchDir()
    {
        const std::string cmd = "rm -rf '" + m_dir + "'";
        if (std::system(cmd.c_str()) != 0)
        {
            std::perror("rm");
        }
        unsetenv("TMPDIR");
    }

    std::string m_dir; ///< the directory
};

RunInfo
Info(uint32_t run)
{
    RunInfo info;
    info.scenario = "s.yaml";
    info.model = "home-only";
    info.run = run;
    info.params = {{"x", std::to_string(run)}};
    info.scenarioSha256 = "abc";
    info.scenarioText = "name: s\n";
    return info;
}

/// Results big enough to fill a few pages.
RunResults
Results(std::size_t calls)
{
    RunResults r;
    for (std::size_t i = 0; i < calls; ++i)
    {
        sipmob::CallRecord c;
        c.callId = "call-" + std::to_string(i) + std::string(200, 'x');
        c.ua = "sip:1001@net1.example.org";
        c.endReason = "bye-sent";
        r.calls.push_back(c);
        sipmob::MediaRecord m;
        m.callId = c.callId;
        m.received = i;
        r.media.push_back(m);
    }
    sipmob::HandoffRecord h;
    h.ua = "sip:1001@net1.example.org";
    h.tLinkLost = 1.0;
    h.tAssociated = 1.25;
    r.handoffs.push_back(h);
    return r;
}

std::string
Count(ResultsDatabase& db, const std::string& sql)
{
    return db.Query(sql).at(0).at(0).value_or("");
}

/// Checks that the run written and the merged side file hold the same rows.
void
ExpectMerged(const std::string& dbPath, std::size_t calls)
{
    ResultsDatabase db(dbPath);
    const MergeSummary merged = MergePendingSideFiles(db);
    EXPECT_TRUE(merged.errors.empty()) << merged.errors.front();
    EXPECT_EQ(merged.files, 1u);
    EXPECT_EQ(merged.runs, 1u);
    EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM runs WHERE status = 'ok'"), "2");
    EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM calls c JOIN runs r USING (run_id) WHERE r.run = 2"),
              std::to_string(calls));
    EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM media m JOIN runs r USING (run_id) WHERE r.run = 2"),
              std::to_string(calls));
    EXPECT_EQ(Count(db, "SELECT l2_ms FROM handoffs h JOIN runs r USING (run_id) WHERE r.run = 2"),
              "250.0");
    EXPECT_EQ(Count(db, "SELECT value FROM run_params p JOIN runs r USING (run_id) "
                        "WHERE r.run = 2"),
              "2");
    EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM scenarios"), "1");
    EXPECT_TRUE(PendingSideFiles(dbPath).empty());
    EXPECT_EQ(db.QuickCheck(), "ok");
}

} // namespace

TEST(ResultsFaults, FullDiskKeepsTheRunInASideFileThatMerges)
{
    ScratchDir tmp;
    const std::string path = tmp.m_dir + "/r.db";
    ASSERT_EQ(WriteRunOrKeep(path, Info(1), Results(2)).where, WriteOutcome::Where::Database);
    // SQLite's max_page_count stands for a full disk: no page may be added to the results file.
    bool limitMain = true;
    const WriteOutcome out =
        WriteRunOrKeep(path, Info(2), Results(200),
                       [&limitMain](ResultsDatabase& db)
                       {
                           if (limitMain)
                           {
                               const auto n = db.Query("PRAGMA page_count");
                               db.Query("PRAGMA max_page_count = " + n.at(0).at(0).value_or("1"));
                               limitMain = false; // not the side file
                           }
                       });
    ASSERT_EQ(out.where, WriteOutcome::Where::SideFile) << out.error;
    EXPECT_NE(out.error.find("full"), std::string::npos) << out.error;
    EXPECT_EQ(out.sidePath.rfind(PendingDirectory(path) + "/", 0), 0u) << out.sidePath;
    EXPECT_EQ(PendingSideFiles(path), std::vector<std::string>{out.sidePath});
    {
        ResultsDatabase db(path);
        EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM runs"), "1"); // nothing half-written
    }
    ExpectMerged(path, 200);
}

TEST(ResultsFaults, ReadOnlyFileKeepsTheRunInASideFile)
{
    ScratchDir tmp;
    const std::string path = tmp.m_dir + "/r.db";
    ASSERT_EQ(WriteRunOrKeep(path, Info(1), Results(1)).where, WriteOutcome::Where::Database);
    // query_only makes the connection refuse every write, as a read-only file does (the tests may
    // run as root, for whom file permissions do not stop writes).
    bool first = true;
    const WriteOutcome out = WriteRunOrKeep(path, Info(2), Results(3),
                                            [&first](ResultsDatabase& db)
                                            {
                                                if (first)
                                                {
                                                    db.Execute("PRAGMA query_only = ON");
                                                    first = false;
                                                }
                                            });
    ASSERT_EQ(out.where, WriteOutcome::Where::SideFile) << out.error;
    EXPECT_NE(out.error.find("readonly"), std::string::npos) << out.error;
    ExpectMerged(path, 3);
}

TEST(ResultsFaults, UnwritableSideDirectoryFallsBackToTmpdir)
{
    ScratchDir tmp;
    const std::string path = tmp.m_dir + "/r.db";
    ASSERT_EQ(WriteRunOrKeep(path, Info(1), Results(1)).where, WriteOutcome::Where::Database);
    {
        std::ofstream blocker(PendingDirectory(path)); // a file where the directory should be
    }
    int opened = 0;
    const WriteOutcome out = WriteRunOrKeep(path, Info(2), Results(4),
                                            [&opened](ResultsDatabase& db)
                                            {
                                                if (opened++ == 0)
                                                {
                                                    db.Execute("PRAGMA query_only = ON");
                                                }
                                            });
    ASSERT_EQ(out.where, WriteOutcome::Where::SideFile) << out.error;
    EXPECT_EQ(out.sidePath.rfind(FallbackPendingDirectory(path) + "/", 0), 0u) << out.sidePath;
    std::remove(PendingDirectory(path).c_str());
    ExpectMerged(path, 4);
}

TEST(ResultsFaults, DamagedPageFailsTheQuickCheckAndTheWrite)
{
    ScratchDir tmp;
    const std::string path = tmp.m_dir + "/r.db";
    ASSERT_EQ(WriteRunOrKeep(path, Info(1), Results(100)).where, WriteOutcome::Where::Database);
    int rootPage = 0;
    int pageSize = 0;
    {
        ResultsDatabase db(path);
        db.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        rootPage = std::stoi(Count(db, "SELECT rootpage FROM sqlite_master WHERE name = 'calls'"));
        pageSize = std::stoi(Count(db, "PRAGMA page_size"));
        EXPECT_EQ(db.QuickCheck(), "ok");
    }
    {
        // Overwrite the b-tree page of table calls with garbage.
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(rootPage - 1) * pageSize);
        const std::string junk(pageSize, '\xA5');
        f.write(junk.data(), junk.size());
    }
    {
        ResultsDatabase db(path);
        EXPECT_NE(db.QuickCheck(), "ok");
    }
    const WriteOutcome out = WriteRunOrKeep(path, Info(2), Results(3));
    ASSERT_EQ(out.where, WriteOutcome::Where::SideFile) << out.error;
    EXPECT_NE(out.error.find("malformed"), std::string::npos) << out.error;
    // The damaged file refuses the merge; a fresh file takes the side file.
    ResultsDatabase fresh(tmp.m_dir + "/fresh.db");
    EXPECT_EQ(fresh.MergeFrom(out.sidePath), 1u);
    EXPECT_EQ(Count(fresh, "SELECT COUNT(*) FROM calls"), "3");
}

TEST(ResultsFaults, MergeReplacesARunWithTheSameKey)
{
    ScratchDir tmp;
    const std::string a = tmp.m_dir + "/a.db";
    const std::string b = tmp.m_dir + "/b.db";
    {
        ResultsDatabase db(a);
        db.WriteRun(Info(1), Results(5));
    }
    {
        ResultsDatabase db(b);
        db.WriteRun(Info(1), Results(2)); // same configuration, run again
        db.WriteRun(Info(7), Results(1));
    }
    ResultsDatabase db(a);
    EXPECT_EQ(db.MergeFrom(b), 2u);
    EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM runs"), "2");
    EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM calls"), "3");
    EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM media"), "3");
}
