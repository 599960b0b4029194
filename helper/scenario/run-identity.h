// SPDX-License-Identifier: GPL-2.0-only
// The identity of a run: the resolved configuration and its hash, the resume key of `sipmob run`,
// `sipmob sweep` and any other executor (doc/results-schema.md, "Identity and provenance").
#ifndef SIPMOB_RUN_IDENTITY_H
#define SIPMOB_RUN_IDENTITY_H

#include "results/build-info.h"
#include "results/results-schema.h"
#include "testbed/testbed-config.h"

#include <cstdint>
#include <string>

namespace ns3
{

/// A run's configuration, validated and resolved.
struct RunIdentity
{
    TestbedConfig config;       ///< the validated testbed (every override applied)
    std::string scenarioText;   ///< the scenario file as read
    std::string resolvedText;   ///< the YAML tree after every override (and the model), canonical
    std::string scenarioSha256; ///< SHA-256 of scenarioText (the file's version), hex
    std::string resolvedSha256; ///< SHA-256 of resolvedText, hex
    /// resume key: "sha256:" + SHA-256 of the resolved text's hash, seed, run and the build
    /// (version, commit, dirty flag and changes, ns-3 version): see ResumeKey
    std::string configKey;
};

/**
 * The resume key of a run: "sha256:" + SHA-256 of a text naming the resolved configuration
 * (its SHA-256), the seed, the run and the build that computes it: sipmob version, git commit,
 * dirty flag and, for a dirty tree, the SHA-256 of its uncommitted changes to tracked files, and
 * the ns-3 version. A new commit, or a different uncommitted edit, gives every run a new key, so
 * `sipmob sweep` runs it again (doc/results-schema.md, "Identity and provenance").
 * @param resolvedSha256 RunIdentity::resolvedSha256
 * @param seed RngSeed
 * @param run RngRun
 * @param build the build (GetBuildInfo() for this one)
 * @return "sha256:" + 64 hex digits
 */
std::string ResumeKey(const std::string& resolvedSha256, uint64_t seed, uint64_t run,
                      const BuildInfo& build);

/**
 * Loads and validates the scenario of @p info with its overrides and model (the model as the
 * override `model=M`, so an unknown model is refused like any bad value), and computes the
 * resume key (ResumeKey) from the resolved configuration, the seed, the run and this build. Editing
 * the file's values (not its comments or layout) or any override changes the key.
 * @param info scenario path, model ("" = the scenario's), params, seed, run
 * @return the identity
 * @throws ScenarioError ("FILE:LINE: KEY: REASON") for an invalid scenario, override or model
 */
RunIdentity IdentifyRun(const RunInfo& info);

/// Copies the identity and this build's provenance (commit, ns-3 version, host) into @p info.
void StampRunInfo(RunInfo& info, const RunIdentity& id);

/// @return the host name of this machine ("" when unknown)
std::string HostName();

/// @return the SHA-256 of @p data as 64 lowercase hex digits (OpenSSL)
std::string Sha256Hex(const std::string& data);

} // namespace ns3

#endif
