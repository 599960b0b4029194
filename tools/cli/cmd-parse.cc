// SPDX-License-Identifier: GPL-2.0-only
// `sipmob parse FILE...`: parse SIP messages from files and print one line per file.
#include "cli/commands.h"
#include "message/sip-message-check.h"
#include "message/sip-message.h"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace sipmob::cli
{

namespace
{

/// "INVITE sip:bob@b.com call-id=x cseq=1 INVITE vias=2" or "200 OK call-id=..."
std::string
Summary(const SipMessage& m)
{
    std::ostringstream s;
    if (m.IsRequest())
    {
        s << m.GetMethod() << " " << m.GetRequestUri().ToString();
    }
    else
    {
        s << m.GetStatusCode() << " " << m.GetReasonPhrase();
    }
    s << " call-id=" << m.GetCallId() << " cseq=" << m.GetHeader("CSeq").value_or("")
      << " vias=" << m.GetVias().size();
    return s.str();
}

/// Parses one file; prints its line; returns true when it parsed.
bool
ParseOne(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream data;
    if (in)
    {
        data << in.rdbuf();
    }
    if (!in)
    {
        std::cout << path << ": error cannot read file\n";
        return false;
    }
    SipParseError err;
    const std::string bytes = data.str();
    auto m = SipMessage::Parse(bytes, &err);
    // The element's checks after the parse (mandatory headers, control bytes): the same function
    // SipUdpTransport applies on receipt, so `ok` means an element would process the message.
    const bool ok = m && CheckReceivedMessage(*m, bytes, &err);
    // Received bytes may hold control characters: never write them raw to the terminal.
    std::cout << PrintableText(path) << ": "
              << (ok ? "ok " + PrintableText(Summary(*m))
                     : "error " + PrintableText(err.ToString()))
              << "\n";
    return ok;
}

} // namespace

void
RegisterParseCommand(CLI::App& app)
{
    auto files = std::make_shared<std::vector<std::string>>();
    auto* cmd = app.add_subcommand(
        "parse",
        "Parse SIP messages (one per file) and check them as an element does on receipt "
        "(syntax, mandatory headers, control bytes); one line per file, exit 1 if any fails");
    cmd->add_option("files", *files, "files holding one SIP message each")->required();
    cmd->callback(
        [files]()
        {
            bool all = true;
            for (const auto& f : *files)
            {
                all = ParseOne(f) && all;
            }
            SetExitStatus(all ? 0 : 1);
        });
}

} // namespace sipmob::cli
