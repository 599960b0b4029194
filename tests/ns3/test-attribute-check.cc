// SPDX-License-Identifier: GPL-2.0-only
// Bad ns-3 attribute values (issue 12, bad input): every value under `defaults:` or `--set` is
// checked before the simulation starts, without one of ns-3.37's parsers aborting the process
// (numbers with trailing text, times, object factories, MAC addresses, Wi-Fi modes, vectors ...),
// and a scenario file's bad value is reported as FILE:LINE: KEY: reason.
#include "scenario/attribute-check.h"
#include "scenario/scenario-loader.h"

#include "ns3/core-module.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace ns3;

namespace
{

/// @return the problem ns-3 would have with VALUE for TYPE::ATTR (the attribute must exist)
std::string
Problem(const std::string& type, const std::string& attr, const std::string& value)
{
    TypeId tid = TypeId::LookupByName(type);
    TypeId::AttributeInformation info;
    EXPECT_TRUE(tid.LookupAttributeByName(attr, &info)) << type << "::" << attr;
    return AttributeValueProblem(info, value);
}

/// Expects @p value to be refused with a reason containing @p reason.
void
ExpectRefused(const std::string& type, const std::string& attr, const std::string& value,
              const std::string& reason)
{
    const std::string problem = Problem(type, attr, value);
    EXPECT_NE(problem.find(reason), std::string::npos)
        << type << "::" << attr << " = '" << value << "': got '" << problem << "'";
}

} // namespace

// The process survives each of these: in ns-3.37 every one of them aborts inside the parser
// (NS_ABORT_MSG "Attribute value ... is not properly formatted", "Can't Parse Time", a fatal
// error in ObjectFactory or WifiModeFactory, or a null dereference in PointerValue).
TEST(AttributeCheck, ValuesThatAbortInsideNs3AreRefusedWithAReason)
{
    ExpectRefused("ns3::RoamingStaWifiMac", "MaxMissedBeacons", "soon", "not a whole number");
    ExpectRefused("ns3::RoamingStaWifiMac", "MaxMissedBeacons", "3 ", "not a whole number");
    ExpectRefused("ns3::RoamingStaWifiMac", "MaxMissedBeacons", "1e999", "not a whole number");
    ExpectRefused("ns3::RoamingStaWifiMac", "MaxMissedBeacons", "-1", "must not be negative");
    ExpectRefused("ns3::RandomVariableStream", "Stream", "1.5", "not a whole number");
    ExpectRefused("ns3::WifiPhy", "RxNoiseFigure", "nan", "not a finite number");
    ExpectRefused("ns3::WifiPhy", "RxNoiseFigure", "inf", "not a finite number");
    ExpectRefused("ns3::WifiPhy", "RxNoiseFigure", "1e999", "not a finite number");
    ExpectRefused("ns3::WifiPhy", "RxNoiseFigure", "7dB", "not a finite number");
    ExpectRefused("ns3::SipUserAgent", "PollInterval", "soon", "not a time");
    ExpectRefused("ns3::SipUserAgent", "PollInterval", "1 fortnight", "not a time");
    ExpectRefused("ns3::YansWifiChannel", "PropagationDelayModel", "ns3::Nope", "unknown type");
    ExpectRefused("ns3::YansWifiChannel", "PropagationDelayModel", "soon", "unknown type");
    ExpectRefused("ns3::YansWifiChannel", "PropagationDelayModel",
                  "ns3::ConstantSpeedPropagationDelayModel[Speed=fast]",
                  "ns3::ConstantSpeedPropagationDelayModel::Speed 'fast': not a finite number");
    ExpectRefused("ns3::YansWifiChannel", "PropagationDelayModel",
                  "ns3::ConstantSpeedPropagationDelayModel[Sped=1]", "has no attribute 'Sped'");
    ExpectRefused("ns3::YansWifiChannel", "PropagationDelayModel",
                  "ns3::ConstantSpeedPropagationDelayModel[Speed=1", "unbalanced brackets");
    ExpectRefused("ns3::YansWifiChannel", "PropagationDelayModel", "ns3::UniformRandomVariable",
                  "is not a ns3::PropagationDelayModel");
    ExpectRefused("ns3::YansWifiChannel", "PropagationDelayModel", "ns3::PropagationDelayModel",
                  "cannot be created");
    ExpectRefused("ns3::SequentialRandomVariable", "Increment",
                  "ns3::ConstantRandomVariable[Constant=x]", "not a finite number");
    ExpectRefused("ns3::CsmaNetDevice", "Address", "zz:zz", "not a MAC address");
    // No hand check: parsed in a child process, whose abort is the refusal.
    ExpectRefused("ns3::WifiRemoteStationManager", "NonUnicastMode", "Dsss",
                  "not accepted by ns-3's WifiModeValue parser");
    ExpectRefused("ns3::MobilityModel", "Position", "1:2", "not accepted by ns-3's Vector3DValue");
}

