// SPDX-License-Identifier: GPL-2.0-only
#include "message/sip-message.h"

#include <gtest/gtest.h>

using namespace sipmob;

namespace
{

/// Turns '\n' into CRLF so the tables stay readable.
std::string
Crlf(const std::string& lf)
{
    std::string out;
    for (char c : lf)
    {
        out += c == '\n' ? std::string("\r\n") : std::string(1, c);
    }
    return out;
}

const char* kInvite =
    "INVITE sip:bob@biloxi.com SIP/2.0\n"
    "Via: SIP/2.0/UDP proxy.atlanta.com;branch=z9hG4bK2,"
    " SIP/2.0/UDP pc33.atlanta.com:5062;branch=z9hG4bK1;received=192.0.2.1;rport=5062\n"
    "v: SIP / 2.0 / TCP h3.example.com ; branch=z9hG4bK0 ; maddr=239.1.1.1 ; ttl=16\n"
    "max-forwards: 70\n"
    "Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\n"
    "Record-Route: <sip:rr.example.com;lr>\n"
    "t: Bob <sip:bob@biloxi.com>\n"
    "f: \"Alice A.\" <sip:alice@atlanta.com>;tag=1928301774\n"
    "i: a84b4c76e66710\n"
    "CSeq: 314159 INVITE\n"
    "m: <sip:alice@pc33.atlanta.com>;expires=60;q=0.5, sip:a2@h\n"
    "Allow: INVITE, ACK,BYE\n"
    "k: timer\n"
    "X-Unknown-Header:  keep me  \n"
    "Subject: folded\n"
    "  over   two lines\n"
    "c: application/sdp\n"
    "l: 4\n"
    "\n"
    "body";

} // namespace

TEST(SipMessage, TypedAccessToEveryHeader)
{
    SipParseError err;
    auto m = SipMessage::Parse(Crlf(kInvite), &err);
    ASSERT_TRUE(m) << err.ToString();
    EXPECT_TRUE(m->IsRequest());
    EXPECT_EQ(m->GetMethod(), "INVITE");
    EXPECT_EQ(m->GetRequestUri().ToString(), "sip:bob@biloxi.com");
    auto vias = m->GetVias();
    ASSERT_EQ(vias.size(), 3u);
    EXPECT_EQ(vias[0].GetBranch(), "z9hG4bK2");
    EXPECT_EQ(vias[1].port, 5062);
    EXPECT_EQ(vias[1].GetReceived().value_or(""), "192.0.2.1");
    EXPECT_EQ(vias[1].GetRport().value_or(0), 5062);
    EXPECT_EQ(vias[2].transport, "TCP");
    EXPECT_EQ(vias[2].GetParam("maddr").value_or(""), "239.1.1.1");
    EXPECT_EQ(vias[2].GetParam("ttl").value_or(""), "16");
    EXPECT_EQ(m->GetMaxForwards().value_or(-1), 70);
    ASSERT_EQ(m->GetRoutes().size(), 2u);
    EXPECT_EQ(m->GetRoutes()[1].uri.GetHost(), "p2.example.com");
    EXPECT_EQ(m->GetRecordRoutes().at(0).uri.ToString(), "sip:rr.example.com;lr");
    EXPECT_EQ(m->GetTo().displayName, "Bob");
    EXPECT_EQ(m->GetFrom().displayName, "Alice A.");
    EXPECT_EQ(m->GetFrom().GetTag(), "1928301774");
    EXPECT_EQ(m->GetCallId(), "a84b4c76e66710");
    EXPECT_EQ(m->GetCSeq().seq, 314159u);
    EXPECT_EQ(m->GetCSeq().method, "INVITE");
    auto contacts = m->GetContacts();
    ASSERT_EQ(contacts.size(), 2u);
    EXPECT_EQ(contacts[0].GetParam("expires").value_or(""), "60");
    EXPECT_EQ(contacts[0].GetParam("q").value_or(""), "0.5");
    EXPECT_EQ(contacts[1].uri.GetUser(), "a2");
    EXPECT_EQ(m->GetHeaderValues("ALLOW"), (std::vector<std::string>{"INVITE", "ACK", "BYE"}));
    EXPECT_EQ(m->GetHeader("Supported").value_or(""), "timer");
    EXPECT_EQ(m->GetHeader("x-unknown-header").value_or(""), "keep me");
    EXPECT_EQ(m->GetHeader("Subject").value_or(""), "folded over   two lines");
    EXPECT_EQ(m->GetContentType(), "application/sdp");
    EXPECT_EQ(m->GetBody(), "body");
}

