// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_BAD_REQUEST_H
#define SIPMOB_SIP_BAD_REQUEST_H

// MakeBadRequestResponse is declared in sip-message.h; this header exists for discoverability.
#include "sip-message.h"

#endif
