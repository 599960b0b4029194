// SPDX-License-Identifier: GPL-2.0-only
// Typed values of the core headers built once from the parser's scan, serialization of unchanged
// messages, and the grammar checks of Allow, Content-Type and Session-Expires (RFC 3261 25.1,
// RFC 4028 4).
#include "message/sip-message.h"

#include <gtest/gtest.h>

#include <dirent.h>

#include <fstream>
#include <random>
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

/// Every message file of the RFC 4475 and RFC 3261 corpora.
std::vector<std::string>
CorpusFiles()
{
    std::vector<std::string> out;
    for (std::string dir : {std::string(SIPMOB_TEST_DATA) + "/rfc4475/raw",
                            std::string(SIPMOB_TEST_DATA) + "/rfc3261"})
    {
        DIR* d = opendir(dir.c_str());
        if (!d)
        {
            continue;
        }
        while (dirent* e = readdir(d))
        {
            std::string name = e->d_name;
            if (name.size() > 4 &&
                (name.substr(name.size() - 4) == ".dat" || name.substr(name.size() - 4) == ".sip"))
            {
                out.push_back(dir + "/" + name);
            }
        }
        closedir(d);
    }
    return out;
}

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

const std::string kInvite =
    Crlf("INVITE sip:bob@biloxi.example.com;transport=udp SIP/2.0\n"
         "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776a\n"
         "Via: SIP/2.0/UDP 10.0.0.1:5070;branch=z9hG4bK-2;received=10.0.0.9\n"
         "Max-Forwards: 70\n"
         "To: Bob <sip:bob@biloxi.example.com>\n"
         "From: \"Alice A.\" <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
         "Call-ID: 3848276298220188511@atlanta.example.com\n"
         "CSeq: 2 INVITE\n"
         "Contact: <sip:alice@client.atlanta.example.com;transport=udp>, "
         "sip:a2@10.0.0.1;expires=60\n"
         "Content-Type: application/sdp\n"
         "Content-Length: 5\n"
         "\n"
         "v=0\n");

} // namespace

// The values the parser builds from its scan are exactly what parsing each header's text gives,
// for every message of both corpora that parses.
TEST(SipTypedValues, BuiltFromTheScanEqualParsingTheText)
{
    int checked = 0;
    for (const auto& file : CorpusFiles())
    {
        auto m = SipMessage::Parse(ReadFile(file));
        if (!m)
        {
            continue;
        }
        ++checked;
        std::vector<std::string> vias;
        for (const auto& v : m->GetHeaderValues("Via"))
        {
            vias.push_back(SipVia::Parse(v)->ToString());
        }
        ASSERT_EQ(m->GetVias().size(), vias.size()) << file;
        for (std::size_t i = 0; i < vias.size(); ++i)
        {
            EXPECT_EQ(m->GetVias()[i].ToString(), vias[i]) << file;
        }
        auto from = m->GetHeader("From");
        EXPECT_EQ(m->GetFrom().ToString(),
                  from ? SipNameAddr::Parse(*from)->ToString() : SipNameAddr().ToString())
            << file;
        auto to = m->GetHeader("To");
        EXPECT_EQ(m->GetTo().ToString(),
                  to ? SipNameAddr::Parse(*to)->ToString() : SipNameAddr().ToString())
            << file;
        auto contacts = m->GetHeaderValues("Contact");
        ASSERT_EQ(m->GetContacts().size(), contacts.size()) << file;
        for (std::size_t i = 0; i < contacts.size(); ++i)
        {
            EXPECT_EQ(m->GetContacts()[i].ToString(), SipNameAddr::Parse(contacts[i])->ToString())
                << file;
        }
        EXPECT_EQ(m->GetCallId(), m->GetHeader("Call-ID").value_or("")) << file;
        auto cseq = m->GetHeader("CSeq");
        EXPECT_EQ(m->GetCSeq().ToString(),
                  cseq ? SipCSeq::Parse(*cseq)->ToString() : SipCSeq().ToString())
            << file;
        // Writing an unchanged message as received gives the same bytes as writing it field by
        // field (a header added and removed again forces the latter).
        SipMessage edited = *m;
        edited.AddHeader("X-Edit", "1");
        edited.RemoveHeader("X-Edit");
        EXPECT_EQ(m->Serialize(), edited.Serialize()) << file;
        if (m->IsRequest())
        {
            std::string line = ReadFile(file);
            line = line.substr(line.find_first_not_of("\r\n"));
            std::size_t sp1 = line.find(' ');
            std::string uri = line.substr(sp1 + 1, line.find(' ', sp1 + 1) - sp1 - 1);
            EXPECT_EQ(m->GetRequestUri().ToString(), SipUri::Parse(uri)->ToString()) << file;
        }
    }
    EXPECT_GE(checked, 30);
}

