// SPDX-License-Identifier: GPL-2.0-only
// sipmob ladder: a sequence (ladder) diagram of the SIP messages of one run, drawn by
// analysis/ladder.py from table sip_messages (`sipmob run --trace-sip`).
#include "cli/analysis-script.h"
#include "cli/commands.h"
#include "cli/read-only-results.h"

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

namespace sipmob::cli
{

namespace
{

/// What `sipmob ladder` was asked for.
struct LadderArgs
{
    std::string db;
    std::string out;
    int64_t run = 0;
    int64_t handoff = -1;
    std::string call;
    double from = -1;
    double to = -1;
};

void
RunLadder(const LadderArgs& a)
{
    std::vector<std::string> argv = {a.db, "--run", std::to_string(a.run), "--out", a.out};
    if (a.handoff >= 0)
    {
        argv.insert(argv.end(), {"--handoff", std::to_string(a.handoff)});
    }
    if (!a.call.empty())
    {
        argv.insert(argv.end(), {"--call", a.call});
    }
    if (a.from >= 0)
    {
        argv.insert(argv.end(), {"--from", std::to_string(a.from)});
    }
    if (a.to >= 0)
    {
        argv.insert(argv.end(), {"--to", std::to_string(a.to)});
    }
    if (!CheckResultsFile("sipmob ladder", a.db))
    {
        SetExitStatus(2);
        return;
    }
    SetExitStatus(RunAnalysisScript("sipmob ladder", "ladder.py", argv));
}

} // namespace

void
RegisterLadderCommand(CLI::App& app)
{
    auto args = std::make_shared<LadderArgs>();
    CLI::App* sub = app.add_subcommand(
        "ladder",
        "Draw a ladder (sequence) diagram of one run's SIP messages, recorded with `sipmob run "
        "--trace-sip --db FILE`: one lifeline per entity named by role, the hand-off's "
        "components as spans, the last and first RTP packet around the gap (needs "
        "python3-matplotlib)");
    sub->add_option("file", args->db, "Results database")->required(); // checked: CheckResultsFile
    sub->add_option("--run", args->run, "runs.run_id of the run")->required();
    auto* handoff =
        sub->add_option("--handoff", args->handoff,
                        "Draw hand-off SEQ (handoffs.seq): link lost to the last of media resumed "
                        "and re-INVITE answered, with its components")
            ->check(CLI::NonNegativeNumber);
    auto* call = sub->add_option("--call", args->call, "Draw every message of this Call-ID");
    auto* from = sub->add_option("--from", args->from, "Window start (simulated s)")
                     ->check(CLI::NonNegativeNumber);
    auto* to = sub->add_option("--to", args->to, "Window end (simulated s)")
                   ->check(CLI::NonNegativeNumber);
    handoff->excludes(call);
    from->excludes(handoff)->excludes(call);
    to->excludes(handoff)->excludes(call);
    sub->add_option("--out", args->out,
                    "Figure, .svg, .png or .pdf; the arrows drawn also go to FILE.csv")
        ->required();
    sub->callback([args] { RunLadder(*args); });
}

} // namespace sipmob::cli