TEST(SipMessage, SerializeKeepsOrderNamesAndUnknownHeaders)
{
    auto m = SipMessage::Parse(Crlf(kInvite));
    ASSERT_TRUE(m);
    std::string out = m->Serialize();
    EXPECT_EQ(out.substr(0, 35), "INVITE sip:bob@biloxi.com SIP/2.0\r\n");
    EXPECT_NE(out.find("\r\nX-Unknown-Header: keep me\r\n"), std::string::npos);
    EXPECT_NE(out.find("\r\nSubject: folded over   two lines\r\n"), std::string::npos);
    EXPECT_NE(out.find("\r\nl: 4\r\n\r\nbody"), std::string::npos);
    EXPECT_LT(out.find("\r\nt: Bob"), out.find("\r\nf: \"Alice"));
    auto again = SipMessage::Parse(out);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->Serialize(), out);
}

TEST(SipMessage, ResponseAndMakeResponse)
{
    auto req = SipMessage::Parse(Crlf(kInvite));
    ASSERT_TRUE(req);
    SipMessage r = SipMessage::MakeResponse(*req, 180);
    EXPECT_TRUE(r.IsResponse());
    EXPECT_EQ(r.GetReasonPhrase(), "Ringing");
    EXPECT_EQ(r.GetVias().size(), 3u);
    EXPECT_EQ(r.GetRecordRoutes().size(), 1u);
    EXPECT_FALSE(r.GetHeader("Route"));
    EXPECT_FALSE(r.GetHeader("Contact"));
    std::string bytes = r.Serialize();
    EXPECT_EQ(bytes.substr(0, 22), "SIP/2.0 180 Ringing\r\nV");
    auto back = SipMessage::Parse(bytes);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->GetStatusCode(), 180);
    EXPECT_EQ(back->GetCSeq().method, "INVITE");
    EXPECT_FALSE(SipMessage::MakeResponse(*req, 486).GetHeader("Record-Route"));
}

TEST(SipMessage, BuildRequestAndEditHeaders)
{
    auto uri = SipUri::Parse("sip:registrar.net1");
    ASSERT_TRUE(uri);
    SipMessage m = SipMessage::MakeRequest("REGISTER", *uri);
    SipVia via;
    via.host = "10.1.1.20";
    via.port = 5060;
    via.SetParam("branch", "z9hG4bK-1");
    m.PushVia(via);
    auto from = SipNameAddr::Parse("<sip:user1%40cse.example.org@net2>");
    ASSERT_TRUE(from);
    from->SetTag("t1");
    m.SetFrom(*from);
    m.SetTo(*SipNameAddr::Parse("sip:u@net1"));
    m.AddHeader("Call-ID", "c1");
    m.AddHeader("CSeq", "1 REGISTER");
    m.SetMaxForwards(70);
    via.SetParam("branch", "z9hG4bK-2");
    m.PushVia(via);
    EXPECT_EQ(m.Serialize(), "REGISTER sip:registrar.net1 SIP/2.0\r\n"
                             "Via: SIP/2.0/UDP 10.1.1.20:5060;branch=z9hG4bK-2\r\n"
                             "Via: SIP/2.0/UDP 10.1.1.20:5060;branch=z9hG4bK-1\r\n"
                             "From: <sip:user1%40cse.example.org@net2>;tag=t1\r\n"
                             "To: <sip:u@net1>\r\n"
                             "Call-ID: c1\r\n"
                             "CSeq: 1 REGISTER\r\n"
                             "Max-Forwards: 70\r\n"
                             "Content-Length: 0\r\n\r\n");
    m.PopVia();
    EXPECT_EQ(m.GetTopVia().GetBranch(), "z9hG4bK-1");
    EXPECT_EQ(m.RemoveHeader("via"), 1u);
    m.SetBody("application/sdp", "v=0\r\n");
    auto back = SipMessage::Parse(m.Serialize());
    ASSERT_TRUE(back);
    EXPECT_EQ(back->GetBody(), "v=0\r\n");
    EXPECT_EQ(back->GetHeader("Content-Length").value_or(""), "5");
}

TEST(SipMessage, PopViaFromCommaList)
{
    auto m = SipMessage::Parse(Crlf(kInvite));
    ASSERT_TRUE(m);
    m->PopVia();
    EXPECT_EQ(m->GetTopVia().GetBranch(), "z9hG4bK1");
    EXPECT_EQ(m->GetVias().size(), 2u);
}

