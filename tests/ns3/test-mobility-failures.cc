// SPDX-License-Identifier: GPL-2.0-only
// Failure paths of mobility through the whole testbed: the home refuses the roaming user, no SRV
// record (static table, or a clear failure when there is none), a coverage gap longer than the
// registration expiry, a DHCP server that never answers, loss on the wireless link.
#include "access/dns-server.h"
#include "access/roaming-dhcp-server.h"
#include "mobility-fixture.h"

#include "ns3/dhcp-header.h"
#include "ns3/dhcp-server.h"
#include "ns3/error-model.h"
#include "ns3/pointer.h"
#include "ns3/wifi-net-device.h"
#include "ns3/wifi-phy.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

using namespace ns3;
using namespace mobtest;

namespace
{

const char* const kAor = "sip:1001@net1.example.org";

/// Drops the first received packet whose bytes contain every one of `needles`; every other
/// packet passes.
class DropFirstMatching : public ErrorModel
{
public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("mobtest::DropFirstMatching").SetParent<ErrorModel>();
        return tid;
    }

    std::vector<std::string> needles; ///< texts the packet to drop contains
    int dropped = 0;                  ///< packets dropped (at most 1)
    double droppedAt = -1;            ///< when, simulated s

private:
    bool DoCorrupt(Ptr<Packet> p) override
    {
        if (dropped > 0)
        {
            return false;
        }
        std::string bytes(p->GetSize(), '\0');
        p->CopyData(reinterpret_cast<uint8_t*>(bytes.data()), bytes.size());
        for (const auto& n : needles)
        {
            if (bytes.find(n) == std::string::npos)
            {
                return false;
            }
        }
        ++dropped;
        droppedAt = Simulator::Now().GetSeconds();
        return true;
    }

    void DoReset() override
    {
    }
};

std::vector<sipmob::RegistrationRecord>
RegistrationsOf(const MobilityRun& r, const std::string& aor = kAor)
{
    std::vector<sipmob::RegistrationRecord> out;
    for (const auto& rec : r.out.results.registrations)
    {
        if (rec.ua == aor)
        {
            out.push_back(rec);
        }
    }
    return out;
}

/// The last registration state of the mobile before the UAs stop.
std::string
StateBeforeStop(const MobilityRun& r)
{
    std::string state = "unregistered";
    for (const auto& e : r.Of("RegistrationState", "ua-1001"))
    {
        state = e.t < r.cfg.duration - 1e-9 ? e.b : state;
    }
    return state;
}

/// Time of the first event of a kind at a source after t (-1 when none).
double
FirstAfter(const MobilityRun& r, const std::string& kind, const std::string& src, double t)
{
    for (const auto& e : r.Of(kind, src))
    {
        if (e.t >= t)
        {
            return e.t;
        }
    }
    return -1;
}

