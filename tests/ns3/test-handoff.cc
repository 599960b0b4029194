// SPDX-License-Identifier: GPL-2.0-only
// Mid-call hand-off through the whole testbed: the mobile 1001 (net1) talks to the wired 2001
// (net2) and walks from net1's AP to net2's. REGISTER, then re-INVITE with the new c= address,
// media resumed both ways, and the hand-off record's components in order and adding up. Then a
// second move before the first hand-off completes, while its REGISTER is still pending.
#include "mobility-fixture.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace mobtest;

namespace
{

/// The Rx/Tx event of a message at a role: first one at or after t passing a filter.
const SipEvent*
First(const MobilityRun& r, bool tx, const std::string& at, double t,
      const std::function<bool(const SipEvent&)>& keep)
{
    for (const auto& e : r.sip)
    {
        if (e.tx == tx && e.at == at && e.t >= t - 1e-12 && keep(e))
        {
            return &e;
        }
    }
    return nullptr;
}

bool
IsReinvite(const SipEvent& e)
{
    return e.msg.IsRequest() && e.msg.GetMethod() == "INVITE" && !e.msg.GetTo().GetTag().empty();
}

void
CheckMidCallHandoff(const std::string& model)
{
    TestbedConfig cfg = TwoNetworks(model, 4, 12, 18);
    Ua(cfg, "1001").calls.push_back({2, "2001", 14});
    MobilityRun r(cfg);
    r.Run();
    std::string addr = r.AddressIn("10.2.");
    ASSERT_FALSE(addr.empty());

    // The hand-off record into net2.
    const sipmob::HandoffRecord* h = nullptr;
    for (const auto& rec : r.out.results.handoffs)
    {
        h = rec.newAddress == addr ? &rec : h;
    }
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(h->fromNetwork, "net1");
    EXPECT_EQ(h->toNetwork, "net2");
    EXPECT_EQ(h->oldAddress.rfind("10.1.100.", 0), 0u) << h->oldAddress;
    for (auto t : {h->tLinkLost, h->tAssociated, h->tLease, h->tDetected, h->tRegisterSent,
                   h->tRegisterOk, h->tReinviteSent, h->tReinviteOk, h->tLastMediaDown,
                   h->tLastMediaUp, h->tMediaDown, h->tMediaUp})
    {
        ASSERT_TRUE(t.has_value());
    }
    EXPECT_LE(*h->tLinkLost, *h->tAssociated);
    EXPECT_LE(*h->tAssociated, *h->tLease);
    EXPECT_LE(*h->tLease, *h->tDetected);
    EXPECT_LE(*h->tDetected, *h->tRegisterSent);
    EXPECT_LT(*h->tRegisterSent, *h->tRegisterOk);
    EXPECT_LE(*h->tRegisterOk, *h->tReinviteSent);
    EXPECT_LT(*h->tReinviteSent, *h->tReinviteOk);
    // The callee redirects its media when the re-INVITE arrives, before the 200 reaches the
    // mobile: first downlink media at the new address comes after the re-INVITE was sent.
    EXPECT_GT(*h->tMediaDown, *h->tReinviteSent);
    EXPECT_GE(*h->tMediaUp, *h->tLease); // the mobile sends as soon as it has an address
    EXPECT_GT(*h->L2Ms(), 0);
    EXPECT_GT(*h->DhcpMs(), 0);
    EXPECT_GT(*h->DetectionMs(), 0);          // poll mode: the next tick after the lease
    EXPECT_LE(*h->DetectionMs(), 500 + 1e-6); // PollInterval
    EXPECT_GT(*h->RegistrationMs(), 0);
    EXPECT_GT(*h->ReinviteMs(), 0);
    EXPECT_GT(*h->MediaGapDownMs(), 0);
    EXPECT_GT(*h->MediaGapUpMs(), 0);
    double sum = *h->L2Ms() + *h->DhcpMs() + *h->DetectionMs() +
                 (*h->tRegisterSent - *h->tDetected) * 1000 + *h->RegistrationMs() +
                 (*h->tReinviteSent - *h->tRegisterOk) * 1000 + *h->ReinviteMs() +
                 (*h->tMediaDown - *h->tReinviteOk) * 1000;
    EXPECT_NEAR(*h->TotalMs(), sum, 1e-6);
    EXPECT_GT(*h->TotalMs(), *h->L2Ms() + *h->DhcpMs());
    std::cout << model << ": L2 " << *h->L2Ms() << " DHCP " << *h->DhcpMs() << " detect "
              << *h->DetectionMs() << " reg " << *h->RegistrationMs() << " reinvite "
              << *h->ReinviteMs() << " gap down " << *h->MediaGapDownMs() << " up "
              << *h->MediaGapUpMs() << " total " << *h->TotalMs() << " ms\n";

    // The re-INVITE leaves after the REGISTER's 200 arrived, with the new address in c=.
    const SipEvent* ok = First(r, false, "ua-1001", *h->tRegisterSent,
                               [](const SipEvent& e) { return e.label == "200/REGISTER"; });
    ASSERT_NE(ok, nullptr);
    const SipEvent* re = First(r, true, "ua-1001", *h->tRegisterSent, IsReinvite);
    ASSERT_NE(re, nullptr);
    EXPECT_GE(re->t, ok->t);
    EXPECT_DOUBLE_EQ(re->t, *h->tReinviteSent);
    auto sdp = sipmob::Sdp::Parse(re->msg.GetBody());
    ASSERT_TRUE(sdp.has_value()) << re->msg.GetBody();
    EXPECT_EQ(sdp->GetConnectionAddress(), addr);
    // The callee applied it and answered 200; the mobile ACKed.
    const SipEvent* at2001 = First(r, false, "ua-2001", re->t, IsReinvite);
    ASSERT_NE(at2001, nullptr);
    EXPECT_EQ(at2001->msg.GetCallId(), re->msg.GetCallId());
    const SipEvent* ack =
        First(r, true, "ua-1001", re->t, [](const SipEvent& e) { return e.label == "ACK"; });
    ASSERT_NE(ack, nullptr);
    EXPECT_GE(ack->t, *h->tReinviteOk);

    // Media at the new address, both ways, after the re-INVITE's answer.
    bool down = false;
    bool up = false;
    for (const auto& e : r.Of("MediaPath"))
    {
        down = down || (e.src == "ua-1001" && e.b == addr && e.t >= at2001->t);
        up = up || (e.src == "ua-2001" && e.a == addr && e.t >= *h->tLease);
    }
    EXPECT_TRUE(down);
    EXPECT_TRUE(up);
    EXPECT_GT(r.m_mediaCount["ua-1001>" + addr], 100u); // > 2 s of 20 ms frames

    // The call survived and ended as scheduled, media counted at both ends.
    int calls = 0;
    for (const auto& c : r.out.results.calls)
    {
        if (c.ua == "sip:1001@net1.example.org")
        {
            ++calls;
            EXPECT_EQ(c.finalStatus, 200);
            EXPECT_EQ(c.endReason, "bye-sent");
            ASSERT_TRUE(c.tAnswered.has_value());
            ASSERT_TRUE(c.tEnded.has_value());
            EXPECT_NEAR(*c.tEnded - *c.tAnswered, 14, 0.2);
        }
    }
    EXPECT_EQ(calls, 1);
    ASSERT_EQ(r.out.results.media.size(), 2u);
    for (const auto& m : r.out.results.media)
    {
        EXPECT_GT(m.received, 500u) << m.ua;
        EXPECT_LT(m.lost, m.sent / 4) << m.ua;
    }
}

} // namespace

