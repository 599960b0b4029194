// SPDX-License-Identifier: GPL-2.0-only
// Parse/serialize throughput of the message layer against libosip2 and sofia-sip.
#include "bench-messages.h"
#include "message/sdp.h"
#include "message/sip-message.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <vector>

using namespace sipmob;
using namespace sipmob::bench;

namespace
{

void
SetRate(benchmark::State& state)
{
    state.counters["msg/s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void
ParseOurs(benchmark::State& state, const std::string& data)
{
    for (auto _ : state)
    {
        auto m = SipMessage::Parse(data);
        benchmark::DoNotOptimize(m);
    }
    SetRate(state);
}

void
ParseOursWithSdp(benchmark::State& state, const std::string& data)
{
    for (auto _ : state)
    {
        auto m = SipMessage::Parse(data);
        auto sdp = Sdp::Parse(m->GetBody());
        benchmark::DoNotOptimize(sdp);
    }
    SetRate(state);
}

/// Parse, then what a transaction layer and a dialog read (views until the typed parse).
void
ParseOursAndRead(benchmark::State& state, const std::string& data)
{
    for (auto _ : state)
    {
        auto m = SipMessage::Parse(data);
        auto branch = m->GetTopVia().GetBranch();
        auto callId = m->GetCallId();
        auto cseq = m->GetCSeq();
        auto tag = m->GetFrom().GetTag();
        benchmark::DoNotOptimize(branch);
        benchmark::DoNotOptimize(callId);
        benchmark::DoNotOptimize(cseq);
        benchmark::DoNotOptimize(tag);
    }
    SetRate(state);
}

void
SerializeOurs(benchmark::State& state, const std::string& data)
{
    auto m = SipMessage::Parse(data);
    for (auto _ : state)
    {
        auto bytes = m->Serialize();
        benchmark::DoNotOptimize(bytes);
    }
    SetRate(state);
}

void
ParseWith(benchmark::State& state, const std::string& data, bool (*parse)(const std::string&))
{
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(parse(data));
    }
    SetRate(state);
}

bool
OursParse(const std::string& data)
{
    return SipMessage::Parse(data).has_value();
}

/// CPU time of this thread in seconds (less sensitive than wall time to sharing the machine).
double
ThreadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

/// Messages per CPU second of a parse function over one ~20 ms slice.
double
Rate(bool (*parse)(const std::string&), const std::string& data)
{
    double start = ThreadCpuSeconds();
    double elapsed = 0;
    long n = 0;
    while ((elapsed = ThreadCpuSeconds() - start) < 0.02)
    {
        for (int i = 0; i < 100; ++i, ++n)
        {
            benchmark::DoNotOptimize(parse(data));
        }
    }
    return static_cast<double>(n) / elapsed;
}

/// Median of a sample (by value: sorts a copy).
double
Median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

/// Ratios measured interleaved: 25 rounds, each timing every parser for one slice in turn, so
/// that load from other processes hits all parsers alike; prints medians over the rounds.
void
PrintRatios()
{
    struct Entry
    {
        const char* name;
        bool (*parse)(const std::string&);
    };

    const std::vector<Entry> parsers = {
        {"sipmob", OursParse},
#ifdef SIPMOB_HAVE_SOFIA
        {"sofia-sip", SofiaParse},
#endif
#ifdef SIPMOB_HAVE_OSIP
        {"libosip2", OsipParse},
#endif
    };
    constexpr int kRounds = 25;
    for (const auto& [label, msg] :
         {std::pair<const char*, const std::string*>{"REGISTER", &RegisterMessage()},
          {"INVITE+SDP", &InviteMessage()}})
    {
        std::vector<std::vector<double>> rates(parsers.size());
        std::vector<std::vector<double>> ratios(parsers.size());
        for (int r = 0; r < kRounds; ++r)
        {
            for (std::size_t p = 0; p < parsers.size(); ++p)
            {
                rates[p].push_back(Rate(parsers[p].parse, *msg));
                ratios[p].push_back(rates[0].back() / rates[p].back());
            }
        }
        std::printf("%s (%zu octets), medians of %d interleaved rounds (thread CPU time):\n", label,
                    msg->size(), kRounds);
        for (std::size_t p = 0; p < parsers.size(); ++p)
        {
            std::printf("  %-10s %10.0f msg/s   sipmob/this = %.2f\n", parsers[p].name,
                        Median(rates[p]), Median(ratios[p]));
        }
    }
}

} // namespace

BENCHMARK_CAPTURE(ParseOurs, Register, RegisterMessage());
BENCHMARK_CAPTURE(ParseOurs, Invite, InviteMessage());
BENCHMARK_CAPTURE(ParseOursWithSdp, Invite, InviteMessage());
BENCHMARK_CAPTURE(ParseOursAndRead, Register, RegisterMessage());
BENCHMARK_CAPTURE(ParseOursAndRead, Invite, InviteMessage());
BENCHMARK_CAPTURE(SerializeOurs, Register, RegisterMessage());
BENCHMARK_CAPTURE(SerializeOurs, Invite, InviteMessage());
#ifdef SIPMOB_HAVE_SOFIA
BENCHMARK_CAPTURE(ParseWith, SofiaRegister, RegisterMessage(), SofiaParse);
BENCHMARK_CAPTURE(ParseWith, SofiaInvite, InviteMessage(), SofiaParse);
#endif
#ifdef SIPMOB_HAVE_OSIP
BENCHMARK_CAPTURE(ParseWith, OsipRegister, RegisterMessage(), OsipParse);
BENCHMARK_CAPTURE(ParseWith, OsipInvite, InviteMessage(), OsipParse);
#endif

int
main(int argc, char** argv)
{
    benchmark::Initialize(&argc, argv);
    if (!OursParse(RegisterMessage()) || !OursParse(InviteMessage()))
    {
        std::fprintf(stderr, "bench messages do not parse\n");
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    PrintRatios();
    return 0;
}