/// The home refuses the mobile's REGISTER relayed by net2 (outbound-proxy): the UA gets the
/// 403 back along the path and net2 never creates a visitor.
void
ExpectHomeRefusal(MobilityRun& r, int expectedStatus)
{
    r.Run();
    std::string addr = r.AddressIn("10.2.");
    ASSERT_FALSE(addr.empty());
    // Pointers below point into regs, which must outlive them (not into a temporary).
    const auto regs = RegistrationsOf(r);
    const sipmob::RegistrationRecord* last = nullptr;
    for (const auto& rec : regs)
    {
        if (rec.contact.find(addr) != std::string::npos)
        {
            last = last ? last : &rec;
            EXPECT_EQ(rec.status, expectedStatus) << rec.contact;
            EXPECT_EQ(rec.via, "10.2.0.10:5060");
            EXPECT_TRUE(rec.tFinal.has_value());
        }
    }
    ASSERT_NE(last, nullptr) << "no REGISTER from net2";
    // The refusal came from home and travelled back along the path.
    auto path = RegisterPath(r, last->tSent, *last->tFinal);
    ASSERT_GE(path.size(), 4u) << Join(path);
    EXPECT_EQ(path.back(), "ms-net2>ua-1001 " + std::to_string(expectedStatus) + "/REGISTER")
        << Join(path);
    bool fromHome = false;
    for (const auto& p : path)
    {
        fromHome =
            fromHome || p == "ms-net1>gw-net1-net2 " + std::to_string(expectedStatus) + "/REGISTER";
    }
    EXPECT_EQ(path.front(), "ua-1001>ms-net2 REGISTER") << Join(path);
    EXPECT_EQ(path[1], "ms-net2>rs-net2 REGISTER") << Join(path);
    // net2's redirect server got route queries only (one per REGISTER of the chain), no visitor
    // REGISTER (To: user%40home).
    int queries = 0;
    for (const auto& e : r.sip)
    {
        if (!e.tx && e.at == "rs-net2" && e.label == "REGISTER" && e.t >= last->tSent &&
            e.t <= *last->tFinal)
        {
            EXPECT_EQ(e.msg.GetTo().uri.GetUser(), "1001") << "visitor registered:" << Join(path);
            ++queries;
        }
    }
    int fromUa = 0;
    for (const auto& p : path)
    {
        fromUa += p == "ua-1001>ms-net2 REGISTER";
    }
    EXPECT_EQ(queries, fromUa) << Join(path);
    EXPECT_TRUE(fromHome) << Join(path);
    EXPECT_TRUE(r.Of("VisitorCreated").empty());
    for (const auto& e : r.Of("BindingAdded", "rs-net2"))
    {
        EXPECT_EQ(e.a.find("1001"), std::string::npos) << e.a;
    }
    EXPECT_FALSE(r.Of("AuthFailed", "ms-net1").empty());
    EXPECT_EQ(StateBeforeStop(r), "failed");
}

} // namespace

TEST(MobilityFailures, HomeDoesNotKnowTheUser)
{
    TestbedConfig cfg = TwoNetworks("outbound-proxy", 3, 11, 14);
    cfg.networks[0].subscribers.erase(cfg.networks[0].subscribers.begin() + 1); // 1001
    MobilityRun r(cfg);
    ExpectHomeRefusal(r, 403);
    // At home already: refused by the marshal itself.
    auto regs = RegistrationsOf(r);
    ASSERT_FALSE(regs.empty());
    EXPECT_EQ(regs.front().status, 403);
    EXPECT_EQ(regs.front().via, "10.1.0.10:5060");
    bool viaPeer = false;
    for (const auto& e : r.Of("AuthFailed", "ms-net1"))
    {
        viaPeer = viaPeer || e.b == "not provisioned (via peer)";
    }
    EXPECT_TRUE(viaPeer);
}

// The home challenges a REGISTER of its digest subscriber relayed by net2 (outbound-proxy) like a
// direct one: the 401 travels back through net2 to the UA, whose retry net2 relays; a wrong
// password ends in 403 and no visitor.
TEST(MobilityFailures, HomePasswordMismatch)
{
    TestbedConfig cfg = TwoNetworks("outbound-proxy", 3, 11, 14);
    cfg.networks[0].subscribers[1].password = "right";
    Ua(cfg, "1001").password = "wrong";
    cfg.attributes["marshal.DigestEnabled"] = "true";
    MobilityRun r(cfg);
    ExpectHomeRefusal(r, 403);
    // The challenge reached the UA through the foreign marshal: 401 came back along the path.
    std::string addr = r.AddressIn("10.2.");
    int challenges = 0;
    for (const auto& e : r.sip)
    {
        challenges += !e.tx && e.at == "ua-1001" && e.label == "401/REGISTER" &&
                      e.msg.GetTo().uri.GetHost() == "net1.example.org";
    }
    EXPECT_EQ(challenges, 2); // at home, then from net2
    bool wrong = false;
    for (const auto& e : r.Of("AuthFailed", "ms-net1"))
    {
        wrong = wrong || e.b == "wrong credentials";
    }
    EXPECT_TRUE(wrong);
    // The refused chain: REGISTER, 401 from home, REGISTER with credentials, 403 from home.
    const auto regs = RegistrationsOf(r); // rec points into it
    const sipmob::RegistrationRecord* rec = nullptr;
    for (const auto& x : regs)
    {
        rec = !rec && x.contact.find(addr) != std::string::npos ? &x : rec;
    }
    ASSERT_NE(rec, nullptr);
    std::vector<std::string> atUa;
    for (const auto& p : RegisterPath(r, rec->tSent, *rec->tFinal))
    {
        if (p.find("ua-1001") != std::string::npos)
        {
            atUa.push_back(p);
        }
    }
    std::vector<std::string> expected = {"ua-1001>ms-net2 REGISTER", "ms-net2>ua-1001 401/REGISTER",
                                         "ua-1001>ms-net2 REGISTER",
                                         "ms-net2>ua-1001 403/REGISTER"};
    EXPECT_EQ(atUa, expected) << Join(atUa);
}

