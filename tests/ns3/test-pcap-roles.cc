// SPDX-License-Identifier: GPL-2.0-only
// pcap files are named by role (NETWORK-apN, wan-HERE-THERE, ua-USER-wifi, NETWORK-lan-ROLE), and
// the mobile's RTP keeps one SSRC and continuous sequence numbers across its hand-offs (RFC 3550
// 5.1: the SSRC identifies the source, not its transport address), read back with tshark.
#include "command-output.h"
#include "scenario/scenario-loader.h"
#include "scenario/simulation-runner.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <string>

using namespace ns3;
namespace fs = std::filesystem;

TEST(PcapRoles, FilesAreNamedByRoleAndRtpContinuesAcrossHandoffs)
{
    const fs::path dir =
        fs::temp_directory_path() / ("sipmob-pcap-roles-" + std::to_string(getpid()));
    fs::remove_all(dir);
    TestbedConfig cfg =
        ScenarioLoader::Load(std::string(SIPMOB_SOURCE_DIR) + "/scenarios/seed-testbed.yaml");
    RunOptions opt;
    opt.model = "home-only";
    opt.pcapDir = dir.string();
    SimulationRunner::Run(cfg, opt);
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
    {
        names.insert(e.path().filename().string());
    }
    for (const char* want : {"net1-ap1.pcap", "net2-ap1.pcap", "ua-1001-wifi.pcap",
                             "wan-net1-net2.pcap", "wan-net2-net1.pcap", "wan-net2-net3.pcap",
                             "wan-net3-net2.pcap", "net3-lan-ua-3001.pcap"})
    {
        EXPECT_EQ(names.count(want), 1u) << want;
    }
    const std::regex byNodeId("^(wan|ap|ua)-[0-9]+-[0-9]+\\.pcap$"); // e.g. wan-12-3.pcap
    for (const auto& n : names)
    {
        EXPECT_FALSE(std::regex_match(n, byNodeId)) << n;
    }
    if (sipmobtest::CommandOutput("command -v tshark").empty())
    {
        GTEST_SKIP() << "tshark not installed: RTP continuity not checked";
    }
    // The mobile's stream as the far end (3001, wired on net3) received it.
    const std::string rows = sipmobtest::CommandOutput(
        "tshark -r " + (dir / "net3-lan-ua-3001.pcap").string() +
        " -Y 'rtp && ip.dst == 10.3.0.100' -T fields -e ip.src -e rtp.ssrc -e rtp.seq 2>/dev/null");
    std::istringstream in(rows);
    std::set<std::string> sources;
    std::set<std::string> ssrcs;
    int packets = 0;
    int lastSeq = -1;
    int addressChanges = 0;
    std::string lastSource;
    for (std::string src, ssrc; in >> src >> ssrc;)
    {
        int seq = 0;
        in >> seq;
        ++packets;
        sources.insert(src);
        ssrcs.insert(ssrc);
        if (lastSeq >= 0)
        {
            EXPECT_GT(seq, lastSeq) << "sequence numbers run on across addresses";
            EXPECT_LT(seq - lastSeq, 40) << "a gap is the frames lost in the hand-off, no restart";
        }
        addressChanges += !lastSource.empty() && src != lastSource;
        lastSource = src;
        lastSeq = seq;
    }
    EXPECT_GT(packets, 4000);
    EXPECT_EQ(sources.size(), 2u); // 10.1.100.10 and 10.2.100.10
    EXPECT_EQ(ssrcs.size(), 1u);
    EXPECT_EQ(addressChanges, 2); // net1 -> net2 -> net1
    fs::remove_all(dir);
}