TEST(SipTypedValues, BuiltOnceAndKeptUntilTheHeaderChanges)
{
    auto m = SipMessage::Parse(kInvite);
    ASSERT_TRUE(m);
    const SipNameAddr* from = &m->GetFrom();
    EXPECT_EQ(from, &m->GetFrom()); // the same object: built once
    EXPECT_EQ(from->displayName, "Alice A.");
    EXPECT_EQ(from->GetTag(), "9fxced76sl");
    EXPECT_EQ(m->GetTo().uri.GetHost(), "biloxi.example.com");
    ASSERT_EQ(m->GetVias().size(), 2u);
    EXPECT_EQ(m->GetTopVia().GetBranch(), "z9hG4bK776a");
    EXPECT_EQ(m->GetVias()[1].port, 5070);
    EXPECT_EQ(m->GetVias()[1].GetReceived(), "10.0.0.9");
    ASSERT_EQ(m->GetContacts().size(), 2u);
    EXPECT_EQ(m->GetContacts()[0].uri.GetParam("transport"), "udp");
    EXPECT_EQ(m->GetContacts()[1].GetParam("expires"), "60");
    EXPECT_EQ(m->GetCSeq().seq, 2u);
    EXPECT_EQ(m->GetCSeq().method, "INVITE");
    EXPECT_EQ(m->GetMaxForwards(), 70);
    EXPECT_EQ(m->GetCallId(), "3848276298220188511@atlanta.example.com");
    EXPECT_EQ(m->GetRequestUri().GetParam("transport"), "udp");

    // Each change is seen by the getters (a proxy's edits).
    SipVia mine = *SipVia::Parse("SIP/2.0/UDP 10.9.9.9:5060;branch=z9hG4bK-proxy");
    m->PushVia(mine);
    ASSERT_EQ(m->GetVias().size(), 3u);
    EXPECT_EQ(m->GetTopVia().GetBranch(), "z9hG4bK-proxy");
    m->PopVia();
    ASSERT_EQ(m->GetVias().size(), 2u);
    EXPECT_EQ(m->GetTopVia().GetBranch(), "z9hG4bK776a");
    m->SetMaxForwards(69);
    EXPECT_EQ(m->GetMaxForwards(), 69);
    EXPECT_EQ(m->GetHeader("Max-Forwards"), "69");
    SipNameAddr to = m->GetTo();
    to.SetTag("bobtag");
    m->SetTo(to);
    EXPECT_EQ(m->GetTo().GetTag(), "bobtag");
    m->SetHeader("f", "<sip:carol@chicago.example.com>;tag=c1"); // compact form of From
    EXPECT_EQ(m->GetFrom().uri.GetUser(), "carol");
    EXPECT_EQ(m->GetFrom().GetTag(), "c1");
    m->RemoveHeader("Contact");
    EXPECT_TRUE(m->GetContacts().empty());
    m->AddHeader("m", "<sip:new@10.1.1.1>");
    ASSERT_EQ(m->GetContacts().size(), 1u);
    EXPECT_EQ(m->GetContacts()[0].uri.GetUser(), "new");
    m->SetHeader("CSeq", "3 INVITE");
    EXPECT_EQ(m->GetCSeq().seq, 3u);
    m->SetHeader("i", "other-call");
    EXPECT_EQ(m->GetCallId(), "other-call");
    m->SetHeader("Via", "SIP/2.0/TCP host.example.com;branch=z9hG4bK-x");
    ASSERT_EQ(m->GetVias().size(), 1u);
    EXPECT_EQ(m->GetTopVia().transport, "TCP");
    SipUri target = *SipUri::Parse("sip:bob@10.2.2.2:5062");
    m->SetRequestUri(target);
    EXPECT_EQ(m->GetRequestUri().GetPort(), 5062);
    EXPECT_EQ(m->Serialize().substr(0, 36), "INVITE sip:bob@10.2.2.2:5062 SIP/2.0");
}

