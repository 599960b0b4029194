// SPDX-License-Identifier: GPL-2.0-only
// Two SipUserAgents on a CSMA LAN calling each other directly (each one's "home proxy" is the
// other's node): message sequences, call states, media, re-INVITE, CANCEL, glare, error answers.
#include "install/sip-user-agent-helper.h"
#include "message/sdp.h"
#include "ua/sip-user-agent.h"

#include "csma-lan.h"

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// "INVITE" for a request, "180 INVITE" for a response.
std::string
Label(const sipmob::SipMessage& m)
{
    return m.IsRequest() ? m.GetMethod()
                         : std::to_string(m.GetStatusCode()) + " " + m.GetCSeq().method;
}

/// What one user agent did, from its traces.
struct UaLog
{
    std::vector<std::string> messages; ///< "tx INVITE", "rx 180 INVITE", ...
    std::vector<double> times;         ///< time of each message
    std::vector<std::string> states;   ///< call states in order
    std::vector<sipmob::CallRecord> calls;
    std::vector<sipmob::MediaRecord> media;
    std::vector<std::pair<std::string, int>> reinviteResults;
    std::vector<double> reinviteSent;
    std::vector<std::pair<double, Ipv4Address>> rxFrom;  ///< media: time, source
    std::vector<std::pair<double, Ipv4Address>> rxLocal; ///< media: time, local address

    void Attach(Ptr<SipUserAgent> ua)
    {
        ua->GetStack()->GetTransport()->TraceConnectWithoutContext(
            "Tx", MakeCallback(&UaLog::OnTx, this));
        ua->GetStack()->GetTransport()->TraceConnectWithoutContext(
            "Rx", MakeCallback(&UaLog::OnRx, this));
        ua->TraceConnectWithoutContext("CallState", MakeCallback(&UaLog::OnState, this));
        ua->TraceConnectWithoutContext("Call", MakeCallback(&UaLog::OnCall, this));
        ua->TraceConnectWithoutContext("Media", MakeCallback(&UaLog::OnMedia, this));
        ua->TraceConnectWithoutContext("ReinviteSent", MakeCallback(&UaLog::OnReinvite, this));
        ua->TraceConnectWithoutContext("ReinviteResult",
                                       MakeCallback(&UaLog::OnReinviteResult, this));
        ua->TraceConnectWithoutContext("MediaRx", MakeCallback(&UaLog::OnMediaRx, this));
    }

    void OnTx(const sipmob::SipMessage& m, const InetSocketAddress&, const InetSocketAddress&,
              uint32_t)
    {
        messages.push_back("tx " + Label(m));
        times.push_back(Simulator::Now().GetSeconds());
    }

    void OnRx(const sipmob::SipMessage& m, const InetSocketAddress&, const InetSocketAddress&,
              uint32_t)
    {
        messages.push_back("rx " + Label(m));
        times.push_back(Simulator::Now().GetSeconds());
    }

    void OnState(const std::string&, const std::string&, const std::string& s)
    {
        states.push_back(s);
    }

    void OnCall(const sipmob::CallRecord& r)
    {
        calls.push_back(r);
    }

    void OnMedia(const sipmob::MediaRecord& r)
    {
        media.push_back(r);
    }

    void OnReinvite(const std::string&)
    {
        reinviteSent.push_back(Simulator::Now().GetSeconds());
    }

    void OnReinviteResult(const std::string&, int status)
    {
        reinviteResults.emplace_back(std::to_string(Simulator::Now().GetSeconds()), status);
    }

    void OnMediaRx(const std::string&, Ipv4Address from, Ipv4Address local, uint16_t)
    {
        rxFrom.emplace_back(Simulator::Now().GetSeconds(), from);
        rxLocal.emplace_back(Simulator::Now().GetSeconds(), local);
    }

    /// \return the index of the first message with this label, or -1
    int Find(const std::string& label) const
    {
        auto it = std::find(messages.begin(), messages.end(), label);
        return it == messages.end() ? -1 : static_cast<int>(it - messages.begin());
    }
};

