// SPDX-License-Identifier: GPL-2.0-only
#include "transaction/branch-generator.h"

#include <cstdio>

namespace sipmob
{

BranchGenerator::BranchGenerator(uint64_t seed)
    : m_engine(seed)
{
}

std::string
BranchGenerator::Next()
{
    char buf[48];
    std::snprintf(buf, sizeof(buf), "z9hG4bK%llx.%016llx",
                  static_cast<unsigned long long>(++m_counter),
                  static_cast<unsigned long long>(m_engine()));
    return buf;
}

} // namespace sipmob
