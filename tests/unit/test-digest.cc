// SPDX-License-Identifier: GPL-2.0-only
#include "message/sip-digest-auth.h"
#include "message/sip-digest.h"

#include <gtest/gtest.h>

using namespace sipmob;

TEST(Digest, Rfc2617Section32Example)
{
    // RFC 2617 3.5: Mufasa / "Circle Of Life", qop=auth.
    EXPECT_EQ(DigestResponse("Mufasa", "testrealm@host.com", "Circle Of Life", "GET",
                             "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001",
                             "0a4f113b", "auth"),
              "6629fae49393a05397450978507c4ef1");
}

TEST(Digest, WithoutQop)
{
    // MD5(HA1:nonce:HA2), checked against the composition of Md5Hex.
    std::string ha1 = Md5Hex("bob:biloxi.com:zanzibar");
    std::string ha2 = Md5Hex("REGISTER:sip:biloxi.com");
    EXPECT_EQ(DigestResponse("bob", "biloxi.com", "zanzibar", "REGISTER", "sip:biloxi.com", "n1",
                             "", "", ""),
              Md5Hex(ha1 + ":n1:" + ha2));
    EXPECT_EQ(Md5Hex(""), "d41d8cd98f00b204e9800998ecf8427e");
}

TEST(Digest, ParsesChallengeAndCredentials)
{
    auto c = SipDigest::Parse(
        "Digest realm=\"atlanta.com\", domain=\"sip:ss1.carrier.com\", qop=\"auth\",\r\n"
        " nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", stale=FALSE, algorithm=MD5");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->scheme, "Digest");
    EXPECT_EQ(c->Get("realm").value_or(""), "atlanta.com");
    EXPECT_EQ(c->Get("NONCE").value_or(""), "f84f1cec41e6cbe5aea9c8e88d359");
    EXPECT_EQ(c->Get("opaque").value_or("x"), "");
    EXPECT_EQ(c->ToString(),
              "Digest realm=\"atlanta.com\",domain=\"sip:ss1.carrier.com\",qop=\"auth\","
              "nonce=\"f84f1cec41e6cbe5aea9c8e88d359\",opaque=\"\",stale=FALSE,algorithm=MD5");
    SipDigest cred;
    cred.Set("username", "alice");
    cred.Set("response", "abc");
    cred.Set("qop", "auth");
    cred.Set("nc", "00000001");
    EXPECT_EQ(cred.ToString(), "Digest username=\"alice\",response=\"abc\",qop=auth,nc=00000001");
    auto back = SipDigest::Parse(cred.ToString());
    ASSERT_TRUE(back);
    EXPECT_EQ(back->params, cred.params);
}

TEST(Digest, RejectsMalformed)
{
    const char* bad[] = {"", "Digest realm=\"x", "Digest =x", "Digest realm", "Dig@st a=b"};
    for (const char* b : bad)
    {
        std::string why;
        EXPECT_FALSE(SipDigest::Parse(b, &why)) << b;
        EXPECT_FALSE(why.empty()) << b;
    }
}
