// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_URI_SCHEME_CHECK_H
#define SIPMOB_URI_SCHEME_CHECK_H

#include "proxy/marshal-processor.h"

namespace ns3
{

/**
 * \brief RFC 3261 §8.2.2.1 / §16.3 step 1: a Request-URI whose scheme the marshal server cannot
 *        route (anything but sip: - `sips:`, `tel:`, `urn:`, `xmpp:` ...) is answered
 *        `416 Unsupported URI Scheme`, with a Warning naming the scheme.
 */
class UriSchemeCheck : public MarshalProcessor
{
public:
    using MarshalProcessor::MarshalProcessor;
    /// \return "uri-scheme-check"
    std::string Name() const override;
    Result Process(const std::shared_ptr<MarshalRequest>& request) override;
};

} // namespace ns3

#endif