TEST(SipTypedValues, ResponseCarriesTheRequestValues)
{
    auto req = SipMessage::Parse(kInvite);
    ASSERT_TRUE(req);
    SipMessage r = SipMessage::MakeResponse(*req, 180);
    ASSERT_EQ(r.GetVias().size(), 2u);
    EXPECT_EQ(r.GetTopVia().GetBranch(), "z9hG4bK776a");
    EXPECT_EQ(r.GetFrom().GetTag(), "9fxced76sl");
    EXPECT_EQ(r.GetCallId(), req->GetCallId());
    EXPECT_EQ(r.GetCSeq().seq, 2u);
    EXPECT_TRUE(r.GetContacts().empty()); // not copied
    auto back = SipMessage::Parse(r.Serialize());
    ASSERT_TRUE(back);
    EXPECT_EQ(back->GetTo().ToString(), r.GetTo().ToString());
}

TEST(SipTypedValues, CodeBuiltMessageParsesItsHeadersOnFirstUse)
{
    SipMessage m = SipMessage::MakeRequest("OPTIONS", *SipUri::Parse("sip:x@example.com"));
    EXPECT_TRUE(m.GetVias().empty());
    EXPECT_EQ(m.GetFrom().uri.GetUser(), "");
    m.AddHeader("Via", "SIP/2.0/UDP a.example.com;branch=z9hG4bK-1, not a via");
    ASSERT_EQ(m.GetVias().size(), 1u); // unparsable values skipped
    m.AddHeader("From", "<sip:me@example.com>;tag=1");
    EXPECT_EQ(m.GetFrom().GetTag(), "1");
    EXPECT_FALSE(m.GetMaxForwards().has_value());
    m.AddHeader("Max-Forwards", "300");
    EXPECT_FALSE(m.GetMaxForwards().has_value()); // out of range
}

