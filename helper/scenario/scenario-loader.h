// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SCENARIO_LOADER_H
#define SIPMOB_SCENARIO_LOADER_H

#include "testbed/testbed-config.h"

#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/// An invalid scenario: the message names the file, line, key and reason.
class ScenarioError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/**
 * \brief Reads a YAML scenario file into a TestbedConfig, validating everything first.
 *
 * Overrides (`--set KEY=VALUE`) are applied to the YAML tree before validation: a dotted path
 * (`duration`, `wan_links.0.delay_ms`, `networks.1.access_points.0.x`), a key with `::` (an ns-3
 * default, e.g. `ns3::StaWifiMac::MaxMissedBeacons`), or an entity attribute (`ua.PollInterval`,
 * `marshal.RecordRoute`, `dhcp.Collect`, `stack.T1`, ...). The format is documented in
 * scenarios/README.md.
 */
class ScenarioLoader
{
public:
    /**
     * \brief Load and validate a scenario.
     * \param path the YAML file
     * \param overrides KEY=VALUE pairs applied before validation
     * \return the testbed description
     * \throws ScenarioError with "FILE:LINE: KEY: REASON"
     */
    static TestbedConfig Load(
        const std::string& path,
        const std::vector<std::pair<std::string, std::string>>& overrides = {});

    /**
     * \brief Load and validate a scenario, and give its resolved text.
     * \param path the YAML file
     * \param overrides KEY=VALUE pairs applied before validation
     * \param[out] resolved the YAML tree after every override, emitted canonically (comments and
     *             layout of the file do not matter; every value and override does)
     * \return the testbed description
     * \throws ScenarioError with "FILE:LINE: KEY: REASON"
     */
    static TestbedConfig Load(const std::string& path,
                              const std::vector<std::pair<std::string, std::string>>& overrides,
                              std::string* resolved);

    /**
     * \brief Split "KEY=VALUE".
     * \param text the argument
     * \return key and value
     * \throws ScenarioError when there is no '='
     */
    static std::pair<std::string, std::string> SplitOverride(const std::string& text);

    /**
     * \brief The ns-3 TypeId name an `attributes:` kind configures.
     * \param kind "ua", "marshal", "redirect", "gateway", "dhcp", "stack", "dns", ...
     * \return e.g. "ns3::SipUserAgent"
     * \throws ScenarioError when the kind is unknown
     */
    static std::string EntityTypeName(const std::string& kind);

    /// \return every `attributes:` / `--set` kind and the TypeId name it configures
    static const std::map<std::string, std::string>& EntityKinds();
};

} // namespace ns3

#endif
