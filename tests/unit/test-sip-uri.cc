// SPDX-License-Identifier: GPL-2.0-only
#include "message/sip-uri.h"

#include <gtest/gtest.h>

using namespace sipmob;

TEST(SipUri, ParsesEveryComponent)
{
    auto u = SipUri::Parse(
        "sips:alice:secret@atlanta.com:5061;transport=tcp;lr?subject=project&priority=urgent");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->GetScheme(), "sips");
    EXPECT_FALSE(u->IsOpaque());
    EXPECT_EQ(u->GetUser(), "alice");
    EXPECT_EQ(u->GetPassword(), "secret");
    EXPECT_EQ(u->GetHost(), "atlanta.com");
    EXPECT_EQ(u->GetPort(), 5061);
    EXPECT_EQ(u->GetParam("transport").value_or("?"), "tcp");
    EXPECT_TRUE(u->HasParam("LR"));
    ASSERT_EQ(u->GetHeaders().size(), 2u);
    EXPECT_EQ(u->GetHeaders()[1].second, "urgent");
    EXPECT_EQ(u->HostPort(), "atlanta.com:5061");
}

TEST(SipUri, EscapedUserRoundTrips)
{
    auto u = SipUri::Parse("sip:user1%40cse.example.org@net2");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->GetUser(), "user1@cse.example.org");
    EXPECT_EQ(u->ToString(), "sip:user1%40cse.example.org@net2");
    SipUri v;
    v.SetUser("user1@cse.example.org");
    v.SetHost("net2");
    EXPECT_EQ(v.ToString(), "sip:user1%40cse.example.org@net2");
}

TEST(SipUri, HostForms)
{
    struct Case
    {
        const char* text;
        const char* host;
        uint16_t port;
    };

    const Case cases[] = {
        {"sip:10.1.1.20", "10.1.1.20", 0},
        {"sip:u@[2001:db8::10]:5070", "[2001:db8::10]", 5070},
        {"sip:[::1]", "[::1]", 0},
        {"sip:Host.Example.COM:1", "Host.Example.COM", 1},
    };
    for (const auto& c : cases)
    {
        auto u = SipUri::Parse(c.text);
        ASSERT_TRUE(u) << c.text;
        EXPECT_EQ(u->GetHost(), c.host) << c.text;
        EXPECT_EQ(u->GetPort(), c.port) << c.text;
        EXPECT_EQ(u->ToString(), c.text) << c.text;
    }
}

TEST(SipUri, OpaqueSchemesKeptAsText)
{
    auto t = SipUri::Parse("tel:+1-201-555-0123;phone-context=example.com");
    ASSERT_TRUE(t);
    EXPECT_TRUE(t->IsOpaque());
    EXPECT_EQ(t->GetScheme(), "tel");
    EXPECT_EQ(t->ToString(), "tel:+1-201-555-0123;phone-context=example.com");
}

TEST(SipUri, RejectsMalformed)
{
    const char* bad[] = {"",         "sip",     "sip:",      "sip:u@",    "sip:h:99999",
                         "sip:h:",   "sip:a b", "sip:u@h@h", "sip:%zz@h", "sip:[::1",
                         "sip:h;=x", "<sip:h>", "sip:u%4@h", "1sip:h",    "tel:",
                         "sip:h:5x"};
    for (const char* b : bad)
    {
        std::string why;
        EXPECT_FALSE(SipUri::Parse(b, &why)) << b;
        EXPECT_FALSE(why.empty()) << b;
    }
}

TEST(SipUri, EquivalenceFollowsRfc3261)
{
    struct Case
    {
        const char* a;
        const char* b;
        bool equal;
    };

    const Case cases[] = {
        {"sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp", true},
        {"sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5", true},
        {"sip:alice@atlanta.com", "sip:ALICE@atlanta.com", false},
        {"sip:bob@biloxi.com", "sip:bob@biloxi.com:5060", false},
        {"sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp", false},
        {"sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off", false},
        {"sip:h?subject=a", "sip:h", false},
        {"sip:alice@atlanta.com", "sips:alice@atlanta.com", false},
    };
    for (const auto& c : cases)
    {
        auto a = SipUri::Parse(c.a);
        auto b = SipUri::Parse(c.b);
        ASSERT_TRUE(a && b) << c.a << " " << c.b;
        EXPECT_EQ(a->Equivalent(*b), c.equal) << c.a << " vs " << c.b;
        EXPECT_EQ(b->Equivalent(*a), c.equal) << c.b << " vs " << c.a;
    }
}

TEST(SipUri, ParamEditing)
{
    auto u = SipUri::Parse("sip:h;lr;maddr=1.2.3.4");
    ASSERT_TRUE(u);
    u->SetParam("maddr", "5.6.7.8");
    u->SetParam("transport", "udp");
    u->RemoveParam("LR");
    EXPECT_EQ(u->ToString(), "sip:h;maddr=5.6.7.8;transport=udp");
}
