// SPDX-License-Identifier: GPL-2.0-only
// Issue 10: the registration side of a hand-off as the seed states it. A failed REGISTER is
// retried with a back-off and no re-INVITE goes out before a registration succeeds; a binding made
// through a visited marshal is removed as soon as the mobile registers elsewhere, and none is left
// after the final de-REGISTER; the DNS flag is the UA's own; processing delay shows in timestamps.
#include "access/dns-server.h"
#include "mobility-fixture.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace mobtest;

namespace
{

const char* const kAor = "sip:1001@net1.example.org";

/// The registrations of the mobile whose contact names an address starting with `prefix`.
std::vector<sipmob::RegistrationRecord>
RegistrationsIn(const MobilityRun& r, const std::string& prefix)
{
    std::vector<sipmob::RegistrationRecord> out;
    for (const auto& rec : r.out.results.registrations)
    {
        if (rec.ua == kAor && rec.contact.find("@" + prefix) != std::string::npos)
        {
            out.push_back(rec);
        }
    }
    return out;
}

/// A call 1001 -> 2001 at 2 s for 20 s; from 4 s (before the move at ~8 s) the home registrar
/// demands a longer expiry than the UA asks for (423, RFC 3261 §10.3 step 7), until `restore`
/// (never when negative).
MobilityRun
FailingRegistration(double restore)
{
    TestbedConfig cfg = TwoNetworks("home-only", 3, 11, 26);
    Ua(cfg, "1001").calls.push_back({2, "2001", 20});
    cfg.attributes["ua.RegisterRetryInterval"] = "1s";
    cfg.attributes["ua.DetectionMode"] = "event";
    MobilityRun r(cfg);
    r.setup = [restore](MobilityRun& run)
    {
        auto location = run.Redirect("net1")->GetLocationService();
        Simulator::Schedule(Seconds(4), [location]() { location->SetMinExpires(7200); });
        if (restore > 0)
        {
            Simulator::Schedule(Seconds(restore), [location]() { location->SetMinExpires(60); });
        }
    };
    r.Run();
    return r;
}

} // namespace

// The REGISTER after the move is refused (423): no re-INVITE; the retry waits 0.5-1 s (RFC 5626
// §4.5 style, base 1 s), the next 1-2 s; once one succeeds, the re-INVITE goes out after its 2xx.
TEST(RegistrationFidelity, FailedRegisterNoReinviteUntilARetrySucceeds)
{
    MobilityRun r = FailingRegistration(12);
    auto regs = RegistrationsIn(r, "10.2.");
    ASSERT_GE(regs.size(), 2u);
    EXPECT_EQ(regs[0].status, 423);
    ASSERT_TRUE(regs[0].tFinal);
    double firstWait = regs[1].tSent - *regs[0].tFinal;
    EXPECT_GE(firstWait, 0.5 - 1e-9);
    EXPECT_LE(firstWait, 1.0 + 1e-9);
    const sipmob::RegistrationRecord* ok = nullptr;
    for (const auto& rec : regs)
    {
        ok = !ok && rec.status == 200 ? &rec : ok;
    }
    ASSERT_NE(ok, nullptr) << "no retry succeeded";
    EXPECT_GT(ok->tSent, 12.0);
    auto reinvites = r.Of("ReinviteSent", "ua-1001");
    ASSERT_EQ(reinvites.size(), 1u);
    EXPECT_GE(reinvites[0].t, *ok->tFinal) << "re-INVITE before the registration's 2xx";
    ASSERT_EQ(r.out.results.handoffs.size(), 1u);
    EXPECT_EQ(r.out.results.handoffs[0].status, "completed");
    EXPECT_NEAR(*r.out.results.handoffs[0].tRegisterOk, *ok->tFinal, 1e-9);
}

// Never accepted: the retries go on with growing waits, no re-INVITE is ever sent, and the
// hand-off record says why.
TEST(RegistrationFidelity, RegistrationNeverSucceedsNoReinvite)
{
    MobilityRun r = FailingRegistration(-1);
    auto regs = RegistrationsIn(r, "10.2.");
    ASSERT_GE(regs.size(), 3u);
    for (const auto& rec : regs)
    {
        EXPECT_EQ(rec.status, 423);
    }
    double w1 = regs[1].tSent - *regs[0].tFinal;
    double w2 = regs[2].tSent - *regs[1].tFinal;
    EXPECT_TRUE(w1 >= 0.5 && w1 <= 1.0) << w1;
    EXPECT_TRUE(w2 >= 1.0 && w2 <= 2.0) << w2;
    EXPECT_TRUE(r.Of("ReinviteSent", "ua-1001").empty());
    ASSERT_EQ(r.out.results.handoffs.size(), 1u);
    EXPECT_EQ(r.out.results.handoffs[0].status, "registration-failed");
    EXPECT_FALSE(r.out.results.handoffs[0].tRegisterOk.has_value());
}

