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

/// "In use" (bench-messages.h UseFields): parse, the typed values of the seven core headers,
/// serialize.
std::size_t
OursUse(const std::string& data, UseFields* out)
{
    auto m = SipMessage::Parse(data);
    if (!m)
    {
        return 0;
    }
    std::size_t sum = 0;
    const auto& vias = m->GetVias();
    for (const auto& v : vias)
    {
        sum += v.host.size() + v.port + v.GetBranch().size();
    }
    const SipNameAddr& from = m->GetFrom();
    const SipNameAddr& to = m->GetTo();
    sum += from.uri.GetUser().size() + from.uri.GetHost().size() + from.GetTag().size();
    sum += to.uri.GetUser().size() + to.uri.GetHost().size() + to.GetTag().size();
    const SipCSeq& cseq = m->GetCSeq();
    sum += cseq.seq + cseq.method.size();
    sum += m->GetCallId().size();
    const auto& contacts = m->GetContacts();
    for (const auto& c : contacts)
    {
        sum += c.uri.GetUser().size() + c.uri.GetHost().size() + c.uri.GetPort();
    }
    long maxForwards = m->GetMaxForwards().value_or(-1);
    sum += static_cast<std::size_t>(maxForwards);
    std::string bytes = m->Serialize();
    sum += bytes.size();
    if (out)
    {
        out->vias = vias.size();
        out->topBranch = vias.empty() ? "" : vias.front().GetBranch();
        out->fromUser = from.uri.GetUser();
        out->fromTag = from.GetTag();
        out->toHost = to.uri.GetHost();
        out->cseq = cseq.seq;
        out->cseqMethod = cseq.method;
        out->callId = m->GetCallId();
        out->contacts = contacts.size();
        out->contactHost = contacts.empty() ? "" : contacts.front().uri.GetHost();
        out->maxForwards = maxForwards;
        out->serialized = bytes.size();
    }
    return sum;
}

bool
OursUseOk(const std::string& data)
{
    return OursUse(data, nullptr) != 0;
}

/// The same work through the zero-copy views of the parser's scan (scan::ViaView,
/// scan::NameAddrView): what sofia-sip's and libosip2's structures are, pointers into the message.
std::size_t
OursUseViews(const std::string& data, UseFields* out)
{
    auto m = SipMessage::Parse(data);
    if (!m)
    {
        return 0;
    }
    std::size_t sum = 0;
    std::size_t vias = 0;
    for (; auto v = m->GetViaView(vias); ++vias)
    {
        sum += v->host.size() + v->port + scan::FindParam(v->params, "branch").value_or("").size();
    }
    auto from = m->GetFromView();
    auto to = m->GetToView();
    if (!from || !to || vias == 0)
    {
        return 0;
    }
    std::string_view fromTag = scan::FindParam(from->params, "tag").value_or("");
    sum += from->uriParts.user.size() + from->uriParts.host.size() + fromTag.size();
    sum += to->uriParts.user.size() + to->uriParts.host.size() +
           scan::FindParam(to->params, "tag").value_or("").size();
    const SipCSeq& cseq = m->GetCSeq();
    sum += cseq.seq + cseq.method.size();
    sum += m->GetCallId().size();
    std::size_t contacts = 0;
    for (; auto c = m->GetContactView(contacts); ++contacts)
    {
        sum += c->uriParts.user.size() + c->uriParts.host.size() + c->uriParts.port;
    }
    long maxForwards = m->GetMaxForwards().value_or(-1);
    sum += static_cast<std::size_t>(maxForwards);
    std::string bytes = m->Serialize();
    sum += bytes.size();
    if (out)
    {
        out->vias = vias;
        out->topBranch =
            std::string(scan::FindParam(m->GetViaView()->params, "branch").value_or(""));
        out->fromUser = std::string(from->uriParts.user);
        out->fromTag = std::string(fromTag);
        out->toHost = std::string(to->uriParts.host);
        out->cseq = cseq.seq;
        out->cseqMethod = cseq.method;
        out->callId = m->GetCallId();
        out->contacts = contacts;
        out->contactHost = contacts ? std::string(m->GetContactView()->uriParts.host) : "";
        out->maxForwards = maxForwards;
        out->serialized = bytes.size();
    }
    return sum;
}

bool
OursUseViewsOk(const std::string& data)
{
    return OursUseViews(data, nullptr) != 0;
}

#ifdef SIPMOB_HAVE_SOFIA
bool
SofiaUseOk(const std::string& data)
{
    return SofiaUse(data, nullptr) != 0;
}
#endif

#ifdef SIPMOB_HAVE_OSIP
bool
OsipUseOk(const std::string& data)
{
    return OsipUse(data, nullptr) != 0;
}
#endif

/// The in-use benchmark of one library.
void
UseWith(benchmark::State& state, const std::string& data, bool (*use)(const std::string&))
{
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(use(data));
    }
    SetRate(state);
}