TEST(Handoff, MidCallHomeOnly)
{
    CheckMidCallHandoff("home-only");
}

TEST(Handoff, MidCallOutboundProxy)
{
    CheckMidCallHandoff("outbound-proxy");
}

// The mobile reaches net2's AP and comes straight back while its REGISTER from net2 crosses a
// slow WAN (1 s each way): the second move supersedes the first hand-off mid-transaction. The call
// is answered before the first move (the INVITE crosses the WAN twice) and ends 9 s later.
TEST(Handoff, SecondMoveWhileTheFirstRegisterIsPending)
{
    // 18 s: the call to 2001 first asks net1's marshal for a redirect, answered by net2's (one
    // more WAN round trip, 2 s, than a proxied INVITE): answered at ~6.2 s, its BYE ~15.2 s and
    // the BYE's 200 two seconds later.
    TestbedConfig cfg = TwoNetworks("home-only", 6, 7, 18);
    cfg.wanLinks[0].delayMs = 1000;
    Ua(cfg, "1001").path = {{0, 5, 0}, {6, 5, 0}, {7, 95, 0}, {7.5, 95, 0}, {8.5, 5, 0}};
    Ua(cfg, "1001").calls.push_back({1.2, "2001", 9});
    MobilityRun r(cfg);
    std::vector<sipmob::Binding> homeBindings;
    std::string finalState;
    r.setup = [&](MobilityRun& run)
    {
        Simulator::Schedule(Seconds(12.5),
                            [&]()
                            {
                                homeBindings = run.Redirect("net1")->GetLocationService()->Lookup(
                                    "sip:1001@net1.example.org", Simulator::Now().GetSeconds());
                                finalState = run.Agent("1001")->GetRegistrationState();
                            });
    };
    r.Run();
    std::string net2Addr = r.AddressIn("10.2.");
    ASSERT_FALSE(net2Addr.empty());
    // The REGISTER from net2 was pending when the link to net2's AP was lost.
    const SipEvent* reg =
        First(r, true, "ua-1001", 3,
              [&](const SipEvent& e) { return e.label == "REGISTER" && e.fromIp == net2Addr; });
    ASSERT_NE(reg, nullptr);
    double lost = -1;
    for (const auto& e : r.Of("LinkLost", "ua-1001"))
    {
        lost = lost < 0 && e.t > reg->t ? e.t : lost;
    }
    ASSERT_GT(lost, reg->t);
    const SipEvent* answer =
        First(r, false, "ua-1001", reg->t,
              [&](const SipEvent& e) {
                  return e.label == "200/REGISTER" && e.msg.GetCSeq().seq == reg->msg.GetCSeq().seq;
              });
    EXPECT_TRUE(answer == nullptr || answer->t > lost) << "not pending at the second move";

    // Back in net1: the last registration sent names the final address, and holds.
    std::string finalAddr;
    for (const auto& e : r.Of("AddressChange", "ua-1001"))
    {
        finalAddr = e.b != "0.0.0.0" ? e.b : finalAddr;
    }
    ASSERT_EQ(finalAddr.rfind("10.1.100.", 0), 0u) << finalAddr;
    const sipmob::RegistrationRecord* last = nullptr;
    for (const auto& rec : r.out.results.registrations)
    {
        if (rec.ua == "sip:1001@net1.example.org" && rec.expires != 0 && rec.tSent < 12.5 &&
            (!last || rec.tSent > last->tSent))
        {
            last = &rec;
        }
    }
    ASSERT_NE(last, nullptr);
    EXPECT_EQ(last->contact, "sip:1001@" + finalAddr + ":5060");
    EXPECT_EQ(last->status, 200);
    EXPECT_GT(last->tSent, lost);
    EXPECT_EQ(finalState, "registered");
    // The superseded REGISTER reached home (binding net2's address) after the mobile had left;
    // the final one, which removed every contact that might still be bound, left only its own.
    ASSERT_EQ(homeBindings.size(), 1u);
    EXPECT_EQ(homeBindings.front().contact, last->contact);
    bool staleBound = false;
    for (const auto& e : r.Of("BindingAdded", "rs-net1"))
    {
        staleBound = staleBound || e.b == "sip:1001@" + net2Addr + ":5060";
    }
    EXPECT_TRUE(staleBound) << "the first REGISTER never reached home: nothing stale to remove";
    // The stale result never changed the state: registering, then registered once, by the
    // final REGISTER's 200.
    std::vector<std::string> states;
    for (const auto& e : r.Of("RegistrationState", "ua-1001"))
    {
        if (e.t >= reg->t - 1e-9 && e.t < 12.5)
        {
            states.push_back(e.b);
        }
    }
    EXPECT_EQ(states, (std::vector<std::string>{"registering", "registered"}));

    // Two hand-off records: the first cut short before its registration completed.
    ASSERT_GE(r.out.results.handoffs.size(), 2u);
    const sipmob::HandoffRecord& first = r.out.results.handoffs[0];
    EXPECT_EQ(first.newAddress, net2Addr);
    EXPECT_TRUE(first.tRegisterSent.has_value());
    EXPECT_FALSE(first.tRegisterOk.has_value());
    EXPECT_FALSE(first.tReinviteSent.has_value());
    const sipmob::HandoffRecord& second = r.out.results.handoffs[1];
    EXPECT_EQ(second.oldAddress, net2Addr);
    EXPECT_EQ(second.newAddress, finalAddr);
    EXPECT_TRUE(second.tRegisterOk.has_value());

    // The call survived both moves and ended as scheduled.
    const sipmob::CallRecord* call = nullptr;
    for (const auto& c : r.out.results.calls)
    {
        call = c.ua == "sip:1001@net1.example.org" ? &c : call;
    }
    ASSERT_NE(call, nullptr);
    EXPECT_EQ(call->finalStatus, 200);
    EXPECT_EQ(call->endReason, "bye-sent");
    ASSERT_TRUE(call->tAnswered && call->tEnded);
    // BYE 9 s after the answer; the call ends at its 200, one WAN round trip (2 s) later.
    const SipEvent* bye = First(r, true, "ua-1001", *call->tAnswered,
                                [](const SipEvent& e) { return e.label == "BYE"; });
    ASSERT_NE(bye, nullptr);
    EXPECT_NEAR(bye->t - *call->tAnswered, 9, 0.01);
    EXPECT_NEAR(*call->tEnded - bye->t, 2, 0.05);
    bool resumed = false;
    for (const auto& e : r.Of("MediaPath", "ua-2001"))
    {
        resumed = resumed || (e.a == finalAddr && e.t > lost);
    }
    auto downs = r.Of("MediaPath", "ua-1001");
    EXPECT_TRUE(resumed);
    ASSERT_FALSE(downs.empty());
    EXPECT_EQ(downs.back().b, finalAddr);
}