// An unchanged parsed message is written as received when that is the canonical form, and in
// the canonical form otherwise.
TEST(SipTypedValues, SerializeOfUnchangedMessages)
{
    auto m = SipMessage::Parse(kInvite);
    ASSERT_TRUE(m);
    (void) m->GetFrom(); // building typed values changes nothing
    EXPECT_EQ(m->Serialize(), kInvite);
    // Extra octets after the body (UDP framing by Content-Length) are not written.
    auto extra = SipMessage::Parse(kInvite + "junk");
    ASSERT_TRUE(extra);
    EXPECT_EQ(extra->Serialize(), kInvite);

    const std::string canonical = Crlf("OPTIONS sip:x@example.com SIP/2.0\n"
                                       "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK-1\n"
                                       "To: <sip:x@example.com>\n"
                                       "Subject: two lines\n"
                                       "Content-Length: 0\n"
                                       "\n");
    const std::string variants[] = {
        // lower-case version, LWS around the colon, folding, leading CRLF, no Content-Length,
        // Content-Length with a leading zero
        Crlf("OPTIONS sip:x@example.com sip/2.0\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bK-1\n"
             "To: <sip:x@example.com>\nSubject: two lines\nContent-Length: 0\n\n"),
        Crlf("OPTIONS sip:x@example.com SIP/2.0\nVia:   SIP/2.0/UDP "
             "a.example.com;branch=z9hG4bK-1\nTo :<sip:x@example.com>\nSubject: two lines\n"
             "Content-Length: 0\n\n"),
        Crlf("OPTIONS sip:x@example.com SIP/2.0\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bK-1\n"
             "To: <sip:x@example.com>\nSubject: two\n lines\nContent-Length: 0\n\n"),
        Crlf("\nOPTIONS sip:x@example.com SIP/2.0\nVia: SIP/2.0/UDP "
             "a.example.com;branch=z9hG4bK-1\nTo: <sip:x@example.com>\nSubject: two lines\n"
             "Content-Length: 0\n\n"),
        Crlf("OPTIONS sip:x@example.com SIP/2.0\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bK-1\n"
             "To: <sip:x@example.com>\nSubject: two lines\n\n"),
        Crlf("OPTIONS sip:x@example.com SIP/2.0\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bK-1\n"
             "To: <sip:x@example.com>\nSubject: two lines\nContent-Length: 00\n\n"),
    };
    for (const auto& v : variants)
    {
        auto p = SipMessage::Parse(v);
        ASSERT_TRUE(p) << v;
        std::string out = p->Serialize();
        if (v.find("Content-Length") == std::string::npos)
        {
            EXPECT_EQ(out, canonical.substr(0, canonical.find("Content-Length")) +
                               "Content-Length: 0\r\n\r\n");
            continue;
        }
        EXPECT_EQ(out, canonical) << v;
    }
    // Responses: "SIP/2.0 code reason".
    const std::string ok = Crlf("SIP/2.0 200 OK\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bK-1\n"
                                "Content-Length: 0\n\n");
    EXPECT_EQ(SipMessage::Parse(ok)->Serialize(), ok);
    auto noReason = SipMessage::Parse(Crlf("SIP/2.0 200\nVia: SIP/2.0/UDP a.example.com\n"
                                           "Content-Length: 0\n\n"));
    ASSERT_TRUE(noReason);
    EXPECT_EQ(noReason->Serialize().substr(0, 14), "SIP/2.0 200 \r\n");
    // Any change: the edited form.
    auto edited = SipMessage::Parse(kInvite);
    edited->SetMaxForwards(69);
    EXPECT_NE(edited->Serialize().find("\r\nMax-Forwards: 69\r\n"), std::string::npos);
    auto body = SipMessage::Parse(kInvite);
    body->SetBody("text/plain", "hello");
    EXPECT_EQ(body->Serialize().substr(body->Serialize().size() - 26),
              "Content-Length: 5\r\n\r\nhello");
}

namespace
{

/// Parses an OPTIONS with one extra header line; returns the error text ("" when accepted).
std::string
WithHeader(const std::string& line)
{
    SipParseError err;
    auto m = SipMessage::Parse(Crlf("OPTIONS sip:x@example.com SIP/2.0\n"
                                    "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK-1\n"
                                    "CSeq: 1 OPTIONS\n" +
                                    line + "\nContent-Length: 0\n\n"),
                               &err);
    return m ? "" : err.what;
}

} // namespace

