// SPDX-License-Identifier: GPL-2.0-only
#include "message/sip-parse-error.h"

namespace sipmob
{

std::string
SipParseError::ToString() const
{
    return "line " + std::to_string(line) + ", offset " + std::to_string(offset) + ": " + what;
}

} // namespace sipmob
