// SPDX-License-Identifier: GPL-2.0-only
// The parts of SipUserAgent that are not about a call's messages: the address watcher's attributes
// forwarded (not copied) from the user agent's, and the CallState names the CallState trace and the
// records use.
#include "ua/sip-call.h"
#include "ua/sip-user-agent.h"

#include "ns3/core-module.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace ns3;

TEST(UaParts, WatcherAttributesAreForwardedNotCopied)
{
    Ptr<SipUserAgent> ua = CreateObject<SipUserAgent>();
    Ptr<AddressWatcher> watcher = ua->GetAddressWatcher();
    ASSERT_NE(watcher, nullptr) << "the watcher exists from construction";
    EXPECT_EQ(watcher->GetPollInterval(), Seconds(1)); // the watcher's default

    ua->SetAttribute("PollInterval", TimeValue(MilliSeconds(250)));
    ua->SetAttribute("DetectionMode", StringValue("event"));
    ua->SetAttribute("RandomPollPhase", BooleanValue(true));
    EXPECT_EQ(watcher->GetPollInterval(), MilliSeconds(250));
    EXPECT_EQ(watcher->GetMode(), AddressWatcher::EVENT);
    BooleanValue phase;
    watcher->GetAttribute("RandomPhase", phase);
    EXPECT_TRUE(phase.Get());

    // Read back through the user agent: the watcher's values (one place holds them).
    watcher->SetAttribute("PollInterval", TimeValue(MilliSeconds(750)));
    TimeValue poll;
    ua->GetAttribute("PollInterval", poll);
    EXPECT_EQ(poll.Get(), MilliSeconds(750));
    StringValue mode;
    ua->GetAttribute("DetectionMode", mode);
    EXPECT_EQ(mode.Get(), "event");

    // The watcher's checkers decide: no mode "sometimes", no 0 s poll interval.
    EXPECT_FALSE(ua->SetAttributeFailSafe("DetectionMode", StringValue("sometimes")));
    EXPECT_FALSE(ua->SetAttributeFailSafe("PollInterval", TimeValue(Seconds(0))));
    EXPECT_EQ(watcher->GetMode(), AddressWatcher::EVENT);
    EXPECT_EQ(watcher->GetPollInterval(), MilliSeconds(750));
    ua->Dispose();
}

TEST(UaParts, FactorySettingsReachTheWatcher)
{
    // The helper path: attributes given to the factory are set after the constructor, when the
    // watcher exists.
    ObjectFactory factory;
    factory.SetTypeId("ns3::SipUserAgent");
    factory.Set("PollInterval", TimeValue(MilliSeconds(500)));
    factory.Set("DetectionMode", StringValue("event"));
    Ptr<SipUserAgent> ua = factory.Create<SipUserAgent>();
    EXPECT_EQ(ua->GetAddressWatcher()->GetPollInterval(), MilliSeconds(500));
    EXPECT_EQ(ua->GetAddressWatcher()->GetMode(), AddressWatcher::EVENT);
    ua->Dispose();
}

TEST(UaParts, CallStateNamesAreTheTraceStrings)
{
    const std::vector<std::pair<CallState, std::string>> names{
        {CallState::Idle, "idle"},
        {CallState::Calling, "calling"},
        {CallState::Incoming, "incoming"},
        {CallState::Ringing, "ringing"},
        {CallState::Answered, "answered"},
        {CallState::Confirmed, "confirmed"},
        {CallState::Cancelling, "cancelling"},
        {CallState::Terminating, "terminating"},
        {CallState::Terminated, "terminated"},
    };
    for (const auto& [state, name] : names)
    {
        EXPECT_EQ(ToString(state), name);
    }
}

TEST(UaParts, EverySessionStateShowsAsOneCallState)
{
    using S = InviteSession::State;
    EXPECT_EQ(CallStateOf(S::Null), CallState::Idle);
    EXPECT_EQ(CallStateOf(S::Calling), CallState::Calling);
    EXPECT_EQ(CallStateOf(S::Incoming), CallState::Incoming);
    EXPECT_EQ(CallStateOf(S::Early), CallState::Ringing);
    EXPECT_EQ(CallStateOf(S::Connecting), CallState::Answered);
    EXPECT_EQ(CallStateOf(S::Confirmed), CallState::Confirmed);
    EXPECT_EQ(CallStateOf(S::Cancelling), CallState::Cancelling);
    EXPECT_EQ(CallStateOf(S::Terminating), CallState::Terminating);
    EXPECT_EQ(CallStateOf(S::Disconnected), CallState::Terminated);
}
