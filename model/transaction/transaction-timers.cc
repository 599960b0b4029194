// SPDX-License-Identifier: GPL-2.0-only
#include "transaction/transaction-timers.h"

#include <array>

namespace sipmob
{

std::string
TimerNameToString(TimerName name)
{
    static const std::array<const char*, 13> kNames = {"A", "B", "D", "E", "F", "G",     "H",
                                                       "I", "J", "K", "L", "M", "Trying"};
    const auto i = static_cast<std::size_t>(name);
    return i < kNames.size() ? kNames[i] : "?";
}

} // namespace sipmob
