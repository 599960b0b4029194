// SPDX-License-Identifier: GPL-2.0-only
#include "scenario/run-identity.h"

#include "results/build-info.h"
#include "scenario/scenario-loader.h"

#include <openssl/evp.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace ns3
{

std::string
Sha256Hex(const std::string& data)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    {
        throw std::runtime_error("SHA-256 failed (OpenSSL)");
    }
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i)
    {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xF];
    }
    return out;
}

std::string
ResumeKey(const std::string& resolvedSha256, uint64_t seed, uint64_t run, const BuildInfo& build)
{
    // Every line that decides what a run computes: the configuration, the random streams and the
    // code (sipmob's commit, its uncommitted changes when the tree was dirty, ns-3's version).
    const std::string identity = "sipmob-run 2\nversion " + build.version + "\nns-3 " +
                                 build.ns3Version + "\ncommit " + build.commit + "\ndirty " +
                                 (build.dirty ? "1 " + build.changesSha256 : std::string("0")) +
                                 "\nseed " + std::to_string(seed) + "\nrun " + std::to_string(run) +
                                 "\nresolved " + resolvedSha256 + "\n";
    return "sha256:" + Sha256Hex(identity);
}

RunIdentity
IdentifyRun(const RunInfo& info)
{
    RunIdentity id;
    struct stat st;
    if (stat(info.scenario.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    {
        throw ScenarioError(info.scenario + ": is a directory, not a scenario file");
    }
    std::ifstream in(info.scenario, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in)
    {
        throw ScenarioError(info.scenario + ": cannot read the file");
    }
    id.scenarioText = text.str();
    std::vector<std::pair<std::string, std::string>> overrides(info.params.begin(),
                                                               info.params.end());
    if (!info.model.empty())
    {
        overrides.emplace_back("model", info.model);
    }
    id.config = ScenarioLoader::Load(info.scenario, overrides, &id.resolvedText);
    id.scenarioSha256 = Sha256Hex(id.scenarioText);
    id.resolvedSha256 = Sha256Hex(id.resolvedText);
    id.configKey = ResumeKey(id.resolvedSha256, info.seed, info.run, GetBuildInfo());
    return id;
}

void
StampRunInfo(RunInfo& info, const RunIdentity& id)
{
    const BuildInfo& build = GetBuildInfo();
    info.configKey = id.configKey;
    info.scenarioSha256 = id.scenarioSha256;
    info.scenarioText = id.scenarioText;
    info.resolvedSha256 = id.resolvedSha256;
    info.resolvedText = id.resolvedText;
    info.version = build.version;
    info.commit = build.commit;
    info.dirty = build.dirty;
    info.changesSha256 = build.changesSha256;
    info.ns3Version = build.ns3Version;
    info.host = HostName();
}

std::string
HostName()
{
    char buf[256] = {};
    if (gethostname(buf, sizeof(buf) - 1) != 0)
    {
        return "";
    }
    return buf;
}

} // namespace ns3