TEST(SipMessage, UdpFraming)
{
    std::string head = "OPTIONS sip:h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n";
    auto extra = SipMessage::Parse(head + "Content-Length: 3\r\n\r\nabcdef");
    ASSERT_TRUE(extra);
    EXPECT_EQ(extra->GetBody(), "abc"); // trailing octets discarded
    auto none = SipMessage::Parse(head + "\r\nrest of datagram");
    ASSERT_TRUE(none);
    EXPECT_EQ(none->GetBody(), "rest of datagram");
}

/// One row per error kind: input, substring of the error, line of the error.
struct ErrorCase
{
    const char* name;
    std::string text;
    const char* errorHas;
    int line;
};

class SipMessageErrors : public ::testing::TestWithParam<ErrorCase>
{
};

TEST_P(SipMessageErrors, RejectsWithPreciseError)
{
    const ErrorCase& c = GetParam();
    SipParseError err;
    auto m = SipMessage::Parse(Crlf(c.text), &err);
    ASSERT_FALSE(m) << c.name;
    EXPECT_NE(err.what.find(c.errorHas), std::string::npos) << c.name << ": " << err.ToString();
    EXPECT_EQ(err.line, c.line) << c.name << ": " << err.ToString();
}

namespace
{
const std::string kHead = "OPTIONS sip:h SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\n";
}

INSTANTIATE_TEST_SUITE_P(
    Table, SipMessageErrors,
    ::testing::Values(
        ErrorCase{"Empty", "", "empty", 1},
        ErrorCase{"BadMethod", "OPT@ONS sip:h SIP/2.0\n\n", "method", 1},
        ErrorCase{"ExtraSpace", "OPTIONS  sip:h SIP/2.0\n\n", "request line", 1},
        ErrorCase{"LwsInUri", "OPTIONS sip:h; lr SIP/2.0\n\n", "request line", 1},
        ErrorCase{"BadUri", "OPTIONS <sip:h> SIP/2.0\n\n", "Request-URI", 1},
        ErrorCase{"UriHeaders", "OPTIONS sip:h?Route=x SIP/2.0\n\n", "Request-URI", 1},
        ErrorCase{"Version", "OPTIONS sip:h SIP/3.0\n\n", "version", 1},
        ErrorCase{"BadVersionText", "OPTIONS sip:h SIQ/2.0\n\n", "SIP-Version", 1},
        ErrorCase{"StatusTooBig", "SIP/2.0 700 Huh\n\n", "status code", 1},
        ErrorCase{"StatusTooSmall", "SIP/2.0 099 Huh\n\n", "status code", 1},
        ErrorCase{"StatusShort", "SIP/2.0 20\n\n", "status code", 1},
        ErrorCase{"NoEmptyLine", kHead, "not terminated", 2},
        ErrorCase{"NoColon", kHead + "Garbage line\n\n", "malformed header", 3},
        ErrorCase{"FoldFirst", "OPTIONS sip:h SIP/2.0\n folded\n\n", "continuation", 2},
        ErrorCase{"ClTooLarge", kHead + "Content-Length: 10\n\nabc", "larger than", 5},
        ErrorCase{"ClNegative", kHead + "l: -1\n\n", "Content-Length", 3},
        ErrorCase{"ClText", kHead + "Content-Length: ten\n\n", "Content-Length", 3},
        ErrorCase{"ClConflict", kHead + "l: 1\nl: 2\n\nab", "conflicting", 4},
        ErrorCase{"CSeqTooBig", kHead + "CSeq: 4294967296 OPTIONS\n\n", "CSeq", 3},
        ErrorCase{"RouteStar", kHead + "Route: *\n\n", "'*' is not a route", 3},
        ErrorCase{"RecordRouteStar", kHead + "Record-Route: <sip:p;lr>, *\n\n", "Record-Route", 3},
        ErrorCase{"CSeqMismatch", kHead + "CSeq: 1 INVITE\n\n", "CSeq method", 3},
        ErrorCase{"CSeqNoMethod", kHead + "CSeq: 1\n\n", "CSeq", 3},
        ErrorCase{"MaxForwards", kHead + "Max-Forwards: 256\n\n", "Max-Forwards", 3},
        ErrorCase{"Expires", kHead + "Expires: 4294967296\n\n", "Expires", 3},
        ErrorCase{"ContactExpires", kHead + "m: <sip:a@h>;expires=4294967296\n\n", "Contact", 3},
        ErrorCase{"ViaEmptyParam", "OPTIONS sip:h SIP/2.0\nVia: SIP/2.0/UDP h;;branch=x\n\n", "Via",
                  2},
        ErrorCase{"ViaEmptyItem", "OPTIONS sip:h SIP/2.0\nVia: SIP/2.0/UDP h,,\n\n", "Via", 2},
        ErrorCase{"ViaProtocol", "OPTIONS sip:h SIP/2.0\nVia: SIP/1.0/UDP h\n\n", "Via", 2},
        ErrorCase{"ViaPort", "OPTIONS sip:h SIP/2.0\nVia: SIP/2.0/UDP h:70000\n\n", "Via", 2},
        ErrorCase{"ViaTtl", "OPTIONS sip:h SIP/2.0\nVia: SIP/2.0/UDP h;ttl=300\n\n", "Via", 2},
        ErrorCase{"UnterminatedQuote", kHead + "From: \"Alice <sip:a@h>;tag=1\n\n", "quoted", 3},
        ErrorCase{"DisplayComma", kHead + "To: Bell, Alex <sip:a@h>\n\n", "display name", 3},
        ErrorCase{"AddrSpecSpace", kHead + "To: sip:a @h\n\n", "To", 3},
        ErrorCase{"UnbracketedQuery", kHead + "m: sip:a@h?Route=x\n\n", "<>", 3},
        ErrorCase{"WildcardFrom", kHead + "From: *\n\n", "From", 3},
        ErrorCase{"MissingGt", kHead + "To: <sip:a@h\n\n", "'>'", 3},
        ErrorCase{"CallIdSpace", kHead + "Call-ID: a b\n\n", "Call-ID", 3}),
    [](const ::testing::TestParamInfo<ErrorCase>& info) { return std::string(info.param.name); });

