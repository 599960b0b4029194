// SPDX-License-Identifier: GPL-2.0-only
// RFC 4475 torture corpus, RFC 3261 section 24 call flows and sipp messages through the parser.
#include "message/sip-message.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

using namespace sipmob;

namespace
{

std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// What the parser must do with one RFC 4475 file, and why.
struct Decision
{
    bool parses;          ///< true: Parse returns a message; false: a SipParseError
    const char* errorHas; ///< for rejects: a substring of the error text
    const char* why;      ///< the decision and its reason
};

/// One entry per MANIFEST.tsv row (test.dat excluded). 3.1.1.x must parse and 3.1.2.x must be
/// rejected (the RFC calls them invalid); 3.2-3.4 are decided here from the RFC text.
const std::map<std::string, Decision> kDecisions = {
    {"wsinv.dat", {true, "", "3.1.1.1 valid"}},
    {"intmeth.dat", {true, "", "3.1.1.2 valid"}},
    {"esc01.dat", {true, "", "3.1.1.3 valid"}},
    {"escnull.dat", {true, "", "3.1.1.4 valid"}},
    {"esc02.dat", {true, "", "3.1.1.5 valid"}},
    {"lwsdisp.dat", {true, "", "3.1.1.6 valid"}},
    {"longreq.dat", {true, "", "3.1.1.7 valid"}},
    {"dblreq.dat", {true, "", "3.1.1.8 valid: first request only"}},
    {"semiuri.dat", {true, "", "3.1.1.9 valid"}},
    {"transports.dat", {true, "", "3.1.1.10 valid"}},
    {"mpart01.dat", {true, "", "3.1.1.11 valid"}},
    {"unreason.dat", {true, "", "3.1.1.12 valid"}},
    {"noreason.dat", {true, "", "3.1.1.13 valid"}},
    {"badinv01.dat", {false, "Via", "3.1.2.1 empty Via params/values"}},
    {"clerr.dat", {false, "Content-Length", "3.1.2.2 UDP: longer than datagram"}},
    {"ncl.dat", {false, "Content-Length", "3.1.2.3 negative"}},
    {"scalar02.dat", {false, "CSeq", "3.1.2.4 CSeq overflow (first bad scalar)"}},
    {"scalarlg.dat", {false, "CSeq", "3.1.2.5 response CSeq overflow: discard"}},
    {"quotbal.dat", {false, "quoted", "3.1.2.6 unterminated quote"}},
    {"ltgtruri.dat", {false, "Request-URI", "3.1.2.7 <> around Request-URI: reject, not strip"}},
    {"lwsruri.dat", {false, "request line", "3.1.2.8 LWS in Request-URI"}},
    {"lwsstart.dat", {false, "request line", "3.1.2.9 we choose strict: reject extra SP"}},
    {"trws.dat", {false, "request line", "3.1.2.10 we choose strict: reject trailing SP"}},
    {"escruri.dat", {false, "Request-URI", "3.1.2.11 we choose reject over ignoring"}},
    {"baddate.dat", {true, "", "3.1.2.12 Date is not interpreted here; RFC allows ignoring it"}},
    {"regbadct.dat", {false, "Contact", "3.1.2.13 URI with ?/, outside <>"}},
    {"badaspec.dat", {false, "", "3.1.2.14 spaces in addr-spec: reject, no crash"}},
    {"baddn.dat", {false, "", "3.1.2.15 unquoted ',' in display name / no CRLFCRLF"}},
    {"badvers.dat", {false, "version", "3.1.2.16 SIP/7.0 -> caller answers 505"}},
    {"mismatch01.dat", {false, "CSeq method", "3.1.2.17 CSeq method != method"}},
    {"mismatch02.dat", {false, "CSeq method", "3.1.2.18 same, unknown method (400 ok)"}},
    {"bigcode.dat", {false, "status code", "3.1.2.19 code > 699"}},
    {"badbranch.dat", {true, "", "3.2.1 'z9hG4bK' is a legal token: transaction layer decides"}},
    {"insuf.dat", {true, "", "3.3.1 missing headers: application check, parses"}},
    {"unkscm.dat", {true, "", "3.3.2 unknown scheme kept opaque; element answers 416"}},
    {"novelsc.dat", {true, "", "3.3.3 soap.beep: opaque; 416 is the element's call"}},
    {"unksm2.dat", {true, "", "3.3.4 opaque schemes in To/From/Contact parse"}},
    {"bext01.dat", {true, "", "3.3.5 Require handling is the TU's (420)"}},
    {"invut.dat", {true, "", "3.3.6 unknown Content-Type: UAS answers 415"}},
    {"regaut01.dat", {true, "", "3.3.7 unknown auth scheme kept; registrar challenges"}},
    {"multi01.dat", {true, "", "3.3.8 duplicate single headers: application answers 400"}},
    {"mcl01.dat", {false, "Content-Length", "3.3.9 two Content-Length values: framing ambiguous"}},
    {"bcast.dat", {true, "", "3.3.10 broadcast Via is a routing decision"}},
    {"zeromf.dat", {true, "", "3.3.11 Max-Forwards 0 is in range"}},
    {"cparam01.dat", {true, "", "3.3.12 unbracketed: header param"}},
    {"cparam02.dat", {true, "", "3.3.13 bracketed: URI param"}},
    {"regescrt.dat", {true, "", "3.3.14 escaped header kept in Contact URI"}},
    {"sdp01.dat", {true, "", "3.3.15 Accept handling is the UAS's (406)"}},
    {"inv2543.dat", {true, "", "3.4.1 RFC 2543 syntax: body runs to end of datagram"}},
};

std::string
Raw(const std::string& name)
{
    return ReadFile(std::string(SIPMOB_TEST_DATA) + "/rfc4475/raw/" + name);
}

} // namespace

