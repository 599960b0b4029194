// SPDX-License-Identifier: GPL-2.0-only
// RFC 3841 §9.1 Request-Disposition: the proxy directive a request carries (issue 10, direct
// calls: the mobile asks its home marshal for a redirect instead of a proxied INVITE).
#include "message/sip-message.h"
#include "message/sip-request-disposition.h"

#include <gtest/gtest.h>

#include <string>

using sipmob::ProxyDirective;

namespace
{
/// \return an INVITE with \p headers (CRLF-terminated lines) added
sipmob::SipMessage
Invite(const std::string& headers)
{
    std::string text = "INVITE sip:3001@net3.example.org SIP/2.0\r\n"
                       "Via: SIP/2.0/UDP 10.1.100.10:5060;branch=z9hG4bK-1\r\n"
                       "Max-Forwards: 70\r\n"
                       "From: <sip:1001@net1.example.org>;tag=a\r\n"
                       "To: <sip:3001@net3.example.org>\r\n"
                       "Call-ID: c1\r\n"
                       "CSeq: 1 INVITE\r\n" +
                       headers + "Content-Length: 0\r\n\r\n";
    auto msg = sipmob::SipMessage::Parse(text);
    EXPECT_TRUE(msg.has_value()) << text;
    return msg ? *msg : sipmob::SipMessage();
}
} // namespace

TEST(RequestDisposition, ProxyDirectiveOfEachForm)
{
    EXPECT_EQ(sipmob::GetProxyDirective(Invite("")), ProxyDirective::NONE);
    EXPECT_EQ(sipmob::GetProxyDirective(Invite("Request-Disposition: redirect\r\n")),
              ProxyDirective::REDIRECT);
    // Compact form, any case, among other directives.
    EXPECT_EQ(sipmob::GetProxyDirective(Invite("d: no-fork , Redirect,queue\r\n")),
              ProxyDirective::REDIRECT);
    EXPECT_EQ(sipmob::GetProxyDirective(Invite("Request-Disposition: proxy, recurse\r\n")),
              ProxyDirective::PROXY);
    // Only other directives: the server decides.
    EXPECT_EQ(sipmob::GetProxyDirective(Invite("Request-Disposition: no-cancel, fork\r\n")),
              ProxyDirective::NONE);
    // A token that merely contains the word is not the directive.
    EXPECT_EQ(sipmob::GetProxyDirective(Invite("Request-Disposition: redirected\r\n")),
              ProxyDirective::NONE);
    // Both, in one header or across two: a contradiction.
    EXPECT_EQ(sipmob::GetProxyDirective(Invite("Request-Disposition: proxy, redirect\r\n")),
              ProxyDirective::CONFLICT);
    EXPECT_EQ(sipmob::GetProxyDirective(
                  Invite("Request-Disposition: redirect\r\nRequest-Disposition: proxy\r\n")),
              ProxyDirective::CONFLICT);
}

TEST(RequestDisposition, AskForRedirectSetsOneHeader)
{
    sipmob::SipMessage invite = Invite("Request-Disposition: proxy\r\n");
    sipmob::AskForRedirect(invite);
    EXPECT_EQ(invite.GetHeaderValues("Request-Disposition").size(), 1u);
    EXPECT_EQ(sipmob::GetProxyDirective(invite), ProxyDirective::REDIRECT);
    auto reparsed = sipmob::SipMessage::Parse(invite.Serialize());
    ASSERT_TRUE(reparsed.has_value());
    EXPECT_NE(invite.Serialize().find("\r\nRequest-Disposition: redirect\r\n"), std::string::npos);
    EXPECT_EQ(sipmob::GetProxyDirective(*reparsed), ProxyDirective::REDIRECT);
}
