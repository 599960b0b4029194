// SPDX-License-Identifier: GPL-2.0-only
// sofia-sip baseline (own file: libosip2 and sofia-sip both define sdp_* types).
#include "bench-messages.h"

#include <sofia-sip/msg.h>
#include <sofia-sip/sip_parser.h>
#include <sofia-sip/su_alloc.h>

#include <cstring>

namespace sipmob::bench
{

bool
SofiaParse(const std::string& data)
{
    msg_t* m = msg_make(sip_default_mclass(), 0, data.data(), data.size());
    if (!m)
    {
        return false;
    }
    bool ok = sip_object(m) != nullptr && sip_object(m)->sip_call_id != nullptr;
    msg_destroy(m);
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

} // namespace

std::size_t
SofiaUse(const std::string& data, UseFields* out)
{
    // msg_make parses every known header into its typed structure (sip_via_t, sip_from_t, ...).
    msg_t* m = msg_make(sip_default_mclass(), 0, data.data(), data.size());
    sip_t* sip = m ? sip_object(m) : nullptr;
    if (!sip || !sip->sip_call_id || !sip->sip_from || !sip->sip_to || !sip->sip_cseq ||
        !sip->sip_via)
    {
        msg_destroy(m);
        return 0;
    }
    std::size_t sum = 0;
    std::size_t vias = 0;
    for (sip_via_t const* v = sip->sip_via; v; v = v->v_next, ++vias)
    {
        sum += Len(v->v_host) + Len(v->v_port) + Len(v->v_branch);
    }
    sip_from_t const* from = sip->sip_from;
    sip_to_t const* to = sip->sip_to;
    sum += Len(from->a_url->url_user) + Len(from->a_url->url_host) + Len(from->a_tag);
    sum += Len(to->a_url->url_user) + Len(to->a_url->url_host) + Len(to->a_tag);
    sum += sip->sip_cseq->cs_seq + Len(sip->sip_cseq->cs_method_name);
    sum += Len(sip->sip_call_id->i_id);
    std::size_t contacts = 0;
    for (sip_contact_t const* c = sip->sip_contact; c; c = c->m_next, ++contacts)
    {
        sum += Len(c->m_url->url_user) + Len(c->m_url->url_host) + Len(c->m_url->url_port);
    }
    long maxForwards =
        sip->sip_max_forwards ? static_cast<long>(sip->sip_max_forwards->mf_count) : -1;
    sum += static_cast<std::size_t>(maxForwards);
    // Serialize: the message (its header objects re-encoded where changed) into one string.
    std::size_t len = 0;
    char* bytes = msg_as_string(msg_home(m), m, nullptr, 0, &len);
    sum += len;
    if (out)
    {
        out->vias = vias;
        out->topBranch = Str(sip->sip_via->v_branch);
        out->fromUser = Str(from->a_url->url_user);
        out->fromTag = Str(from->a_tag);
        out->toHost = Str(to->a_url->url_host);
        out->cseq = sip->sip_cseq->cs_seq;
        out->cseqMethod = Str(sip->sip_cseq->cs_method_name);
        out->callId = Str(sip->sip_call_id->i_id);
        out->contacts = contacts;
        out->contactHost = sip->sip_contact ? Str(sip->sip_contact->m_url->url_host) : "";
        out->maxForwards = maxForwards;
        out->serialized = len;
    }
    su_free(msg_home(m), bytes);
    msg_destroy(m);
    return sum;
}

} // namespace sipmob::bench
