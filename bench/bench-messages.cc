// SPDX-License-Identifier: GPL-2.0-only
#include "bench-messages.h"

namespace sipmob::bench
{

namespace
{

std::string
Crlf(const std::string& lf)
{
    std::string out;
    for (char c : lf)
    {
        out += c == '\n' ? "\r\n" : std::string(1, c);
    }
    return out;
}

std::string
WithBody(const std::string& head, const std::string& body)
{
    return Crlf(head) + "Content-Length: " + std::to_string(Crlf(body).size()) + "\r\n\r\n" +
           Crlf(body);
}

} // namespace

const std::string&
RegisterMessage()
{
    static const std::string m =
        WithBody("REGISTER sip:net1.example.org SIP/2.0\n"
                 "Via: SIP/2.0/UDP 10.1.1.20:5060;branch=z9hG4bK-reg-4711;rport\n"
                 "Max-Forwards: 70\n"
                 "From: \"Alice\" <sip:alice@net1.example.org>;tag=a73kszlfl\n"
                 "To: \"Alice\" <sip:alice@net1.example.org>\n"
                 "Call-ID: 1j9FpLxk3uxtm8tn@10.1.1.20\n"
                 "CSeq: 2 REGISTER\n"
                 "Contact: <sip:alice@10.1.1.20:5060>;expires=3600\n"
                 "Expires: 3600\n"
                 "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER\n"
                 "User-Agent: sipmob-ua/0.1\n",
                 "");
    return m;
}

const std::string&
InviteMessage()
{
    static const std::string m = WithBody(
        "INVITE sip:bob@10.2.1.30:5060 SIP/2.0\n"
        "Via: SIP/2.0/UDP "
        "marshal.net1.example.org:5060;branch=z9hG4bK-ms-77ef4c23;received=10.1.0.2\n"
        "Via: SIP/2.0/UDP 10.1.1.20:5060;branch=z9hG4bK-ua-nashds8;rport=5060;received=10.1.1.20\n"
        "Max-Forwards: 69\n"
        "Route: <sip:gw.net2.example.org:5066;lr>\n"
        "Record-Route: <sip:marshal.net1.example.org;lr>\n"
        "From: \"Alice Liddell\" <sip:alice@net1.example.org>;tag=1928301774\n"
        "To: \"Bob\" <sip:bob@net2.example.org>\n"
        "Call-ID: a84b4c76e66710@pc33.net1.example.org\n"
        "CSeq: 314159 INVITE\n"
        "Contact: <sip:alice@10.1.1.20:5060;transport=udp>\n"
        "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, REFER, NOTIFY\n"
        "Supported: replaces, timer\n"
        "User-Agent: sipmob-ua/0.1\n"
        "Content-Type: application/sdp\n",
        "v=0\n"
        "o=alice 2890844526 2890844526 IN IP4 10.1.1.20\n"
        "s=-\n"
        "c=IN IP4 10.1.1.20\n"
        "t=0 0\n"
        "m=audio 49170 RTP/AVP 0 8 101\n"
        "a=rtpmap:0 PCMU/8000\n"
        "a=rtpmap:8 PCMA/8000\n"
        "a=rtpmap:101 telephone-event/8000\n"
        "a=fmtp:101 0-15\n"
        "a=ptime:20\n"
        "a=sendrecv\n");
    return m;
}

} // namespace sipmob::bench
