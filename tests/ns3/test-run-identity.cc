// SPDX-License-Identifier: GPL-2.0-only
// Provenance and resume (issue 12, item 6): the resume key is the hash of the resolved
// configuration, so a value edit (not a comment) or an override changes it; runs store the
// scenario texts, the build's commit, ns-3 version and host; a sweep checks every configuration
// before it starts and runs again only the changed ones.
#include "results/build-info.h"
#include "results/results-database.h"
#include "scenario/run-identity.h"
#include "scenario/scenario-loader.h"
#include "sweep/sweep-plan.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace ns3;

namespace
{

const std::string kSource = std::string(SIPMOB_SOURCE_DIR) + "/tests/python/data/two-static.yaml";

/// @return the text of @p path
std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// A copy of the small test scenario in a temporary file, editable.
class ScenarioCopy
{
public:
    ScenarioCopy()
    {
        char tmpl[] = "/tmp/sipmob-identity-XXXXXX.yaml";
        const int fd = mkstemps(tmpl, 5);
        close(fd);
        m_path = tmpl;
        Write(ReadFile(kSource));
    }

    ~ScenarioCopy()
    {
        std::remove(m_path.c_str());
    }

    void Write(const std::string& text)
    {
        std::ofstream(m_path, std::ios::trunc) << text;
    }

    /// Replaces the first @p from by @p to in the file.
    void Edit(const std::string& from, const std::string& to)
    {
        std::string text = ReadFile(m_path);
        const auto at = text.find(from);
        ASSERT_NE(at, std::string::npos) << from;
        Write(text.replace(at, from.size(), to));
    }

    std::string m_path; ///< the file
};

RunInfo
Info(const std::string& path)
{
    RunInfo info;
    info.scenario = path;
    info.seed = 1;
    info.run = 1;
    return info;
}

} // namespace

TEST(RunIdentity, KeyFollowsTheResolvedConfiguration)
{
    ScenarioCopy s;
    RunInfo info = Info(s.m_path);
    const RunIdentity base = IdentifyRun(info);
    EXPECT_EQ(base.configKey.rfind("sha256:", 0), 0u);
    EXPECT_EQ(base.configKey.size(), 7u + 64u);
    EXPECT_EQ(IdentifyRun(info).configKey, base.configKey); // deterministic
    EXPECT_EQ(base.scenarioSha256, Sha256Hex(ReadFile(s.m_path)));
    EXPECT_NE(base.resolvedText.find("two-static"), std::string::npos);

    // A comment or layout edit: same configuration, same key (the file's version does change).
    s.Edit("name: two-static", "# a comment\nname:   two-static");
    const RunIdentity comment = IdentifyRun(info);
    EXPECT_EQ(comment.configKey, base.configKey);
    EXPECT_NE(comment.scenarioSha256, base.scenarioSha256);

    // A value edit: a new key.
    s.Edit("delay_ms: 10", "delay_ms: 11");
    const RunIdentity edited = IdentifyRun(info);
    EXPECT_NE(edited.configKey, base.configKey);

    // The override that restores the value gives the original configuration back.
    info.params["wan_links.0.delay_ms"] = "10";
    EXPECT_EQ(IdentifyRun(info).configKey, base.configKey);
    info.params.clear();

    // Model, seed and run are part of the key.
    RunInfo other = info;
    other.model = "outbound-proxy";
    EXPECT_NE(IdentifyRun(other).configKey, edited.configKey);
    other = info;
    other.run = 2;
    EXPECT_NE(IdentifyRun(other).configKey, edited.configKey);
    other = info;
    other.seed = 2;
    EXPECT_NE(IdentifyRun(other).configKey, edited.configKey);
}

// The key names the code too (issue 12): a new commit, or another uncommitted edit of the same
// commit, re-runs every configuration; the same build gives the same key.
TEST(RunIdentity, KeyFollowsTheCode)
{
    ScenarioCopy s;
    RunInfo info = Info(s.m_path);
    const RunIdentity id = IdentifyRun(info);
    EXPECT_EQ(id.configKey, ResumeKey(id.resolvedSha256, 1, 1, GetBuildInfo()));

    BuildInfo clean{"0.1.0", std::string(40, 'a'), false, "", "3.37"};
    const std::string base = ResumeKey(id.resolvedSha256, 1, 1, clean);
    EXPECT_EQ(ResumeKey(id.resolvedSha256, 1, 1, clean), base);
    BuildInfo other = clean;
    other.commit = std::string(40, 'b');
    EXPECT_NE(ResumeKey(id.resolvedSha256, 1, 1, other), base); // a new commit
    BuildInfo dirty = clean;
    dirty.dirty = true;
    dirty.changesSha256 = std::string(64, '1');
    const std::string edit1 = ResumeKey(id.resolvedSha256, 1, 1, dirty);
    EXPECT_NE(edit1, base); // uncommitted changes
    dirty.changesSha256 = std::string(64, '2');
    EXPECT_NE(ResumeKey(id.resolvedSha256, 1, 1, dirty), edit1); // other changes
    BuildInfo version = clean;
    version.version = "0.2.0";
    EXPECT_NE(ResumeKey(id.resolvedSha256, 1, 1, version), base);
    BuildInfo ns3 = clean;
    ns3.ns3Version = "3.38";
    EXPECT_NE(ResumeKey(id.resolvedSha256, 1, 1, ns3), base); // the simulator is code too

    // This build: the changes are hashed exactly when the tree was dirty.
    const BuildInfo& build = GetBuildInfo();
    if (build.commit != "unknown")
    {
        EXPECT_EQ(build.dirty, !build.changesSha256.empty());
        EXPECT_TRUE(build.changesSha256.empty() || build.changesSha256.size() == 64u);
    }
}

