// SPDX-License-Identifier: GPL-2.0-only
// The registration models through the whole testbed: the REGISTER path after a move, message by
// message, under Home-Registration-Only and Outbound-Proxy-Intercept, and calls to and from the
// visiting user under both.
#include "mobility-fixture.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

using namespace ns3;
using namespace mobtest;

namespace
{

/// The contact the mobile first registered at home (its net1 address), "" when none.
std::string
HomeContact(const MobilityRun& r)
{
    for (const auto& rec : r.out.results.registrations)
    {
        if (rec.ua == "sip:1001@net1.example.org" &&
            rec.contact.find("@10.1.100.") != std::string::npos)
        {
            return rec.contact;
        }
    }
    return "";
}

/// The registration record of the mobile naming an address of net2 (the one after the move).
const sipmob::RegistrationRecord*
RegistrationFromNet2(const MobilityRun& r)
{
    for (const auto& rec : r.out.results.registrations)
    {
        if (rec.ua == "sip:1001@net1.example.org" &&
            rec.contact.find("@10.2.100.") != std::string::npos)
        {
            return &rec;
        }
    }
    return nullptr;
}

bool
IsRegister(const SipEvent& e)
{
    return e.msg.GetCSeq().method == "REGISTER";
}

} // namespace

TEST(MobilityModels, HomeOnlyRegistersAtHomeAcrossTheWan)
{
    MobilityRun r(TwoNetworks("home-only", 3, 11, 15));
    r.Run();
    std::string addr = r.AddressIn("10.2.");
    ASSERT_FALSE(addr.empty()) << "the mobile never got an address in net2";
    const sipmob::RegistrationRecord* rec = RegistrationFromNet2(r);
    ASSERT_NE(rec, nullptr);
    ASSERT_TRUE(rec->tFinal.has_value());
    EXPECT_EQ(rec->status, 200);
    EXPECT_EQ(rec->via, "10.1.0.10:5060"); // the home marshal, not net2's
    EXPECT_EQ(rec->contact, "sip:1001@" + addr + ":5060");
    EXPECT_EQ(rec->model, "home-only");

    std::vector<std::string> expected = {
        "ua-1001>ms-net1 REGISTER",
        "ms-net1>rs-net1 REGISTER",
        "rs-net1>ms-net1 200/REGISTER",
        "ms-net1>ua-1001 200/REGISTER",
    };
    std::vector<std::string> path = RegisterPath(r, rec->tSent, *rec->tFinal);
    EXPECT_EQ(path, expected) << Join(path);
    // Across the WAN by IP routing: the home marshal saw the REGISTER from the net2 address, and
    // no gateway nor any net2 server carried it.
    auto atHome =
        r.Path(rec->tSent, *rec->tFinal,
               [](const SipEvent& e) { return e.at == "ms-net1" && e.label == "REGISTER"; });
    ASSERT_EQ(atHome.size(), 1u);
    for (const auto& e : r.sip)
    {
        if (!e.tx && e.at == "ms-net1" && e.label == "REGISTER" && e.t >= rec->tSent)
        {
            EXPECT_EQ(e.fromIp, addr);
            break;
        }
    }
    // One-way WAN delay 10 ms each way at least: registration >= 20 ms.
    EXPECT_GE(*rec->tFinal - rec->tSent, 0.020);
    EXPECT_LT(*rec->tFinal - rec->tSent, 0.5);

    // The home binding names the new address; nobody in net2 heard of the mobile.
    auto added = r.Of("BindingAdded", "rs-net1");
    bool found = false;
    for (const auto& e : added)
    {
        found = found || (e.a == "sip:1001@net1.example.org" &&
                          e.b == "sip:1001@" + addr + ":5060" && e.t <= *rec->tFinal);
    }
    EXPECT_TRUE(found);
    // The same REGISTER removed the pre-move binding (RFC 3261 10.2.2): one binding left at home.
    const std::string homeContact = HomeContact(r);
    ASSERT_FALSE(homeContact.empty());
    bool removed = false;
    for (const auto& e : r.Of("BindingRemoved", "rs-net1"))
    {
        removed = removed || (e.b == homeContact && e.t >= rec->tSent && e.t <= *rec->tFinal);
    }
    EXPECT_TRUE(removed) << "the pre-move binding stayed at home";
    EXPECT_TRUE(r.Of("VisitorCreated").empty());
    EXPECT_TRUE(r.Of("BindingAdded", "rs-net2").size() == 1u); // only 2001's own binding
}