TEST(SipMessage, NeverReadsPastTheEnd)
{
    // Every prefix of a valid message either parses or fails cleanly (ASan builds check reads).
    std::string full = Crlf(kInvite);
    int parsed = 0;
    for (std::size_t n = 0; n <= full.size(); ++n)
    {
        SipParseError err;
        auto m = SipMessage::Parse(std::string_view(full.data(), n), &err);
        parsed += m ? 1 : 0;
        EXPECT_TRUE(m || err.offset <= n) << n;
    }
    EXPECT_EQ(parsed, 1); // only the full message (Content-Length: 4) parses
}

TEST(SipMessage, BadRequestHelperRecoversDialogHeaders)
{
    std::string bad = Crlf("INVITE sip:bob@biloxi.com SIP/2.0\n"
                           "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776\n"
                           "From: <sip:alice@atlanta.com>;tag=88\n"
                           "To: <sip:bob@biloxi.com>\n"
                           "Call-ID: cid-1\n"
                           "CSeq: 99999999999 INVITE\n"
                           "Max-Forwards: 70\n\n");
    SipParseError err;
    ASSERT_FALSE(SipMessage::Parse(bad, &err));
    auto r = MakeBadRequestResponse(bad, err);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->GetStatusCode(), 400);
    EXPECT_EQ(r->GetTopVia().GetBranch(), "z9hG4bK776");
    EXPECT_EQ(r->GetFrom().GetTag(), "88");
    EXPECT_FALSE(r->GetTo().GetTag().empty());
    EXPECT_EQ(r->GetCallId(), "cid-1");
    EXPECT_FALSE(r->GetHeader("CSeq")); // not recoverable
    EXPECT_NE(r->GetHeader("Warning").value_or("").find("399 sipmob \"malformed CSeq"),
              std::string::npos);
    EXPECT_TRUE(SipMessage::Parse(r->Serialize()));

    std::string vers = Crlf("OPTIONS sip:h SIP/7.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\n\n");
    ASSERT_FALSE(SipMessage::Parse(vers, &err));
    EXPECT_EQ(MakeBadRequestResponse(vers, err)->GetStatusCode(), 505);

    std::string noVia = Crlf("OPTIONS sip:h SIP/2.0\nCSeq: x\n\n");
    ASSERT_FALSE(SipMessage::Parse(noVia, &err));
    EXPECT_FALSE(MakeBadRequestResponse(noVia, err));
    EXPECT_FALSE(MakeBadRequestResponse("SIP/2.0 999 x\r\n\r\n", err));
}

