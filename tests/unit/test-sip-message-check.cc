// SPDX-License-Identifier: GPL-2.0-only
// CheckReceivedMessage: the mandatory headers of RFC 3261 §8.1.1 and the control bytes of §25.1,
// bytes in, the error (header named, line) and the exact 400 an element sends out.
#include "message/sip-message-check.h"

#include <gtest/gtest.h>

using namespace sipmob;

namespace
{

const std::string kVia = "Via: SIP/2.0/UDP 10.1.100.10:5060;branch=z9hG4bKabc\r\n";
const std::string kFrom = "From: <sip:1001@net1.example.org>;tag=1\r\n";
const std::string kTo = "To: <sip:3001@net3.example.org>\r\n";
const std::string kCallId = "Call-ID: abc@1\r\n";
const std::string kCSeq = "CSeq: 1 INVITE\r\n";
const std::string kMaxForwards = "Max-Forwards: 70\r\n";
const std::string kEnd = "Content-Length: 0\r\n\r\n";
const std::string kInvite = "INVITE sip:3001@net3.example.org SIP/2.0\r\n";

/// @return the error of checking @p bytes (which must parse), "" when the check passes
std::string
CheckError(const std::string& bytes, SipParseError* out = nullptr)
{
    SipParseError err;
    auto m = SipMessage::Parse(bytes, &err);
    EXPECT_TRUE(m.has_value()) << err.ToString();
    if (!m)
    {
        return "parse failed";
    }
    if (CheckReceivedMessage(*m, bytes, &err))
    {
        return "";
    }
    if (out)
    {
        *out = err;
    }
    return err.what;
}

} // namespace

TEST(SipMessageCheck, CompleteRequestAndResponsePass)
{
    EXPECT_EQ(CheckError(kInvite + kVia + kFrom + kTo + kCallId + kCSeq + kMaxForwards + kEnd), "");
    // A response needs no Max-Forwards (§8.2.6.2 copies the others from the request).
    EXPECT_EQ(CheckError("SIP/2.0 200 OK\r\n" + kVia + kFrom + kTo + kCallId + kCSeq + kEnd), "");
    // Compact forms (§7.3.3) count.
    EXPECT_EQ(CheckError(kInvite +
                         "v: SIP/2.0/UDP 10.1.100.10;branch=z9hG4bKabc\r\n"
                         "f: <sip:a@b>;tag=1\r\nt: <sip:c@d>\r\ni: x@y\r\n" +
                         kCSeq + kMaxForwards + "l: 0\r\n\r\n"),
              "");
}

TEST(SipMessageCheck, Rfc3261_8_1_1_EachMissingRequestHeaderIsNamed)
{
    const std::string all[] = {kVia, kFrom, kTo, kCallId, kCSeq, kMaxForwards};
    const char* names[] = {"Via", "From", "To", "Call-ID", "CSeq", "Max-Forwards"};
    for (std::size_t left = 0; left < 6; ++left)
    {
        std::string bytes = kInvite;
        for (std::size_t i = 0; i < 6; ++i)
        {
            bytes += i == left ? "" : all[i];
        }
        EXPECT_EQ(CheckError(bytes + kEnd), std::string("missing ") + names[left] +
                                                " header (mandatory in every request, RFC 3261 "
                                                "§8.1.1)");
    }
}

TEST(SipMessageCheck, Rfc3261_7_3_1_SingleValuedHeadersAppearOnce)
{
    EXPECT_EQ(CheckError(kInvite + kVia + kFrom + kTo + kCallId + "i: other@2\r\n" + kCSeq +
                         kMaxForwards + kEnd),
              "more than one Call-ID header (RFC 3261 §7.3.1: only list headers may repeat)");
    EXPECT_EQ(CheckError(kInvite + kVia + kFrom + kTo + kCallId + kCSeq + "CSeq: 2 INVITE\r\n" +
                         kMaxForwards + kEnd),
              "more than one CSeq header (RFC 3261 §7.3.1: only list headers may repeat)");
    // Via is a list: two rows are two hops.
    EXPECT_EQ(CheckError(kInvite + kVia + "Via: SIP/2.0/UDP 10.1.0.10;branch=z9hG4bKdef\r\n" +
                         kFrom + kTo + kCallId + kCSeq + kMaxForwards + kEnd),
              "");
}

