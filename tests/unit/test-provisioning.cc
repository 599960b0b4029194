// SPDX-License-Identifier: GPL-2.0-only
// SubscriberStore, DialPlan and Provisioning: storage, matching and every error path.
#include "registrar/dial-plan.h"
#include "registrar/provisioning.h"
#include "registrar/subscriber-store.h"

#include <cstdio>
#include <gtest/gtest.h>
#include <sqlite3.h>

using namespace sipmob;

namespace
{

/// Runs @p fn, expects a ProvisioningError and returns its message.
template <typename Fn>
std::string
ErrorOf(Fn fn)
{
    try
    {
        fn();
    }
    catch (const ProvisioningError& e)
    {
        return e.what();
    }
    ADD_FAILURE() << "no ProvisioningError thrown";
    return "";
}

const std::set<std::string> kHops = {"gw-1-2", "gw-1-3"};

} // namespace

TEST(SubscriberStore, AddFindCountList)
{
    SubscriberStore store;
    EXPECT_EQ(store.Count(), 0u);
    store.Add({"1002", "net1.example.org", ""});
    store.Add({"1001", "net1.example.org", "secret"});
    store.Add({"1001", "net2.example.org", ""});
    EXPECT_EQ(store.Count(), 3u);

    auto found = store.Find("1001", "net1.example.org");
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->password, "secret");
    EXPECT_TRUE(store.IsSubscriber("1001", "net2.example.org"));
    EXPECT_FALSE(store.IsSubscriber("1003", "net1.example.org"));
    EXPECT_FALSE(store.IsSubscriber("1001", "net3.example.org"));

    auto all = store.List();
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].user, "1001");
    EXPECT_EQ(all[0].domain, "net1.example.org");
    EXPECT_EQ(all[1].user, "1002");
    EXPECT_EQ(all[2].domain, "net2.example.org");
}

TEST(SubscriberStore, DuplicateNamesTheEntry)
{
    SubscriberStore store;
    store.Add({"1001", "net1.example.org", ""});
    EXPECT_EQ(ErrorOf(
                  [&] {
                      store.Add({"1001", "net1.example.org", "x"});
                  }),
              "subscriber (user '1001', domain 'net1.example.org'): already provisioned");
    EXPECT_EQ(store.Count(), 1u);
    EXPECT_EQ(store.Find("1001", "net1.example.org")->password, "");
}

TEST(SubscriberStore, InvalidSubscribersRefused)
{
    SubscriberStore store;
    EXPECT_EQ(ErrorOf(
                  [&] {
                      store.Add({"", "net1.example.org", ""});
                  }),
              "subscriber (user '', domain 'net1.example.org'): empty user ID");
    EXPECT_NE(ErrorOf(
                  [&] {
                      store.Add({"10@01", "net1.example.org", ""});
                  })
                  .find("'@'"),
              std::string::npos);
    EXPECT_NE(ErrorOf(
                  [&] {
                      store.Add({"10 01", "net1.example.org", ""});
                  })
                  .find("' '"),
              std::string::npos);
    EXPECT_NE(ErrorOf([&] { store.Add({"1001", "", ""}); }).find("domain ''"), std::string::npos);
    EXPECT_NE(ErrorOf(
                  [&] {
                      store.Add({"1001", "net1..org", ""});
                  })
                  .find("not a host name"),
              std::string::npos);
    EXPECT_EQ(store.Count(), 0u);
}

TEST(SubscriberStore, FileDatabasePersists)
{
    std::string path = std::string(SIPMOB_BINARY_DIR) + "/test-provisioning-store.db";
    std::remove(path.c_str());
    {
        SubscriberStore store(path);
        store.Add({"1001", "net1.example.org", "pw"});
        DialPlan plan(store.GetDatabase());
        plan.Add({"2xxx", "gw-1-2"});
    }
    SubscriberStore reopened;
    EXPECT_EQ(reopened.Count(), 0u);
    reopened.Open(path);
    EXPECT_EQ(reopened.Find("1001", "net1.example.org")->password, "pw");
    DialPlan plan(reopened.GetDatabase());
    ASSERT_EQ(plan.Size(), 1u);
    EXPECT_EQ(plan.Match("2001")->nextHop, "gw-1-2");
    std::remove(path.c_str());
}