TEST(MobilityModels, OutboundProxyInterceptsOneRegisterTwoRegistrations)
{
    MobilityRun r(TwoNetworks("outbound-proxy", 3, 11, 15));
    r.Run();
    std::string addr = r.AddressIn("10.2.");
    ASSERT_FALSE(addr.empty());
    const sipmob::RegistrationRecord* rec = RegistrationFromNet2(r);
    ASSERT_NE(rec, nullptr);
    ASSERT_TRUE(rec->tFinal.has_value());
    EXPECT_EQ(rec->status, 200);
    EXPECT_EQ(rec->via, "10.2.0.10:5060"); // the foreign marshal is the outbound proxy
    EXPECT_EQ(rec->contact, "sip:1001@" + addr + ":5060");
    EXPECT_EQ(rec->model, "outbound-proxy");

    std::vector<std::string> expected = {
        "ua-1001>ms-net2 REGISTER",           "ms-net2>rs-net2 REGISTER",
        "rs-net2>ms-net2 302/REGISTER",       "ms-net2>gw-net2-net1 REGISTER",
        "gw-net2-net1>gw-net1-net2 REGISTER", "gw-net1-net2>ms-net1 REGISTER",
        "ms-net1>rs-net1 REGISTER",           "rs-net1>ms-net1 200/REGISTER",
        "ms-net1>gw-net1-net2 200/REGISTER",  "gw-net1-net2>gw-net2-net1 200/REGISTER",
        "gw-net2-net1>ms-net2 200/REGISTER",  "ms-net2>rs-net2 REGISTER",
        "rs-net2>ms-net2 200/REGISTER",       "ms-net2>ua-1001 200/REGISTER",
    };
    std::vector<std::string> path = RegisterPath(r, rec->tSent, *rec->tFinal);
    EXPECT_EQ(path, expected) << Join(path);
    // One REGISTER from the UA (no retransmission on this clean path) ...
    auto fromUa = r.SentBy(
        "ua-1001", [&](const SipEvent& e)
        { return IsRegister(e) && e.msg.IsRequest() && e.t >= rec->tSent && e.t <= *rec->tFinal; });
    EXPECT_EQ(fromUa.size(), 1u);

    // ... two registrations: at home, a binding to the foreign marshal's address ...
    const std::string visitorId = "1001%40net1.example.org";
    const std::string proxyContact = "sip:" + visitorId + "@10.2.0.10:5060";
    const std::string uaContact = "sip:1001@" + addr + ":5060";
    bool home = false;
    for (const auto& e : r.Of("BindingAdded", "rs-net1"))
    {
        home = home || (e.a == "sip:1001@net1.example.org" && e.b == proxyContact);
    }
    EXPECT_TRUE(home) << "no home binding to " << proxyContact;
    // ... and in net2, the visitor with the UA's own contact.
    auto created = r.Of("VisitorCreated", "ms-net2");
    ASSERT_EQ(created.size(), 1u);
    EXPECT_EQ(created[0].a, visitorId);
    EXPECT_EQ(created[0].b, uaContact);
    bool local = false;
    for (const auto& e : r.Of("BindingAdded", "rs-net2"))
    {
        local = local || (e.a == "sip:" + visitorId + "@net2.example.org" && e.b == uaContact);
    }
    EXPECT_TRUE(local);
    // The forwarded REGISTER at home carries the rewritten Contact, and the UA's removal of its
    // home-address binding (RFC 3261 10.2.2) intact; the 200 to the UA carries its own Contact.
    const std::string homeContact = HomeContact(r);
    ASSERT_FALSE(homeContact.empty());
    for (const auto& e : r.sip)
    {
        if (!e.tx && e.at == "rs-net1" && e.label == "REGISTER" && e.t >= rec->tSent)
        {
            auto contacts = e.msg.GetContacts();
            ASSERT_EQ(contacts.size(), 2u);
            EXPECT_EQ(contacts[0].uri.ToString(), proxyContact);
            EXPECT_FALSE(contacts[0].GetParam("expires").has_value());
            EXPECT_EQ(contacts[1].uri.ToString(), homeContact);
            EXPECT_EQ(contacts[1].GetParam("expires").value_or(""), "0");
            break;
        }
    }
    bool removed = false;
    for (const auto& e : r.Of("BindingRemoved", "rs-net1"))
    {
        removed = removed || (e.b == homeContact && e.t >= rec->tSent && e.t <= *rec->tFinal);
    }
    EXPECT_TRUE(removed) << "the home-address binding stayed at home";
    for (const auto& e : r.sip)
    {
        if (!e.tx && e.at == "ua-1001" && e.label == "200/REGISTER" && e.t >= rec->tSent)
        {
            std::vector<std::string> contacts;
            for (const auto& c : e.msg.GetContacts())
            {
                contacts.push_back(c.uri.ToString());
                EXPECT_NE(c.uri.ToString(), proxyContact) << "the proxy's contact leaked";
            }
            EXPECT_NE(std::find(contacts.begin(), contacts.end(), uaContact), contacts.end())
                << Join(contacts);
            break;
        }
    }
    EXPECT_TRUE(r.Of("AuthFailed").empty());
}

