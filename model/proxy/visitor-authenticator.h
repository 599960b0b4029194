// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_VISITOR_AUTHENTICATOR_H
#define SIPMOB_VISITOR_AUTHENTICATOR_H

#include "proxy/marshal-processor.h"

namespace ns3
{

/**
 * \brief A request not yet authenticated (identity in another domain, untrusted source) must come
 *        from a visitor of this network, from the address of its registered contact, and a
 *        Contact it carries must be RFC 3261 §19.1.4-equivalent to the registered one
 *        (SipUri::Equivalent); else 403 with a Warning saying which.
 */
class VisitorAuthenticator : public MarshalProcessor
{
public:
    using MarshalProcessor::MarshalProcessor;
    /// \return "visitor-authenticator"
    std::string Name() const override;
    Result Process(const std::shared_ptr<MarshalRequest>& request) override;
};

} // namespace ns3

#endif
