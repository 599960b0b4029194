// SPDX-License-Identifier: GPL-2.0-only
#include "message/sip-digest-auth.h"

#include <openssl/evp.h>

namespace sipmob
{

std::string
Md5Hex(std::string_view data)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(data.data(), data.size(), digest, &length, EVP_md5(), nullptr);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i)
    {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

std::string
DigestResponse(std::string_view user, std::string_view realm, std::string_view password,
               std::string_view method, std::string_view uri, std::string_view nonce,
               std::string_view nc, std::string_view cnonce, std::string_view qop)
{
    auto join = [](std::initializer_list<std::string_view> parts)
    {
        std::string s;
        bool first = true;
        for (auto p : parts)
        {
            s += first ? "" : ":";
            s += p;
            first = false;
        }
        return s;
    };
    std::string ha1 = Md5Hex(join({user, realm, password}));
    std::string ha2 = Md5Hex(join({method, uri}));
    if (qop.empty())
    {
        return Md5Hex(join({ha1, nonce, ha2}));
    }
    return Md5Hex(join({ha1, nonce, nc, cnonce, qop, ha2}));
}

} // namespace sipmob