namespace
{

/// The received hops of one call's initial INVITE (no To tag), from the caller to the callee.
std::vector<std::string>
InvitePath(const MobilityRun& r, const std::string& callId)
{
    return r.Path(0, 1e9,
                  [&callId](const SipEvent& e)
                  {
                      return e.msg.IsRequest() && e.msg.GetMethod() == "INVITE" &&
                             e.msg.GetCallId() == callId && e.msg.GetTo().GetTag().empty();
                  });
}

/// The call record of one end, by its AoR, direction and the peer's user (nullptr when none).
const sipmob::CallRecord*
CallOf(const MobilityRun& r, const std::string& ua, bool outgoing, const std::string& peerUser)
{
    for (const auto& c : r.out.results.calls)
    {
        if (c.ua == ua && c.outgoing == outgoing &&
            c.peer.find(peerUser + "@") != std::string::npos)
        {
            return &c;
        }
    }
    return nullptr;
}

/// Both ends completed the call (200, BYE) and received media.
void
ExpectCompletedWithMedia(const MobilityRun& r, const sipmob::CallRecord& c)
{
    EXPECT_EQ(c.finalStatus, 200) << c.callId;
    EXPECT_TRUE(c.tAnswered.has_value());
    EXPECT_TRUE(c.endReason == "bye-sent" || c.endReason == "bye-received") << c.endReason;
    int ends = 0;
    for (const auto& m : r.out.results.media)
    {
        if (m.callId == c.callId)
        {
            ++ends;
            EXPECT_GT(m.received, 50u) << m.ua; // > 1 s of 20 ms frames
        }
    }
    EXPECT_EQ(ends, 2) << c.callId;
}

void
CheckCallsWhileRoaming(const std::string& model, const std::vector<std::string>& inbound,
                       const std::vector<std::string>& outbound, bool checkInbound)
{
    TestbedConfig cfg = TwoNetworks(model, 3, 11, 22, true);
    Ua(cfg, "3001").calls.push_back({13, "1001@net1.example.org", 3});
    Ua(cfg, "1001").calls.push_back({17.5, "3001@net3.example.org", 3});
    MobilityRun r(cfg);
    r.Run();
    std::string addr = r.AddressIn("10.2.");
    ASSERT_FALSE(addr.empty());
    const sipmob::RegistrationRecord* reg = RegistrationFromNet2(r);
    ASSERT_NE(reg, nullptr);
    ASSERT_TRUE(reg->tFinal && *reg->tFinal < 13) << "registration after the move too late";

    // To the visitor: caller 3001 in net3, through the mobile's home, to where it is.
    if (std::getenv("MOB_DEBUG"))
    {
        for (const auto& c : r.out.results.calls)
        {
            std::cout << c.ua << " " << c.peer << " out=" << c.outgoing << " " << c.finalStatus
                      << " " << c.endReason << " " << c.tInvite << "\n";
        }
        for (const auto& e : r.sip)
        {
            if (!e.tx && e.t > 12.9)
                std::cout << e.t << " " << e.from << ">" << e.to << " " << e.label << "\n";
        }
    }
    if (checkInbound)
    {
        const sipmob::CallRecord* in = CallOf(r, "sip:3001@net3.example.org", true, "1001");
        ASSERT_NE(in, nullptr);
        EXPECT_EQ(InvitePath(r, in->callId), inbound) << Join(InvitePath(r, in->callId));
        ExpectCompletedWithMedia(r, *in);
        const sipmob::CallRecord* inAtMobile =
            CallOf(r, "sip:1001@net1.example.org", false, "3001");
        ASSERT_NE(inAtMobile, nullptr);
        EXPECT_EQ(inAtMobile->callId, in->callId);
    }

    // From the visitor: to 3001 in net3.
    const sipmob::CallRecord* out = nullptr;
    for (const auto& c : r.out.results.calls)
    {
        out = c.ua == "sip:1001@net1.example.org" && c.outgoing ? &c : out;
    }
    ASSERT_NE(out, nullptr);
    EXPECT_EQ(InvitePath(r, out->callId), outbound) << Join(InvitePath(r, out->callId));
    ExpectCompletedWithMedia(r, *out);
    // Media of the outgoing call flowed at the visited address.
    bool here = false;
    for (const auto& e : r.Of("MediaPath", "ua-3001"))
    {
        here = here || (e.a == addr && e.t > 17.5);
    }
    EXPECT_TRUE(here);
    EXPECT_TRUE(r.Of("AuthFailed").empty());
}

} // namespace

