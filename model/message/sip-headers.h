// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_HEADERS_H
#define SIPMOB_SIP_HEADERS_H

// Convenience header: every typed header value of the message layer.
#include "sip-cseq.h"
#include "sip-digest.h"
#include "sip-name-addr.h"
#include "sip-via.h"

#endif
