// SPDX-License-Identifier: GPL-2.0-only
// `sipmob schema`: print the results schema, or check / rewrite the checked-in copies of it
// (analysis/sipmob_schema.py, doc/results-schema.md) from helper/results/results-schema.cc.
#include "cli/commands.h"
#include "results/results-schema.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace sipmob::cli
{

namespace
{

/// What `sipmob schema` was asked to do.
struct SchemaOptions
{
    bool markdown = false; ///< print the Markdown tables instead of the DDL
    std::string checkDir;  ///< source directory to check ("" = none)
    std::string writeDir;  ///< source directory to rewrite ("" = none)
};

/// Checks or rewrites the generated blocks; @return exit status
int
Sync(const std::string& dir, bool write)
{
    try
    {
        const auto stale = ns3::SyncSchemaFiles(dir, write);
        for (const auto& line : stale)
        {
            std::cerr << line << (write ? " (rewritten)" : "") << "\n";
        }
        if (!write && !stale.empty())
        {
            std::cerr << "sipmob schema: run `sipmob schema --write " << dir << "`\n";
            return 1;
        }
        return 0;
    }
    catch (const std::exception& e)
    {
        std::cerr << "sipmob schema: " << e.what() << "\n";
        return 1;
    }
}

} // namespace

void
RegisterSchemaCommand(CLI::App& app)
{
    auto opts = std::make_shared<SchemaOptions>();
    auto* cmd = app.add_subcommand(
        "schema", "Print the results database schema, or check/rewrite its checked-in copies");
    cmd->add_flag("--markdown", opts->markdown, "print the column tables as Markdown");
    cmd->add_option("--check", opts->checkDir,
                    "source directory: exit 1 when analysis/sipmob_schema.py or "
                    "doc/results-schema.md differ from the schema");
    cmd->add_option("--write", opts->writeDir,
                    "source directory: rewrite the generated blocks of those files");
    cmd->callback(
        [opts]()
        {
            if (!opts->writeDir.empty())
            {
                SetExitStatus(Sync(opts->writeDir, true));
            }
            else if (!opts->checkDir.empty())
            {
                SetExitStatus(Sync(opts->checkDir, false));
            }
            else if (opts->markdown)
            {
                for (const auto& t : ns3::ResultsTables())
                {
                    std::cout << "## " << t.name << "\n\n";
                    for (const auto& b : ns3::SchemaGeneratedBlocks())
                    {
                        if (b.name == t.name && b.file.find(".md") != std::string::npos)
                        {
                            std::cout << b.content << "\n";
                        }
                    }
                }
            }
            else
            {
                std::cout << ns3::SchemaDdl();
            }
        });
}

} // namespace sipmob::cli