TEST(MobilityModels, CallsWhileRoamingHomeOnly)
{
    CheckCallsWhileRoaming("home-only",
                           {
                               "ua-3001>ms-net3 INVITE", "ms-net3>rs-net3 INVITE",
                               "ms-net3>gw-net3-net1 INVITE", "gw-net3-net1>gw-net1-net3 INVITE",
                               "gw-net1-net3>ms-net1 INVITE", "ms-net1>rs-net1 INVITE",
                               "ms-net1>ua-1001 INVITE", // the home binding, across the WAN
                           },
                           {
                               // direct calls: the redirect-requesting INVITE reaches the
                               // callee's marshal, whose 302 sends the mobile to 3001 itself
                               "ua-1001>ms-net1 INVITE",
                               "ms-net1>rs-net1 INVITE",
                               "ms-net1>gw-net1-net3 INVITE",
                               "gw-net1-net3>gw-net3-net1 INVITE",
                               "gw-net3-net1>ms-net3 INVITE",
                               "ms-net3>rs-net3 INVITE",
                               "ua-1001>ua-3001 INVITE",
                           },
                           false);
}

TEST(MobilityModels, CallsWhileRoamingOutboundProxy)
{
    CheckCallsWhileRoaming("outbound-proxy",
                           {
                               "ua-3001>ms-net3 INVITE",
                               "ms-net3>rs-net3 INVITE",
                               "ms-net3>gw-net3-net1 INVITE",
                               "gw-net3-net1>gw-net1-net3 INVITE",
                               "gw-net1-net3>ms-net1 INVITE",
                               "ms-net1>rs-net1 INVITE",
                               "ms-net1>gw-net1-net2 INVITE", // binding: the foreign marshal
                               "gw-net1-net2>gw-net2-net1 INVITE",
                               "gw-net2-net1>ms-net2 INVITE",
                               "ms-net2>rs-net2 INVITE", // the visitor's binding
                               "ms-net2>ua-1001 INVITE",
                           },
                           {
                               "ua-1001>ms-net2 INVITE", // visitor authenticated here
                               "ms-net2>rs-net2 INVITE",
                               "ms-net2>gw-net2-net3 INVITE",
                               "gw-net2-net3>gw-net3-net2 INVITE",
                               "gw-net3-net2>ms-net3 INVITE",
                               "ms-net3>rs-net3 INVITE",
                               "ms-net3>ua-3001 INVITE",
                           },
                           false);
}

// A call to the roaming user reaches it where it is: after a move the UA removes its pre-move
// binding in the REGISTER of the new one, and the home registrar lists the latest registration
// first (the marshal follows the first Contact of the 302).
TEST(MobilityModels, CallsToTheVisitorHomeOnly)
{
    CheckCallsWhileRoaming("home-only",
                           {
                               "ua-3001>ms-net3 INVITE", "ms-net3>rs-net3 INVITE",
                               "ms-net3>gw-net3-net1 INVITE", "gw-net3-net1>gw-net1-net3 INVITE",
                               "gw-net1-net3>ms-net1 INVITE", "ms-net1>rs-net1 INVITE",
                               "ms-net1>ua-1001 INVITE", // the home binding, across the WAN
                           },
                           {
                               // direct calls: the redirect-requesting INVITE reaches the
                               // callee's marshal, whose 302 sends the mobile to 3001 itself
                               "ua-1001>ms-net1 INVITE",
                               "ms-net1>rs-net1 INVITE",
                               "ms-net1>gw-net1-net3 INVITE",
                               "gw-net1-net3>gw-net3-net1 INVITE",
                               "gw-net3-net1>ms-net3 INVITE",
                               "ms-net3>rs-net3 INVITE",
                               "ua-1001>ua-3001 INVITE",
                           },
                           true);
}

TEST(MobilityModels, CallsToTheVisitorOutboundProxy)
{
    CheckCallsWhileRoaming("outbound-proxy",
                           {
                               "ua-3001>ms-net3 INVITE",
                               "ms-net3>rs-net3 INVITE",
                               "ms-net3>gw-net3-net1 INVITE",
                               "gw-net3-net1>gw-net1-net3 INVITE",
                               "gw-net1-net3>ms-net1 INVITE",
                               "ms-net1>rs-net1 INVITE",
                               "ms-net1>gw-net1-net2 INVITE", // binding: the foreign marshal
                               "gw-net1-net2>gw-net2-net1 INVITE",
                               "gw-net2-net1>ms-net2 INVITE",
                               "ms-net2>rs-net2 INVITE", // the visitor's binding
                               "ms-net2>ua-1001 INVITE",
                           },
                           {
                               "ua-1001>ms-net2 INVITE", // visitor authenticated here
                               "ms-net2>rs-net2 INVITE",
                               "ms-net2>gw-net2-net3 INVITE",
                               "gw-net2-net3>gw-net3-net2 INVITE",
                               "gw-net3-net2>ms-net3 INVITE",
                               "ms-net3>rs-net3 INVITE",
                               "ms-net3>ua-3001 INVITE",
                           },
                           true);
}