// Outbound-proxy, net1 -> net2 -> net1: once back home, the binding through net2's marshal is
// removed at once (with net2's visitor); after the final de-REGISTER no binding is left anywhere.
TEST(RegistrationFidelity, StaleVisitedBindingRemovedAndNoneLeftAfterDeregistration)
{
    TestbedConfig cfg = TwoNetworks("outbound-proxy", 3, 11, 30);
    Ua(cfg, "1001").path = {{0, 5, 0}, {3, 5, 0}, {11, 95, 0}, {14, 95, 0}, {22, 5, 0}};
    cfg.attributes["ua.DetectionMode"] = "event";
    std::map<double, std::vector<std::string>> home;
    std::map<double, size_t> visited;
    MobilityRun r(cfg);
    r.setup = [&home, &visited](MobilityRun& run)
    {
        auto rs1 = run.Redirect("net1")->GetLocationService();
        auto rs2 = run.Redirect("net2")->GetLocationService();
        for (double t : {13.0, 29.0, 31.5})
        {
            Simulator::Schedule(Seconds(t),
                                [&home, &visited, rs1, rs2, t]()
                                {
                                    for (const auto& b :
                                         rs1->Lookup(kAor, Simulator::Now().GetSeconds()))
                                    {
                                        home[t].push_back(b.contact);
                                    }
                                    visited[t] = 0;
                                    for (const auto& aor : rs2->Aors())
                                    {
                                        visited[t] += aor.find("1001") != std::string::npos;
                                    }
                                });
        }
    };
    r.Run();
    // In net2: one binding at home, through net2's marshal.
    ASSERT_EQ(home[13].size(), 1u);
    EXPECT_NE(home[13][0].find("@10.2.0.10"), std::string::npos) << home[13][0];
    EXPECT_EQ(visited[13], 1u);
    // Back home: the home contact only, and no visitor left in net2.
    ASSERT_EQ(home[29].size(), 1u) << home[29].size();
    EXPECT_NE(home[29][0].find("@10.1."), std::string::npos) << home[29][0];
    EXPECT_EQ(visited[29], 0u);
    // The withdrawal went through net2's marshal right after the home registration's 2xx.
    auto back = RegistrationsIn(r, "10.1.");
    const sipmob::RegistrationRecord* atHome = nullptr;
    for (const auto& rec : back)
    {
        atHome = rec.tSent > 14 && rec.expires > 0 && !atHome ? &rec : atHome;
    }
    ASSERT_NE(atHome, nullptr);
    bool withdrawn = false;
    for (const auto& rec : RegistrationsIn(r, "10.2."))
    {
        withdrawn = withdrawn || (rec.via == "10.2.0.10:5060" && rec.tSent >= *atHome->tFinal &&
                                  rec.tSent < *atHome->tFinal + 0.01 && rec.status == 200);
    }
    EXPECT_TRUE(withdrawn);
    EXPECT_FALSE(r.Of("VisitorRemoved", "ms-net2").empty());
    // After the de-REGISTER at the end (30 s): nothing anywhere.
    EXPECT_TRUE(home[31.5].empty());
    EXPECT_EQ(visited[31.5], 0u);
}

namespace
{

/// Runs a two-network hand-off and counts the DNS queries every DNS server received.
int
DnsQueries(TestbedConfig cfg)
{
    int queries = 0;
    MobilityRun r(cfg);
    r.setup = [&queries](MobilityRun& run)
    {
        for (const auto& net : run.tb->GetNetworks())
        {
            for (uint32_t i = 0; i < net.server->GetNApplications(); ++i)
            {
                if (auto dns = DynamicCast<DnsServer>(net.server->GetApplication(i)))
                {
                    dns->TraceConnectWithoutContext(
                        "QueryReceived",
                        Callback<void, const sipmob::DnsMessage&, const Address&>(
                            [&queries](const sipmob::DnsMessage&, const Address&) { ++queries; }));
                }
            }
        }
    };
    r.Run();
    EXPECT_EQ(r.out.results.handoffs.size(), 1u);
    if (!r.out.results.handoffs.empty())
    {
        EXPECT_EQ(r.out.results.handoffs[0].status, "completed");
        EXPECT_TRUE(r.out.results.handoffs[0].DiscoveryMs().has_value());
    }
    return queries;
}

} // namespace

