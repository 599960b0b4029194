// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_OPTIONS_RESPONDER_H
#define SIPMOB_OPTIONS_RESPONDER_H

#include "proxy/marshal-processor.h"

namespace ns3
{

/**
 * \brief RFC 3261 §11: an OPTIONS addressed to the marshal server itself - a Request-URI without a
 *        user part naming its domain, host name or address (ElementIdentity) - is answered
 *        `200 OK` with Allow, Accept and Supported (§11.2), whoever asks (keep-alive pings of
 *        softphones and monitors such as sipsak). An OPTIONS to a user (`sip:1001@...`) goes on
 *        like any request. Runs after the loop detector, so Max-Forwards 0 is still 483.
 */
class OptionsResponder : public MarshalProcessor
{
public:
    using MarshalProcessor::MarshalProcessor;
    /// \return "options-responder"
    std::string Name() const override;
    Result Process(const std::shared_ptr<MarshalRequest>& request) override;

    /// Methods the marshal server handles (the Allow header of its 200 to OPTIONS).
    static constexpr const char* kAllow = "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER";
    /// Bodies it understands (Accept): SDP, the only body it looks at (in forwarded requests).
    static constexpr const char* kAccept = "application/sdp";
};

} // namespace ns3

#endif