// The same with the right password: the relayed retry is accepted at home, net2 creates the
// visitor, and the UA is registered through net2.
TEST(MobilityFailures, HomePasswordMatchThroughTheForeignMarshal)
{
    TestbedConfig cfg = TwoNetworks("outbound-proxy", 3, 11, 14);
    cfg.networks[0].subscribers[1].password = "right";
    Ua(cfg, "1001").password = "right";
    cfg.attributes["marshal.DigestEnabled"] = "true";
    MobilityRun r(cfg);
    r.Run();
    std::string addr = r.AddressIn("10.2.");
    ASSERT_FALSE(addr.empty());
    const auto regs = RegistrationsOf(r); // rec points into it
    const sipmob::RegistrationRecord* rec = nullptr;
    for (const auto& x : regs)
    {
        rec = !rec && x.contact.find(addr) != std::string::npos ? &x : rec;
    }
    ASSERT_NE(rec, nullptr);
    ASSERT_TRUE(rec->tFinal.has_value());
    EXPECT_EQ(rec->status, 200);
    EXPECT_EQ(rec->via, "10.2.0.10:5060");
    std::vector<std::string> expected = {
        "ua-1001>ms-net2 REGISTER",           "ms-net2>rs-net2 REGISTER",
        "rs-net2>ms-net2 302/REGISTER",       "ms-net2>gw-net2-net1 REGISTER",
        "gw-net2-net1>gw-net1-net2 REGISTER", "gw-net1-net2>ms-net1 REGISTER",
        "ms-net1>gw-net1-net2 401/REGISTER",  "gw-net1-net2>gw-net2-net1 401/REGISTER",
        "gw-net2-net1>ms-net2 401/REGISTER",  "ms-net2>ua-1001 401/REGISTER",
        "ua-1001>ms-net2 REGISTER",           "ms-net2>rs-net2 REGISTER",
        "rs-net2>ms-net2 302/REGISTER",       "ms-net2>gw-net2-net1 REGISTER",
        "gw-net2-net1>gw-net1-net2 REGISTER", "gw-net1-net2>ms-net1 REGISTER",
        "ms-net1>rs-net1 REGISTER",           "rs-net1>ms-net1 200/REGISTER",
        "ms-net1>gw-net1-net2 200/REGISTER",  "gw-net1-net2>gw-net2-net1 200/REGISTER",
        "gw-net2-net1>ms-net2 200/REGISTER",  "ms-net2>rs-net2 REGISTER",
        "rs-net2>ms-net2 200/REGISTER",       "ms-net2>ua-1001 200/REGISTER",
    };
    auto path = RegisterPath(r, rec->tSent, *rec->tFinal);
    EXPECT_EQ(path, expected) << Join(path);
    // The retry carried credentials for the home realm, unchanged by net2.
    int authorized = 0;
    for (const auto& e : r.sip)
    {
        if (!e.tx && e.at == "ms-net1" && e.label == "REGISTER" && e.t >= rec->tSent &&
            e.t <= *rec->tFinal)
        {
            auto d = e.msg.GetDigest("Authorization");
            authorized += d && d->Get("realm").value_or("") == "net1.example.org" &&
                          d->Get("username").value_or("") == "1001";
        }
    }
    EXPECT_EQ(authorized, 1);
    auto created = r.Of("VisitorCreated", "ms-net2");
    ASSERT_EQ(created.size(), 1u);
    EXPECT_EQ(created[0].a, "1001%40net1.example.org");
    EXPECT_EQ(created[0].b, "sip:1001@" + addr + ":5060");
    EXPECT_TRUE(r.Of("AuthFailed").empty());
    EXPECT_EQ(StateBeforeStop(r), "registered");
}

