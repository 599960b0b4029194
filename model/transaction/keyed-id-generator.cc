// SPDX-License-Identifier: GPL-2.0-only
#include "transaction/keyed-id-generator.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>

namespace sipmob
{

namespace
{
/// \return lower-case hex of \p n bytes
std::string
Hex(const unsigned char* data, std::size_t n)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * n);
    for (std::size_t i = 0; i < n; ++i)
    {
        out.push_back(digits[data[i] >> 4]);
        out.push_back(digits[data[i] & 0x0f]);
    }
    return out;
}
} // namespace

KeyedIdGenerator::KeyedIdGenerator(const Secret& secret)
    : m_secret(secret)
{
}

KeyedIdGenerator::Secret
KeyedIdGenerator::SecretFromSeed(uint64_t seed)
{
    unsigned char bytes[8];
    for (int i = 0; i < 8; ++i)
    {
        bytes[i] = static_cast<unsigned char>(seed >> (56 - 8 * i));
    }
    Secret secret{};
    SHA256(bytes, sizeof(bytes), secret.data());
    return secret;
}

std::string
KeyedIdGenerator::Next(const std::string& purpose, std::size_t hexChars)
{
    return Mac(purpose + ":" + std::to_string(++m_counter), hexChars);
}

std::string
KeyedIdGenerator::Derive(const std::string& purpose, const std::string& text,
                         std::size_t hexChars) const
{
    // The "keyed:" prefix keeps derived values apart from Next()'s "purpose:counter" inputs.
    return Mac("keyed:" + purpose + ":" + text, hexChars);
}

std::string
KeyedIdGenerator::Mac(const std::string& input, std::size_t hexChars) const
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), m_secret.data(), static_cast<int>(m_secret.size()),
         reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &length);
    std::string hex = Hex(mac, length);
    return hex.substr(0, std::clamp<std::size_t>(hexChars, 1, hex.size()));
}

uint64_t
KeyedIdGenerator::GetCount() const
{
    return m_counter;
}

} // namespace sipmob
