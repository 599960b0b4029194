// SPDX-License-Identifier: GPL-2.0-only
// Parse/serialize throughput of the message layer against libosip2 and sofia-sip.
#include "bench-messages.h"
#include "sdp.h"
#include "sip-message.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <functional>

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

/// Messages per second of a parse function over ~0.5 s.
double
Rate(bool (*parse)(const std::string&), const std::string& data)
{
    using Clock = std::chrono::steady_clock;
    auto start = Clock::now();
    long n = 0;
    while (Clock::now() - start < std::chrono::milliseconds(500))
    {
        for (int i = 0; i < 200; ++i, ++n)
        {
            benchmark::DoNotOptimize(parse(data));
        }
    }
    return n / std::chrono::duration<double>(Clock::now() - start).count();
}

void
PrintRatios()
{
    struct Entry
    {
        const char* name;
        bool (*parse)(const std::string&);
    };

    const Entry parsers[] = {
        {"sipmob", OursParse},
#ifdef SIPMOB_HAVE_SOFIA
        {"sofia-sip", SofiaParse},
#endif
#ifdef SIPMOB_HAVE_OSIP
        {"libosip2", OsipParse},
#endif
    };
    for (const auto& [label, msg] :
         {std::pair<const char*, const std::string*>{"REGISTER", &RegisterMessage()},
          {"INVITE+SDP", &InviteMessage()}})
    {
        double ours = Rate(OursParse, *msg);
        std::printf("%s (%zu octets):\n", label, msg->size());
        for (const auto& p : parsers)
        {
            double r = p.parse == OursParse ? ours : Rate(p.parse, *msg);
            std::printf("  %-10s %10.0f msg/s   sipmob/this = %.2f\n", p.name, r, ours / r);
        }
    }
}

} // namespace

BENCHMARK_CAPTURE(ParseOurs, Register, RegisterMessage());
BENCHMARK_CAPTURE(ParseOurs, Invite, InviteMessage());
BENCHMARK_CAPTURE(ParseOursWithSdp, Invite, InviteMessage());
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