/// Two (or three) nodes on one CSMA LAN, 10.0.0.1 and 10.0.0.2 (10.0.0.3).
struct Lan
{
    NodeContainer nodes;
    NetDeviceContainer devs;
    Ipv4InterfaceContainer ifs;
    Ptr<SipUserAgent> a; ///< 1001 on node 0
    Ptr<SipUserAgent> b; ///< 3001 on node 1
    UaLog la;
    UaLog lb;

    explicit Lan(uint32_t n = 2)
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        CsmaLan lan = BuildCsmaLan(nodes, n);
        devs = lan.devices;
        ifs = lan.interfaces;
    }

    ~Lan()
    {
        Simulator::Destroy();
    }

    /// Both UAs; each one's next hop for out-of-dialog requests is the other node.
    void MakeUas(Time answerDelay = Seconds(1))
    {
        SipUserAgentHelper helper;
        helper.SetAttribute("AutoRegister", BooleanValue(false));
        helper.SetAttribute("AnswerDelay", TimeValue(answerDelay));
        helper.SetAttribute("HomeProxyAddress", Ipv4AddressValue(ifs.GetAddress(1)));
        a = DynamicCast<SipUserAgent>(
            helper.Install(nodes.Get(0), "1001", "net1.example.org").Get(0));
        helper.SetAttribute("HomeProxyAddress", Ipv4AddressValue(ifs.GetAddress(0)));
        b = DynamicCast<SipUserAgent>(
            helper.Install(nodes.Get(1), "3001", "net1.example.org").Get(0));
        a->AssignStreams(10);
        b->AssignStreams(20);
        la.Attach(a);
        lb.Attach(b);
    }

    /// Move node i to a new address (same subnet) at time t: old address removed, new added.
    void MoveAt(Time t, uint32_t i, Ipv4Address to)
    {
        Simulator::Schedule(t, &Lan::Readdress, this, i, to);
    }

    /// Like MoveAt, but the old address stays as a secondary one (still reachable).
    void MoveKeepingOldAt(Time t, uint32_t i, Ipv4Address to)
    {
        Simulator::Schedule(t,
                            [this, i, to]()
                            {
                                Ptr<Ipv4> ipv4 = nodes.Get(i)->GetObject<Ipv4>();
                                int32_t ifIndex = ipv4->GetInterfaceForDevice(devs.Get(i));
                                Ipv4InterfaceAddress old = ipv4->GetAddress(ifIndex, 0);
                                Readdress(i, to);
                                ipv4->AddAddress(ifIndex, old);
                            });
    }

    void RemoveAddressAt(Time t, uint32_t i)
    {
        Simulator::Schedule(t, &Lan::RemoveAddress, this, i);
    }

    void Readdress(uint32_t i, Ipv4Address to)
    {
        RemoveAddress(i);
        Ptr<Ipv4> ipv4 = nodes.Get(i)->GetObject<Ipv4>();
        int32_t ifIndex = ipv4->GetInterfaceForDevice(devs.Get(i));
        ipv4->AddAddress(ifIndex, Ipv4InterfaceAddress(to, Ipv4Mask("255.255.255.0")));
    }

    void RemoveAddress(uint32_t i)
    {
        Ptr<Ipv4> ipv4 = nodes.Get(i)->GetObject<Ipv4>();
        int32_t ifIndex = ipv4->GetInterfaceForDevice(devs.Get(i));
        while (ipv4->GetNAddresses(ifIndex) > 0)
        {
            ipv4->RemoveAddress(ifIndex, 0);
        }
    }
};

std::vector<std::string>
Without100(const std::vector<std::string>& in)
{
    std::vector<std::string> out;
    for (const auto& m : in)
    {
        if (m.find(" 100 ") == std::string::npos)
        {
            out.push_back(m);
        }
    }
    return out;
}

} // namespace