// The DNS flag is the UA's: on, SRV (+A) queries after each move under both models; off (per UA
// in the scenario, or discovery.UseDns=false as --set gives it), not one DNS packet.
TEST(RegistrationFidelity, DnsFlagIsTheUasOwn)
{
    for (const char* model : {"home-only", "outbound-proxy"})
    {
        TestbedConfig on = TwoNetworks(model, 3, 11, 14);
        EXPECT_GT(DnsQueries(on), 0) << model;
        TestbedConfig perUa = TwoNetworks(model, 3, 11, 14);
        for (auto& ua : perUa.uas)
        {
            ua.useDns = false;
        }
        EXPECT_EQ(DnsQueries(perUa), 0) << model;
        TestbedConfig attr = TwoNetworks(model, 3, 11, 14);
        attr.attributes["discovery.UseDns"] = "false";
        EXPECT_EQ(DnsQueries(attr), 0) << model;
    }
}

// A user-entered static table (a range -> proxy) decides the proxy with DNS off.
TEST(RegistrationFidelity, StaticTableFromTheScenario)
{
    TestbedConfig cfg = TwoNetworks("outbound-proxy", 3, 11, 14);
    UaConfig& ua = Ua(cfg, "1001");
    ua.useDns = false;
    ua.staticTable = {{"net1.example.org", "10.1.0.0/16", "10.1.0.10", 5060},
                      {"", "10.2.0.0/16", "10.2.0.10", 5060}};
    MobilityRun r(cfg);
    r.Run();
    auto regs = RegistrationsIn(r, "10.2.");
    ASSERT_FALSE(regs.empty());
    EXPECT_EQ(regs[0].via, "10.2.0.10:5060");
    EXPECT_EQ(regs[0].status, 200);
}

// Processing time: each request waits ProcessingDelay (+ up to ProcessingJitter) at the marshal
// before it is handled, so the marshal's query to its redirect server leaves that much after the
// INVITE arrived; the redirect server's own delay shows between query and answer.
TEST(RegistrationFidelity, ProcessingDelayVisibleInTimestamps)
{
    TestbedConfig cfg = TwoNetworks("home-only", 30, 40, 8);
    Ua(cfg, "2001").calls.push_back({3, "2002", 2});
    UaConfig callee;
    callee.user = "2002";
    callee.network = "net2";
    callee.startAt = 0.5;
    cfg.uas.push_back(callee);
    cfg.attributes["marshal.ProcessingDelay"] = "7ms";
    cfg.attributes["redirect.ProcessingDelay"] = "3ms";
    cfg.attributes["redirect.ProcessingJitter"] = "2ms";
    MobilityRun r(cfg);
    r.Run();
    double rx = -1;
    double query = -1;
    double answer = -1;
    for (const auto& e : r.sip)
    {
        if (e.label != "INVITE" && e.label != "302/INVITE")
        {
            continue;
        }
        if (!e.tx && e.at == "ms-net2" && e.from == "ua-2001" && rx < 0)
        {
            rx = e.t;
        }
        if (e.tx && e.at == "ms-net2" && e.to == "rs-net2" && query < 0)
        {
            query = e.t;
        }
        if (e.tx && e.at == "rs-net2" && e.label == "302/INVITE" && answer < 0)
        {
            answer = e.t;
        }
    }
    ASSERT_GE(rx, 0);
    ASSERT_GE(query, 0);
    ASSERT_GE(answer, 0);
    EXPECT_NEAR(query - rx, 0.007, 1e-9);
    EXPECT_GE(answer - query, 0.003);
    EXPECT_LE(answer - query, 0.005 + 0.001); // + the loopback hop on the server node
    bool answered = false;
    for (const auto& c : r.out.results.calls)
    {
        answered = answered || (c.ua == "sip:2002@net2.example.org" && c.finalStatus == 200);
    }
    EXPECT_TRUE(answered);
}
