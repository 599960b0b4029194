// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_KEYED_ID_GENERATOR_H
#define SIPMOB_KEYED_ID_GENERATOR_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace sipmob
{

/**
 * \brief Unpredictable identifiers (branch IDs, tags, Call-IDs) from a keyed hash of a counter.
 *
 * Each ID is the hex of HMAC-SHA-256(secret, purpose ":" counter) (RFC 2104, FIPS 180-4; OpenSSL),
 * truncated. The counter makes every ID of one generator unique; the secret makes them
 * unpredictable: an observer who saw any number of IDs learns nothing about the next one without
 * the secret (unlike a seeded PRNG whose state one output reveals; issue 11). The secret is drawn
 * per run from the simulation's random numbers by the ns-3 adapter, so runs stay deterministic
 * per seed and run number.
 */
class KeyedIdGenerator
{
public:
    /// 256-bit key of HMAC-SHA-256.
    using Secret = std::array<uint8_t, 32>;

    /// \param secret the per-run key (keep it private to the element)
    explicit KeyedIdGenerator(const Secret& secret);
    /**
     * \brief A key derived from a number, for pure tests and tools without a random source.
     * \param seed any number
     * \return SHA-256 of its 8 bytes (big-endian)
     */
    static Secret SecretFromSeed(uint64_t seed);

    /**
     * \brief The next identifier.
     * \param purpose domain separation ("branch", "tag", "call-id"): IDs of different purposes
     *        are independent even at the same counter value
     * \param hexChars length of the result, 1..64 hex digits (clamped)
     * \return lower-case hex digits, never returned before by this generator for this purpose
     */
    std::string Next(const std::string& purpose, std::size_t hexChars = 16);
    /**
     * \brief A keyed digest of a text: the same text always gives the same value under one
     *        secret, and nothing about it can be predicted without the secret.
     *
     * Used where RFC 3261 asks for a value that is stable per request but that no observer
     * should be able to compute: the To tag a server puts on its own responses (§8.2.6.2: the
     * same tag on every response to one request; §9.2: the CANCEL's 200 and the INVITE's 487
     * SHOULD carry the same tag).
     * \param purpose domain separation (independent of Next()'s sequences)
     * \param text what the value is derived from
     * \param hexChars length of the result, 1..64 hex digits (clamped)
     * \return lower-case hex of HMAC-SHA-256(secret, "keyed:" purpose ":" text), truncated
     */
    std::string Derive(const std::string& purpose, const std::string& text,
                       std::size_t hexChars = 16) const;
    /// \return how many IDs were made
    uint64_t GetCount() const;

private:
    /// \return the first \p hexChars hex digits of HMAC-SHA-256(secret, \p input)
    std::string Mac(const std::string& input, std::size_t hexChars) const;

    Secret m_secret;        ///< HMAC key
    uint64_t m_counter = 0; ///< IDs made so far
};

} // namespace sipmob

#endif
