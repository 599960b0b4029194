// SPDX-License-Identifier: GPL-2.0-only
// LocationService (RFC 3261 section 10.3 steps 6-8) and VisitorRegistry.
#include "registrar/location-service.h"
#include "registrar/visitor-registry.h"

#include <gtest/gtest.h>
#include <stdexcept>

using namespace sipmob;

namespace
{

const std::string kAor = "sip:1001@net1.example.org";
const std::string kC1 = "sip:1001@10.1.0.5:5060";
const std::string kC2 = "sip:1001@10.2.0.7:5060";

RegisterRequest
Request(std::vector<ContactUpdate> contacts, std::optional<uint32_t> expires,
        const std::string& callId, uint32_t cseq)
{
    RegisterRequest r;
    r.aor = kAor;
    r.contacts = std::move(contacts);
    r.expires = expires;
    r.callId = callId;
    r.cseq = cseq;
    return r;
}

} // namespace

TEST(LocationService, AddThenRefreshWithHigherCSeq)
{
    LocationService ls;
    auto r = ls.Update(kAor, kC1, 600, "call-a", 1, 10.0);
    EXPECT_EQ(r.status, RegisterStatus::OK);
    ASSERT_EQ(r.bindings.size(), 1u);
    EXPECT_EQ(r.bindings[0].contact, kC1);
    EXPECT_DOUBLE_EQ(r.bindings[0].expiresAt, 610.0);
    EXPECT_EQ(r.bindings[0].Remaining(10.0), 600u);
    EXPECT_EQ(r.bindings[0].cseq, 1u);

    r = ls.Update(kAor, kC1, 900, "call-a", 2, 100.0);
    EXPECT_EQ(r.status, RegisterStatus::OK);
    ASSERT_EQ(r.bindings.size(), 1u);
    EXPECT_DOUBLE_EQ(r.bindings[0].expiresAt, 1000.0);
    EXPECT_EQ(r.bindings[0].cseq, 2u);
    EXPECT_EQ(ls.Count(), 1u);
}

TEST(LocationService, StaleCSeqRejectedWith500AndNothingChanges)
{
    LocationService ls;
    ls.Update(kAor, kC1, 600, "call-a", 5, 0.0);
    for (uint32_t cseq : {5u, 4u})
    {
        auto r = ls.Update(kAor, kC1, 1200, "call-a", cseq, 1.0);
        EXPECT_EQ(static_cast<int>(r.status), 500);
        EXPECT_NE(r.reason.find("CSeq " + std::to_string(cseq)), std::string::npos);
    }
    // A two-contact request whose second contact is stale changes neither contact.
    auto r = ls.Register(
        Request({{kC2, std::nullopt, std::nullopt}, {kC1, std::nullopt, 0.5}}, 1200, "call-a", 3),
        2.0);
    EXPECT_EQ(r.status, RegisterStatus::SERVER_INTERNAL_ERROR);
    auto now = ls.Lookup(kAor, 2.0);
    ASSERT_EQ(now.size(), 1u);
    EXPECT_DOUBLE_EQ(now[0].expiresAt, 600.0);
    // Another Call-ID (e.g. the UA rebooted) may replace the binding whatever its CSeq.
    r = ls.Update(kAor, kC1, 1200, "call-b", 1, 3.0);
    EXPECT_EQ(r.status, RegisterStatus::OK);
    EXPECT_EQ(ls.Lookup(kAor, 3.0)[0].callId, "call-b");
}

TEST(LocationService, BindingsExpireInTimeAndPurgeReportsThem)
{
    LocationService ls;
    ls.Update(kAor, kC1, 100, "call-a", 1, 0.0);
    ls.Update("sip:1002@net1.example.org", kC2, 300, "call-b", 1, 0.0);
    EXPECT_EQ(ls.Lookup(kAor, 99.999).size(), 1u);
    EXPECT_TRUE(ls.Lookup(kAor, 100.0).empty());
    EXPECT_EQ(ls.Count(), 2u); // not yet purged
    auto expired = ls.Purge(150.0);
    ASSERT_EQ(expired.size(), 1u);
    EXPECT_EQ(expired[0].aor, kAor);
    EXPECT_EQ(expired[0].binding.contact, kC1);
    EXPECT_EQ(ls.Count(), 1u);
    EXPECT_EQ(ls.Aors(), std::vector<std::string>{"sip:1002@net1.example.org"});
    EXPECT_TRUE(ls.Purge(150.0).empty());
}

