// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_UA_SETTINGS_H
#define SIPMOB_UA_SETTINGS_H

#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \brief The settings of a SipUserAgent: the storage of its attributes (SipUserAgent derives from
 *        it, its TypeId points the attributes here), read live by its parts through a const
 *        reference, so a value is held in one place and never copied into a part by hand.
 *
 * The address watcher's settings (PollInterval, RandomPollPhase, DetectionMode) are not here: the
 * watcher owns them and the user agent forwards its attributes to it.
 */
struct UaSettings
{
    // No defaults here: ns-3 sets every attribute to its TypeId initial value (or the value
    // given to the factory) right after construction, so the defaults are written once, in
    // SipUserAgent::GetTypeId (units and sources there).
    std::string user;        ///< User: user part of the AoR
    std::string domain;      ///< Domain: home domain
    std::string password;    ///< Password (digest; "": challenges not answered)
    std::string displayName; ///< DisplayName in From
    uint16_t port = 0;       ///< Port: SIP UDP port
    Ipv4Address homeProxy{Ipv4Address::GetAny()}; ///< HomeProxyAddress
    uint16_t homeProxyPort = 0;                   ///< HomeProxyPort
    uint32_t registerExpires = 0;                 ///< RegisterExpires, s
    double refreshFraction = 0;                   ///< RegisterRefreshFraction
    Time registerRetry;                           ///< RegisterRetryInterval (back-off base)
    Time registerRetryMax;                        ///< RegisterRetryMax (back-off ceiling)
    bool autoRegister = false;                    ///< AutoRegister
    bool unregisterOnStop = false;                ///< UnregisterOnStop
    Time answerDelay;                             ///< AnswerDelay
    Time maxRingTime;                             ///< MaxRingTime (0: never)
    std::string modelName;                        ///< RegistrationModel
    uint16_t mediaPortBase = 0;                   ///< MediaPortBase
    std::string callsAttribute;                   ///< Calls: the schedule
    /// MediaStream: makes each call's RtpMediaStream, with this UA's attributes for it
    ObjectFactory mediaStream{"ns3::RtpMediaStream"};

    /// DirectCalls: who decides whether new INVITEs go directly to the callee (doc/mobility.md,
    /// "Direct calls"); a plain enum, as ns-3.37's EnumValue holds an int.
    enum DirectCallsMode
    {
        DIRECT_MODEL, ///< a mobile UA (one with a DHCP client) whose model CallsDirectly()
        DIRECT_ON,    ///< always: ask the proxy for a redirect, then call the contact
        DIRECT_OFF    ///< never: INVITEs go through the proxy
    };
    DirectCallsMode directCalls = DIRECT_MODEL; ///< DirectCalls

    /// \return the AoR, "sip:user@domain"
    std::string Aor() const
    {
        return "sip:" + user + "@" + domain;
    }
};

} // namespace ns3

#endif
