// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_BRANCH_GENERATOR_H
#define SIPMOB_BRANCH_GENERATOR_H

#include "transaction/keyed-id-generator.h"

#include <cstdint>
#include <string>

namespace sipmob
{

/**
 * Makes RFC 3261 branch IDs (§8.1.1.7): "z9hG4bK" + 24 hex digits of a keyed hash of a counter
 * (KeyedIdGenerator): unique within a run, unpredictable without the per-run secret, and the same
 * bytes for the same secret (a simulation run is reproducible).
 */
class BranchGenerator
{
public:
    /// \param seed a number the secret is derived from (KeyedIdGenerator::SecretFromSeed)
    explicit BranchGenerator(uint64_t seed = 1);
    /// \param secret the per-run secret
    explicit BranchGenerator(const KeyedIdGenerator::Secret& secret);

    /// \return a new branch ID, never returned before by this generator
    std::string Next();

private:
    KeyedIdGenerator m_ids; ///< keyed hash of a counter
};

} // namespace sipmob

#endif // SIPMOB_BRANCH_GENERATOR_H
