// SPDX-License-Identifier: GPL-2.0-only
// sofia-sip baseline (own file: libosip2 and sofia-sip both define sdp_* types).
#include "bench-messages.h"

#include <sofia-sip/msg.h>
#include <sofia-sip/sip_parser.h>

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
