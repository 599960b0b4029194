// SPDX-License-Identifier: GPL-2.0-only
// CallRedirect::Follow: the INVITE a user agent sends after its redirect query was answered 3xx
// (RFC 3261 §8.1.3.4; issue 10 direct calls), and the responses it refuses to follow.
#include "dialog/call-redirect.h"
#include "message/sip-message.h"
#include "message/sip-request-disposition.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

using namespace ns3;
using sipmob::SipMessage;

namespace
{
/// The redirect query as a user agent keeps it (no Via).
SipMessage
Query()
{
    auto ruri = sipmob::SipUri::Parse("sip:3001@net3.example.org");
    SipMessage invite = SipMessage::MakeRequest("INVITE", *ruri);
    invite.SetFrom(*sipmob::SipNameAddr::Parse("<sip:1001@net1.example.org>;tag=ft"));
    invite.SetTo(*sipmob::SipNameAddr::Parse("<sip:3001@net3.example.org>"));
    invite.SetHeader("Call-ID", "call-1@10.1.100.10");
    invite.SetHeader("CSeq", "1 INVITE");
    invite.SetHeader("Contact", "<sip:1001@10.1.100.10:5060>");
    invite.SetMaxForwards(70);
    invite.SetBody("application/sdp", "v=0\r\n");
    invite.SetHeader("Proxy-Authorization", "Digest username=\"1001\", realm=\"net1.example.org\"");
    sipmob::AskForRedirect(invite);
    return invite;
}

/// A response to the query with status \p code and Contact lines \p contacts.
SipMessage
Answer(int code, const std::vector<std::string>& contacts)
{
    SipMessage with = Query();
    with.PushVia(*sipmob::SipVia::Parse("SIP/2.0/UDP 10.1.100.10:5060;branch=z9hG4bK-q"));
    SipMessage response = SipMessage::MakeResponse(with, code);
    for (const auto& c : contacts)
    {
        response.AddHeader("Contact", c);
    }
    return response;
}

std::string
Text(const InetSocketAddress& a)
{
    std::ostringstream os;
    os << a.GetIpv4() << ":" << a.GetPort();
    return os.str();
}
} // namespace

TEST(CallRedirect, FollowsTheContactWithANewInvite)
{
    std::string error;
    auto t = CallRedirect::Follow(Query(), Answer(302, {"<sip:3001@10.3.0.20:5062>"}), error);
    ASSERT_TRUE(t.has_value()) << error;
    EXPECT_EQ(t->invite.GetRequestUri().ToString(), "sip:3001@10.3.0.20:5062");
    EXPECT_EQ(Text(t->destination), "10.3.0.20:5062");
    EXPECT_EQ(t->contact, "<sip:3001@10.3.0.20:5062>");
    // Same Call-ID, From (with its tag) and To, CSeq one higher (§8.1.3.4).
    EXPECT_EQ(t->invite.GetCallId(), "call-1@10.1.100.10");
    EXPECT_EQ(t->invite.GetFrom().GetTag(), "ft");
    EXPECT_EQ(t->invite.GetTo().uri.ToString(), "sip:3001@net3.example.org");
    EXPECT_TRUE(t->invite.GetTo().GetTag().empty());
    EXPECT_EQ(t->invite.GetCSeq().seq, 2u);
    EXPECT_EQ(t->invite.GetCSeq().method, "INVITE");
    // Not a redirect query any more, no Via (the stack adds its own), the offer kept.
    EXPECT_EQ(sipmob::GetProxyDirective(t->invite), sipmob::ProxyDirective::NONE);
    EXPECT_TRUE(t->invite.GetVias().empty());
    EXPECT_FALSE(t->invite.GetHeader("Proxy-Authorization").has_value()); // the proxy's, not ours
    EXPECT_EQ(t->invite.GetBody(), "v=0\r\n");
    EXPECT_EQ(t->invite.GetContacts().at(0).uri.ToString(), "sip:1001@10.1.100.10:5060");
}

TEST(CallRedirect, PicksTheHighestQAndDefaultsThePort)
{
    std::string error;
    auto t = CallRedirect::Follow(
        Query(),
        Answer(301, {"<sip:3001@10.3.0.21>;q=0.4", "*", "<sip:3001@10.3.0.22>;q=0.9",
                     "<sip:3001@10.3.0.23>;q=0.9"}),
        error);
    ASSERT_TRUE(t.has_value()) << error;
    EXPECT_EQ(Text(t->destination), "10.3.0.22:5060");
}

TEST(CallRedirect, RouteHeaderOfTheContactIsTheFirstHop)
{
    std::string error;
    auto t = CallRedirect::Follow(
        Query(), Answer(302, {"<sip:3001@10.3.0.20?Route=%3Csip:10.1.0.10:5060%3Blr%3E>"}), error);
    ASSERT_TRUE(t.has_value()) << error;
    EXPECT_EQ(t->invite.GetRequestUri().ToString(), "sip:3001@10.3.0.20");
    ASSERT_EQ(t->invite.GetRoutes().size(), 1u);
    EXPECT_EQ(t->invite.GetRoutes()[0].uri.ToString(), "sip:10.1.0.10:5060;lr");
    EXPECT_EQ(Text(t->destination), "10.1.0.10:5060");
}

TEST(CallRedirect, RefusesWhatCannotBeFollowed)
{
    struct Bad
    {
        int code;
        std::vector<std::string> contacts;
        std::string why; ///< part of the error
    };
    for (const Bad& b : std::vector<Bad>{
             {305, {"<sip:10.1.0.10:5060>"}, "305 is not followed"},
             {380, {"<sip:3001@10.3.0.20>"}, "380 is not followed"},
             {302, {}, "names no contact"},
             {302, {"*"}, "names no contact"},
             {302, {"<tel:+4930123>"}, "is not a sip: URI"},
             {302, {"<sip:3001@ua.net3.example.org>"}, "no IPv4 address"},
         })
    {
        std::string error;
        EXPECT_FALSE(CallRedirect::Follow(Query(), Answer(b.code, b.contacts), error).has_value())
            << b.why;
        EXPECT_NE(error.find(b.why), std::string::npos) << error;
    }
}