TEST(SubscriberStore, UnopenableFileIsAnError)
{
    std::string message = ErrorOf([] { SubscriberStore store("/nonexistent-dir/x/store.db"); });
    EXPECT_NE(message.find("cannot open '/nonexistent-dir/x/store.db'"), std::string::npos);
}

TEST(DialPlan, DigitPatterns)
{
    DialPlan plan;
    plan.Add({"1xxx", DialPlan::LOCAL});
    plan.Add({"2xxx", "gw-1-2"});
    plan.Add({"30X1", "gw-1-3"});
    EXPECT_EQ(plan.Match("1001")->nextHop, "local");
    EXPECT_EQ(plan.Match("2999")->nextHop, "gw-1-2");
    EXPECT_EQ(plan.Match("3051")->nextHop, "gw-1-3");
    EXPECT_FALSE(plan.Match("3052").has_value());  // literal last digit
    EXPECT_FALSE(plan.Match("100").has_value());   // too short
    EXPECT_FALSE(plan.Match("10001").has_value()); // too long
    EXPECT_FALSE(plan.Match("1a01").has_value());  // x is a digit only
    EXPECT_FALSE(plan.Match("4001").has_value());
    EXPECT_FALSE(plan.Match("").has_value());
}

TEST(DialPlan, RegexPatternsAndFirstMatchWins)
{
    DialPlan plan;
    plan.Add({"re:^1[0-9]{3}$", "gw-1-2"});
    plan.Add({"1xxx", "gw-1-3"}); // shadowed for 4-digit IDs by the regex above
    plan.Add({"re:^9", DialPlan::LOCAL});
    EXPECT_EQ(plan.Match("1234")->pattern, "re:^1[0-9]{3}$");
    EXPECT_EQ(plan.Match("1234")->nextHop, "gw-1-2");
    EXPECT_FALSE(plan.Match("12345").has_value());
    EXPECT_EQ(plan.Match("9")->nextHop, "local");
    EXPECT_EQ(plan.Match("98765")->nextHop, "local");
    auto entries = plan.Entries();
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[1].pattern, "1xxx");
}

TEST(DialPlan, BadPatternsNameTheEntry)
{
    DialPlan plan;
    plan.Add({"1xxx", "local"});
    EXPECT_EQ(ErrorOf(
                  [&] {
                      plan.Add({"", "local"});
                  }),
              "dial plan entry 2 (pattern ''): empty pattern");
    EXPECT_EQ(ErrorOf(
                  [&] {
                      plan.Add({"re:", "local"});
                  }),
              "dial plan entry 2 (pattern 're:'): empty regular expression");
    EXPECT_NE(ErrorOf(
                  [&] {
                      plan.Add({"re:^1[0-9", "local"});
                  })
                  .find("dial plan entry 2 (pattern 're:^1[0-9'): invalid regular expression"),
              std::string::npos);
    EXPECT_EQ(ErrorOf(
                  [&] {
                      plan.Add({"1x?x", "local"});
                  }),
              "dial plan entry 2 (pattern '1x?x'): character '?' at position 3 is neither a "
              "digit nor 'x'");
    EXPECT_EQ(ErrorOf(
                  [&] {
                      plan.Add({"1xxx", "gw-1-2"});
                  }),
              "dial plan entry 2 (pattern '1xxx'): same pattern as entry 1, never matched");
    EXPECT_EQ(ErrorOf(
                  [&] {
                      plan.Add({"2xxx", ""});
                  }),
              "dial plan entry 2 (pattern '2xxx'): empty next hop");
    EXPECT_EQ(plan.Size(), 1u);
}

TEST(DialPlan, UnknownNextHopNamesTheEntry)
{
    DialPlan plan;
    plan.Add({"2xxx", "gw-1-2"}, kHops);
    plan.Add({"1xxx", "local"}, kHops); // "local" is always known
    EXPECT_EQ(ErrorOf(
                  [&] {
                      plan.Add({"4xxx", "gw-1-4"}, kHops);
                  }),
              "dial plan entry 3 (pattern '4xxx'): next hop 'gw-1-4' does not exist");
    EXPECT_EQ(plan.Size(), 2u);
}

