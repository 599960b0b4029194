// SPDX-License-Identifier: GPL-2.0-only
#include "cli/commands.h"

namespace sipmob::cli
{

// Each cmd-*.cc defines its registration function.
void RegisterParseCommand(CLI::App& app);

void RegisterRunCommand(CLI::App& app);
void RegisterSweepCommand(CLI::App& app);
void RegisterReportCommand(CLI::App& app);
void RegisterPlotCommand(CLI::App& app);
void RegisterLadderCommand(CLI::App& app);
void RegisterSchemaCommand(CLI::App& app);
void RegisterDbCommand(CLI::App& app);
void RegisterAttributesCommand(CLI::App& app);

std::vector<Registration>
AllCommands()
{
    return {RegisterRunCommand,    RegisterSweepCommand,      RegisterReportCommand,
            RegisterPlotCommand,   RegisterLadderCommand,     RegisterDbCommand,
            RegisterSchemaCommand, RegisterAttributesCommand, RegisterParseCommand};
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