TEST(MobilityFailures, NoSrvRecordUsesTheStaticTable)
{
    TestbedConfig cfg = TwoNetworks("outbound-proxy", 3, 11, 14);
    cfg.networks[1].dns = false; // net2 publishes no _sip._udp SRV record
    MobilityRun r(cfg);
    std::vector<std::pair<std::string, int>> answers; // (question, rcode) at net1's DNS
    r.setup = [&answers](MobilityRun& run)
    {
        Ptr<Node> server = run.tb->GetNetwork("net1").server;
        for (uint32_t i = 0; i < server->GetNApplications(); ++i)
        {
            if (Ptr<DnsServer> dns = DynamicCast<DnsServer>(server->GetApplication(i)))
            {
                dns->TraceConnectWithoutContext(
                    "ResponseSent", Callback<void, const sipmob::DnsMessage&, const Address&>(
                                        [&answers](const sipmob::DnsMessage& m, const Address&)
                                        {
                                            if (!m.questions.empty())
                                            {
                                                answers.emplace_back(m.questions[0].name, m.rcode);
                                            }
                                        }));
            }
        }
    };
    r.Run();
    std::string addr = r.AddressIn("10.2.");
    ASSERT_FALSE(addr.empty());
    // The lookup was made and failed ...
    bool nx = false;
    for (const auto& [q, rcode] : answers)
    {
        nx = nx || (q == "_sip._udp.net2.example.org" && rcode != 0);
    }
    EXPECT_TRUE(nx) << "no failed SRV query for net2";
    // ... yet net2's marshal was found (static table) and the registration went through it.
    bool found = false;
    for (const auto& e : r.Of("ProxyDiscovered", "ua-1001"))
    {
        found = found || (e.a == "net2.example.org" && e.b == "10.2.0.10" && e.n == 5060);
    }
    EXPECT_TRUE(found);
    bool ok = false;
    for (const auto& rec : RegistrationsOf(r))
    {
        ok = ok || (rec.contact.find(addr) != std::string::npos && rec.status == 200 &&
                    rec.via == "10.2.0.10:5060");
    }
    EXPECT_TRUE(ok);
    EXPECT_EQ(r.Of("VisitorCreated", "ms-net2").size(), 1u);
}