/// main(): every library must read the same values and serialize the same number of octets
/// (Content-Length and header spelling are kept by all three), or the comparison is void.
bool
SameWork()
{
    using UseFn = std::size_t (*)(const std::string&, UseFields*);
    std::vector<std::pair<const char*, UseFn>> libs = {
        {"sipmob", OursUse},
        {"sipmob-views", OursUseViews},
#ifdef SIPMOB_HAVE_SOFIA
        {"sofia-sip", SofiaUse},
#endif
#ifdef SIPMOB_HAVE_OSIP
        {"libosip2", OsipUse},
#endif
    };
    bool same = true;
    for (const std::string* msg : {&RegisterMessage(), &InviteMessage()})
    {
        UseFields ref;
        OursUse(*msg, &ref);
        for (const auto& [name, fn] : libs)
        {
            UseFields f;
            fn(*msg, &f);
            bool eq = f.vias == ref.vias && f.topBranch == ref.topBranch &&
                      f.fromUser == ref.fromUser && f.fromTag == ref.fromTag &&
                      f.toHost == ref.toHost && f.cseq == ref.cseq &&
                      f.cseqMethod == ref.cseqMethod && f.callId == ref.callId &&
                      f.contacts == ref.contacts && f.contactHost == ref.contactHost &&
                      f.maxForwards == ref.maxForwards;
            std::printf(
                "in-use check %-10s vias %zu branch %s from %s;tag=%s to-host %s cseq %lu %s "
                "call-id %s contacts %zu (%s) max-forwards %ld -> %zu octets%s\n",
                name, f.vias, f.topBranch.c_str(), f.fromUser.c_str(), f.fromTag.c_str(),
                f.toHost.c_str(), f.cseq, f.cseqMethod.c_str(), f.callId.c_str(), f.contacts,
                f.contactHost.c_str(), f.maxForwards, f.serialized, eq ? "" : "  MISMATCH");
            same = same && eq;
        }
    }
    return same;
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

/// One library in a ratio table.
struct Entry
{
    const char* name;                  ///< library
    bool (*parse)(const std::string&); ///< the work timed
};

/// Ratios measured interleaved: 25 rounds, each timing every parser for one slice in turn, so
/// that load from other processes hits all parsers alike; prints medians over the rounds.
void
PrintRatios(const char* mode, const std::vector<Entry>& parsers)
{
    std::printf("== %s\n", mode);
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
BENCHMARK_CAPTURE(UseWith, OursRegister, RegisterMessage(), OursUseOk);
BENCHMARK_CAPTURE(UseWith, OursInvite, InviteMessage(), OursUseOk);
BENCHMARK_CAPTURE(UseWith, OursViewsRegister, RegisterMessage(), OursUseViewsOk);
BENCHMARK_CAPTURE(UseWith, OursViewsInvite, InviteMessage(), OursUseViewsOk);
#ifdef SIPMOB_HAVE_SOFIA
BENCHMARK_CAPTURE(UseWith, SofiaRegister, RegisterMessage(), SofiaUseOk);
BENCHMARK_CAPTURE(UseWith, SofiaInvite, InviteMessage(), SofiaUseOk);
#endif
#ifdef SIPMOB_HAVE_OSIP
BENCHMARK_CAPTURE(UseWith, OsipRegister, RegisterMessage(), OsipUseOk);
BENCHMARK_CAPTURE(UseWith, OsipInvite, InviteMessage(), OsipUseOk);
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
    if (!SameWork())
    {
        std::fprintf(stderr, "the libraries did not read the same values in the in-use mode\n");
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    // --no-ratios: only the Google Benchmark table (e.g. under perf record).
    if (argc > 1 && std::string(argv[1]) == "--no-ratios")
    {
        return 0;
    }
    PrintRatios("parse only", {
                                  {"sipmob", OursParse},
#ifdef SIPMOB_HAVE_SOFIA
                                  {"sofia-sip", SofiaParse},
#endif
#ifdef SIPMOB_HAVE_OSIP
                                  {"libosip2", OsipParse},
#endif
                              });
    PrintRatios("in use, zero-copy views: parse + typed Via/From/To/CSeq/Call-ID/Contact/"
                "Max-Forwards + serialize",
                {
                    {"sipmob", OursUseViewsOk},
#ifdef SIPMOB_HAVE_SOFIA
                    {"sofia-sip", SofiaUseOk},
#endif
#ifdef SIPMOB_HAVE_OSIP
                    {"libosip2", OsipUseOk},
#endif
                });
    PrintRatios("in use, owned values (SipVia, SipNameAddr): parse + typed Via/From/To/CSeq/"
                "Call-ID/Contact/Max-Forwards + serialize",
                {
                    {"sipmob", OursUseOk},
#ifdef SIPMOB_HAVE_SOFIA
                    {"sofia-sip", SofiaUseOk},
#endif
#ifdef SIPMOB_HAVE_OSIP
                    {"libosip2", OsipUseOk},
#endif
                });
    return 0;
}
