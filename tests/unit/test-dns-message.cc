// SPDX-License-Identifier: GPL-2.0-only
// Byte-exact tests of the RFC 1035 / RFC 2782 wire format in sipmob::DnsMessage.
#include "wire/dns-message.h"

#include <gtest/gtest.h>

using namespace sipmob;

namespace
{

/// Hand-built authoritative SRV response for _sip._udp.net1.example.org (compressed), 86 bytes.
const std::vector<uint8_t> kSrvResponse = {
    0x12, 0x34, 0x84, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, // header
    // question at 12: _sip._udp.net1.example.org SRV IN
    0x04, '_', 's', 'i', 'p', 0x04, '_', 'u', 'd', 'p', 0x04, 'n', 'e', 't', '1', 0x07, 'e', 'x',
    'a', 'm', 'p', 'l', 'e', 0x03, 'o', 'r', 'g', 0x00, 0x00, 0x21, 0x00, 0x01,
    // answer at 44: ptr->12, SRV IN ttl 3600 rdlen 14: 10 60 5060 proxy.<ptr->22>
    0xc0, 0x0c, 0x00, 0x21, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x0e, 0x00, 0x0a, 0x00, 0x3c,
    0x13, 0xc4, 0x05, 'p', 'r', 'o', 'x', 'y', 0xc0, 0x16,
    // additional at 70: ptr->62 (proxy.net1.example.org) A IN ttl 3600 10.1.0.2
    0xc0, 0x3e, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x04, 0x0a, 0x01, 0x00, 0x02};

DnsMessage
SrvResponseMessage()
{
    DnsMessage m;
    m.id = 0x1234;
    m.qr = true;
    m.aa = true;
    m.questions.push_back({"_sip._udp.net1.example.org", DNS_TYPE_SRV, 1});
    DnsResourceRecord srv;
    srv.name = "_sip._udp.net1.example.org";
    srv.type = DNS_TYPE_SRV;
    srv.ttl = 3600;
    srv.srv = {10, 60, 5060, "proxy.net1.example.org"};
    m.answers.push_back(srv);
    DnsResourceRecord a;
    a.name = "proxy.net1.example.org";
    a.type = DNS_TYPE_A;
    a.ttl = 3600;
    a.a = 0x0a010002;
    m.additionals.push_back(a);
    return m;
}

std::vector<uint8_t>
Header(uint16_t qd, uint16_t an)
{
    return {0x00, 0x01, 0x81, 0x80, 0x00, static_cast<uint8_t>(qd), 0x00, static_cast<uint8_t>(an),
            0x00, 0x00, 0x00, 0x00};
}

} // namespace

TEST(DnsMessage, EncodesSrvResponseByteExactWithCompression)
{
    std::vector<uint8_t> out;
    std::string err;
    ASSERT_TRUE(SrvResponseMessage().Encode(out, true, &err)) << err;
    EXPECT_EQ(out, kSrvResponse);
}

TEST(DnsMessage, DecodesHandBuiltSrvResponse)
{
    auto r = DnsMessage::Decode(kSrvResponse);
    ASSERT_TRUE(r.Ok()) << DnsDecodeErrorName(r.error) << " at " << r.offset;
    const DnsMessage& m = r.message;
    EXPECT_EQ(m.id, 0x1234);
    EXPECT_TRUE(m.qr);
    EXPECT_TRUE(m.aa);
    EXPECT_FALSE(m.tc);
    EXPECT_EQ(m.rcode, DNS_RCODE_NOERROR);
    ASSERT_EQ(m.questions.size(), 1u);
    EXPECT_EQ(m.questions[0].name, "_sip._udp.net1.example.org");
    EXPECT_EQ(m.questions[0].type, DNS_TYPE_SRV);
    ASSERT_EQ(m.answers.size(), 1u);
    EXPECT_EQ(m.answers[0].name, "_sip._udp.net1.example.org");
    EXPECT_EQ(m.answers[0].ttl, 3600u);
    EXPECT_EQ(m.answers[0].srv.priority, 10);
    EXPECT_EQ(m.answers[0].srv.weight, 60);
    EXPECT_EQ(m.answers[0].srv.port, 5060);
    EXPECT_EQ(m.answers[0].srv.target, "proxy.net1.example.org");
    ASSERT_EQ(m.additionals.size(), 1u);
    EXPECT_EQ(m.additionals[0].name, "proxy.net1.example.org");
    EXPECT_EQ(m.additionals[0].a, 0x0a010002u);
}

TEST(DnsMessage, EncodesWithoutCompressionAndRoundTrips)
{
    std::vector<uint8_t> plain;
    ASSERT_TRUE(SrvResponseMessage().Encode(plain, false));
    // 12 header + 32 question + (28+12+6+24) answer + (24+10+4) additional.
    EXPECT_EQ(plain.size(), 12u + 32 + 28 + 10 + 6 + 24 + 24 + 10 + 4);
    // The answer starts with the full owner name, not a pointer.
    EXPECT_EQ(plain[44], 0x04);
    auto r = DnsMessage::Decode(plain);
    ASSERT_TRUE(r.Ok());
    std::vector<uint8_t> again;
    ASSERT_TRUE(r.message.Encode(again, true));
    EXPECT_EQ(again, kSrvResponse);
}