TEST(MobilityFailures, NoProxyForTheVisitedNetworkFailsClearly)
{
    TestbedConfig cfg = TwoNetworks("outbound-proxy", 3, 11, 14);
    MobilityRun r(cfg);
    std::vector<std::pair<std::string, std::string>> failed;
    r.setup = [&failed](MobilityRun& run)
    {
        // A discovery that maps net2's addresses to its domain but knows no proxy for it.
        Ptr<ProxyDiscovery> pd = CreateObject<ProxyDiscovery>();
        pd->SetAttribute("UseDns", BooleanValue(false));
        pd->AddStaticDomain("net1.example.org", Ipv4Address("10.1.0.10"), 5060);
        pd->AddStaticRange(Ipv4Address("10.1.0.0"), Ipv4Mask("255.255.0.0"), "net1.example.org");
        pd->AddStaticRange(Ipv4Address("10.2.0.0"), Ipv4Mask("255.255.0.0"), "net2.example.org");
        pd->TraceConnectWithoutContext("Failed",
                                       Callback<void, const std::string&, const std::string&>(
                                           [&failed](const std::string& d, const std::string& why)
                                           { failed.emplace_back(d, why); }));
        run.Agent("1001")->SetProxyDiscovery(pd);
    };
    r.Run();
    std::string addr = r.AddressIn("10.2.");
    ASSERT_FALSE(addr.empty());
    ASSERT_EQ(failed.size(), 1u);
    EXPECT_EQ(failed[0].first, "net2.example.org");
    EXPECT_NE(failed[0].second.find("no static entry"), std::string::npos) << failed[0].second;
    // No net2 proxy: the model falls back to the static home proxy (HomeProxyAddress) and the
    // mobile registers there directly, as Home-Registration-Only would; net2 never sees it.
    double end = cfg.duration;
    auto sent = r.SentBy("ua-1001",
                         [&addr, end](const SipEvent& e) { return e.fromIp == addr && e.t < end; });
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].label, "REGISTER");
    EXPECT_EQ(sent[0].to, "ms-net1");
    bool ok = false;
    for (const auto& rec : RegistrationsOf(r))
    {
        ok = ok || (rec.contact.find(addr) != std::string::npos && rec.status == 200 &&
                    rec.via == "10.1.0.10:5060");
    }
    EXPECT_TRUE(ok);
    EXPECT_TRUE(r.Of("VisitorCreated").empty());
    for (const auto& e : r.Of("ProxyDiscovered", "ua-1001"))
    {
        EXPECT_NE(e.a, "net2.example.org");
    }
    EXPECT_EQ(StateBeforeStop(r), "registered");
}

namespace
{
/// The call rows of one user agent, in the order they were written.
std::vector<sipmob::CallRecord>
CallRowsOf(const MobilityRun& r, const std::string& aor = kAor)
{
    std::vector<sipmob::CallRecord> rows;
    for (const auto& c : r.out.results.calls)
    {
        if (c.ua == aor)
        {
            rows.push_back(c);
        }
    }
    return rows;
}
} // namespace

// Issue 12 item 2: every scheduled call has a row. The UAs stop at 6 s, the simulator at 8 s:
// the call due at 7 s (after the UA stopped) and the one due at 50 s (never reached) are both
// never placed and recorded as after-run-end, at their due time, ended when the UA stopped;
// the call due at 2 s was placed and ended normally. No INVITE after the stop.
TEST(MobilityFailures, CallsDueAfterTheRunEndHaveARow)
{
    TestbedConfig cfg = TwoNetworks("home-only", 30, 40, 6); // no move before the end
    Ua(cfg, "1001").calls.push_back({2, "2001", 1});
    Ua(cfg, "1001").calls.push_back({7, "2001", 5});
    Ua(cfg, "1001").calls.push_back({50, "2001", 5});
    MobilityRun r(cfg);
    r.Run();
    auto rows = CallRowsOf(r);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_FALSE(rows[0].callId.empty());
    EXPECT_EQ(rows[0].endReason, "bye-sent");
    EXPECT_EQ(rows[0].finalStatus, 200);
    std::set<double> due;
    for (size_t i = 1; i < rows.size(); ++i)
    {
        EXPECT_EQ(rows[i].endReason, "after-run-end");
        EXPECT_TRUE(rows[i].callId.empty());
        EXPECT_TRUE(rows[i].outgoing);
        EXPECT_EQ(rows[i].peer, "sip:2001@net1.example.org");
        EXPECT_EQ(rows[i].finalStatus, 0);
        ASSERT_TRUE(rows[i].tEnded.has_value());
        EXPECT_DOUBLE_EQ(*rows[i].tEnded, 6.0); // when the UA stopped
        due.insert(rows[i].tInvite);
    }
    EXPECT_EQ(due, (std::set<double>{7, 50}));
    // The first call's INVITEs (to the proxy, then to 2001 after its 302: direct calls) only.
    auto invites = r.SentBy("ua-1001", [](const SipEvent& e) { return e.label == "INVITE"; });
    ASSERT_FALSE(invites.empty());
    for (const auto& e : invites)
    {
        EXPECT_EQ(e.msg.GetCallId(), rows[0].callId);
    }
    EXPECT_NEAR(invites[0].t, 2.0, 1e-9);
    // Every placed call has its media rows, at both ends.
    for (const auto& end : {kAor, "sip:2001@net2.example.org"})
    {
        int media = 0;
        for (const auto& m : r.out.results.media)
        {
            media += m.ua == end && m.callId == rows[0].callId;
        }
        EXPECT_EQ(media, 1) << end;
    }
}

