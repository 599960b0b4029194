// SPDX-License-Identifier: GPL-2.0-only
// libFuzzer harness: Parse, Serialize, re-parse; the re-parse must succeed and be stable.
#include "message/sdp.h"
#include "message/sip-message.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string_view input(reinterpret_cast<const char*>(data), size);
    sipmob::SipParseError err;
    auto m = sipmob::SipMessage::Parse(input, &err);
    if (!m)
    {
        if (err.offset > size || err.what.empty())
        {
            std::abort(); // an error must say what and point inside the input
        }
        (void) sipmob::MakeBadRequestResponse(input, err);
        return 0;
    }
    std::string once = m->Serialize();
    auto again = sipmob::SipMessage::Parse(once, &err);
    if (!again || again->Serialize() != once)
    {
        std::abort(); // serialize(parse(x)) must parse to the same bytes
    }
    // An unchanged message may be written as one copy of its bytes: it must equal the field by
    // field form (a header added and removed forces that one).
    sipmob::SipMessage edited = *m;
    edited.AddHeader("X-Fuzz", "1");
    edited.RemoveHeader("X-Fuzz");
    if (edited.Serialize() != once)
    {
        std::abort();
    }
    // Values built from the parser's scan equal parsing the header text.
    if (auto from = m->GetHeader("From"))
    {
        auto parsed = sipmob::SipNameAddr::Parse(*from);
        if (parsed && parsed->ToString() != m->GetFrom().ToString())
        {
            std::abort();
        }
    }
    (void) m->GetVias();
    (void) m->GetContacts();
    (void) m->GetRoutes();
    (void) m->GetDigest("Authorization");
    if (auto sdp = sipmob::Sdp::Parse(m->GetBody()))
    {
        auto sdpAgain = sipmob::Sdp::Parse(sdp->Serialize());
        if (!sdpAgain || sdpAgain->Serialize() != sdp->Serialize())
        {
            std::abort();
        }
    }
    return 0;
}
