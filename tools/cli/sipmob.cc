// SPDX-License-Identifier: GPL-2.0-only
// build/sipmob: the project's command-line tool. Each subcommand lives in its own cmd-*.cc file.
#include "cli/commands.h"

#include <CLI/CLI.hpp>

int
main(int argc, char** argv)
{
    CLI::App app{"sipmob: a SIP mobility testbed on ns-3"};
    app.require_subcommand(1);
    app.set_help_all_flag("--help-all", "Help for every subcommand");
    for (const auto& reg : sipmob::cli::AllCommands())
    {
        reg(app);
    }
    try
    {
        app.parse(argc, argv);
    }
    catch (const CLI::ParseError& e)
    {
        return app.exit(e);
    }
    return sipmob::cli::ExitStatus();
}