// Issue 12 item 2: a user agent whose start (7 s) comes after its stop (the run's end, 6 s)
// never runs: ns-3 calls StopApplication first (it used to crash on the registration client that
// did not exist yet) and the StartApplication after it does nothing. Its calls have rows:
// not-started when due during the run, after-run-end when due after it.
TEST(MobilityFailures, UserAgentStartingAfterTheRunEndHasRowsForItsCalls)
{
    TestbedConfig cfg = TwoNetworks("home-only", 30, 40, 6);
    Ua(cfg, "1001").startAt = 7; // before the simulator stops (8 s)
    Ua(cfg, "1001").calls.push_back({2, "2001", 1});
    Ua(cfg, "1001").calls.push_back({7.5, "2001", 1});
    MobilityRun r(cfg);
    r.Run();
    auto rows = CallRowsOf(r);
    ASSERT_EQ(rows.size(), 2u);
    std::map<double, std::string> reasons;
    for (const auto& row : rows)
    {
        reasons[row.tInvite] = row.endReason;
        EXPECT_TRUE(row.callId.empty());
        ASSERT_TRUE(row.tEnded.has_value());
        EXPECT_DOUBLE_EQ(*row.tEnded, 6.0);
    }
    EXPECT_EQ(reasons, (std::map<double, std::string>{{2, "not-started"}, {7.5, "after-run-end"}}));
    EXPECT_TRUE(r.SentBy("ua-1001", [](const SipEvent&) { return true; }).empty());
    EXPECT_TRUE(r.Of("RegistrationState", "ua-1001").empty());
}

TEST(MobilityFailures, CoverageGapLongerThanTheExpiry)
{
    // Out of every AP's range from ~3.5 s to ~19 s; registrations last 10 s.
    TestbedConfig cfg = TwoNetworks("home-only", 3, 11, 24);
    Ua(cfg, "1001").path = {{0, 5, 0}, {3, 5, 0}, {4, -200, 0}, {18, -200, 0}, {19, 5, 0}};
    cfg.attributes["ua.RegisterExpires"] = "10";
    cfg.attributes["redirect.MinExpires"] = "5";
    MobilityRun r(cfg);
    r.Run();
    auto regs = RegistrationsOf(r);
    ASSERT_GE(regs.size(), 2u);
    const sipmob::RegistrationRecord& first = regs[0];
    ASSERT_EQ(first.status, 200);
    ASSERT_TRUE(first.tFinal.has_value());
    EXPECT_EQ(first.expires, 10u);
    double lost = FirstAfter(r, "LinkLost", "ua-1001", 0);
    ASSERT_GT(lost, first.tSent);
    EXPECT_LT(lost, *first.tFinal + 5); // gone before the refresh was due
    // The binding expired at home (purged within a second of its expiry).
    auto expired = r.Of("BindingExpired", "rs-net1");
    ASSERT_EQ(expired.size(), 1u);
    EXPECT_EQ(expired[0].a, kAor);
    EXPECT_EQ(expired[0].b, first.contact);
    EXPECT_GE(expired[0].t, *first.tFinal + 10 - 1e-6);
    EXPECT_LE(expired[0].t, *first.tFinal + 11 + 1e-6);
    // The UA, unable to refresh, held "registered" until the granted expiry, then knew the
    // binding had lapsed (the same instant the registrar's expiry is due).
    std::vector<std::pair<double, std::string>> states;
    for (const auto& e : r.Of("RegistrationState", "ua-1001"))
    {
        if (e.t > lost)
        {
            states.emplace_back(e.t, e.a + ">" + e.b);
        }
    }
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states[0].second, "registered>unregistered");
    EXPECT_NEAR(states[0].first, *first.tFinal + 10, 1e-6);
    // Nothing sent while out of coverage.
    double back = FirstAfter(r, "NewLease", "ua-1001", lost);
    ASSERT_GT(back, expired[0].t);
    auto during = r.SentBy("ua-1001", [&](const SipEvent& e) { return e.t > lost && e.t < back; });
    EXPECT_TRUE(during.empty());
    // Back: it registers again and the binding comes back.
    const sipmob::RegistrationRecord* again = nullptr;
    for (const auto& rec : regs)
    {
        again = !again && rec.tSent > back ? &rec : again;
    }
    ASSERT_NE(again, nullptr);
    EXPECT_EQ(again->status, 200);
    EXPECT_LT(again->tSent - back, 0.5 + 1e-6); // the next poll
    double added = FirstAfter(r, "BindingAdded", "rs-net1", back);
    EXPECT_GT(added, again->tSent);
    EXPECT_LE(added, *again->tFinal);
    EXPECT_EQ(StateBeforeStop(r), "registered");
}

