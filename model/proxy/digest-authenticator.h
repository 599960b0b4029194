// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_DIGEST_AUTHENTICATOR_H
#define SIPMOB_DIGEST_AUTHENTICATOR_H

#include "proxy/marshal-processor.h"

#include <cstdint>
#include <set>
#include <string>

namespace ns3
{

/**
 * \brief RFC 2617 / RFC 3261 §22 digest (MD5, qop=auth) for subscribers that have a password,
 *        when DigestEnabled: a request without valid credentials for our realm and one of our
 *        nonces is challenged (401 for REGISTER, 407 otherwise); wrong credentials get 403.
 */
class DigestAuthenticator : public MarshalProcessor
{
public:
    using MarshalProcessor::MarshalProcessor;
    /// \return "digest-authenticator"
    std::string Name() const override;
    Result Process(const std::shared_ptr<MarshalRequest>& request) override;

private:
    /// Send a 401/407 challenge with a fresh nonce.
    void Challenge(const MarshalRequest& request);

    std::set<std::string> m_nonces; ///< nonces issued
    uint64_t m_nonceCount = 0;      ///< nonce counter
};

} // namespace ns3

#endif