TEST(SipMessageCheck, BareRequestLineFailsOnViaAtTheEmptyLine)
{
    SipParseError err;
    EXPECT_EQ(CheckError("INVITE sip:a@b SIP/2.0\r\n\r\n", &err),
              "missing Via header (mandatory in every request, RFC 3261 §8.1.1)");
    EXPECT_EQ(err.line, 2);
    EXPECT_EQ(err.offset, 24u);
}

TEST(SipMessageCheck, ResponseWithoutCSeqFails)
{
    EXPECT_EQ(CheckError("SIP/2.0 180 Ringing\r\n" + kVia + kFrom + kTo + kCallId + kEnd),
              "missing CSeq header (mandatory in every response, RFC 3261 §8.2.6.2)");
}

TEST(SipMessageCheck, Rfc3261_25_1_ControlBytesOnlyAsQuotedPair)
{
    SipParseError err;
    const std::string nul = kInvite + kVia + kFrom + kTo + std::string("Call-ID: ab\0c@1\r\n", 17) +
                            kCSeq + kMaxForwards + kEnd;
    EXPECT_EQ(CheckError(nul, &err), "control character 0x00 in the Call-ID header (RFC 3261 "
                                     "§25.1: only as a quoted-pair inside a quoted string)");
    EXPECT_EQ(err.line, 5);
    EXPECT_EQ(err.offset, nul.find('\0'));
    // An escape character outside quotes, and DEL, are refused too.
    EXPECT_NE(CheckError(kInvite + kVia + kFrom + kTo + kCallId + kCSeq + kMaxForwards +
                         "Subject: a\x1b[31m\r\n" + kEnd)
                  .find("0x1b in the Subject header"),
              std::string::npos);
    EXPECT_NE(CheckError(kInvite + kVia + kFrom + kTo + kCallId + kCSeq + kMaxForwards +
                         "Subject: a\x7f\r\n" + kEnd)
                  .find("0x7f in the Subject header"),
              std::string::npos);
    // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F): a control byte escaped in quotes is fine,
    // and HTAB is whitespace anywhere.
    EXPECT_EQ(CheckError(kInvite + kVia +
                         "From: \"a\\\x01z\" <sip:1001@net1.example.org>;tag=1\r\n" + kTo +
                         kCallId + kCSeq + kMaxForwards + "Subject: a\tb\r\n" + kEnd),
              "");
}

TEST(SipMessageCheck, BadRequestAnswerNamesTheHeaderExactly)
{
    const std::string bytes = kInvite + kVia + kFrom + kTo + kCSeq + kMaxForwards + kEnd;
    SipParseError err;
    auto m = SipMessage::Parse(bytes, &err);
    ASSERT_TRUE(m.has_value());
    ASSERT_FALSE(CheckReceivedMessage(*m, bytes, &err));
    auto answer = MakeBadRequestResponse(bytes, err);
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->Serialize(),
              "SIP/2.0 400 Bad Request\r\n"
              "Via: SIP/2.0/UDP 10.1.100.10:5060;branch=z9hG4bKabc\r\n"
              "From: <sip:1001@net1.example.org>;tag=1\r\n"
              "To: <sip:3001@net3.example.org>;tag=sipmob-400\r\n"
              "CSeq: 1 INVITE\r\n"
              "Warning: 399 sipmob \"missing Call-ID header (mandatory in every request, RFC 3261 "
              "§8.1.1)\"\r\n"
              "Content-Length: 0\r\n\r\n");
}

TEST(SipMessageCheck, PrintableTextEscapesControlBytesOnly)
{
    EXPECT_EQ(PrintableText(std::string("a\0b\x1b\x7f\xc2\xa7 z\r\n", 11)),
              "a\\x00b\\x1b\\x7f\xc2\xa7 z\\x0d\\x0a");
}