// A parsed message is kept as one owned copy of the datagram plus a header index; typed getters
// read views, GetHeaders() and every mutation switch it to owned SipHeader strings. These tests
// pin down that both representations behave the same.

namespace
{
const char* kSmall = "INVITE sip:bob@h SIP/2.0\n"
                     "Via: SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2\n"
                     "f: <sip:a@h>;tag=1\n"
                     "To: <sip:b@h>\n"
                     "Call-ID: c1\n"
                     "CSeq: 7 INVITE\n"
                     "Subject: one\n"
                     "   two\n"
                     "Max-Forwards: 70\n"
                     "Content-Length: 3\n"
                     "\n"
                     "abc";
} // namespace

TEST(SipMessageLazy, MutateThenSerializeGivesExactBytes)
{
    auto m = SipMessage::Parse(Crlf(kSmall));
    ASSERT_TRUE(m);
    m->PopVia();
    m->SetMaxForwards(69);
    m->AddHeader("X-Added", "yes");
    EXPECT_EQ(m->RemoveHeader("subject"), 1u);
    EXPECT_EQ(m->Serialize(), "INVITE sip:bob@h SIP/2.0\r\n"
                              "Via: SIP/2.0/UDP b;branch=z9hG4bK2\r\n"
                              "f: <sip:a@h>;tag=1\r\n"
                              "To: <sip:b@h>\r\n"
                              "Call-ID: c1\r\n"
                              "CSeq: 7 INVITE\r\n"
                              "Max-Forwards: 69\r\n"
                              "Content-Length: 3\r\n"
                              "X-Added: yes\r\n"
                              "\r\n"
                              "abc");
}

TEST(SipMessageLazy, UnmodifiedSerializeNormalizesLikeTheOwnedForm)
{
    auto m = SipMessage::Parse(Crlf(kSmall));
    ASSERT_TRUE(m);
    std::string lazy = m->Serialize(); // straight from the index
    const std::string expected =
        "INVITE sip:bob@h SIP/2.0\r\n"
        "Via: SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2\r\n"
        "f: <sip:a@h>;tag=1\r\n"
        "To: <sip:b@h>\r\n"
        "Call-ID: c1\r\n"
        "CSeq: 7 INVITE\r\n"
        "Subject: one two\r\n"
        "Max-Forwards: 70\r\n"
        "Content-Length: 3\r\n"
        "\r\n"
        "abc";
    EXPECT_EQ(lazy, expected);
    m->GetHeaders(); // materializes
    EXPECT_EQ(m->Serialize(), expected);
}

TEST(SipMessageLazy, GetHeadersAfterTypedGetters)
{
    auto m = SipMessage::Parse(Crlf(kSmall));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->GetCallId(), "c1");
    EXPECT_EQ(m->GetCSeq().seq, 7u);
    EXPECT_EQ(m->GetTopVia().GetBranch(), "z9hG4bK1");
    EXPECT_EQ(m->GetFrom().GetTag(), "1");
    EXPECT_EQ(m->GetHeader("subject").value_or(""), "one two"); // unfolded
    EXPECT_EQ(m->GetBody(), "abc");
    const auto& headers = m->GetHeaders();
    ASSERT_EQ(headers.size(), 8u);
    EXPECT_EQ(headers[0].name, "Via");
    EXPECT_EQ(headers[1].name, "f");
    EXPECT_EQ(headers[1].value, "<sip:a@h>;tag=1");
    EXPECT_EQ(headers[5].value, "one two");
    // Typed getters keep working on the materialized form, and the reference stays the same.
    EXPECT_EQ(&m->GetHeaders(), &headers);
    EXPECT_EQ(m->GetVias().size(), 2u);
    EXPECT_EQ(m->GetHeader("F").value_or(""), "<sip:a@h>;tag=1");
    EXPECT_EQ(m->GetMaxForwards().value_or(0), 70);
    EXPECT_EQ(m->GetRequestUri().GetUser(), "bob");
}

