// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_TOOLS_COMMANDS_H
#define SIPMOB_TOOLS_COMMANDS_H

#include <functional>
#include <vector>

namespace CLI
{
class App;
}

namespace sipmob::cli
{

/// Adds one subcommand (options and callback) to the application.
using Registration = std::function<void(CLI::App&)>;

/// Every subcommand of build/sipmob, in the order --help lists them.
std::vector<Registration> AllCommands();

/// Records the exit status a subcommand's callback wants main() to return.
void SetExitStatus(int status);

/// The exit status set by the subcommand that ran (0 by default).
int ExitStatus();

} // namespace sipmob::cli

#endif