TEST(Rfc4475Corpus, EveryManifestRowHasADecisionAndHolds)
{
    std::ifstream manifest(std::string(SIPMOB_TEST_DATA) + "/rfc4475/MANIFEST.tsv");
    ASSERT_TRUE(manifest.good());
    std::string row;
    std::getline(manifest, row); // header
    int checked = 0;
    while (std::getline(manifest, row))
    {
        std::istringstream fields(row);
        std::string file;
        std::string section;
        std::string category;
        std::getline(fields, file, '\t');
        std::getline(fields, section, '\t');
        std::getline(fields, category, '\t');
        if (category == "none")
        {
            continue;
        }
        auto it = kDecisions.find(file);
        ASSERT_NE(it, kDecisions.end()) << "no decision for " << file;
        if (category == "valid")
        {
            EXPECT_TRUE(it->second.parses) << file;
        }
        if (category == "invalid" && file != "baddate.dat") // see its decision
        {
            EXPECT_FALSE(it->second.parses) << file;
        }
        std::string data = Raw(file);
        ASSERT_FALSE(data.empty()) << file;
        SipParseError err;
        auto msg = SipMessage::Parse(data, &err);
        EXPECT_EQ(msg.has_value(), it->second.parses)
            << file << " (" << it->second.why << "): " << err.ToString();
        if (!msg)
        {
            EXPECT_NE(err.what.find(it->second.errorHas), std::string::npos)
                << file << ": " << err.ToString();
            EXPECT_GT(err.line, 0) << file;
            EXPECT_LE(err.offset, data.size()) << file;
        }
        ++checked;
    }
    EXPECT_EQ(checked, static_cast<int>(kDecisions.size()));
}

TEST(Rfc4475Corpus, ValidMessagesRoundTrip)
{
    for (const auto& [file, d] : kDecisions)
    {
        if (!d.parses)
        {
            continue;
        }
        auto a = SipMessage::Parse(Raw(file));
        ASSERT_TRUE(a) << file;
        SipParseError err;
        auto b = SipMessage::Parse(a->Serialize(), &err);
        ASSERT_TRUE(b) << file << ": " << err.ToString() << "\n" << a->Serialize();
        EXPECT_EQ(b->Serialize(), a->Serialize()) << file;
        EXPECT_EQ(b->GetBody(), a->GetBody()) << file;
        // Serialize always writes Content-Length (added when the input had none: inv2543).
        std::size_t added = a->GetHeader("Content-Length") ? 0 : 1;
        ASSERT_EQ(b->GetHeaders().size(), a->GetHeaders().size() + added) << file;
        EXPECT_EQ(b->GetMethod(), a->GetMethod()) << file;
        EXPECT_EQ(b->GetStatusCode(), a->GetStatusCode()) << file;
    }
}