TEST(DnsMessage, EncodesQueryHeaderFlags)
{
    DnsMessage q;
    q.id = 0xbeef;
    q.rd = true;
    q.opcode = 2;
    q.rcode = 5;
    q.questions.push_back({"a.b.", DNS_TYPE_A, 1});
    std::vector<uint8_t> out;
    ASSERT_TRUE(q.Encode(out));
    const std::vector<uint8_t> expected = {0xbe, 0xef, 0x11, 0x05, 0,   1, 0, 0, 0, 0, 0,
                                           0,    1,    'a',  1,    'b', 0, 0, 1, 0, 1};
    EXPECT_EQ(out, expected);
    auto r = DnsMessage::Decode(out);
    ASSERT_TRUE(r.Ok());
    EXPECT_EQ(r.message.opcode, 2);
    EXPECT_EQ(r.message.rcode, 5);
    EXPECT_TRUE(r.message.rd);
    EXPECT_FALSE(r.message.qr);
    EXPECT_EQ(r.message.questions[0].name, "a.b");
}

TEST(DnsMessage, RejectsInvalidNamesOnEncode)
{
    DnsMessage q;
    q.questions.push_back({std::string(64, 'x') + ".org", DNS_TYPE_A, 1});
    std::vector<uint8_t> out;
    std::string err;
    EXPECT_FALSE(q.Encode(out, true, &err));
    EXPECT_NE(err.find("label length 64"), std::string::npos) << err;
    EXPECT_TRUE(out.empty());
    q.questions[0].name = "a..b";
    EXPECT_FALSE(q.Encode(out, true, &err));
    std::string longName;
    for (int i = 0; i < 5; ++i)
    {
        longName += std::string(60, 'y') + ".";
    }
    q.questions[0].name = longName;
    EXPECT_FALSE(q.Encode(out, true, &err));
    EXPECT_NE(err.find("255"), std::string::npos) << err;
}

TEST(DnsMessage, SkipsUnknownRecordTypesKeepingRdata)
{
    std::vector<uint8_t> p = Header(0, 2);
    // TXT record for "t", rdata "\x02hi", then an A record for "t" (pointer to 12).
    const std::vector<uint8_t> rest = {1, 't', 0, 0x00, 0x10, 0,    1,   0, 0, 0, 5,
                                       0, 3,   2, 'h',  'i',  0xc0, 12,  0, 1, 0, 1,
                                       0, 0,   0, 5,    0,    4,    192, 0, 2, 1};
    p.insert(p.end(), rest.begin(), rest.end());
    auto r = DnsMessage::Decode(p);
    ASSERT_TRUE(r.Ok()) << DnsDecodeErrorName(r.error);
    ASSERT_EQ(r.message.answers.size(), 2u);
    EXPECT_EQ(r.message.answers[0].type, 16);
    EXPECT_EQ(r.message.answers[0].rdata, (std::vector<uint8_t>{2, 'h', 'i'}));
    EXPECT_EQ(r.message.answers[1].name, "t");
    EXPECT_EQ(r.message.answers[1].a, 0xc0000201u);
    std::vector<uint8_t> again;
    ASSERT_TRUE(r.message.Encode(again, true));
    EXPECT_EQ(again, p);
}

TEST(DnsMessage, ShortHeaderIsAnError)
{
    std::vector<uint8_t> p = {0, 1, 2};
    auto r = DnsMessage::Decode(p);
    EXPECT_EQ(r.error, DnsDecodeError::ShortHeader);
    EXPECT_EQ(DnsMessage::Decode(nullptr, 0).error, DnsDecodeError::ShortHeader);
}

TEST(DnsMessage, EveryTruncationOfTheSrvResponseFailsCleanly)
{
    for (std::size_t n = 0; n < kSrvResponse.size(); ++n)
    {
        std::vector<uint8_t> cut(kSrvResponse.begin(), kSrvResponse.begin() + n);
        auto r = DnsMessage::Decode(cut);
        EXPECT_FALSE(r.Ok()) << "length " << n;
        EXPECT_LE(r.offset, n);
    }
}

TEST(DnsMessage, SelfPointerIsALoop)
{
    std::vector<uint8_t> p = Header(1, 0);
    p.insert(p.end(), {0xc0, 12, 0, 1, 0, 1});
    auto r = DnsMessage::Decode(p);
    EXPECT_EQ(r.error, DnsDecodeError::PointerLoop);
    EXPECT_EQ(r.offset, 12u);
}