TEST(LocationService, ExpiredBindingIsReplacedWhateverItsCSeq)
{
    LocationService ls;
    ls.Update(kAor, kC1, 100, "call-a", 7, 0.0);
    auto r = ls.Update(kAor, kC1, 100, "call-a", 7, 200.0);
    EXPECT_EQ(r.status, RegisterStatus::OK);
    EXPECT_EQ(ls.Lookup(kAor, 200.0).size(), 1u);
}

TEST(LocationService, WildcardRemovesAllOnlyAloneWithExpiresZero)
{
    LocationService ls;
    ls.Register(Request({{kC1, std::nullopt, std::nullopt}, {kC2, std::nullopt, std::nullopt}}, 600,
                        "call-a", 1),
                0.0);
    EXPECT_EQ(ls.Lookup(kAor, 1.0).size(), 2u);

    ContactUpdate star{"*", std::nullopt, std::nullopt};
    auto r = ls.Register(Request({star}, 600, "call-a", 2), 1.0);
    EXPECT_EQ(static_cast<int>(r.status), 400);
    r = ls.Register(Request({star}, std::nullopt, "call-a", 2), 1.0);
    EXPECT_EQ(r.status, RegisterStatus::BAD_REQUEST);
    r = ls.Register(Request({star, {kC1, std::nullopt, std::nullopt}}, 0, "call-a", 2), 1.0);
    EXPECT_EQ(r.status, RegisterStatus::BAD_REQUEST);
    EXPECT_EQ(r.reason, "Contact '*' together with other contacts");
    r = ls.Register(Request({{"*", 0u, std::nullopt}}, 0, "call-a", 2), 1.0);
    EXPECT_EQ(r.status, RegisterStatus::BAD_REQUEST); // '*' takes no parameter
    EXPECT_EQ(ls.Lookup(kAor, 1.0).size(), 2u);

    r = ls.Register(Request({star}, 0, "call-a", 1), 1.0); // same Call-ID, CSeq not higher
    EXPECT_EQ(r.status, RegisterStatus::SERVER_INTERNAL_ERROR);
    EXPECT_EQ(ls.Lookup(kAor, 1.0).size(), 2u);

    r = ls.Update(kAor, "*", 0, "call-a", 2, 1.0);
    EXPECT_EQ(r.status, RegisterStatus::OK);
    EXPECT_EQ(r.removed.size(), 2u);
    EXPECT_TRUE(r.bindings.empty());
    EXPECT_TRUE(ls.Lookup(kAor, 1.0).empty());
    EXPECT_EQ(ls.Count(), 0u);
}

TEST(LocationService, ExpiresZeroRemovesOneBinding)
{
    LocationService ls;
    ls.Update(kAor, kC1, 600, "call-a", 1, 0.0);
    ls.Update(kAor, kC2, 600, "call-b", 1, 0.0);
    auto r = ls.Register(Request({{kC1, 0u, std::nullopt}}, 600, "call-a", 2), 5.0);
    EXPECT_EQ(r.status, RegisterStatus::OK);
    ASSERT_EQ(r.removed.size(), 1u);
    EXPECT_EQ(r.removed[0].contact, kC1);
    ASSERT_EQ(r.bindings.size(), 1u);
    EXPECT_EQ(r.bindings[0].contact, kC2);
    // Removing an unknown contact is not an error.
    r = ls.Update(kAor, "sip:1001@10.9.9.9", 0, "call-c", 1, 6.0);
    EXPECT_EQ(r.status, RegisterStatus::OK);
    EXPECT_TRUE(r.removed.empty());
    EXPECT_EQ(r.bindings.size(), 1u);
}