TEST(MobilityFailures, DhcpNeverAnswers)
{
    TestbedConfig cfg = TwoNetworks("home-only", 3, 11, 18);
    Ua(cfg, "1001").calls.push_back({14, "2001", 2}); // due while the mobile has no address
    MobilityRun r(cfg);
    uint32_t discovers = 0;
    r.setup = [&discovers](MobilityRun& run)
    {
        const auto& net2 = run.tb->GetNetwork("net2");
        Ptr<Node> ap = run.tb->GetWifi().GetApNode(net2.accessPoints.at(0));
        int stopped = 0;
        for (uint32_t i = 0; i < ap->GetNApplications(); ++i)
        {
            Ptr<Application> d = ap->GetApplication(i);
            if (DynamicCast<DhcpServer>(d) || DynamicCast<RoamingDhcpServer>(d))
            {
                d->SetStopTime(Seconds(0.01));
                ++stopped;
            }
        }
        ASSERT_EQ(stopped, 1);
        run.tb->GetDhcpClient("1001")->TraceConnectWithoutContext(
            "Tx", Callback<void, uint8_t, uint32_t>(
                      [&discovers](uint8_t type, uint32_t) {
                          discovers +=
                              Simulator::Now() > Seconds(3) && type == DhcpHeader::DHCPDISCOVER;
                      }));
    };
    r.Run();
    EXPECT_TRUE(r.AddressIn("10.2.").empty());
    double lost = FirstAfter(r, "LinkLost", "ua-1001", 0);
    ASSERT_GT(lost, 3);
    EXPECT_GT(FirstAfter(r, "Associated", "ua-1001", lost), lost); // with net2's AP
    EXPECT_GE(discovers, 2u) << "the client should keep trying";
    bool none = false;
    for (const auto& e : r.Of("AddressChange", "ua-1001"))
    {
        none = none || e.b == "0.0.0.0";
    }
    EXPECT_TRUE(none);
    for (const auto& e : r.sip)
    {
        if (e.tx && e.at == "ua-1001")
        {
            EXPECT_NE(e.fromIp, "0.0.0.0") << e.label << " at " << e.t;
            EXPECT_LT(e.t, lost) << e.label; // nothing at all after the link was lost
        }
    }
    EXPECT_TRUE(r.Of("CallState", "ua-1001").empty()) << "the call must wait for an address";
    // ... and it has a row that says why it never was placed (issue 12 item 2).
    auto rows = CallRowsOf(r);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].endReason, "no-address");
    EXPECT_TRUE(rows[0].callId.empty());
    EXPECT_DOUBLE_EQ(rows[0].tInvite, 14.0);
    ASSERT_TRUE(rows[0].tEnded.has_value());
    EXPECT_DOUBLE_EQ(*rows[0].tEnded, 18.0);
    // Without an address the UA cannot refresh, but the binding granted at home (3600 s) holds:
    // the state stays "registered" (it would turn "unregistered" at the granted expiry, see
    // CoverageGapLongerThanTheExpiry).
    EXPECT_EQ(StateBeforeStop(r), "registered");
}

