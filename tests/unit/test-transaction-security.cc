// SPDX-License-Identifier: GPL-2.0-only
// Issue 11, transactions: a response matches a client transaction only from where the request
// went; branch IDs, tags and Call-IDs are a keyed hash of a counter (HMAC-SHA-256, per-run
// secret). Tests are named with the RFC 3261 section they defend.
#include "message/sip-message.h"
#include "transaction-test-util.h"
#include "transaction/branch-generator.h"
#include "transaction/keyed-id-generator.h"
#include "transaction/transaction-manager.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

using namespace sipmob;
using namespace sipmob::test;

namespace
{

/// \return the actions of one kind in \p out
std::size_t
Count(const TransactionActions& out, TxActionKind kind)
{
    std::size_t n = 0;
    for (const auto& a : out)
    {
        n += a.kind == kind ? 1 : 0;
    }
    return n;
}

} // namespace

TEST(TransactionSecurity, Rfc3261_17_1_3_ResponseFromAnotherSourceIsDiscarded)
{
    TransactionManager manager;
    TransactionActions out;
    SipMessage request = MakeReq("REGISTER", "z9hG4bKsecurity1");
    const SipEndpoint server{"10.0.0.2", 5060, "UDP"};
    TransactionKey key = manager.SendRequest(request, server, false, out);
    ASSERT_FALSE(key.IsEmpty());
    SipMessage sent = *out.front().message;

    // The exact branch, from a spoofed source (another host, then the right host on another port).
    for (const SipEndpoint& spoofed :
         {SipEndpoint{"10.0.0.66", 5060, "UDP"}, SipEndpoint{"10.0.0.2", 5099, "UDP"}})
    {
        out.clear();
        manager.ReceiveMessage(MakeResp(sent, 200), spoofed, false, out);
        ASSERT_EQ(out.size(), 1u);
        EXPECT_EQ(out[0].kind, TxActionKind::Discarded);
        EXPECT_EQ(out[0].key, key);
        EXPECT_EQ(out[0].endpoint.host, spoofed.host);
        EXPECT_EQ(manager.Find(key)->GetState(), TransactionState::Trying);
    }
    // The real answer still completes the transaction; port 0 means 5060 (§19.1.2).
    out.clear();
    manager.ReceiveMessage(MakeResp(sent, 200), SipEndpoint{"10.0.0.2", 0, "UDP"}, false, out);
    EXPECT_EQ(Count(out, TxActionKind::DeliverToTu), 1u);
    EXPECT_EQ(Count(out, TxActionKind::Discarded), 0u);
}

TEST(TransactionSecurity, Rfc3261_8_1_1_7_BranchesAreKeyedAndDeterministicPerSecret)
{
    KeyedIdGenerator::Secret one = KeyedIdGenerator::SecretFromSeed(1);
    KeyedIdGenerator::Secret two = KeyedIdGenerator::SecretFromSeed(2);
    BranchGenerator a(one);
    BranchGenerator b(one);
    BranchGenerator c(two);
    std::set<std::string> seen;
    for (int i = 0; i < 10000; ++i)
    {
        std::string x = a.Next();
        ASSERT_EQ(x.rfind("z9hG4bK", 0), 0u);
        ASSERT_EQ(x.size(), 7u + 24u);
        EXPECT_EQ(x, b.Next()); // same secret: same run, same bytes
        EXPECT_NE(x, c.Next()); // another secret: nothing in common
        EXPECT_TRUE(seen.insert(x).second);
    }
    // Known answer, computed independently with Python's hmac module:
    // HMAC-SHA-256(SHA-256(be64(1)), "branch:1"). It pins the construction: a change of key
    // derivation or input framing would silently change every run's bytes.
    KeyedIdGenerator ids(one);
    EXPECT_EQ(ids.Next("branch", 64),
              "37370b9eea2181fe48c0b649ca601eae67c91c5dd249bb90679757459a4b65af");
    EXPECT_EQ(BranchGenerator(one).Next(), "z9hG4bK37370b9eea2181fe48c0b649");
}

TEST(TransactionSecurity, Rfc3261_19_3_TokensOfDifferentPurposesAreIndependent)
{
    KeyedIdGenerator ids(KeyedIdGenerator::SecretFromSeed(7));
    std::string tag = ids.Next("tag", 16);
    KeyedIdGenerator same(KeyedIdGenerator::SecretFromSeed(7));
    std::string callId = same.Next("call-id", 16);
    EXPECT_EQ(tag.size(), 16u); // 64 bits: more than the 32 bits §19.3 asks of a tag
    EXPECT_NE(tag, callId);     // same counter, other purpose
    EXPECT_EQ(ids.GetCount(), 1u);
    EXPECT_EQ(ids.Next("tag", 0).size(), 1u);    // clamped to at least one digit
    EXPECT_EQ(ids.Next("tag", 500).size(), 64u); // and at most the digest
}

TEST(TransactionSecurity, Rfc3261_8_2_6_2_ResponseTagsStablePerRequestAndKeyed)
{
    // A server's own To tag: the same for every response to one request (§8.2.6.2), computable
    // by nobody without the run's secret (it used to be a bare MD5 of Call-ID and branch).
    const KeyedIdGenerator one(KeyedIdGenerator::SecretFromSeed(1));
    const KeyedIdGenerator two(KeyedIdGenerator::SecretFromSeed(2));
    std::string text = "abc|ft|z9hG4bKx|1";
    EXPECT_EQ(one.Derive("to-tag", text, 8), one.Derive("to-tag", text, 8));
    EXPECT_NE(one.Derive("to-tag", text, 8), two.Derive("to-tag", text, 8));
    EXPECT_NE(one.Derive("to-tag", text, 8), one.Derive("to-tag", "abc|ft|z9hG4bKy|1", 8));
    // Known answer from Python's hmac: HMAC-SHA-256(SHA-256(be64(1)), "keyed:to-tag:" + text).
    EXPECT_EQ(one.Derive("to-tag", text, 64),
              "0902254c3a441b064668b63d8feba9a9339523939009a8ef2a93dda12853e90f");
    // Deriving does not advance the counter of Next()'s sequences.
    EXPECT_EQ(one.GetCount(), 0u);
}

TEST(TransactionSecurity, Rfc3261_17_1_3_UserAgentsMatchByPortWhenThePeerMoved)
{
    // A user agent's peer may move during a transaction and answer from its new address; the
    // port must still be the one the request went to.
    TransactionManager manager;
    manager.SetSourceCheck(TransactionManager::SourceCheck::PORT);
    TransactionActions out;
    TransactionKey key = manager.SendRequest(MakeReq("INVITE", "z9hG4bKsecurity2"),
                                             SipEndpoint{"10.0.0.2", 5060, "UDP"}, false, out);
    SipMessage sent = *out.front().message;
    out.clear();
    manager.ReceiveMessage(MakeResp(sent, 100), SipEndpoint{"10.0.0.12", 5099, "UDP"}, false, out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].kind, TxActionKind::Discarded);
    out.clear();
    manager.ReceiveMessage(MakeResp(sent, 491), SipEndpoint{"10.0.0.12", 5060, "UDP"}, false, out);
    EXPECT_EQ(Count(out, TxActionKind::DeliverToTu), 1u);
    EXPECT_EQ(manager.Find(key)->GetState(), TransactionState::Completed);
}