TEST(LocationService, LookupSortsByQ)
{
    LocationService ls;
    ls.Update(kAor, "sip:a@h", 600, "c1", 1, 0.0, 0.3);
    ls.Update(kAor, "sip:b@h", 600, "c2", 1, 0.0, 0.9);
    ls.Update(kAor, "sip:c@h", 600, "c3", 1, 0.0, 0.3);
    ls.Update(kAor, "sip:d@h", 600, "c4", 1, 0.0); // default q 1.0
    auto b = ls.Lookup(kAor, 1.0);
    ASSERT_EQ(b.size(), 4u);
    EXPECT_EQ(b[0].contact, "sip:d@h");
    EXPECT_EQ(b[1].contact, "sip:b@h");
    EXPECT_EQ(b[2].contact, "sip:a@h"); // equal q, registered at the same time: stored order
    EXPECT_EQ(b[3].contact, "sip:c@h");
    auto r = ls.Update(kAor, "sip:e@h", 600, "c5", 1, 0.0, 1.5);
    EXPECT_EQ(r.status, RegisterStatus::BAD_REQUEST);
    EXPECT_EQ(ls.Lookup(kAor, 1.0).size(), 4u);
    // Equal q: the most recently refreshed first; q still wins over recency.
    ls.Update(kAor, "sip:c@h", 600, "c3", 2, 5.0, 0.3);
    b = ls.Lookup(kAor, 6.0);
    ASSERT_EQ(b.size(), 4u);
    EXPECT_EQ(b[0].contact, "sip:d@h");
    EXPECT_EQ(b[2].contact, "sip:c@h");
    EXPECT_EQ(b[3].contact, "sip:a@h");
    EXPECT_DOUBLE_EQ(b[2].updatedAt, 5.0);
}

// A mobile's latest registration is the best guess of where it is: with equal q the binding
// registered last comes first, so a proxy trying the first contact reaches the new address even
// when the old binding was not removed.
TEST(LocationService, EqualQMostRecentRegistrationFirst)
{
    LocationService ls;
    ls.Update(kAor, kC1, 600, "call-a", 1, 0.0);
    ls.Update(kAor, kC2, 600, "call-a", 2, 10.0); // moved; the old binding stays
    auto b = ls.Lookup(kAor, 11.0);
    ASSERT_EQ(b.size(), 2u);
    EXPECT_EQ(b[0].contact, kC2);
    EXPECT_EQ(b[1].contact, kC1);
    // Refreshing the old one (e.g. the mobile came back) puts it first again.
    ls.Update(kAor, kC1, 600, "call-a", 3, 20.0);
    b = ls.Lookup(kAor, 21.0);
    ASSERT_EQ(b.size(), 2u);
    EXPECT_EQ(b[0].contact, kC1);
    EXPECT_DOUBLE_EQ(b[0].updatedAt, 20.0);
    EXPECT_DOUBLE_EQ(b[1].updatedAt, 10.0);
    // Contacts of one REGISTER keep the request's order, ahead of older ones.
    const std::string kC3 = "sip:1001@10.3.0.9:5060";
    auto r =
        ls.Register(Request({{kC3, std::nullopt, std::nullopt}, {kC2, std::nullopt, std::nullopt}},
                            600, "call-a", 4),
                    30.0);
    ASSERT_EQ(r.status, RegisterStatus::OK);
    ASSERT_EQ(r.bindings.size(), 3u);
    EXPECT_EQ(r.bindings[0].contact, kC3);
    EXPECT_EQ(r.bindings[1].contact, kC2);
    EXPECT_EQ(r.bindings[2].contact, kC1);
    // The RFC 3261 10.2.2 move: new contact and old one with expires=0 in the same REGISTER.
    r = ls.Register(
        Request({{kC1, std::nullopt, std::nullopt}, {kC3, 0u, std::nullopt}}, 600, "call-a", 5),
        40.0);
    ASSERT_EQ(r.status, RegisterStatus::OK);
    ASSERT_EQ(r.removed.size(), 1u);
    EXPECT_EQ(r.removed[0].contact, kC3);
    ASSERT_EQ(r.bindings.size(), 2u);
    EXPECT_EQ(r.bindings[0].contact, kC1);
    EXPECT_EQ(r.bindings[1].contact, kC2);
}