// RFC 3261 25.1 Allow and Content-Type, RFC 4028 4 Session-Expires: the strict parser answers a
// malformed one with a precise error (the element then sends 400), as for Expires.
TEST(SipTypedValues, AllowContentTypeSessionExpiresGrammar)
{
    for (const char* good : {"Allow: INVITE, ACK, CANCEL, BYE", "Allow:", "Allow: FOO-BAR.1",
                             "Content-Type: application/sdp", "c: text/plain;charset=utf-8",
                             "Content-Type: multipart/mixed ; boundary=\"a b;c\"",
                             "Content-Type: application / sdp", "Session-Expires: 1800",
                             "x: 90;refresher=uac", "Session-Expires: 4000 ; refresher=UAS;x=y"})
    {
        EXPECT_EQ(WithHeader(good), "") << good;
    }
    const std::pair<const char*, const char*> bad[] = {
        {"Allow: INVITE, , BYE", "malformed Allow: empty value in list"},
        {"Allow: INVITE; BYE", "malformed Allow: method must be a token"},
        {"Allow: IN VITE", "malformed Allow: method must be a token"},
        {"Content-Type: application", "malformed Content-Type: expected type/subtype"},
        {"Content-Type: /sdp", "malformed Content-Type: expected type/subtype"},
        {"Content-Type: application/", "malformed Content-Type: subtype must be a token"},
        {"Content-Type: application/sdp;charset", "media-type parameter without a value"},
        {"Content-Type: application/sdp, text/plain", "malformed Content-Type: subtype"},
        {"Content-Type: text;x=a/b", "malformed Content-Type: expected type/subtype"},
        {"Session-Expires: soon", "malformed Session-Expires: delta-seconds"},
        {"Session-Expires: 4294967296", "malformed Session-Expires: delta-seconds"},
        {"Session-Expires: 1800;refresher=me", "refresher must be uas or uac"},
        {"x: 1800;;", "malformed Session-Expires"},
    };
    for (const auto& [line, error] : bad)
    {
        EXPECT_NE(WithHeader(line).find(error), std::string::npos)
            << line << " -> '" << WithHeader(line) << "'";
    }
}

// What an element answers to a request with a malformed Allow, Content-Type or Session-Expires
// (doc/message-api.md, "Strictness of Allow, Content-Type and Session-Expires"): 400 Bad Request
// with the parser's reason in a Warning, and the Via, Call-ID and CSeq the client matches it by.
TEST(SipTypedValues, MalformedAllowContentTypeSessionExpiresGet400WithTheReason)
{
    for (std::string line :
         {"Allow: INVITE; BYE", "Content-Type: application", "Session-Expires: 1800;refresher=me"})
    {
        std::string bad = Crlf("INVITE sip:bob@example.com SIP/2.0\n"
                               "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK-7\n"
                               "From: <sip:alice@example.com>;tag=1\n"
                               "To: <sip:bob@example.com>\n"
                               "Call-ID: c-7\n"
                               "CSeq: 1 INVITE\n" +
                               line + "\nContent-Length: 0\n\n");
        SipParseError err;
        ASSERT_FALSE(SipMessage::Parse(bad, &err)) << line;
        auto r = MakeBadRequestResponse(bad, err);
        ASSERT_TRUE(r) << line;
        EXPECT_EQ(r->GetStatusCode(), 400) << line;
        EXPECT_EQ(r->GetTopVia().GetBranch(), "z9hG4bK-7") << line;
        EXPECT_EQ(r->GetCallId(), "c-7") << line;
        EXPECT_EQ(r->GetCSeq().method, "INVITE") << line;
        std::string name = line.substr(0, line.find(':'));
        EXPECT_NE(
            r->GetHeader("Warning").value_or("").find("399 sipmob \"malformed " + name + ": "),
            std::string::npos)
            << line << " -> " << r->GetHeader("Warning").value_or("(none)");
    }
}