TEST(RunIdentity, InvalidConfigurationsAreRefused)
{
    ScenarioCopy s;
    RunInfo info = Info(s.m_path);
    info.model = "nomadic";
    EXPECT_THROW(IdentifyRun(info), ScenarioError);
    info.model = "";
    info.params["ua.PolInterval"] = "1s";
    EXPECT_THROW(IdentifyRun(info), ScenarioError);
    EXPECT_THROW(IdentifyRun(Info("/tmp")), ScenarioError);
    EXPECT_THROW(IdentifyRun(Info("/nonexistent/x.yaml")), ScenarioError);
}

TEST(RunIdentity, RunsStoreTheirProvenance)
{
    ScenarioCopy s;
    RunInfo info = Info(s.m_path);
    const RunIdentity id = IdentifyRun(info);
    StampRunInfo(info, id);
    ResultsDatabase db(":memory:");
    db.WriteRun(info, RunResults{});
    auto rows = db.Query("SELECT config_key, scenario_sha256, resolved_sha256, version, "
                         "sipmob_commit, sipmob_dirty, ns3_version, host FROM runs");
    ASSERT_EQ(rows.size(), 1u);
    const auto& r = rows[0];
    EXPECT_EQ(r[0], id.configKey);
    EXPECT_EQ(r[1], id.scenarioSha256);
    EXPECT_EQ(r[2], id.resolvedSha256);
    EXPECT_EQ(r[3], GetBuildInfo().version);
    EXPECT_EQ(r[4], GetBuildInfo().commit);
    EXPECT_EQ(r[5], std::string(GetBuildInfo().dirty ? "1" : "0"));
    EXPECT_EQ(r[6], std::string("3.37"));
    EXPECT_EQ(r[7], HostName());
    auto changes = db.Query("SELECT sipmob_changes_sha256 FROM runs").at(0).at(0);
    EXPECT_EQ(changes.value_or(""), GetBuildInfo().changesSha256);
    EXPECT_EQ(changes.has_value(), !GetBuildInfo().changesSha256.empty());
    EXPECT_FALSE(HostName().empty());
    EXPECT_TRUE(GetBuildInfo().commit == "unknown" || GetBuildInfo().commit.size() == 40u);
    // Both texts are in `scenarios`, once each, whatever the number of runs.
    info.run = 2;
    StampRunInfo(info, IdentifyRun(info));
    db.WriteRun(info, RunResults{});
    auto texts = db.Query("SELECT sha256, text FROM scenarios ORDER BY text");
    ASSERT_EQ(texts.size(), 2u);
    for (const auto& t : texts)
    {
        EXPECT_EQ(t[0], Sha256Hex(t[1].value_or("")));
    }
    EXPECT_EQ(
        db.Query("SELECT text FROM scenarios WHERE sha256 = ?1", {id.scenarioSha256}).at(0).at(0),
        ReadFile(s.m_path));
}

TEST(RunIdentity, SweepRerunsOnlyChangedConfigurations)
{
    ScenarioCopy s;
    sipmob::SweepPlan plan(s.m_path, {"wan_links.0.delay_ms=10,20"}, 2, 1);
    ASSERT_TRUE(plan.Resolve().empty());
    ResultsDatabase db(":memory:");
    for (const auto& job : plan.Jobs())
    {
        RunInfo info = job.info;
        StampRunInfo(info, IdentifyRun(info));
        EXPECT_EQ(info.configKey, job.configKey); // what `sipmob run` computes
        db.WriteRun(info, RunResults{});
    }
    EXPECT_TRUE(plan.Pending(db).empty());
    // Editing a value that one parameter overrides changes nothing; another value re-runs all.
    s.Edit("delay_ms: 10", "delay_ms: 15");
    sipmob::SweepPlan same(s.m_path, {"wan_links.0.delay_ms=10,20"}, 2, 1);
    ASSERT_TRUE(same.Resolve().empty());
    EXPECT_TRUE(same.Pending(db).empty());
    s.Edit("duration: 12", "duration: 13");
    sipmob::SweepPlan changed(s.m_path, {"wan_links.0.delay_ms=10,20"}, 2, 1);
    ASSERT_TRUE(changed.Resolve().empty());
    EXPECT_EQ(changed.Pending(db).size(), 4u);
}

TEST(RunIdentity, SweepChecksEveryConfigurationFirst)
{
    ScenarioCopy s;
    sipmob::SweepPlan plan(s.m_path, {"ua.PolInterval=1s,2s", "duration=5,.nan"}, 3, 1);
    const auto problems = plan.Resolve();
    // One line per distinct problem (not one per job: 12 jobs), each naming its --set.
    ASSERT_EQ(problems.size(), 3u) << problems.front();
    for (const auto& p : problems)
    {
        EXPECT_EQ(p.rfind(s.m_path + ": --set ", 0), 0u) << p;
    }
}