TEST(SipUserAgent, DirectCallMessageSequenceStatesAndMedia)
{
    Lan lan;
    lan.MakeUas(Seconds(1));
    lan.a->AddCall(Seconds(1), "3001", Seconds(5));
    Simulator::Stop(Seconds(10));
    Simulator::Run();

    std::vector<std::string> expectA{"tx INVITE", "rx 180 INVITE", "rx 200 INVITE",
                                     "tx ACK",    "tx BYE",        "rx 200 BYE"};
    EXPECT_EQ(Without100(lan.la.messages), expectA);
    std::vector<std::string> expectB{"rx INVITE", "tx 180 INVITE", "tx 200 INVITE",
                                     "rx ACK",    "rx BYE",        "tx 200 BYE"};
    EXPECT_EQ(Without100(lan.lb.messages), expectB);
    EXPECT_NEAR(lan.la.times[lan.la.Find("tx INVITE")], 1.0, 1e-9);
    double answered = lan.la.times[lan.la.Find("rx 200 INVITE")];
    EXPECT_NEAR(answered, 2.0, 0.02); // AnswerDelay 1 s (+ ARP and link delays)
    EXPECT_NEAR(lan.la.times[lan.la.Find("tx BYE")], answered + 5.0, 1e-9);

    EXPECT_EQ(lan.la.states, (std::vector<std::string>{"calling", "ringing", "confirmed",
                                                       "terminating", "terminated"}));
    EXPECT_EQ(lan.lb.states, (std::vector<std::string>{"incoming", "ringing", "answered",
                                                       "confirmed", "terminated"}));
    ASSERT_EQ(lan.la.calls.size(), 1u);
    ASSERT_EQ(lan.lb.calls.size(), 1u);
    EXPECT_EQ(lan.la.calls[0].endReason, "bye-sent");
    EXPECT_EQ(lan.lb.calls[0].endReason, "bye-received");
    EXPECT_EQ(lan.la.calls[0].finalStatus, 200);
    EXPECT_TRUE(lan.la.calls[0].outgoing);
    EXPECT_FALSE(lan.lb.calls[0].outgoing);
    EXPECT_EQ(lan.la.calls[0].peer, "sip:3001@net1.example.org");
    EXPECT_EQ(lan.lb.calls[0].peer, "sip:1001@net1.example.org");
    EXPECT_EQ(lan.la.calls[0].callId, lan.lb.calls[0].callId);

    // ~50 packets/s for ~5 s in each direction, none lost.
    ASSERT_EQ(lan.la.media.size(), 1u);
    ASSERT_EQ(lan.lb.media.size(), 1u);
    for (const auto& m : {lan.la.media[0], lan.lb.media[0]})
    {
        EXPECT_GE(m.received, 245u) << m.ua;
        EXPECT_LE(m.received, 255u) << m.ua;
        EXPECT_EQ(m.lost, 0u) << m.ua;
        EXPECT_LT(m.maxGapMs, 21.0) << m.ua;
    }
    EXPECT_EQ(lan.la.media[0].ua, "sip:1001@net1.example.org");
    EXPECT_TRUE(lan.a->GetActiveCalls().empty());
    EXPECT_TRUE(lan.b->GetActiveCalls().empty());
}

// A call owns its timers' EventIds, and an EventId keeps its event alive after it ran: an event
// holding the call was a reference cycle, so every call leaked with its dialog and media stream
// (issue 12 item 9, found by LeakSanitizer). Once a call ends, nothing but the test holds its
// stream.
TEST(SipUserAgent, AnEndedCallReleasesItsDialogAndMedia)
{
    Lan lan;
    lan.MakeUas(Seconds(1));
    lan.a->AddCall(Seconds(1), "3001", Seconds(3)); // answer, 2xx, hang-up timers all used
    std::vector<Ptr<RtpMediaStream>> streams;
    Simulator::Schedule(Seconds(3),
                        [&]()
                        {
                            for (const auto& ua : {lan.a, lan.b})
                            {
                                ASSERT_EQ(ua->GetActiveCalls().size(), 1u);
                                streams.push_back(ua->GetMediaStream(ua->GetActiveCalls()[0]));
                            }
                        });
    // The BYE ends the calls at ~5 s. The caller's INVITE client transaction keeps its response
    // handler (and with it the call) for a retransmitted 2xx until Timer M, 64*T1 = 32 s after
    // the 2xx (RFC 6026 7.2), a bounded hold and no cycle; after that nothing holds the call.
    Simulator::Stop(Seconds(40));
    Simulator::Run();
    ASSERT_EQ(lan.la.calls.size(), 1u);
    EXPECT_EQ(lan.la.calls[0].endReason, "bye-sent");
    ASSERT_EQ(streams.size(), 2u);
    for (std::size_t i = 0; i < streams.size(); ++i)
    {
        ASSERT_NE(streams[i], nullptr);
        EXPECT_EQ(streams[i]->GetReferenceCount(), 1u) << (i == 0 ? "caller" : "callee");
    }
}