// The Allow check is one pass over the value; it accepts and rejects (with the same reason)
// exactly what the comma-list grammar of RFC 3261 25.1 gives when written as a split into
// trimmed items, each a token, over values of tokens, LWS, commas, quotes and angle brackets.
TEST(SipTypedValues, AllowOnePassMatchesTheListGrammar)
{
    auto reference = [](std::string_view value) -> std::string
    {
        value = text::Trim(value);
        std::size_t start = 0;
        while (!value.empty())
        {
            std::size_t comma = text::FindUnquoted(value, ',', start, true);
            std::string_view item =
                text::Trim(value.substr(start, comma == value.npos ? value.npos : comma - start));
            if (item.empty())
            {
                return "malformed Allow: empty value in list";
            }
            if (!text::IsTokenString(item))
            {
                return "malformed Allow: method must be a token";
            }
            if (comma == value.npos)
            {
                break;
            }
            start = comma + 1;
        }
        return "";
    };
    const std::string alphabet = "AB -,\t\r\"<>@";
    std::mt19937 rng(15);
    int rejected = 0;
    for (int n = 0; n < 20000; ++n)
    {
        std::string value;
        for (std::size_t len = rng() % 12; len > 0; --len)
        {
            value += alphabet[rng() % alphabet.size()];
        }
        std::string expected = reference(value);
        rejected += expected.empty() ? 0 : 1;
        ASSERT_EQ(WithHeader("Allow: " + value), expected) << "'" << value << "'";
    }
    EXPECT_GT(rejected, 1000);
    EXPECT_LT(rejected, 19900);
}

// The scanners' byte search (text::FindAny4: 16 bytes at a time, the tail as the last 16 bytes
// of the text with those before the start masked off) and the quote- and angle-aware search
// built on it (text::FindUnquoted) find exactly what a byte-by-byte loop finds, from every start
// offset, on random texts of 0..48 bytes (the tail covers every shift from 1 to 15).
TEST(SipTypedValues, ByteSearchesMatchAByteLoop)
{
    auto any4 = [](std::string_view s, std::size_t from, const char* four) -> std::size_t
    {
        for (std::size_t i = from; i < s.size(); ++i)
        {
            if (std::string_view(four, 4).find(s[i]) != std::string_view::npos)
            {
                return i;
            }
        }
        return std::string_view::npos;
    };
    auto unquoted = [](std::string_view s, char c, std::size_t from, bool angle) -> std::size_t
    {
        bool inAngle = false;
        for (std::size_t i = from; i < s.size(); ++i)
        {
            if (s[i] == c && !inAngle)
            {
                return i;
            }
            if (s[i] == '"')
            {
                // a quoted-string; a backslash escapes the next byte
                for (++i; i < s.size() && s[i] != '"'; ++i)
                {
                    i += s[i] == '\\' ? 1 : 0;
                }
                if (i >= s.size())
                {
                    return std::string_view::npos;
                }
            }
            else if (angle && s[i] == '<')
            {
                inAngle = true;
            }
            else if (angle && s[i] == '>')
            {
                inAngle = false;
            }
        }
        return std::string_view::npos;
    };
    const std::string alphabet = "ab ,;\"<>\\";
    std::mt19937 rng(4);
    int found = 0;
    for (int n = 0; n < 20000; ++n)
    {
        std::string text;
        for (std::size_t len = rng() % 49; len > 0; --len)
        {
            text += alphabet[rng() % alphabet.size()];
        }
        for (std::size_t from = 0; from <= text.size() + 1; ++from)
        {
            ASSERT_EQ(text::FindAny4(text, from, ',', ';', '<', '>'), any4(text, from, ",;<>"))
                << "'" << text << "' from " << from;
            ASSERT_EQ(text::FindAny4(text, from, 'b', 'b', 'b', 'b'), any4(text, from, "bbbb"))
                << "'" << text << "' from " << from;
            for (bool angle : {false, true})
            {
                std::size_t expected = unquoted(text, ',', from, angle);
                found += expected != std::string_view::npos ? 1 : 0;
                ASSERT_EQ(text::FindUnquoted(text, ',', from, angle), expected)
                    << "'" << text << "' from " << from << (angle ? " angle" : "");
                ASSERT_EQ(text::FindUnquoted(text, ';', from, angle),
                          unquoted(text, ';', from, angle))
                    << "'" << text << "' from " << from << (angle ? " angle" : "");
            }
        }
    }
    EXPECT_GT(found, 10000); // both outcomes occur often
}

