// SPDX-License-Identifier: GPL-2.0-only
// Interoperability: the SIP and RTP the testbed puts on the wire decode in Wireshark (tshark) with
// no malformed packet and no expert error. Runs a cross-network call with pcap into a temp dir.
#include "command-output.h"
#include "scenario/simulation-runner.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
namespace fs = std::filesystem;

namespace
{

/// What tshark made of one pcap file.
struct Decoded
{
    int sipPortFrames = 0; ///< UDP frames to or from a SIP port
    int sip = 0;           ///< frames dissected as SIP
    int sipFirstLine = 0;  ///< SIP frames with a Method or a Status-Code
    int rtpPortFrames = 0; ///< UDP frames to or from the media port
    int rtp = 0;           ///< frames dissected as RTP
    int rtpPcmu = 0;       ///< RTP frames with payload type 0
    int malformed = 0;     ///< frames with a malformed-packet item
    int expertErrors = 0;  ///< frames with an expert item of error severity
};

/// Splits a line on '|'.
std::vector<std::string>
Fields(const std::string& line)
{
    std::vector<std::string> f;
    size_t start = 0;
    for (size_t bar; (bar = line.find('|', start)) != std::string::npos; start = bar + 1)
    {
        f.push_back(line.substr(start, bar - start));
    }
    f.push_back(line.substr(start));
    return f;
}

/// Runs tshark once on a file, SIP forced on the gateway and redirect ports and RTP on the media
/// port, and classifies every frame.
Decoded
Decode(const std::string& file)
{
    std::string cmd = "tshark -n -r '" + file +
                      "' -d udp.port==5065,sip -d udp.port==5066,sip -d udp.port==5070,sip "
                      "-d udp.port==16384,rtp -T fields -E separator='|' -e frame.protocols "
                      "-e udp.srcport -e udp.dstport -e _ws.expert.severity -e sip.Method "
                      "-e sip.Status-Code -e rtp.p_type 2>/dev/null";
    std::string out = sipmobtest::CommandOutput(cmd);
    const std::set<std::string> sipPorts = {"5060", "5065", "5066", "5070"};
    Decoded d;
    size_t start = 0;
    for (size_t nl; (nl = out.find('\n', start)) != std::string::npos; start = nl + 1)
    {
        auto f = Fields(out.substr(start, nl - start));
        if (f.size() < 7)
        {
            continue;
        }
        const std::string& protocols = f[0];
        auto has = [&protocols](const std::string& p)
        { return (":" + protocols + ":").find(":" + p + ":") != std::string::npos; };
        bool udp = has("udp");
        d.sipPortFrames += udp && (sipPorts.count(f[1]) || sipPorts.count(f[2])) ? 1 : 0;
        d.rtpPortFrames += udp && (f[1] == "16384" || f[2] == "16384") ? 1 : 0;
        d.sip += has("sip") ? 1 : 0;
        d.sipFirstLine += has("sip") && (!f[4].empty() || !f[5].empty()) ? 1 : 0;
        d.rtp += has("rtp") ? 1 : 0;
        d.rtpPcmu += has("rtp") && f[6] == "0" ? 1 : 0;
        d.malformed += has("_ws.malformed") ? 1 : 0;
        // Severity values (PI_ERROR = 0x00800000); a frame may carry several, comma-separated.
        std::stringstream sev(f[3]);
        bool error = false;
        for (std::string v; std::getline(sev, v, ',');)
        {
            error = error || (!v.empty() && std::stoul(v, nullptr, 0) >= 0x00800000);
        }
        d.expertErrors += error ? 1 : 0;
    }
    return d;
}

TestbedConfig
TwoNetworks(const std::string& pcapDir)
{
    TestbedConfig cfg;
    cfg.name = "interop";
    cfg.duration = 8;
    cfg.pcapDir = pcapDir;
    for (int n = 1; n <= 2; ++n)
    {
        NetworkConfig net;
        net.name = "net" + std::to_string(n);
        net.domain = net.name + ".example.org";
        net.prefix = "10." + std::to_string(n) + ".0.0";
        net.subscribers = {{std::to_string(n * 1000 + 1), ""}};
        int peer = 3 - n;
        net.dialPlan = {{std::to_string(peer) + "xxx", "net" + std::to_string(peer)}};
        cfg.networks.push_back(net);
    }
    cfg.wanLinks = {{"net1", "net2", 10, "10Mbps", 5065, 5066}};
    UaConfig a;
    a.user = "1001";
    a.network = "net1";
    a.calls = {{3, "2001", 2}};
    UaConfig b;
    b.user = "2001";
    b.network = "net2";
    cfg.uas = {a, b};
    return cfg;
}

} // namespace

TEST(InteropTshark, SipAndRtpDecodeCleanly)
{
    if (std::system("tshark --version >/dev/null 2>&1") != 0)
    {
        GTEST_SKIP() << "tshark is not installed (apt-get install tshark)";
    }
    fs::path dir = fs::temp_directory_path() / ("sipmob-interop-" + std::to_string(getpid()));
    fs::create_directories(dir);
    RunOptions opt;
    RunOutput out = SimulationRunner::Run(TwoNetworks(dir.string()), opt);
    ASSERT_EQ(out.results.calls.size(), 2u);
    EXPECT_EQ(out.results.calls[0].finalStatus, 200);

    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
    {
        if (e.path().extension() == ".pcap")
        {
            files.push_back(e.path());
        }
    }
    ASSERT_FALSE(files.empty());
    int totalSip = 0;
    int totalRtp = 0;
    int wanSip = 0;
    for (const auto& f : files)
    {
        SCOPED_TRACE(f.filename().string());
        Decoded d = Decode(f.string());
        EXPECT_EQ(d.sip, d.sipPortFrames);
        EXPECT_EQ(d.sipFirstLine, d.sip);
        EXPECT_EQ(d.malformed, 0);
        EXPECT_EQ(d.expertErrors, 0);
        EXPECT_EQ(d.rtp, d.rtpPortFrames);
        EXPECT_EQ(d.rtpPcmu, d.rtp);
        totalSip += d.sip;
        totalRtp += d.rtp;
        if (f.filename().string().rfind("wan", 0) == 0)
        {
            wanSip += d.sip;
        }
    }
    // The call crossed the WAN, and 2 s of talk at 50 packets/s each way were captured.
    EXPECT_GT(wanSip, 0);
    EXPECT_GT(totalSip, 20);
    EXPECT_GE(totalRtp, 200);
    fs::remove_all(dir);
}
