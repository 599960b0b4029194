// SPDX-License-Identifier: GPL-2.0-only
// Running a Python script of analysis/ (sipmob plot, sipmob ladder).
#ifndef SIPMOB_TOOLS_ANALYSIS_SCRIPT_H
#define SIPMOB_TOOLS_ANALYSIS_SCRIPT_H

#include <string>
#include <vector>

namespace sipmob::cli
{

/**
 * Finds analysis/NAME: $SIPMOB_SOURCE_DIR/analysis first, then relative to this executable
 * (build/sipmob -> ../analysis, and ../../analysis for nested build directories).
 * @param name file name in analysis/, e.g. "plot_results.py"
 * @return its path, "" when not found
 */
std::string FindAnalysisScript(const std::string& name);

/**
 * Runs `/usr/bin/python3 analysis/NAME ARGS...` and waits for it. The script finds the sipmob
 * module built next to this executable through SIPMOB_BUILD_DIR (set unless already set).
 * @param command the subcommand, for error lines ("sipmob plot")
 * @param name the script's file name in analysis/
 * @param args its arguments
 * @return the script's exit status; 2 when it cannot be found or started (one line on stderr)
 */
int RunAnalysisScript(const std::string& command, const std::string& name,
                      const std::vector<std::string>& args);

} // namespace sipmob::cli

#endif