TEST(Rfc4475Corpus, SpecificReadings)
{
    auto wsinv = SipMessage::Parse(Raw("wsinv.dat"));
    ASSERT_TRUE(wsinv);
    EXPECT_EQ(wsinv->GetBody().size(), 150u);
    EXPECT_EQ(wsinv->GetCSeq().seq, 9u);
    EXPECT_EQ(wsinv->GetVias().size(), 3u);
    EXPECT_EQ(wsinv->GetFrom().displayName, "J Rosenberg \\\"");
    EXPECT_EQ(wsinv->GetTo().uri.GetUser(), "vivekg");

    auto dbl = SipMessage::Parse(Raw("dblreq.dat"));
    ASSERT_TRUE(dbl);
    EXPECT_EQ(dbl->GetMethod(), "REGISTER");
    EXPECT_EQ(dbl->GetBody(), "");

    auto esc02 = SipMessage::Parse(Raw("esc02.dat"));
    ASSERT_TRUE(esc02);
    EXPECT_EQ(esc02->GetMethod(), "RE%47IST%45R");
    EXPECT_EQ(esc02->GetContacts().size(), 2u); // C%6Fntact is not Contact
    EXPECT_TRUE(esc02->GetHeader("C%6Fntact").has_value());

    auto escnull = SipMessage::Parse(Raw("escnull.dat"));
    ASSERT_TRUE(escnull);
    EXPECT_EQ(escnull->GetTo().uri.GetUser(), std::string("null-\0-null", 11));

    auto semi = SipMessage::Parse(Raw("semiuri.dat"));
    ASSERT_TRUE(semi);
    EXPECT_EQ(semi->GetRequestUri().GetUser(), "user;par=u@example.net");
    EXPECT_TRUE(semi->GetRequestUri().GetParams().empty());

    auto c1 = SipMessage::Parse(Raw("cparam01.dat"));
    auto c2 = SipMessage::Parse(Raw("cparam02.dat"));
    ASSERT_TRUE(c1 && c2);
    EXPECT_TRUE(c1->GetContacts().at(0).GetParam("unknownparam"));
    EXPECT_FALSE(c1->GetContacts().at(0).uri.HasParam("unknownparam"));
    EXPECT_TRUE(c2->GetContacts().at(0).uri.HasParam("unknownparam"));

    auto noreason = SipMessage::Parse(Raw("noreason.dat"));
    ASSERT_TRUE(noreason);
    EXPECT_EQ(noreason->GetStatusCode(), 100);
    EXPECT_EQ(noreason->GetReasonPhrase(), "");

    auto mpart = SipMessage::Parse(Raw("mpart01.dat"));
    ASSERT_TRUE(mpart);
    EXPECT_EQ(mpart->GetBody().size(), 553u);

    auto unkscm = SipMessage::Parse(Raw("unkscm.dat"));
    ASSERT_TRUE(unkscm);
    EXPECT_TRUE(unkscm->GetRequestUri().IsOpaque());
    EXPECT_EQ(unkscm->GetRequestUri().GetScheme(), "nobodyknowsthisscheme");
}

TEST(CallFlowCorpus, Rfc3261AndSippMessagesParseAndRoundTrip)
{
    const char* files[] = {
        "rfc3261/24.1-f1-register.sip", "rfc3261/24.1-f2-200.sip", "rfc3261/24.2-f1-invite.sip",
        "rfc3261/24.2-f3-invite.sip",   "rfc3261/24.2-f9-200.sip", "rfc3261/24.2-f13-bye.sip",
        "sipp/uac-1-invite.sip",        "sipp/uac-2-ack.sip",      "sipp/uac-3-bye.sip",
        "sipp/uas-1-180.sip",           "sipp/uas-2-200.sip",      "sipp/uas-3-200.sip",
    };
    for (const char* f : files)
    {
        std::string data = ReadFile(std::string(SIPMOB_TEST_DATA) + "/" + f);
        ASSERT_FALSE(data.empty()) << f;
        SipParseError err;
        auto m = SipMessage::Parse(data, &err);
        ASSERT_TRUE(m) << f << ": " << err.ToString();
        EXPECT_FALSE(m->GetCallId().empty()) << f;
        EXPECT_FALSE(m->GetVias().empty()) << f;
        auto again = SipMessage::Parse(m->Serialize());
        ASSERT_TRUE(again) << f;
        EXPECT_EQ(again->Serialize(), m->Serialize()) << f;
    }
    auto f9 =
        SipMessage::Parse(ReadFile(std::string(SIPMOB_TEST_DATA) + "/rfc3261/24.2-f9-200.sip"));
    ASSERT_TRUE(f9);
    ASSERT_EQ(f9->GetVias().size(), 3u);
    EXPECT_EQ(f9->GetVias()[2].GetReceived().value_or(""), "192.0.2.1");
    ASSERT_EQ(f9->GetRecordRoutes().size(), 2u);
    EXPECT_EQ(f9->GetRecordRoutes()[1].uri.GetHost(), "bigbox3.site3.atlanta.com");
}
