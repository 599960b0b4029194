// SPDX-License-Identifier: GPL-2.0-only
#include "message/sdp.h"

#include <gtest/gtest.h>

using namespace sipmob;

namespace
{
const char* kOffer = "v=0\r\n"
                     "o=alice 2890844526 2890844526 IN IP4 pc33.atlanta.com\r\n"
                     "s=-\r\n"
                     "c=IN IP4 192.0.2.101\r\n"
                     "t=0 0\r\n"
                     "m=audio 49172 RTP/AVP 0 8\r\n"
                     "a=rtpmap:0 PCMU/8000\r\n";
}

TEST(Sdp, ParsesAndRoundTrips)
{
    auto s = Sdp::Parse(kOffer);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->GetConnectionAddress(), "192.0.2.101");
    EXPECT_EQ(s->GetAudioPort(), 49172);
    EXPECT_EQ(s->GetVersion(), 2890844526u);
    EXPECT_EQ(s->GetAudioPayloadTypes(), (std::vector<int>{0, 8}));
    EXPECT_EQ(s->Serialize(), kOffer);
}

TEST(Sdp, WritesAddressPortVersion)
{
    auto s = Sdp::Parse(kOffer);
    ASSERT_TRUE(s);
    s->SetConnectionAddress("10.2.0.7");
    s->SetAudioPort(6000);
    s->IncrementVersion();
    EXPECT_EQ(s->Serialize(), "v=0\r\n"
                              "o=alice 2890844526 2890844527 IN IP4 10.2.0.7\r\n"
                              "s=-\r\n"
                              "c=IN IP4 10.2.0.7\r\n"
                              "t=0 0\r\n"
                              "m=audio 6000 RTP/AVP 0 8\r\n"
                              "a=rtpmap:0 PCMU/8000\r\n");
}

TEST(Sdp, MakeAudioOffer)
{
    Sdp s = Sdp::MakeAudioOffer("ua1", 42, "10.1.1.20", 4000, {0, 101});
    EXPECT_EQ(s.Serialize(), "v=0\r\n"
                             "o=ua1 42 42 IN IP4 10.1.1.20\r\n"
                             "s=-\r\n"
                             "c=IN IP4 10.1.1.20\r\n"
                             "t=0 0\r\n"
                             "m=audio 4000 RTP/AVP 0 101\r\n"
                             "a=rtpmap:0 PCMU/8000\r\n"
                             "a=rtpmap:101 telephone-event/8000\r\n"
                             "a=sendrecv\r\n");
    EXPECT_TRUE(Sdp::Parse(s.Serialize()));
}

TEST(Sdp, RejectsMalformed)
{
    const char* bad[] = {
        "",
        "v=1\r\no=a 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\n",
        "v=0\r\ns=-\r\nt=0 0\r\n",
        "v=0\r\no=a x 1 IN IP4 h\r\ns=-\r\nt=0 0\r\n",
        "v=0\r\no=a 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio port RTP/AVP 0\r\n",
        "v=0\r\no=a 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nc=IN IP4\r\n",
        "v=0\r\no=a 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nbogus\r\n",
        "s=-\r\nv=0\r\no=a 1 1 IN IP4 h\r\nt=0 0\r\n",
    };
    for (const char* b : bad)
    {
        std::string why;
        EXPECT_FALSE(Sdp::Parse(b, &why)) << b;
        EXPECT_FALSE(why.empty()) << b;
    }
}