TEST(SipUserAgent, CalleeHangsUpAndAnswerDelayIsHonoured)
{
    Lan lan;
    lan.MakeUas(Seconds(3));
    lan.a->AddCall(Seconds(1), "3001@net1.example.org", Seconds(0)); // caller never hangs up
    std::string callId;
    lan.b->TraceConnectWithoutContext("CallState", MakeBoundCallback(
                                                       +[](std::string* id, const std::string& c,
                                                           const std::string&, const std::string& n)
                                                       {
                                                           if (n == "confirmed")
                                                           {
                                                               *id = c;
                                                           }
                                                       },
                                                       &callId));
    Simulator::Schedule(Seconds(6), [&]() { lan.b->HangUp(callId); });
    Simulator::Stop(Seconds(8));
    Simulator::Run();
    // The callee answers exactly AnswerDelay after the INVITE reached it.
    ASSERT_NE(lan.lb.Find("rx INVITE"), -1);
    EXPECT_NEAR(lan.lb.times[lan.lb.Find("tx 200 INVITE")] - lan.lb.times[lan.lb.Find("rx INVITE")],
                3.0, 1e-9);
    EXPECT_NE(lan.la.Find("rx BYE"), -1);
    EXPECT_NE(lan.la.Find("tx 200 BYE"), -1);
    ASSERT_EQ(lan.la.calls.size(), 1u);
    EXPECT_EQ(lan.la.calls[0].endReason, "bye-received");
    EXPECT_EQ(lan.lb.calls[0].endReason, "bye-sent");
}

TEST(SipUserAgent, Rfc3261_21_4_18_NoAnswerTimeoutDefaultsTo60sOnBothSides)
{
    // Issue 11 item 6: nobody answers. The callee gives up first (its MaxRingTime, 60 s by
    // default, from its 180) with 480; a caller whose timer is shorter cancels instead.
    Lan lan;
    lan.MakeUas(Seconds(1000));
    TimeValue ring;
    lan.a->GetAttribute("MaxRingTime", ring);
    EXPECT_EQ(ring.Get(), Seconds(60));
    lan.a->SetAttribute("MaxRingTime", TimeValue(Seconds(90)));
    lan.a->AddCall(Seconds(1), "3001", Seconds(5));
    Simulator::Stop(Seconds(100));
    Simulator::Run();
    ASSERT_EQ(lan.lb.calls.size(), 1u);
    EXPECT_EQ(lan.lb.calls[0].endReason, "no-answer");
    EXPECT_EQ(lan.lb.calls[0].finalStatus, 480);
    ASSERT_EQ(lan.la.calls.size(), 1u);
    EXPECT_EQ(lan.la.calls[0].finalStatus, 480);
    EXPECT_EQ(lan.la.calls[0].endReason, "failed");
    // 60 s after the 180 (the callee's timer starts when it sends the 180), not at the caller's
    // 90 s: both cross the same LAN, so their arrivals are 60 s apart (to within the 7 ms the
    // first frame towards the caller waits for ARP).
    ASSERT_GE(lan.la.Find("rx 480 INVITE"), 0);
    ASSERT_GE(lan.la.Find("rx 180 INVITE"), 0);
    EXPECT_NEAR(lan.la.times[lan.la.Find("rx 480 INVITE")] -
                    lan.la.times[lan.la.Find("rx 180 INVITE")],
                60.0, 0.02);
    EXPECT_EQ(lan.la.Find("tx CANCEL"), -1);
}

