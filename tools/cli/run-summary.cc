// SPDX-License-Identifier: GPL-2.0-only
#include "cli/run-summary.h"

#include <fmt/format.h>

#include <optional>

namespace sipmob::cli
{

namespace
{

std::string
Ms(const std::optional<double>& v)
{
    return v ? fmt::format("{:.1f}", *v) : "-";
}

std::string
Count(const std::optional<uint64_t>& v)
{
    return v ? std::to_string(*v) : "-";
}

void
PrintHandoffs(std::ostream& os, const std::vector<sipmob::HandoffRecord>& handoffs)
{
    os << fmt::format(
        "{:>2} {:<24} {:<12} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>8} {:>8} {:>8} {:>9}  {}\n",
        "#", "user agent", "move", "L2", "DHCP", "detect", "disc", "REG", "reINV", "gap dn",
        "gap up", "total", "lost d/u", "status");
    int i = 0;
    for (const auto& h : handoffs)
    {
        os << fmt::format(
            "{:>2} {:<24} {:<12} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>8} {:>8} {:>8} {:>9}  {}\n",
            ++i, h.ua.rfind("sip:", 0) == 0 ? h.ua.substr(4, 24) : h.ua.substr(0, 24),
            h.fromNetwork + ">" + h.toNetwork, Ms(h.L2Ms()), Ms(h.DhcpMs()), Ms(h.DetectionMs()),
            Ms(h.DiscoveryMs()), Ms(h.RegistrationMs()), Ms(h.ReinviteMs()), Ms(h.MediaGapDownMs()),
            Ms(h.MediaGapUpMs()), Ms(h.TotalMs()),
            Count(h.mediaLostDown) + "/" + Count(h.mediaLostUp), h.status);
    }
}

} // namespace

void
PrintRunSummary(std::ostream& os, const std::string& scenario, const ns3::RunOutput& out,
                uint32_t seed, uint32_t run)
{
    const auto& r = out.results;
    size_t regOk = 0;
    for (const auto& reg : r.registrations)
    {
        regOk += reg.status >= 200 && reg.status < 300;
    }
    size_t answered = 0;
    size_t notPlaced = 0; // rows of scheduled calls never placed (no Call-ID): not legs
    for (const auto& c : r.calls)
    {
        answered += c.tAnswered.has_value();
        notPlaced += c.callId.empty();
    }
    uint64_t sent = 0;
    uint64_t received = 0;
    uint64_t lost = 0;
    for (const auto& m : r.media)
    {
        sent += m.sent;
        received += m.received;
        lost += m.lost;
    }
    os << fmt::format("scenario {} | model {} | seed {} run {} | {:.1f} s simulated in {:.2f} s "
                      "wall, {} events\n",
                      scenario, out.model, seed, run, out.simTimeS, out.wallTimeS, out.events);
    std::string unplaced = notPlaced > 0 ? fmt::format(", {} not placed", notPlaced) : "";
    // Two different counts of what did not arrive (doc/results-schema.md, "The run summary"):
    // packets sent that no receiver got, and RFC 3550's cumulative loss (A.3: expected from the
    // highest sequence number seen, minus received), which is 0 for a stream of which nothing
    // arrived and counts the sequence numbers a sender skipped while it had no address.
    const uint64_t notReceived = sent > received ? sent - received : 0;
    os << fmt::format("registrations: {} ({} ok) | call legs: {} ({} answered){} | media: {} "
                      "sent, {} received, {} not received (RFC 3550 lost: {})\n",
                      r.registrations.size(), regOk, r.calls.size() - notPlaced, answered, unplaced,
                      sent, received, notReceived, lost);
    // Only real hand-offs (a new network) are listed; other link events are counted.
    std::vector<sipmob::HandoffRecord> handoffs;
    size_t reassociations = 0;
    size_t coverageLosses = 0;
    for (const auto& h : r.handoffs)
    {
        if (h.kind == "reassociation")
        {
            ++reassociations;
        }
        else if (h.kind == "coverage-loss")
        {
            ++coverageLosses;
        }
        else
        {
            handoffs.push_back(h);
        }
    }
    os << fmt::format("hand-offs: {} (components in ms)", handoffs.size());
    if (reassociations + coverageLosses > 0)
    {
        os << fmt::format("; not listed: {} re-association(s) to the same network, {} coverage "
                          "loss(es) without a new link",
                          reassociations, coverageLosses);
    }
    os << "\n";
    if (!handoffs.empty())
    {
        PrintHandoffs(os, handoffs);
    }
}

} // namespace sipmob::cli
