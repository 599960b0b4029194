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
    std::string user{"1001"};                     ///< User: user part of the AoR
    std::string domain{"net1.example.org"};       ///< Domain: home domain
    std::string password;                         ///< Password (digest; "": no answer)
    std::string displayName;                      ///< DisplayName in From
    uint16_t port = 5060;                         ///< Port: SIP UDP port
    Ipv4Address homeProxy{Ipv4Address::GetAny()}; ///< HomeProxyAddress
    uint16_t homeProxyPort = 5060;                ///< HomeProxyPort
    uint32_t registerExpires = 3600;              ///< RegisterExpires, s
    double refreshFraction = 0.5;                 ///< RegisterRefreshFraction
    Time registerRetry{Seconds(30)};              ///< RegisterRetryInterval (back-off base)
    Time registerRetryMax{Seconds(1800)};         ///< RegisterRetryMax (back-off ceiling)
    bool autoRegister = true;                     ///< AutoRegister
    bool unregisterOnStop = true;                 ///< UnregisterOnStop
    Time answerDelay{Seconds(1)};                 ///< AnswerDelay
    Time maxRingTime{Seconds(60)};                ///< MaxRingTime (0: never)
    std::string modelName{"home-only"};           ///< RegistrationModel
    uint16_t mediaPortBase = 16384;               ///< MediaPortBase
    std::string callsAttribute;                   ///< Calls: the schedule
    /// MediaStream: makes each call's RtpMediaStream, with this UA's attributes for it
    ObjectFactory mediaStream{"ns3::RtpMediaStream"};

    /// \return the AoR, "sip:user@domain"
    std::string Aor() const
    {
        return "sip:" + user + "@" + domain;
    }
};

} // namespace ns3

#endif