TEST(SipUserAgent, CancelOfAnUnansweredCall)
{
    Lan lan;
    lan.MakeUas(Seconds(30));
    lan.a->SetAttribute("MaxRingTime", TimeValue(Seconds(2)));
    lan.a->AddCall(Seconds(1), "3001", Seconds(5));
    Simulator::Stop(Seconds(6));
    Simulator::Run();
    std::vector<std::string> expectA{"tx INVITE",     "rx 180 INVITE", "tx CANCEL",
                                     "rx 200 CANCEL", "rx 487 INVITE", "tx ACK"};
    EXPECT_EQ(Without100(lan.la.messages), expectA);
    EXPECT_NEAR(lan.la.times[lan.la.Find("tx CANCEL")], 3.0, 1e-9);
    ASSERT_EQ(lan.la.calls.size(), 1u);
    EXPECT_EQ(lan.la.calls[0].endReason, "no-answer"); // the no-answer timer sent the CANCEL
    EXPECT_EQ(lan.la.calls[0].finalStatus, 487);
    ASSERT_EQ(lan.lb.calls.size(), 1u);
    EXPECT_EQ(lan.lb.calls[0].endReason, "cancelled");
    EXPECT_EQ(lan.lb.states.back(), "terminated");
    EXPECT_TRUE(lan.la.media.empty()); // never answered: no media record
}

TEST(SipUserAgent, ReinviteMovesTheFarEndsMediaDestination)
{
    Lan lan;
    lan.MakeUas(Seconds(1));
    lan.a->AddCall(Seconds(1), "3001", Seconds(8));
    lan.MoveAt(Seconds(4.5), 0, Ipv4Address("10.0.0.11")); // detected at the 5 s poll tick
    std::vector<sipmob::SipMessage> invites;               // INVITEs b received
    lan.b->GetStack()->GetTransport()->TraceConnectWithoutContext(
        "Rx", MakeBoundCallback(
                  +[](std::vector<sipmob::SipMessage>* out, const sipmob::SipMessage& m,
                      const InetSocketAddress&, const InetSocketAddress&, uint32_t)
                  {
                      if (m.IsRequest() && m.GetMethod() == "INVITE")
                      {
                          out->push_back(m);
                      }
                  },
                  &invites));
    Simulator::Stop(Seconds(12));
    Simulator::Run();

    ASSERT_EQ(lan.la.reinviteSent.size(), 1u);
    EXPECT_NEAR(lan.la.reinviteSent[0], 5.0, 1e-9);
    ASSERT_EQ(lan.la.reinviteResults.size(), 1u);
    EXPECT_EQ(lan.la.reinviteResults[0].second, 200);
    // b now sends to the new address, and a receives there; b receives from the new address.
    bool newDown = false;
    for (const auto& [t, local] : lan.la.rxLocal)
    {
        if (t > 5.1)
        {
            EXPECT_EQ(local, Ipv4Address("10.0.0.11"));
            newDown = true;
        }
        EXPECT_FALSE(t > 4.5 && t < 5.0 && local == Ipv4Address("10.0.0.11"));
    }
    EXPECT_TRUE(newDown);
    bool newUp = false;
    for (const auto& [t, from] : lan.lb.rxFrom)
    {
        newUp = newUp || (t > 4.5 && from == Ipv4Address("10.0.0.11"));
    }
    EXPECT_TRUE(newUp);
    // The BYE goes from the new address with the call still up after the re-INVITE.
    ASSERT_EQ(lan.lb.calls.size(), 1u);
    EXPECT_EQ(lan.lb.calls[0].endReason, "bye-received");
    // The re-INVITE carried the new c= and the next o= version; its Contact the new address.
    ASSERT_EQ(invites.size(), 2u);
    auto first = sipmob::Sdp::Parse(invites[0].GetBody());
    auto second = sipmob::Sdp::Parse(invites[1].GetBody());
    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->GetConnectionAddress(), "10.0.0.1");
    EXPECT_EQ(second->GetConnectionAddress(), "10.0.0.11");
    EXPECT_EQ(second->GetVersion(), first->GetVersion() + 1);
    EXPECT_EQ(second->GetSessionId(), first->GetSessionId());
    EXPECT_EQ(invites[1].GetContacts().at(0).uri.GetHost(), "10.0.0.11");
    EXPECT_EQ(invites[1].GetCSeq().seq, 2u);
}