// Values ns-3 parses without aborting but refuses (or would take silently as garbage).
TEST(AttributeCheck, CheckerRefusalsAndRangesAreReported)
{
    ExpectRefused("ns3::RoamingStaWifiMac", "MaxMissedBeacons", "0",
                  "not accepted by the attribute's checker (expected uint32_t 1:4294967295)");
    ExpectRefused("ns3::RoamingStaWifiMac", "LinkProbes", "11", "uint32_t 0:10");
    ExpectRefused("ns3::RealtimeSimulatorImpl", "SynchronizationMode", "Nope",
                  "(expected BestEffort|HardLimit)");
    ExpectRefused("ns3::CsmaChannel", "DataRate", "fast",
                  "not accepted by the attribute's checker");
    ExpectRefused("ns3::DhcpServer", "PoolAddresses", "soon", "not a dotted-quad IPv4 address");
    ExpectRefused("ns3::DhcpServer", "PoolMask", "/33", "not a mask");
}

TEST(AttributeCheck, ValidValuesOfEveryCheckedTypeAreAccepted)
{
    const std::vector<std::tuple<std::string, std::string, std::string>> ok = {
        {"ns3::RoamingStaWifiMac", "MaxMissedBeacons", "10"},
        {"ns3::RandomVariableStream", "Stream", "-1"},
        {"ns3::WifiPhy", "RxNoiseFigure", "7.5"},
        {"ns3::WifiPhy", "RxNoiseFigure", "1e1"},
        {"ns3::SipUserAgent", "PollInterval", "500ms"},
        {"ns3::YansWifiChannel", "PropagationDelayModel",
         "ns3::ConstantSpeedPropagationDelayModel[Speed=2e8]"},
        {"ns3::YansWifiChannel", "PropagationDelayModel", "ns3::RandomPropagationDelayModel"},
        {"ns3::SequentialRandomVariable", "Increment", "ns3::ConstantRandomVariable[Constant=2]"},
        {"ns3::CsmaNetDevice", "Address", "00:00:00:00:00:0a"},
        {"ns3::WifiRemoteStationManager", "NonUnicastMode", "DsssRate1Mbps"},
        {"ns3::MobilityModel", "Position", "1:2:3"},
        {"ns3::RealtimeSimulatorImpl", "SynchronizationMode", "HardLimit"},
        {"ns3::CsmaChannel", "DataRate", "100Mbps"},
        {"ns3::DhcpServer", "PoolAddresses", "10.0.0.0"},
        {"ns3::DhcpServer", "PoolMask", "/24"},
        {"ns3::DhcpServer", "PoolMask", "255.255.255.0"},
    };
    for (const auto& [type, attr, value] : ok)
    {
        EXPECT_EQ(Problem(type, attr, value), "") << type << "::" << attr << " = " << value;
    }
}

// Through the scenario loader: a bad `defaults:` entry in a file names the file, line and key;
// through an override, the --set.
TEST(AttributeCheck, ScenarioErrorsNameFileLineAndKey)
{
    char tmpl[] = "/tmp/sipmob-attr-XXXXXX.yaml";
    const int fd = mkstemps(tmpl, 5);
    ASSERT_GE(fd, 0);
    close(fd);
    std::ifstream in(std::string(SIPMOB_SOURCE_DIR) + "/tests/python/data/two-static.yaml");
    std::stringstream text;
    text << in.rdbuf();
    const std::string base = text.str();
    const int lines = static_cast<int>(std::count(base.begin(), base.end(), '\n'));
    std::ofstream(tmpl) << base << "defaults:\n  ns3::WifiPhy::RxNoiseFigure: 7\n"
                        << "  ns3::WifiPhy::RxGain: nan\n";
    try
    {
        ScenarioLoader::Load(tmpl);
        ADD_FAILURE() << "accepted";
    }
    catch (const ScenarioError& e)
    {
        EXPECT_EQ(std::string(e.what()),
                  std::string(tmpl) + ":" + std::to_string(lines + 3) +
                      ": defaults.ns3::WifiPhy::RxGain: 'nan' is not a valid value for "
                      "ns3::WifiPhy::RxGain: not a finite number");
    }
    std::ofstream(tmpl) << base;
    try
    {
        ScenarioLoader::Load(tmpl, {{"ns3::WifiPhy::ChannelWidth", "20MHz"}});
        ADD_FAILURE() << "accepted";
    }
    catch (const ScenarioError& e)
    {
        EXPECT_NE(std::string(e.what()).find("--set ns3::WifiPhy::ChannelWidth=20MHz: "
                                             "defaults.ns3::WifiPhy::ChannelWidth: '20MHz' is not "
                                             "a valid value"),
                  std::string::npos)
            << e.what();
    }
    std::remove(tmpl);
}
