// SPDX-License-Identifier: GPL-2.0-only
// libosip2 baseline (own file: libosip2 and sofia-sip both define sdp_* types).
#include "bench-messages.h"

#include <osipparser2/osip_parser.h>

#include <cstdlib>
#include <cstring>

namespace sipmob::bench
{

bool
OsipParse(const std::string& data)
{
    static const bool initialised = (parser_init(), true);
    (void) initialised;
    osip_message_t* m = nullptr;
    if (osip_message_init(&m) != 0)
    {
        return false;
    }
    bool ok = osip_message_parse(m, data.data(), data.size()) == 0;
    osip_message_free(m);
    return ok;
}

} // namespace sipmob::bench

namespace sipmob::bench
{

namespace
{

std::size_t
Len(const char* s)
{
    return s ? std::strlen(s) : 0;
}

std::string
Str(const char* s)
{
    return s ? std::string(s) : std::string();
}

/// The value of a generic parameter ("" when absent).
const char*
Param(osip_list_t* params, const char* name)
{
    osip_generic_param_t* p = nullptr;
    osip_generic_param_get_byname(params, const_cast<char*>(name), &p);
    return p && p->gvalue ? p->gvalue : "";
}

} // namespace

std::size_t
OsipUse(const std::string& data, UseFields* out)
{
    static const bool initialised = (parser_init(), true);
    (void) initialised;
    osip_message_t* m = nullptr;
    if (osip_message_init(&m) != 0)
    {
        return 0;
    }
    std::size_t sum = 0;
    osip_from_t* from = nullptr;
    if (osip_message_parse(m, data.data(), data.size()) != 0 ||
        !(from = osip_message_get_from(m)) || !osip_message_get_to(m) ||
        !osip_message_get_cseq(m) || !osip_message_get_call_id(m))
    {
        osip_message_free(m);
        return 0;
    }
    // osip parses Via, From, To, CSeq, Call-ID and Contact into structures; CSeq's number and
    // Max-Forwards stay text, converted here as a typed getter would.
    std::size_t vias = 0;
    osip_via_t* via = nullptr;
    for (; osip_message_get_via(m, static_cast<int>(vias), &via) >= 0; ++vias)
    {
        sum += Len(via->host) + Len(via->port) + Len(Param(&via->via_params, "branch"));
    }
    osip_to_t* to = osip_message_get_to(m);
    sum += Len(from->url->username) + Len(from->url->host) + Len(Param(&from->gen_params, "tag"));
    sum += Len(to->url->username) + Len(to->url->host) + Len(Param(&to->gen_params, "tag"));
    osip_cseq_t* cseq = osip_message_get_cseq(m);
    unsigned long seq = std::strtoul(cseq->number, nullptr, 10);
    sum += seq + Len(cseq->method);
    osip_call_id_t* callId = osip_message_get_call_id(m);
    sum += Len(callId->number) + Len(callId->host);
    std::size_t contacts = 0;
    osip_contact_t* contact = nullptr;
    for (; osip_message_get_contact(m, static_cast<int>(contacts), &contact) >= 0; ++contacts)
    {
        sum += Len(contact->url->username) + Len(contact->url->host) + Len(contact->url->port);
    }
    osip_header_t* mf = nullptr;
    long maxForwards = -1;
    if (osip_message_get_max_forwards(m, 0, &mf) >= 0 && mf && mf->hvalue)
    {
        maxForwards = std::strtol(mf->hvalue, nullptr, 10);
    }
    sum += static_cast<std::size_t>(maxForwards);
    char* bytes = nullptr;
    std::size_t len = 0;
    if (osip_message_to_str(m, &bytes, &len) != 0)
    {
        osip_message_free(m);
        return 0;
    }
    sum += len;
    if (out)
    {
        osip_message_get_via(m, 0, &via);
        out->vias = vias;
        out->topBranch = Param(&via->via_params, "branch");
        out->fromUser = Str(from->url->username);
        out->fromTag = Param(&from->gen_params, "tag");
        out->toHost = Str(to->url->host);
        out->cseq = seq;
        out->cseqMethod = Str(cseq->method);
        out->callId = Str(callId->number) + (callId->host ? "@" + Str(callId->host) : "");
        out->contacts = contacts;
        contact = nullptr;
        osip_message_get_contact(m, 0, &contact);
        out->contactHost = contact ? Str(contact->url->host) : "";
        out->maxForwards = maxForwards;
        out->serialized = len;
    }
    osip_free(bytes);
    osip_message_free(m);
    return sum;
}

} // namespace sipmob::bench