TEST(SipUserAgent, ReinviteGlareGets491AndBothRetryAfterRfcDelays)
{
    Lan lan;
    lan.MakeUas(Seconds(1));
    lan.a->AddCall(Seconds(1), "3001", Seconds(15));
    // Both ends change their primary address at the same time and detect it at the same poll
    // tick (4 s); the old addresses stay reachable, so both re-INVITEs arrive and cross.
    lan.MoveKeepingOldAt(Seconds(3.5), 0, Ipv4Address("10.0.0.11"));
    lan.MoveKeepingOldAt(Seconds(3.5), 1, Ipv4Address("10.0.0.12"));
    Simulator::Stop(Seconds(20));
    Simulator::Run();

    ASSERT_GE(lan.la.reinviteSent.size(), 2u);
    ASSERT_GE(lan.lb.reinviteSent.size(), 2u);
    EXPECT_NEAR(lan.la.reinviteSent[0], 4.0, 1e-9);
    EXPECT_NEAR(lan.lb.reinviteSent[0], 4.0, 1e-9);
    EXPECT_EQ(lan.la.reinviteResults.front().second, 491);
    EXPECT_EQ(lan.lb.reinviteResults.front().second, 491);
    EXPECT_EQ(lan.la.reinviteResults.back().second, 200);
    EXPECT_EQ(lan.lb.reinviteResults.back().second, 200);
    // §14.1: the caller owns the Call-ID (2.1-4 s); the callee waits 0-2 s.
    double retryA = lan.la.reinviteSent[1] - 4.0;
    double retryB = lan.lb.reinviteSent[1] - 4.0;
    EXPECT_GE(retryA, 2.1 - 0.01);
    EXPECT_LE(retryA, 4.0 + 0.01);
    EXPECT_GE(retryB, 0.0);
    EXPECT_LE(retryB, 2.0 + 0.01);
    // Media flows between the new addresses at the end.
    ASSERT_FALSE(lan.la.rxFrom.empty());
    EXPECT_EQ(lan.la.rxFrom.back().second, Ipv4Address("10.0.0.12"));
    EXPECT_EQ(lan.lb.rxFrom.back().second, Ipv4Address("10.0.0.11"));
    EXPECT_EQ(lan.la.calls.size(), 1u);
}

TEST(SipUserAgent, AnswersUnknownDialogsMethodsAndBadSdpAsTheRfcSays)
{
    Lan lan(3);
    lan.MakeUas();
    // A bare stack on node 2 sends odd requests to a.
    Ptr<SipStack> probe = CreateObject<SipStack>();
    probe->Start(lan.nodes.Get(2), 5060);
    std::map<std::string, int> answers;
    InetSocketAddress uaA(lan.ifs.GetAddress(0), 5060);
    auto send = [&](const std::string& method, const std::string& toTag, const std::string& body)
    {
        auto req =
            sipmob::SipMessage::MakeRequest(method, *sipmob::SipUri::Parse("sip:1001@10.0.0.1"));
        auto from = *sipmob::SipNameAddr::Parse("<sip:9999@net1.example.org>");
        from.SetTag("p1");
        auto to = *sipmob::SipNameAddr::Parse("<sip:1001@net1.example.org>");
        if (!toTag.empty())
        {
            to.SetTag(toTag);
        }
        req.SetFrom(from);
        req.SetTo(to);
        req.SetHeader("Call-ID", "probe-" + method + toTag);
        req.SetHeader("CSeq", "1 " + method);
        req.SetMaxForwards(70);
        req.SetHeader("Contact", "<sip:9999@10.0.0.3>");
        if (!body.empty())
        {
            req.SetBody("application/sdp", body);
        }
        std::string key = method + (toTag.empty() ? "" : "+tag") + (body.empty() ? "" : "+sdp");
        probe->SendRequest(req, uaA,
                           [&answers, key](const sipmob::SipMessage& r)
                           {
                               if (r.GetStatusCode() >= 200)
                               {
                                   answers[key] = r.GetStatusCode();
                               }
                           });
    };
    Simulator::Schedule(Seconds(1), [&]() { send("BYE", "nosuch", ""); });
    Simulator::Schedule(Seconds(1.1), [&]() { send("INVITE", "nosuch", ""); });
    Simulator::Schedule(Seconds(1.2), [&]() { send("FROBNICATE", "", ""); });
    Simulator::Schedule(Seconds(1.3), [&]() { send("REGISTER", "", ""); });
    Simulator::Schedule(Seconds(1.4), [&]() { send("OPTIONS", "", ""); });
    Simulator::Schedule(Seconds(1.5), [&]() { send("INVITE", "", "v=0\r\nthis is not sdp\r\n"); });
    Simulator::Schedule(Seconds(1.6), [&]() { send("CANCEL", "", ""); });
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    EXPECT_EQ(answers["BYE+tag"], 481);
    EXPECT_EQ(answers["INVITE+tag"], 481);
    EXPECT_EQ(answers["FROBNICATE"], 501);
    EXPECT_EQ(answers["REGISTER"], 405);
    EXPECT_EQ(answers["OPTIONS"], 200);
    EXPECT_EQ(answers["INVITE+sdp"], 400);
    EXPECT_EQ(answers["CANCEL"], 481);
    probe->Dispose();
}

