// SPDX-License-Identifier: GPL-2.0-only
// The column tables below are the single source of the results schema (results-schema.h).
#include "results/results-schema.h"

#include <fstream>
#include <map>
#include <sstream>

namespace ns3
{

namespace
{

/// A runs column computed from RunInfo by @p get (read-only: runs are written, never set).
RecordColumn<RunInfo>
RunColumn(const char* name, ColumnType type, const char* unit, const char* doc,
          const char* constraint, std::function<Cell(const RunInfo&)> get)
{
    return RecordColumn<RunInfo>{
        ColumnSpec{name, type, unit, doc, constraint, false}, std::move(get), {}};
}

/// @return the text, NULL when empty
Cell
OptionalText(const std::string& s)
{
    return s.empty() ? Cell{} : Cell(s);
}

/// @return the key columns that start every record table
std::vector<ColumnSpec>
RecordKeyColumns()
{
    return {{"run_id", ColumnType::Integer, "", "the run (runs.run_id)",
             "NOT NULL REFERENCES runs(run_id)", false},
            {"seq", ColumnType::Integer, "", "order of the record within the run (0, 1, ...)",
             "NOT NULL", false}};
}

/// @return a record table: keys, then the record's columns, primary key (run_id, seq)
template <class R>
TableSpec
RecordTable(const char* name, const char* doc, const RecordColumns<R>& columns)
{
    TableSpec table{name, doc, RecordKeyColumns(), "PRIMARY KEY (run_id, seq)"};
    for (const auto& c : columns)
    {
        table.columns.push_back(c.spec);
    }
    return table;
}

/// Escapes a text for a Markdown table cell.
std::string
MarkdownCell(const std::string& s)
{
    std::string out;
    for (char c : s)
    {
        out += (c == '|') ? std::string("\\|") : std::string(1, c);
    }
    return out;
}

/// @return the column table of @p table as Markdown
std::string
MarkdownTable(const TableSpec& table)
{
    std::ostringstream out;
    out << "| column | type | unit | meaning |\n| --- | --- | --- | --- |\n";
    for (const auto& c : table.columns)
    {
        std::string type = SqlType(c.type);
        if (c.type == ColumnType::Boolean)
        {
            type += " (0/1)";
        }
        out << "| `" << c.name << "` | " << type << " | " << MarkdownCell(c.unit) << " | "
            << MarkdownCell(c.doc) << (c.derived ? " (derived)" : "") << " |\n";
    }
    return out.str();
}

/// @return the generated part of analysis/sipmob_schema.py
std::string
PythonBlock()
{
    std::ostringstream out;
    out << "SCHEMA_SQL = \"\"\"" << SchemaDdl() << "\"\"\"\n\n";
    out << "TABLES = {\n";
    for (const auto& t : ResultsTables())
    {
        out << "    \"" << t.name << "\": (";
        for (const auto& c : t.columns)
        {
            out << "\"" << c.name << "\", ";
        }
        out << "),\n";
    }
    out << "}\n\"\"\"Column names of every table, in order.\"\"\"\n\n";
    out << "UNITS = {\n";
    for (const auto& t : ResultsTables())
    {
        for (const auto& c : t.columns)
        {
            if (!c.unit.empty())
            {
                out << "    (\"" << t.name << "\", \"" << c.name << "\"): \"" << c.unit << "\",\n";
            }
        }
    }
    out << "}\n\"\"\"Unit of every column that has one, keyed by (table, column).\"\"\"\n";
    return out.str();
}

} // namespace

const RecordColumns<RunInfo>&
RunColumns()
{
    using T = ColumnType;
    static const RecordColumns<RunInfo> columns = {
        RunColumn("scenario", T::Text, "", "scenario file as given on the command line", "NOT NULL",
                  [](const RunInfo& i) { return Cell(i.scenario); }),
        RunColumn("model", T::Text, "",
                  "registration model the run used (`home-only`, `outbound-proxy`: `--model`, "
                  "else the scenario's; empty in files written before 2026-12-01, which report "
                  "and load_results resolve from the run's resolved scenario)",
                  "NOT NULL", [](const RunInfo& i) { return Cell(i.model); }),
        RunColumn("seed", T::Integer, "", "ns-3 RngSeed", "NOT NULL",
                  [](const RunInfo& i) { return Cell(int64_t{i.seed}); }),
        RunColumn("run", T::Integer, "", "ns-3 RngRun", "NOT NULL",
                  [](const RunInfo& i) { return Cell(int64_t{i.run}); }),
        RunColumn("status", T::Text, "",
                  "`ok`, `failed`, `timeout`, `running` (started, not finished)",
                  "NOT NULL CHECK (status IN ('ok', 'failed', 'timeout', 'running'))",
                  [](const RunInfo& i) { return Cell(i.status); }),
        RunColumn("error", T::Text, "",
                  "why it failed: `exit status N: <stderr tail>`, `timed out after X s "
                  "(killed)`, ...; NULL when ok",
                  "", [](const RunInfo& i) { return i.error.empty() ? Cell{} : Cell(i.error); }),
        RunColumn("wall_time_s", T::Real, "s (wall clock)", "wall-clock duration", "",
                  [](const RunInfo& i) { return Cell(i.wallTimeS); }),
        RunColumn("sim_time_s", T::Real, "s", "simulated duration", "",
                  [](const RunInfo& i) { return Cell(i.simTimeS); }),
        RunColumn("started_at", T::Text, "", "ISO 8601 UTC wall clock (`2024-05-01T12:00:00Z`)", "",
                  [](const RunInfo& i) { return Cell(i.startedAt); }),
        RunColumn("version", T::Text, "", "sipmob version", "",
                  [](const RunInfo& i) { return Cell(i.version); }),
        RunColumn("config_key", T::Text, "",
                  "resume key: identity of the resolved configuration, seed, run and the "
                  "sipmob build (version, commit, uncommitted changes; see below); writing a run "
                  "with an existing key replaces it",
                  "NOT NULL UNIQUE", [](const RunInfo& i) { return Cell(i.configKey); }),
        RunColumn("scenario_sha256", T::Text, "",
                  "SHA-256 of the scenario file as read (its version; text in `scenarios`)", "",
                  [](const RunInfo& i) { return OptionalText(i.scenarioSha256); }),
        RunColumn("resolved_sha256", T::Text, "",
                  "SHA-256 of the resolved scenario, after every override and the model (text "
                  "in `scenarios`)",
                  "", [](const RunInfo& i) { return OptionalText(i.resolvedSha256); }),
        RunColumn("sipmob_commit", T::Text, "", "git commit sipmob was built from", "",
                  [](const RunInfo& i) { return OptionalText(i.commit); }),
        RunColumn("sipmob_dirty", T::Boolean, "",
                  "1 when the sipmob tree had uncommitted changes at build time", "",
                  [](const RunInfo& i)
                  { return i.commit.empty() ? Cell{} : Cell(int64_t{i.dirty ? 1 : 0}); }),
        RunColumn("sipmob_changes_sha256", T::Text, "",
                  "SHA-256 of the uncommitted changes to tracked files (`git diff --binary "
                  "HEAD` at build time); NULL when the tree was clean",
                  "", [](const RunInfo& i) { return OptionalText(i.changesSha256); }),
        RunColumn("ns3_version", T::Text, "", "ns-3 version sipmob was built against", "",
                  [](const RunInfo& i) { return OptionalText(i.ns3Version); }),
        RunColumn("host", T::Text, "", "host name of the machine that ran it", "",
                  [](const RunInfo& i) { return OptionalText(i.host); }),
    };
    return columns;
}

const RecordColumns<sipmob::HandoffRecord>&
HandoffColumns()
{
    using H = sipmob::HandoffRecord;
    static const RecordColumns<H> columns = {
        Field("ua", &H::ua, "", "AoR of the moving user agent"),
        Field("from_network", &H::fromNetwork, "", "domain of the network left"),
        Field("to_network", &H::toNetwork, "", "domain of the network entered"),
        Field("old_address", &H::oldAddress, "", "IPv4 address before the move"),
        Field("new_address", &H::newAddress, "", "IPv4 address after the move"),
        Field("kind", &H::kind, "",
              "link event: `handoff` (an AP of another network), `reassociation` (same "
              "network), `coverage-loss` (no new association before the next loss or the end)"),
        Field("t_link_lost", &H::tLinkLost, "s", "disassociation / beacon loss"),
        Field("t_associated", &H::tAssociated, "s", "associated with the new AP"),
        Field("t_lease", &H::tLease, "s", "new lease bound, address configured"),
        Field("t_detected", &H::tDetected, "s", "the UA noticed the new address"),
        Field("t_register_sent", &H::tRegisterSent, "s", "first REGISTER after the move sent"),
        Field("t_register_ok", &H::tRegisterOk, "s", "its final 2xx received"),
        Field("t_reinvite_sent", &H::tReinviteSent, "s", "re-INVITE sent (first active call)"),
        Field("t_reinvite_ok", &H::tReinviteOk, "s", "its 2xx received"),
        Field("t_last_media_down", &H::tLastMediaDown, "s",
              "last media packet received at the old address"),
        Field("t_last_media_up", &H::tLastMediaUp, "s",
              "last media packet from the old address seen by the peer"),
        Field("t_media_down", &H::tMediaDown, "s",
              "first media packet received at the new address"),
        Field("t_media_up", &H::tMediaUp, "s",
              "first media packet from the new address seen by the peer"),
        Derived("l2_ms", &H::L2Ms, "ms", "t_link_lost -> t_associated"),
        Derived("dhcp_ms", &H::DhcpMs, "ms", "t_associated -> t_lease"),
        Derived("detection_ms", &H::DetectionMs, "ms", "t_lease -> t_detected"),
        Derived("registration_ms", &H::RegistrationMs, "ms", "t_register_sent -> t_register_ok"),
        Derived("reinvite_ms", &H::ReinviteMs, "ms", "t_reinvite_sent -> t_reinvite_ok"),
        Derived("media_gap_down_ms", &H::MediaGapDownMs, "ms", "t_last_media_down -> t_media_down"),
        Derived("media_gap_up_ms", &H::MediaGapUpMs, "ms", "t_last_media_up -> t_media_up"),
        Derived("total_ms", &H::TotalMs, "ms",
                "t_link_lost -> t_media_down; for a completed (or setup-stranded) hand-off set "
                "exactly when every term of l2 + dhcp + detection + discovery + registration + "
                "resume is, and equal to that sum; for any other status the partial span up to "
                "the first downlink packet at the new address, however it came"),
        Field("media_lost_down", &H::mediaLostDown, "packets",
              "media packets lost towards the mobile across the hand-off"),
        Field("media_lost_up", &H::mediaLostUp, "packets",
              "media packets lost from the mobile across the hand-off"),
        Field("outage_down_ms", &H::outageDownMs, "ms",
              "outage as heard at the mobile: last packet received before the gap -> first after"),
        Field("outage_up_ms", &H::outageUpMs, "ms",
              "outage as heard at the peer: last packet from the mobile before the gap -> first "
              "after"),
        Field("call_id", &H::callId, "",
              "the call whose downlink resumed first (its media gives r_factor, mos)"),
        Field(
            "t_quality_from", &H::tQualityFrom, "s",
            "voice-quality window start: t_link_lost - HandoffMonitor::QualityWindowBefore (2 s)"),
        Field("t_quality_to", &H::tQualityTo, "s",
              "window end (exclusive): t_link_lost + HandoffMonitor::QualityWindowAfter (8 s)"),
        Field("r_factor", &H::rFactor, "",
              "ITU-T G.107 R of the downlink (heard at the mobile), frames sent in the window"),
        Field("mos", &H::mos, "", "its MOS (G.107 Annex B, 1 to 4.5)"),
        Field("r_factor_up", &H::rFactorUp, "", "G.107 R of the uplink (heard at the peer)"),
        Field("mos_up", &H::mosUp, "", "its MOS"),
        Field("status", &H::status, "",
              "`completed` (registered, calls re-INVITEd), `setup-stranded` (completed, but "
              "calls_in_setup > 0), `superseded` (another move began first), `no-lease`, "
              "`no-proxy`, `registration-failed` (final non-2xx or timeout: no re-INVITE), "
              "`reinvite-failed`, `incomplete` (the run ended); which components each sets: "
              "doc/results-schema.md"),
        Field("t_discovery_sent", &H::tDiscoverySent, "s",
              "the UA asked for the proxy (DNS SRV + A, or its static table)"),
        Field("t_discovery_done", &H::tDiscoveryDone, "s", "the proxy is known"),
        Derived("discovery_ms", &H::DiscoveryMs, "ms", "t_discovery_sent -> t_discovery_done"),
        Derived("resume_ms", &H::ResumeMs, "ms",
                "t_reinvite_sent -> t_media_down: re-INVITE to the peer, its next frame back "
                "(overlaps reinvite_ms; total_ms = l2 + dhcp + detection + discovery + "
                "registration + resume); NULL unless the re-INVITE got its 2xx and the media "
                "came after it was sent"),
        Field("scan_ms", &H::scanMs, "ms",
              "part of l2_ms: time spent scanning channels for an AP (every scan between "
              "t_link_lost and t_associated; the rest of L2 is the association exchange)"),
        Field("calls_in_setup", &H::callsInSetup, "",
              "call legs of the mobile in setup at t_link_lost (INVITE sent or received, no final "
              "response) that never got a final response at the mobile: their responses went to "
              "the old address; > 0 makes a completed hand-off `setup-stranded`"),
    };
    return columns;
}

const RecordColumns<sipmob::RegistrationRecord>&
RegistrationColumns()
{
    using R = sipmob::RegistrationRecord;
    static const RecordColumns<R> columns = {
        Field("ua", &R::ua, "", "AoR"),
        Field("contact", &R::contact, "", "Contact URI registered"),
        Field("via", &R::via, "",
              "host:port the REGISTER was sent to (registrar or outbound proxy)"),
        Field("model", &R::model, "", "registration model"),
        Field("t_sent", &R::tSent, "s", "first REGISTER of the transaction sent"),
        Field("t_final", &R::tFinal, "s", "final response received; NULL on timeout"),
        Field("status", &R::status, "", "final status code; 408 on timeout"),
        Field("expires", &R::expires, "s", "expiry granted by the registrar"),
    };
    return columns;
}

const RecordColumns<sipmob::CallRecord>&
CallColumns()
{
    using C = sipmob::CallRecord;
    static const RecordColumns<C> columns = {
        Field("call_id", &C::callId, "", "Call-ID; empty for a scheduled call never placed"),
        Field("ua", &C::ua, "", "AoR of this end"),
        Field("peer", &C::peer, "", "AoR of the other end"),
        Field("outgoing", &C::outgoing, "", "this end sent the INVITE"),
        Field("t_invite", &C::tInvite, "s",
              "INVITE sent or received; for a call never placed, when it was due"),
        Field("t_ringing", &C::tRinging, "s", "180 sent or received"),
        Field("t_answered", &C::tAnswered, "s", "200 OK sent or received"),
        Field("t_ended", &C::tEnded, "s",
              "BYE or failure; for a call never placed, when that was known (the UA stopped, "
              "or the run ended)"),
        Field("final_status", &C::finalStatus, "", "final response to the INVITE (0 while none)"),
        Field("end_reason", &C::endReason, "",
              "`bye-sent`, `bye-received`, `cancelled`, `no-answer` (MaxRingTime: CANCEL sent, "
              "or 480 sent while ringing), `failed`, `timeout`, `run-ended` (still "
              "up when the run ended), `no-route` (placed, but no proxy known for the INVITE: "
              "nothing sent, no final status); never placed (empty call_id, t_invite = when it "
              "was due): `no-address`, `no-route`, `not-registered` (due while the UA had no "
              "address; no proxy: none found, or the look-up had not answered; or its REGISTER "
              "had not ended), `after-run-end` (due after the UA stopped), "
              "`not-started` (its UA never started: start after the run's end), `bad-callee` "
              "(the callee makes no SIP URI)"),
        Field("r_factor", &C::rFactor, "",
              "ITU-T G.107 R of the audio this end heard, whole call (from its media row)"),
        Field("mos", &C::mos, "", "its MOS (G.107 Annex B, 1 to 4.5)"),
    };
    return columns;
}

const RecordColumns<sipmob::MediaRecord>&
MediaColumns()
{
    using M = sipmob::MediaRecord;
    static const RecordColumns<M> columns = {
        Field("call_id", &M::callId, "", "Call-ID"),
        Field("ua", &M::ua, "", "AoR of the receiving end"),
        Field("sent", &M::sent, "packets", "packets this end sent"),
        Field("received", &M::received, "packets", "packets this end received"),
        Field("lost", &M::lost, "packets", "expected - received (RFC 3550 A.3)"),
        Field("max_gap_ms", &M::maxGapMs, "ms", "largest inter-arrival gap"),
        Field("jitter_ms", &M::jitterMs, "ms",
              "RFC 3550 interarrival jitter at the end of the call"),
        Field("mean_delay_ms", &M::meanDelayMs, "ms",
              "mean one-way delay (simulated clocks are exact)"),
        Field("late", &M::late, "packets",
              "arrived after their playout instant (lost to the listener)"),
        Field("mouth_to_ear_ms", &M::mouthToEarMs, "ms",
              "network + playout buffer + frame + look-ahead, mean over the frames played"),
        Field("r_factor", &M::rFactor, "",
              "ITU-T G.107 R over the call after the playout buffer (media.PlayoutBuffer, "
              "media.Codec)"),
        Field("mos", &M::mos, "", "its MOS (G.107 Annex B, 1 to 4.5)"),
    };
    return columns;
}

const RecordColumns<SipMessageRecord>&
SipMessageColumns()
{
    using S = SipMessageRecord;
    static const RecordColumns<S> columns = {
        Field("t", &S::t, "s", "sent or received (simulated)"),
        Field("node", &S::node, "", "ns-3 node id of the entity"),
        Field("entity", &S::entity, "",
              "`ua:USER@NETWORK` (NETWORK: its home), `marshal@NETWORK`, `redirect@NETWORK`, "
              "`gateway@NETWORK>PEER`"),
        Field("direction", &S::direction, "",
              "`tx` (sent) or `rx` (received and parsed); one hop gives a tx and an rx row"),
        Field("src", &S::src, "", "source address:port (tx: the node's address)"),
        Field("dst", &S::dst, "", "destination address:port (rx: the local address)"),
        Field("first_line", &S::firstLine, "", "request line or status line"),
        Field("method", &S::method, "", "the request's method, or a response's CSeq method"),
        Field("status", &S::status, "", "status code of a response; NULL for a request"),
        Field("call_id", &S::callId, "", "Call-ID"),
        Field("cseq", &S::cseq, "", "CSeq number"),
        Field("branch", &S::branch, "", "branch of the top Via (RFC 3261 §8.1.1.7)"),
        Field("bytes", &S::bytes, "bytes", "datagram size"),
        Field("text", &S::text, "",
              "the whole message with `--trace-sip=full` (as sent; as parsed on receipt, with "
              "the received/rport stamped on a request); NULL otherwise"),
    };
    return columns;
}

const std::vector<TableSpec>&
ResultsTables()
{
    static const std::vector<TableSpec> tables = []
    {
        TableSpec runs{"runs",
                       "one row per simulation (configuration x seed x run)",
                       {{"run_id", ColumnType::Integer, "",
                         "surrogate key (its value depends on write order; compare runs by "
                         "config_key)",
                         "PRIMARY KEY", false}},
                       ""};
        for (const auto& c : RunColumns())
        {
            runs.columns.push_back(c.spec);
        }
        TableSpec params{
            "run_params",
            "the `--set KEY=VALUE` overrides of a run",
            {{"run_id", ColumnType::Integer, "", "the run (runs.run_id)",
              "NOT NULL REFERENCES runs(run_id)", false},
             {"key", ColumnType::Text, "", "override key", "NOT NULL", false},
             {"value", ColumnType::Text, "", "override value as given", "NOT NULL", false}},
            "PRIMARY KEY (run_id, key)"};
        TableSpec scenarios{
            "scenarios",
            "the scenario texts that runs refer to, by hash",
            {{"sha256", ColumnType::Text, "",
              "SHA-256 of the text (runs.scenario_sha256, runs.resolved_sha256)", "PRIMARY KEY",
              false},
             {"text", ColumnType::Text, "", "the scenario text", "NOT NULL", false}},
            ""};
        return std::vector<TableSpec>{
            runs,
            params,
            scenarios,
            RecordTable("handoffs", "one row per hand-off (`HandoffRecord`)", HandoffColumns()),
            RecordTable("registrations",
                        "one row per registration transaction (`RegistrationRecord`)",
                        RegistrationColumns()),
            RecordTable("calls", "one row per call leg, as one end saw it (`CallRecord`)",
                        CallColumns()),
            RecordTable("media", "one direction of one call at the receiver (`MediaRecord`)",
                        MediaColumns()),
            RecordTable("sip_messages",
                        "one SIP message sent or received by one entity (`SipMessageRecord`; "
                        "`sipmob run --trace-sip` only)",
                        SipMessageColumns()),
        };
    }();
    return tables;
}

const char*
SqlType(ColumnType type)
{
    switch (type)
    {
    case ColumnType::Integer:
    case ColumnType::Boolean:
        return "INTEGER";
    case ColumnType::Real:
        return "REAL";
    case ColumnType::Text:
        return "TEXT";
    }
    return "";
}

std::string
SchemaDdl()
{
    std::ostringstream out;
    out << "\n";
    for (const auto& t : ResultsTables())
    {
        out << "CREATE TABLE IF NOT EXISTS " << t.name << " (\n";
        for (std::size_t i = 0; i < t.columns.size(); ++i)
        {
            const auto& c = t.columns[i];
            out << "    " << c.name << " " << SqlType(c.type)
                << (c.constraint.empty() ? "" : " " + c.constraint);
            const bool last = i + 1 == t.columns.size() && t.tableConstraint.empty();
            out << (last ? "\n" : ",\n");
        }
        if (!t.tableConstraint.empty())
        {
            out << "    " << t.tableConstraint << "\n";
        }
        out << ");\n";
    }
    return out.str();
}

std::vector<GeneratedBlock>
SchemaGeneratedBlocks()
{
    std::vector<GeneratedBlock> blocks{{"analysis/sipmob_schema.py", "schema", PythonBlock()}};
    for (const auto& t : ResultsTables())
    {
        blocks.push_back({"doc/results-schema.md", t.name, MarkdownTable(t)});
    }
    return blocks;
}

std::string
ReplaceGeneratedBlock(const std::string& text, const std::string& name, const std::string& content)
{
    const std::string begin = "BEGIN GENERATED " + name + " ";
    const std::string end = "END GENERATED " + name + " ";
    const auto b = text.find(begin);
    const auto e = text.find(end);
    if (b == std::string::npos || e == std::string::npos || e < b)
    {
        throw std::runtime_error("no generated block '" + name + "' (markers '" + begin +
                                 "...' and '" + end + "...')");
    }
    const auto bodyStart = text.find('\n', b);
    const auto endLineStart = text.rfind('\n', e);
    if (bodyStart == std::string::npos || endLineStart == std::string::npos ||
        endLineStart < bodyStart)
    {
        throw std::runtime_error("generated block '" + name + "': markers on one line");
    }
    return text.substr(0, bodyStart + 1) + content + text.substr(endLineStart + 1);
}

std::vector<std::string>
SyncSchemaFiles(const std::string& sourceDir, bool write)
{
    std::map<std::string, std::string> texts; // file -> new text
    std::map<std::string, std::string> olds;  // file -> old text
    std::vector<std::string> stale;
    for (const auto& block : SchemaGeneratedBlocks())
    {
        const std::string path = sourceDir + "/" + block.file;
        if (texts.count(block.file) == 0)
        {
            std::ifstream in(path, std::ios::binary);
            std::ostringstream data;
            data << in.rdbuf();
            if (!in)
            {
                throw std::runtime_error(path + ": cannot read");
            }
            texts[block.file] = olds[block.file] = data.str();
        }
        std::string& text = texts[block.file];
        const std::string updated = ReplaceGeneratedBlock(text, block.name, block.content);
        if (updated != text)
        {
            stale.push_back(block.file + ": block " + block.name + " is out of date");
            text = updated;
        }
    }
    for (const auto& [file, text] : texts)
    {
        if (write && text != olds[file])
        {
            const std::string path = sourceDir + "/" + file;
            std::ofstream out(path, std::ios::binary | std::ios::trunc);
            out << text;
            if (!out.flush())
            {
                throw std::runtime_error(path + ": cannot write");
            }
        }
    }
    return stale;
}

} // namespace ns3
