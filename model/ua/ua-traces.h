// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_UA_TRACES_H
#define SIPMOB_UA_TRACES_H

#include "records/run-records.h"

#include "ns3/ipv4-address.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \brief The trace sources of a SipUserAgent (SipUserAgent derives from it, its TypeId names them;
 *        signatures there). Its parts fire them through a reference.
 */
struct UaTraces
{
    TracedCallback<Ipv4Address, Ipv4Address> addressChange;                   ///< AddressChange
    TracedCallback<const std::string&, const std::string&> registrationState; ///< old, new
    TracedCallback<const sipmob::RegistrationRecord&> registration;           ///< Registration
    TracedCallback<const std::string&> registerSent;                          ///< RegisterSent
    /// CallState: (callId, old, new)
    TracedCallback<const std::string&, const std::string&, const std::string&> callState;
    TracedCallback<const sipmob::CallRecord&> call;         ///< Call
    TracedCallback<const sipmob::MediaRecord&> media;       ///< Media
    TracedCallback<const std::string&> reinviteSent;        ///< ReinviteSent
    TracedCallback<const std::string&, int> reinviteResult; ///< ReinviteResult
    /// CallRedirected: (callId, the Contact of the 3xx followed)
    TracedCallback<const std::string&, const std::string&> callRedirected;
    /// MediaRx: (callId, from, local, seq)
    TracedCallback<const std::string&, Ipv4Address, Ipv4Address, uint16_t> mediaRx;
    TracedCallback<const std::string&, Ipv4Address, uint16_t> proxyDiscovered; ///< ProxyDiscovered
    TracedCallback<> discoverySent;                                            ///< DiscoverySent
    TracedCallback<bool> discoveryDone;                                        ///< DiscoveryDone
};

} // namespace ns3

#endif