// Issue 12 item 2: a call placed while no proxy is known for the current network (no
// HomeProxyAddress, no discovery) ends at once with end_reason no-route: a row with its Call-ID
// and the time it was placed, no final status, no media, and not one byte sent (was a made-up
// 503 "failed").
TEST(SipUserAgent, CallWithNoProxyEndsNoRouteWithNothingSent)
{
    Lan lan;
    lan.MakeUas(Seconds(1));
    SipUserAgentHelper helper;
    helper.SetAttribute("AutoRegister", BooleanValue(false)); // no HomeProxyAddress: no next hop
    helper.SetAttribute("Port", UintegerValue(5070));         // beside 1001 on node 0
    Ptr<SipUserAgent> c = DynamicCast<SipUserAgent>(
        helper.Install(lan.nodes.Get(0), "1002", "net1.example.org").Get(0));
    UaLog lc;
    lc.Attach(c);
    c->AddCall(Seconds(1.5), "3001", Seconds(5));
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    ASSERT_EQ(lc.calls.size(), 1u);
    const sipmob::CallRecord& row = lc.calls[0];
    EXPECT_EQ(row.endReason, "no-route");
    EXPECT_FALSE(row.callId.empty());
    EXPECT_EQ(row.finalStatus, 0);
    EXPECT_DOUBLE_EQ(row.tInvite, 1.5);
    ASSERT_TRUE(row.tEnded.has_value());
    EXPECT_DOUBLE_EQ(*row.tEnded, 1.5);
    EXPECT_FALSE(row.tRinging.has_value());
    EXPECT_FALSE(row.tAnswered.has_value());
    EXPECT_EQ(row.peer, "sip:3001@net1.example.org");
    EXPECT_TRUE(lc.messages.empty()) << lc.messages.front();
    EXPECT_TRUE(lc.media.empty());
    EXPECT_EQ(lc.states, (std::vector<std::string>{"terminated"}));
    EXPECT_TRUE(lan.lb.messages.empty()) << lan.lb.messages.front(); // 3001 heard nothing
    EXPECT_TRUE(c->GetActiveCalls().empty());
    c->ReportUnfinishedCalls(); // nothing left to report
    EXPECT_EQ(lc.calls.size(), 1u);
}

// A callee that makes no SIP URI (the public AddCall takes any text) is recorded, not placed
// (end_reason bad-callee), and nothing is sent; the UA's next call goes out as usual.
TEST(SipUserAgent, CalleeThatIsNoSipUriHasARowAndNothingSent)
{
    Lan lan;
    lan.MakeUas(Seconds(1));
    lan.a->AddCall(Seconds(1), "30 01<>", Seconds(1));
    lan.a->AddCall(Seconds(2), "3001", Seconds(1));
    Simulator::Stop(Seconds(6));
    Simulator::Run();
    ASSERT_EQ(lan.la.calls.size(), 2u);
    EXPECT_EQ(lan.la.calls[0].endReason, "bad-callee");
    EXPECT_TRUE(lan.la.calls[0].callId.empty());
    EXPECT_DOUBLE_EQ(lan.la.calls[0].tInvite, 1.0);
    EXPECT_EQ(lan.la.calls[1].endReason, "bye-sent");
    ASSERT_GE(lan.la.Find("tx INVITE"), 0);
    EXPECT_NEAR(lan.la.times[lan.la.Find("tx INVITE")], 2.0, 1e-9);
}