// A packet lost on the way to net2's proxy: the mobile's first REGISTER after the move is dropped
// on arrival at ms-net2 (every other packet passes), so the UA's non-INVITE client transaction
// retransmits it when Timer E fires, T1 = 500 ms after the first copy (RFC 3261 §17.1.2.2), the
// proxy gets that copy, and the hand-off completes. Deterministic: no random loss (this test
// used to rely on 10 % random Wi-Fi loss producing at least one SIP retransmission).
TEST(MobilityFailures, LostRegisterIsRetransmittedAtT1AndHandsOff)
{
    TestbedConfig cfg = TwoNetworks("outbound-proxy", 4, 12, 20);
    Ua(cfg, "1001").calls.push_back({2, "2001", 14});
    Ptr<DropFirstMatching> dropper = CreateObject<DropFirstMatching>();
    dropper->needles = {"REGISTER sip:", "sip:1001@net1.example.org"};
    MobilityRun r(cfg);
    r.setup = [dropper](MobilityRun& run)
    {
        Ptr<Node> proxy = run.Marshal("net2")->GetNode();
        for (uint32_t i = 0; i < proxy->GetNDevices(); ++i)
        {
            proxy->GetDevice(i)->SetAttributeFailSafe("ReceiveErrorModel", PointerValue(dropper));
        }
    };
    r.Run();
    ASSERT_EQ(dropper->dropped, 1);

    const std::string addr = r.AddressIn("10.2.");
    ASSERT_FALSE(addr.empty());
    // The first REGISTER from net2 and every copy of it (same branch).
    std::vector<SipEvent> copies;
    for (const auto& e :
         r.SentBy("ua-1001", [](const SipEvent& e) { return e.label == "REGISTER"; }))
    {
        if (e.fromIp == addr && (copies.empty() || e.msg.GetTopVia().GetBranch() ==
                                                       copies.front().msg.GetTopVia().GetBranch()))
        {
            copies.push_back(e);
        }
    }
    ASSERT_EQ(copies.size(), 2u) << "sent once, retransmitted once";
    EXPECT_NEAR(dropper->droppedAt - copies[0].t, 0, 0.01) << "the first copy was the one dropped";
    EXPECT_NEAR(copies[1].t - copies[0].t, 0.5, 1e-9) << "Timer E = T1";
    // The proxy received the retransmission only.
    int received = 0;
    for (const auto& e : r.sip)
    {
        received += !e.tx && e.at == "ms-net2" && e.label == "REGISTER" &&
                    e.msg.GetTopVia().GetBranch() == copies[0].msg.GetTopVia().GetBranch();
    }
    EXPECT_EQ(received, 1);
    // The hand-off still completed, half a second later than it would have.
    const sipmob::HandoffRecord* h = nullptr;
    for (const auto& rec : r.out.results.handoffs)
    {
        h = rec.newAddress == addr ? &rec : h;
    }
    ASSERT_NE(h, nullptr);
    ASSERT_TRUE(h->tRegisterSent.has_value());
    ASSERT_TRUE(h->tRegisterOk.has_value());
    EXPECT_NEAR(*h->tRegisterSent, copies[0].t, 1e-9);
    EXPECT_GT(*h->tRegisterOk, copies[1].t);
    EXPECT_LT(*h->tRegisterOk - copies[1].t, 0.2);
    EXPECT_TRUE(h->tReinviteOk.has_value());
    EXPECT_TRUE(h->tMediaDown.has_value());
    EXPECT_TRUE(h->tMediaUp.has_value());
    bool ended = false;
    for (const auto& c : r.out.results.calls)
    {
        ended = ended || (c.ua == kAor && c.finalStatus == 200 && c.endReason == "bye-sent");
    }
    EXPECT_TRUE(ended);
}