TEST(LocationService, MinExpiresGives423)
{
    LocationService ls;
    ls.SetMinExpires(120);
    EXPECT_EQ(ls.GetMinExpires(), 120u);
    auto r = ls.Update(kAor, kC1, 119, "call-a", 1, 0.0);
    EXPECT_EQ(static_cast<int>(r.status), 423);
    EXPECT_EQ(r.minExpires, 120u);
    EXPECT_TRUE(ls.Lookup(kAor, 0.0).empty());
    // The contact parameter wins over the Expires header.
    r = ls.Register(Request({{kC1, 30u, std::nullopt}}, 3600, "call-a", 2), 0.0);
    EXPECT_EQ(r.status, RegisterStatus::INTERVAL_TOO_BRIEF);
    r = ls.Update(kAor, kC1, 120, "call-a", 3, 0.0);
    EXPECT_EQ(r.status, RegisterStatus::OK);
    EXPECT_EQ(r.bindings[0].Remaining(0.0), 120u);
}

TEST(LocationService, DefaultAndMaximumExpiry)
{
    LocationService ls;
    EXPECT_EQ(ls.GetDefaultExpires(), 3600u);
    auto r = ls.Update(kAor, kC1, std::nullopt, "call-a", 1, 10.0);
    EXPECT_DOUBLE_EQ(r.bindings[0].expiresAt, 3610.0);
    ls.SetMaxExpires(1800);
    EXPECT_EQ(ls.GetMaxExpires(), 1800u);
    r = ls.Update(kAor, kC1, 100000, "call-a", 2, 10.0);
    EXPECT_EQ(r.bindings[0].Remaining(10.0), 1800u);
    ls.SetDefaultExpires(600);
    r = ls.Update(kAor, kC2, std::nullopt, "call-b", 1, 10.0);
    EXPECT_EQ(ls.Lookup(kAor, 10.0)[1].Remaining(10.0), 600u);
}

TEST(LocationService, QueryWithoutContactsListsBindings)
{
    LocationService ls;
    ls.Update(kAor, kC1, 600, "call-a", 1, 0.0);
    auto r = ls.Register(Request({}, std::nullopt, "call-q", 1), 10.0);
    EXPECT_EQ(r.status, RegisterStatus::OK);
    ASSERT_EQ(r.bindings.size(), 1u);
    EXPECT_EQ(r.bindings[0].Remaining(10.0), 590u);
    EXPECT_TRUE(ls.Remove(kAor, kC1));
    EXPECT_FALSE(ls.Remove(kAor, kC1));
    EXPECT_EQ(ls.Count(), 0u);
}

TEST(LocationService, PathIsKept)
{
    LocationService ls;
    auto request = Request({{kC1, std::nullopt, std::nullopt}}, 600, "call-a", 1);
    request.path = "10.1.0.1:5060";
    auto r = ls.Register(request, 0.0);
    EXPECT_EQ(r.bindings[0].path, "10.1.0.1:5060");
    request.aor = "";
    EXPECT_EQ(ls.Register(request, 0.0).status, RegisterStatus::BAD_REQUEST);
}

TEST(VisitorRegistry, VisitorIdEscapesTheAt)
{
    EXPECT_EQ(VisitorRegistry::MakeVisitorId("1001", "net1.example.org"),
              "1001%40net1.example.org");
    EXPECT_EQ(VisitorRegistry::MakeVisitorId("a b%", "x.org"), "a%20b%25%40x.org");
    auto parsed = VisitorRegistry::ParseVisitorId("1001%40net1.example.org");
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->first, "1001");
    EXPECT_EQ(parsed->second, "net1.example.org");
    EXPECT_EQ(VisitorRegistry::ParseVisitorId("a%20b%25%40x.org")->first, "a b%");
    EXPECT_FALSE(VisitorRegistry::ParseVisitorId("1001").has_value());
    EXPECT_FALSE(VisitorRegistry::ParseVisitorId("1001@net1.example.org").has_value());
    EXPECT_FALSE(VisitorRegistry::ParseVisitorId("1001%4").has_value());
    EXPECT_FALSE(VisitorRegistry::ParseVisitorId("%40net1.example.org").has_value());
}

