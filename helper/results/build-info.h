// SPDX-License-Identifier: GPL-2.0-only
// What built this sipmob: version, git commit, uncommitted changes, ns-3 version (provenance of
// every run, stored in table `runs`). The definition is generated at build time
// (cmake/build-info.cmake).
#ifndef SIPMOB_BUILD_INFO_H
#define SIPMOB_BUILD_INFO_H

#include <string>

namespace ns3
{

/// Provenance of this build.
struct BuildInfo
{
    std::string version; ///< sipmob version (CMake project version)
    std::string commit;  ///< git commit of the source tree at build time, "unknown" outside git
    bool dirty = true;   ///< the tree had uncommitted changes to tracked files (or unknown)
    /// SHA-256 (hex) of those changes (`git diff --binary HEAD` at build time); "" when clean
    /// or unknown
    std::string changesSha256;
    std::string ns3Version; ///< ns-3 version the build found
};

/// @return this build's provenance
const BuildInfo& GetBuildInfo();

} // namespace ns3

#endif