TEST(DnsMessage, BackwardPointerCycleIsALoop)
{
    // Name at 12: "a" then pointer back to 12 -> would repeat "a" forever.
    std::vector<uint8_t> p = Header(1, 0);
    p.insert(p.end(), {1, 'a', 0xc0, 12, 0, 1, 0, 1});
    auto r = DnsMessage::Decode(p);
    EXPECT_EQ(r.error, DnsDecodeError::PointerLoop);
    EXPECT_EQ(r.offset, 14u);
}

TEST(DnsMessage, ForwardAndOutOfBufferPointersAreRejected)
{
    std::vector<uint8_t> p = Header(1, 0);
    p.insert(p.end(), {0xc0, 20, 0, 1, 0, 1, 0, 0, 1, 'x', 0});
    EXPECT_EQ(DnsMessage::Decode(p).error, DnsDecodeError::PointerOutOfBounds);
    std::vector<uint8_t> q = Header(1, 0);
    q.insert(q.end(), {0xff, 0xff, 0, 1, 0, 1});
    EXPECT_EQ(DnsMessage::Decode(q).error, DnsDecodeError::PointerOutOfBounds);
    std::vector<uint8_t> t = Header(1, 0);
    t.push_back(0xc0); // pointer cut in half
    EXPECT_EQ(DnsMessage::Decode(t).error, DnsDecodeError::Truncated);
}

TEST(DnsMessage, LabelLongerThan63IsRejected)
{
    std::vector<uint8_t> p = Header(1, 0);
    p.push_back(64);
    p.insert(p.end(), 64, 'z');
    p.insert(p.end(), {0, 0, 1, 0, 1});
    // A length byte of 64 has the top bits 01: on the wire a label > 63 is a reserved label type.
    auto r = DnsMessage::Decode(p);
    EXPECT_EQ(r.error, DnsDecodeError::ReservedLabelType);
    EXPECT_EQ(r.offset, 12u);
    p[12] = 0x80 | 1;
    EXPECT_EQ(DnsMessage::Decode(p).error, DnsDecodeError::ReservedLabelType);
}

TEST(DnsMessage, ReservedLabelTypeAndDotInLabelAreRejected)
{
    std::vector<uint8_t> p = Header(1, 0);
    p.insert(p.end(), {0x41, 0, 0, 1, 0, 1});
    EXPECT_EQ(DnsMessage::Decode(p).error, DnsDecodeError::ReservedLabelType);
    std::vector<uint8_t> d = Header(1, 0);
    d.insert(d.end(), {3, 'a', '.', 'b', 0, 0, 1, 0, 1});
    auto r = DnsMessage::Decode(d);
    EXPECT_EQ(r.error, DnsDecodeError::BadLabelChar);
    EXPECT_EQ(r.offset, 14u);
}

TEST(DnsMessage, NameLongerThan255IsRejected)
{
    std::vector<uint8_t> p = Header(1, 0);
    for (int i = 0; i < 5; ++i)
    {
        p.push_back(60);
        p.insert(p.end(), 60, 'n');
    }
    p.insert(p.end(), {0, 0, 1, 0, 1});
    EXPECT_EQ(DnsMessage::Decode(p).error, DnsDecodeError::NameTooLong);
}

TEST(DnsMessage, BadRdataLengthsAreRejected)
{
    // A record with rdlength 3.
    std::vector<uint8_t> p = Header(0, 1);
    p.insert(p.end(), {0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 3, 1, 2, 3});
    EXPECT_EQ(DnsMessage::Decode(p).error, DnsDecodeError::BadRdata);
    // SRV whose target runs past its rdlength (rdlength 8, target needs 3 bytes).
    std::vector<uint8_t> s = Header(0, 1);
    s.insert(s.end(), {0, 0, 33, 0, 1, 0, 0, 0, 1, 0, 8, 0, 1, 0, 1, 0x13, 0xc4, 1, 'h', 0});
    EXPECT_EQ(DnsMessage::Decode(s).error, DnsDecodeError::BadRdata);
    // rdlength beyond the buffer.
    std::vector<uint8_t> t = Header(0, 1);
    t.insert(t.end(), {0, 0, 16, 0, 1, 0, 0, 0, 1, 0x10, 0x00, 1});
    EXPECT_EQ(DnsMessage::Decode(t).error, DnsDecodeError::Truncated);
}

TEST(DnsMessage, HugeCountsOnTinyBufferTerminate)
{
    std::vector<uint8_t> p = {0, 1, 0x80, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    auto r = DnsMessage::Decode(p);
    EXPECT_EQ(r.error, DnsDecodeError::Truncated);
    EXPECT_EQ(r.offset, 12u);
}

TEST(DnsMessage, CanonicalNameLowercasesAndDropsTrailingDot)
{
    EXPECT_EQ(DnsMessage::CanonicalName("Proxy.NET1.example.org."), "proxy.net1.example.org");
    EXPECT_EQ(DnsMessage::CanonicalName("."), "");
}