TEST(SipMessageLazy, CopiesAreIndependentInBothRepresentations)
{
    auto m = SipMessage::Parse(Crlf(kSmall));
    ASSERT_TRUE(m);
    SipMessage indexed = *m; // copy of the indexed form
    SipMessage moved = std::move(SipMessage(*m));
    m->SetHeader("Call-ID", "changed");
    m->SetBody("text/plain", "xy");
    EXPECT_EQ(indexed.GetCallId(), "c1");
    EXPECT_EQ(indexed.GetBody(), "abc");
    EXPECT_EQ(moved.GetHeader("Subject").value_or(""), "one two");
    EXPECT_EQ(moved.GetRequestUri().ToString(), "sip:bob@h");
    EXPECT_EQ(m->GetCallId(), "changed");
    EXPECT_EQ(m->GetBody(), "xy");

    SipMessage owned = *m; // copy of the materialized form
    owned.PushVia(*SipVia::Parse("SIP/2.0/UDP c;branch=z9hG4bK3"));
    EXPECT_EQ(owned.GetTopVia().host, "c");
    EXPECT_EQ(m->GetTopVia().host, "a");
    EXPECT_EQ(indexed.Serialize(), SipMessage::Parse(Crlf(kSmall))->Serialize());
}

TEST(SipMessageLazy, RequestUriAndBodyCanBeReplacedBeforeFirstRead)
{
    auto m = SipMessage::Parse(Crlf(kSmall));
    ASSERT_TRUE(m);
    m->SetRequestUri(*SipUri::Parse("sip:carol@h2"));
    EXPECT_EQ(m->GetRequestUri().ToString(), "sip:carol@h2");
    m->SetBody("", "");
    EXPECT_EQ(m->GetBody(), "");
    EXPECT_EQ(m->Serialize().substr(0, 28), "INVITE sip:carol@h2 SIP/2.0\r");
    EXPECT_NE(m->Serialize().find("Content-Length: 0\r\n\r\n"), std::string::npos);
}

TEST(SipMessageLazy, MakeResponseFromBothRepresentations)
{
    auto m = SipMessage::Parse(Crlf(kSmall));
    ASSERT_TRUE(m);
    std::string fromIndex = SipMessage::MakeResponse(*m, 200).Serialize();
    m->GetHeaders();
    EXPECT_EQ(SipMessage::MakeResponse(*m, 200).Serialize(), fromIndex);
    EXPECT_EQ(fromIndex, "SIP/2.0 200 OK\r\n"
                         "Via: SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2\r\n"
                         "f: <sip:a@h>;tag=1\r\n"
                         "To: <sip:b@h>\r\n"
                         "Call-ID: c1\r\n"
                         "CSeq: 7 INVITE\r\n"
                         "Content-Length: 0\r\n\r\n");
}

TEST(SipMessageLazy, HeaderErrorsKeepTheirLineAndOffset)
{
    // Errors found in the index pass still point at the start of the header's line.
    std::string text = Crlf("OPTIONS sip:h SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\n"
                            "Max-Forwards: 300\n\n");
    SipParseError err;
    ASSERT_FALSE(SipMessage::Parse(text, &err));
    EXPECT_EQ(err.line, 3);
    EXPECT_EQ(err.offset, text.find("Max-Forwards"));
    EXPECT_EQ(err.what, "malformed Max-Forwards: Max-Forwards must be 0..255");
}

// Issue 11: numbers and grammar at their RFC ranges, each named with its section.
TEST(SipMessageRanges, Rfc3261_8_1_1_5_CSeqUpTo2Pow32Minus1)
{
    for (const std::string n : {"2147483648", "4294967295"})
    {
        auto m = SipMessage::Parse(Crlf(kHead + "CSeq: " + n + " OPTIONS\n\n"));
        ASSERT_TRUE(m.has_value()) << n;
        EXPECT_EQ(std::to_string(m->GetCSeq().seq), n);
    }
}

TEST(SipMessageRanges, Rfc3261_25_1_StarIsATokenCharInDisplayNames)
{
    auto m = SipMessage::Parse(
        Crlf(kHead + "From: *98 <sip:voicemail@h>;tag=1\nContact: *98 <sip:vm@h>\n\n"));
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(m->GetFrom().uri.ToString(), "sip:voicemail@h");
    ASSERT_EQ(m->GetContacts().size(), 1u);
    EXPECT_FALSE(m->GetContacts()[0].wildcard);
    EXPECT_EQ(m->GetContacts()[0].uri.ToString(), "sip:vm@h");
    // A lone `*` (with LWS) is still the wildcard of a de-REGISTER.
    auto star = SipMessage::Parse(Crlf(kHead + "Contact:  * \n\n"));
    ASSERT_TRUE(star.has_value());
    ASSERT_EQ(star->GetContacts().size(), 1u);
    EXPECT_TRUE(star->GetContacts()[0].wildcard);
}
