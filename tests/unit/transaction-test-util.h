// SPDX-License-Identifier: GPL-2.0-only
// Shared by the transaction-layer tests: messages in the style of RFC 3261's examples, an event
// loop on a virtual clock, and helpers to read the actions it logged.
#ifndef SIPMOB_TESTS_TRANSACTION_TEST_UTIL_H
#define SIPMOB_TESTS_TRANSACTION_TEST_UTIL_H

#include "message/sip-message.h"
#include "transaction/transaction-event-loop.h"
#include "transaction/transaction-manager.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sipmob::test
{

inline const SipEndpoint kProxy{"10.0.0.1", 5060, "UDP"};

/// A request from alice's UA (or, with two Vias, as forwarded by a proxy), with two Route headers.
inline SipMessage
MakeReq(const std::string& method, const std::string& branch, bool twoVias = false)
{
    std::string t = method +
                    " sip:bob@biloxi.example.com SIP/2.0\r\n"
                    "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=" +
                    branch + "\r\n";
    if (twoVias)
    {
        t += "Via: SIP/2.0/UDP ua.example.net:5070;branch=z9hG4bKdownstream\r\n";
    }
    t += "Max-Forwards: 70\r\n"
         "Route: <sip:p1.example.com;lr>\r\n"
         "Route: <sip:p2.example.com;lr>\r\n"
         "To: Bob <sip:bob@biloxi.example.com>\r\n"
         "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
         "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
         "CSeq: 314159 " +
         method +
         "\r\n"
         "Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
         "Content-Length: 0\r\n\r\n";
    SipParseError err;
    auto m = SipMessage::Parse(t, &err);
    EXPECT_TRUE(m.has_value()) << err.ToString();
    return m.value_or(SipMessage::MakeRequest(method, *SipUri::Parse("sip:x@y")));
}

inline SipMessage
MakeResp(const SipMessage& req, int code, const std::string& toTag = "a6c85cf")
{
    SipMessage r = SipMessage::MakeResponse(req, code);
    if (code > 100)
    {
        SipNameAddr to = r.GetTo();
        to.SetTag(toTag);
        r.SetTo(to);
    }
    return r;
}

/// Times (ms) of the logged actions of \p kind, optionally only those carrying method/code \p what.
inline std::vector<long long>
Times(const TransactionEventLoop& loop, TxActionKind kind, const std::string& what = "")
{
    std::vector<long long> v;
    for (const auto& r : loop.GetLog(kind))
    {
        const auto& m = r.action.message;
        const std::string id = !m               ? ""
                               : m->IsRequest() ? m->GetMethod()
                                                : std::to_string(m->GetStatusCode());
        if (what.empty() || id == what)
        {
            v.push_back(r.time.count());
        }
    }
    return v;
}

/// Durations (ms) of the StartTimer actions for \p name.
inline std::vector<long long>
Durations(const TransactionEventLoop& loop, TimerName name)
{
    std::vector<long long> v;
    for (const auto& r : loop.GetLog(TxActionKind::StartTimer))
    {
        if (r.action.timer == name)
        {
            v.push_back(r.action.duration.count());
        }
    }
    return v;
}

inline TransactionState
StateOf(const TransactionManager& m, const TransactionKey& k)
{
    const Transaction* t = m.Find(k);
    return t ? t->GetState() : TransactionState::Terminated;
}

struct TransactionFixture : public ::testing::Test
{
    TransactionManager manager;
    TransactionEventLoop loop{manager};
};

} // namespace sipmob::test

#endif
