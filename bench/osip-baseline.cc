// SPDX-License-Identifier: GPL-2.0-only
// libosip2 baseline (own file: libosip2 and sofia-sip both define sdp_* types).
#include "bench-messages.h"

#include <osipparser2/osip_parser.h>

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