TEST(VisitorRegistry, AddFindRefresh)
{
    VisitorRegistry reg;
    auto v = reg.Add("1001", "net1.example.org", "sip:1001@net1.example.org",
                     "sip:1001@10.2.0.7:5060", 600.0);
    EXPECT_EQ(v.id, "1001%40net1.example.org");
    EXPECT_TRUE(reg.IsVisitor("1001%40net1.example.org", 0.0));
    EXPECT_FALSE(reg.IsVisitor("1002%40net1.example.org", 0.0));
    auto found = reg.Find("1001", "net1.example.org", 0.0);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->contact, "sip:1001@10.2.0.7:5060");
    EXPECT_EQ(found->aor, "sip:1001@net1.example.org");
    EXPECT_EQ(found->homeDomain, "net1.example.org");

    EXPECT_TRUE(reg.Refresh(v.id, 1200.0));
    EXPECT_FALSE(reg.Refresh("1002%40net1.example.org", 1200.0));
    EXPECT_TRUE(reg.IsVisitor(v.id, 900.0));
    // Add again: a refresh with a new contact, still one visitor.
    reg.Add("1001", "net1.example.org", "sip:1001@net1.example.org", "sip:1001@10.2.0.9:5060",
            1500.0);
    EXPECT_EQ(reg.Count(), 1u);
    EXPECT_EQ(reg.Find(v.id, 0.0)->contact, "sip:1001@10.2.0.9:5060");
    EXPECT_THROW(reg.Add("", "net1.example.org", "", "", 1.0), std::invalid_argument);
}

TEST(VisitorRegistry, ExpiryAndPurge)
{
    VisitorRegistry reg;
    reg.Add("1001", "net1.example.org", "sip:1001@net1.example.org", "sip:a@h", 100.0);
    reg.Add("2001", "net2.example.org", "sip:2001@net2.example.org", "sip:b@h", 300.0);
    EXPECT_TRUE(reg.IsVisitor("1001%40net1.example.org", 99.0));
    EXPECT_FALSE(reg.IsVisitor("1001%40net1.example.org", 100.0));
    EXPECT_FALSE(reg.Find("1001", "net1.example.org", 150.0).has_value());
    auto expired = reg.Purge(150.0);
    ASSERT_EQ(expired.size(), 1u);
    EXPECT_EQ(expired[0].id, "1001%40net1.example.org");
    EXPECT_EQ(reg.Count(), 1u);
    EXPECT_EQ(reg.List()[0].user, "2001");
    EXPECT_TRUE(reg.Purge(150.0).empty());
}

TEST(VisitorRegistry, RemoveUserWhenRegisteredElsewhere)
{
    VisitorRegistry reg;
    reg.Add("1001", "net1.example.org", "sip:1001@net1.example.org", "sip:a@h", 600.0);
    reg.Add("1001", "net3.example.org", "sip:1001@net3.example.org", "sip:b@h", 600.0);
    EXPECT_TRUE(reg.RemoveUser("1001", "net1.example.org"));
    EXPECT_FALSE(reg.RemoveUser("1001", "net1.example.org"));
    EXPECT_FALSE(reg.IsVisitor("1001%40net1.example.org", 0.0));
    EXPECT_TRUE(reg.IsVisitor("1001%40net3.example.org", 0.0)); // same user, other home
    EXPECT_TRUE(reg.Remove("1001%40net3.example.org"));
    EXPECT_EQ(reg.Count(), 0u);
}

TEST(LocationService, Rfc3261_19_1_4_EquivalentContactRefreshesTheBinding)
{
    // Issue 11: a refresh whose Contact is §19.1.4-equivalent but textually different (parameter
    // order, case of the host and of `transport=UDP`) refreshes the one binding.
    LocationService ls;
    ls.Update(kAor, "sip:1001@PC.example.org:5060;transport=udp;lr", 600, "call-a", 1, 0.0);
    auto r =
        ls.Update(kAor, "sip:1001@pc.example.org:5060;lr;transport=UDP", 900, "call-a", 2, 1.0);
    EXPECT_EQ(r.status, RegisterStatus::OK);
    ASSERT_EQ(r.bindings.size(), 1u);
    EXPECT_EQ(r.bindings[0].cseq, 2u);
    EXPECT_DOUBLE_EQ(r.bindings[0].expiresAt, 901.0);
    // A different user part or port is another binding (§19.1.4: user and port compare exactly).
    ls.Update(kAor, "sip:1001@pc.example.org:5062;transport=udp", 600, "call-a", 3, 2.0);
    ls.Update(kAor, "sip:1002@pc.example.org:5060;transport=udp", 600, "call-a", 4, 3.0);
    EXPECT_EQ(ls.Lookup(kAor, 4.0).size(), 3u);
}
