// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_BRANCH_GENERATOR_H
#define SIPMOB_BRANCH_GENERATOR_H

#include <cstdint>
#include <random>
#include <string>

namespace sipmob
{

/**
 * Makes RFC 3261 branch IDs: "z9hG4bK" + counter + random hex. The random part comes from a seeded
 * engine so that a simulation run is reproducible; the counter keeps IDs unique within a run.
 */
class BranchGenerator
{
public:
    /// \param seed seed of the random part (use the simulation's seed and node id)
    explicit BranchGenerator(uint64_t seed = 1);

    /// \return a new branch ID, never returned before by this generator
    std::string Next();

private:
    std::mt19937_64 m_engine; ///< random source
    uint64_t m_counter = 0;   ///< IDs made so far
};

} // namespace sipmob

#endif // SIPMOB_BRANCH_GENERATOR_H
