// SPDX-License-Identifier: GPL-2.0-only
#include "transaction/branch-generator.h"

namespace sipmob
{

BranchGenerator::BranchGenerator(uint64_t seed)
    : m_ids(KeyedIdGenerator::SecretFromSeed(seed))
{
}

BranchGenerator::BranchGenerator(const KeyedIdGenerator::Secret& secret)
    : m_ids(secret)
{
}

std::string
BranchGenerator::Next()
{
    return "z9hG4bK" + m_ids.Next("branch", 24);
}

} // namespace sipmob
