// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_HEADERS_H
#define SIPMOB_SIP_HEADERS_H

// Convenience header: every typed header value of the message layer.
#include "message/sip-cseq.h"
#include "message/sip-digest.h"
#include "message/sip-name-addr.h"
#include "message/sip-via.h"

#endif