// Call-ID is taken from the span the parser's check recorded: the first value in any form, still
// right in a copy of the message and after the header changes.
TEST(SipTypedValues, CallIdFromTheCheckedSpan)
{
    std::string text = kInvite;
    text.replace(text.find("Call-ID: "), 9, "i:  ");
    text.insert(text.find("CSeq:"), "Call-ID: second@host\r\n");
    auto m = SipMessage::Parse(text);
    ASSERT_TRUE(m);
    SipMessage copy = *m;
    EXPECT_EQ(m->GetCallId(), "3848276298220188511@atlanta.example.com");
    EXPECT_EQ(copy.GetCallId(), "3848276298220188511@atlanta.example.com");
    m->RemoveHeader("Call-ID");
    EXPECT_EQ(m->GetCallId(), "");
    copy.SetHeader("Call-ID", "third@host");
    EXPECT_EQ(copy.GetCallId(), "third@host");
    std::string none = kInvite;
    none.erase(none.find("Call-ID: "), none.find("CSeq:") - none.find("Call-ID: "));
    auto n = SipMessage::Parse(none);
    ASSERT_TRUE(n);
    EXPECT_EQ(n->GetCallId(), "");
}

// The zero-copy views are the parser's scan of each value: the same pieces the owned values are
// built from, still escaped; gone once the header changes.
TEST(SipTypedValues, ZeroCopyViewsOfTheScan)
{
    auto m = SipMessage::Parse(kInvite);
    ASSERT_TRUE(m);
    std::size_t n = 0;
    for (; auto v = m->GetViaView(n); ++n)
    {
        EXPECT_EQ(v->host, m->GetVias().at(n).host);
        EXPECT_EQ(v->port, m->GetVias().at(n).port);
        EXPECT_EQ(scan::FindParam(v->params, "BRANCH"), m->GetVias().at(n).GetBranch());
    }
    EXPECT_EQ(n, 2u);
    EXPECT_EQ(scan::FindParam(m->GetViaView(1)->params, "received"), "10.0.0.9");
    EXPECT_FALSE(scan::FindParam(m->GetViaView(1)->params, "rport").has_value());
    auto from = m->GetFromView();
    ASSERT_TRUE(from);
    EXPECT_EQ(from->display, "\"Alice A.\"");
    EXPECT_EQ(from->uriParts.user, "alice");
    EXPECT_EQ(from->uriParts.host, "atlanta.example.com");
    EXPECT_EQ(scan::FindParam(from->params, "tag"), "9fxced76sl");
    EXPECT_EQ(m->GetToView()->uriParts.user, "bob");
    EXPECT_FALSE(scan::FindParam(m->GetToView()->params, "tag").has_value());
    EXPECT_EQ(m->GetContactView(0)->uriParts.params, "transport=udp");
    EXPECT_EQ(m->GetContactView(1)->uriParts.user, "a2");
    EXPECT_EQ(scan::FindParam(m->GetContactView(1)->params, "expires"), "60");
    EXPECT_FALSE(m->GetContactView(2).has_value());
    // A header that changes has no scan any more (the owned getters still work).
    m->SetHeader("From", "<sip:carol@chicago.example.com>");
    EXPECT_FALSE(m->GetFromView().has_value());
    EXPECT_EQ(m->GetFrom().uri.GetUser(), "carol");
    EXPECT_TRUE(m->GetToView().has_value()); // others keep theirs
    m->PushVia(*SipVia::Parse("SIP/2.0/UDP p.example.com;branch=z9hG4bK-p"));
    EXPECT_FALSE(m->GetViaView().has_value());
    // Views point into the message's own copy: they survive the datagram.
    std::string datagram = kInvite;
    auto own = SipMessage::Parse(datagram);
    datagram.assign(datagram.size(), 'x');
    EXPECT_EQ(own->GetToView()->uriParts.host, "biloxi.example.com");
    // A message built by code has none.
    SipMessage built = SipMessage::MakeRequest("OPTIONS", *SipUri::Parse("sip:x@example.com"));
    built.AddHeader("To", "<sip:x@example.com>");
    EXPECT_FALSE(built.GetToView().has_value());
}