TEST(DialPlan, ClearEmptiesMemoryAndTable)
{
    SubscriberStore store;
    DialPlan plan(store.GetDatabase());
    plan.Add({"1xxx", "local"});
    plan.Clear();
    EXPECT_EQ(plan.Size(), 0u);
    EXPECT_FALSE(plan.Match("1001").has_value());
    DialPlan reloaded(store.GetDatabase());
    EXPECT_EQ(reloaded.Size(), 0u);
}

TEST(DialPlan, BadStoredRowIsAnError)
{
    SubscriberStore store;
    {
        DialPlan plan(store.GetDatabase());
    }
    sqlite3_exec(store.GetDatabase().get(), "INSERT INTO dial_plan VALUES (1, '1x#x', 'local')",
                 nullptr, nullptr, nullptr);
    EXPECT_EQ(ErrorOf([&] { DialPlan plan(store.GetDatabase()); }),
              "dial plan entry 1 (pattern '1x#x'): character '#' at position 3 is neither a "
              "digit nor 'x'");
}

TEST(Provisioning, LoadsValidDescription)
{
    SubscriberStore store;
    DialPlan plan(store.GetDatabase());
    ProvisioningSpec spec;
    spec.subscribers = {{"1001", "net1.example.org", "a"}, {"1002", "net1.example.org", ""}};
    spec.dialPlan = {{"1xxx", "local"}, {"2xxx", "gw-1-2"}, {"re:^3[0-9]{3}$", "gw-1-3"}};
    spec.knownHops = kHops;
    EXPECT_TRUE(Provisioning::Validate(spec, store, plan).empty());
    Provisioning::Load(spec, store, plan);
    EXPECT_EQ(store.Count(), 2u);
    EXPECT_EQ(plan.Size(), 3u);
    EXPECT_EQ(plan.Match("3005")->nextHop, "gw-1-3");
}

TEST(Provisioning, ReportsEveryErrorAndLoadsNothing)
{
    SubscriberStore store;
    store.Add({"1009", "net1.example.org", ""});
    DialPlan plan(store.GetDatabase());
    ProvisioningSpec spec;
    spec.subscribers = {{"1001", "net1.example.org", ""},
                        {"1001", "net1.example.org", ""},
                        {"", "net1.example.org", ""},
                        {"1009", "net1.example.org", ""}};
    spec.dialPlan = {{"1xxx", "local"}, {"re:(", "gw-1-2"}, {"4xxx", "gw-1-4"}, {"1xxx", "gw-1-3"}};
    spec.knownHops = kHops;
    auto errors = Provisioning::Validate(spec, store, plan);
    ASSERT_EQ(errors.size(), 6u);
    EXPECT_EQ(errors[0], "subscriber entry 2 (user '1001', domain 'net1.example.org'): duplicate "
                         "of entry 1");
    EXPECT_EQ(errors[1], "subscriber entry 3 (user '', domain 'net1.example.org'): empty user ID");
    EXPECT_EQ(errors[2], "subscriber entry 4 (user '1009', domain 'net1.example.org'): already "
                         "provisioned");
    EXPECT_EQ(errors[3].rfind("dial plan entry 2 (pattern 're:('): invalid regular expression", 0),
              0u);
    EXPECT_EQ(errors[4], "dial plan entry 3 (pattern '4xxx'): next hop 'gw-1-4' does not exist");
    EXPECT_EQ(errors[5],
              "dial plan entry 4 (pattern '1xxx'): same pattern as entry 1, never matched");

    try
    {
        Provisioning::Load(spec, store, plan);
        FAIL() << "Load accepted invalid data";
    }
    catch (const ProvisioningError& e)
    {
        EXPECT_EQ(e.GetErrors(), errors);
        EXPECT_NE(std::string(e.what()).find("'gw-1-4' does not exist"), std::string::npos);
    }
    EXPECT_EQ(store.Count(), 1u); // all or nothing
    EXPECT_EQ(plan.Size(), 0u);
}