// Issue 12 item 2: a call due while the UA's REGISTER is still unanswered waits for the
// registration; the UA stops first, so the call has a row saying why it was never placed
// (not-registered, due time, stop time) and no INVITE left.
TEST(SipUserAgent, CallWaitingForTheRegistrationAtTheStopIsNotRegistered)
{
    Lan lan;
    SipUserAgentHelper helper;
    helper.SetAttribute("HomeProxyAddress", Ipv4AddressValue(lan.ifs.GetAddress(1))); // silent
    Ptr<SipUserAgent> a = DynamicCast<SipUserAgent>(
        helper.Install(lan.nodes.Get(0), "1001", "net1.example.org").Get(0));
    a->SetStartTime(Seconds(1));
    a->SetStopTime(Seconds(6));
    UaLog la;
    la.Attach(a);
    a->AddCall(Seconds(2), "3001", Seconds(5));
    Simulator::Stop(Seconds(8));
    Simulator::Run();
    ASSERT_EQ(la.calls.size(), 1u);
    const sipmob::CallRecord& row = la.calls[0];
    EXPECT_EQ(row.endReason, "not-registered");
    EXPECT_TRUE(row.callId.empty());
    EXPECT_DOUBLE_EQ(row.tInvite, 2.0);
    ASSERT_TRUE(row.tEnded.has_value());
    EXPECT_DOUBLE_EQ(*row.tEnded, 6.0);
    EXPECT_EQ(row.finalStatus, 0);
    EXPECT_TRUE(la.states.empty());
    // The REGISTER went out at the start and was retransmitted (no answer); no INVITE, ever.
    ASSERT_FALSE(la.messages.empty());
    EXPECT_EQ(la.messages[0], "tx REGISTER");
    EXPECT_NEAR(la.times[0], 1.0, 1e-9);
    EXPECT_EQ(la.Find("tx INVITE"), -1);
    a->ReportUnfinishedCalls();
    EXPECT_EQ(la.calls.size(), 1u);
}

// Issue 12 item 2: calls still up when the run ends (no hang-up planned) end with end_reason
// run-ended at the end of the run, at both ends, each with its media row; calling the report
// again adds nothing.
TEST(SipUserAgent, CallsStillUpWhenTheRunEndsAreRunEndedWithTheirMedia)
{
    Lan lan;
    lan.MakeUas(Seconds(1));
    lan.a->AddCall(Seconds(1), "3001", Seconds(0)); // never hangs up
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    EXPECT_TRUE(lan.la.calls.empty());
    EXPECT_EQ(lan.a->GetActiveCalls().size(), 1u);
    lan.a->ReportUnfinishedCalls();
    lan.b->ReportUnfinishedCalls();
    for (UaLog* log : {&lan.la, &lan.lb})
    {
        ASSERT_EQ(log->calls.size(), 1u);
        const sipmob::CallRecord& row = log->calls[0];
        EXPECT_EQ(row.endReason, "run-ended");
        EXPECT_EQ(row.finalStatus, 200);
        ASSERT_TRUE(row.tAnswered.has_value());
        ASSERT_TRUE(row.tEnded.has_value());
        EXPECT_DOUBLE_EQ(*row.tEnded, 5.0);
        ASSERT_EQ(log->media.size(), 1u);
        EXPECT_EQ(log->media[0].callId, row.callId);
        // ~3 s of 20 ms frames since the answer at ~2 s.
        EXPECT_GE(log->media[0].received, 140u);
        EXPECT_LE(log->media[0].received, 151u);
        EXPECT_EQ(log->states.back(), "terminated");
    }
    EXPECT_EQ(lan.la.calls[0].callId, lan.lb.calls[0].callId);
    EXPECT_TRUE(lan.a->GetActiveCalls().empty());
    lan.a->ReportUnfinishedCalls();
    lan.b->ReportUnfinishedCalls();
    EXPECT_EQ(lan.la.calls.size(), 1u);
    EXPECT_EQ(lan.lb.calls.size(), 1u);
    EXPECT_EQ(lan.la.media.size(), 1u);
}
