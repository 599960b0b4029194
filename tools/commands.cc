// SPDX-License-Identifier: GPL-2.0-only
#include "commands.h"

namespace sipmob::cli
{

// Each cmd-*.cc defines its registration function.
void RegisterParseCommand(CLI::App& app);

std::vector<Registration>
AllCommands()
{
    return {RegisterParseCommand};
}

namespace
{
int g_exitStatus = 0;
}

void
SetExitStatus(int status)
{
    g_exitStatus = status;
}

int
ExitStatus()
{
    return g_exitStatus;
}

} // namespace sipmob::cli
