// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_USER_AGENT_H
#define SIPMOB_SIP_USER_AGENT_H

#include "access/roaming-dhcp-client.h"
#include "dialog/registration-client.h"
#include "dialog/uas-responder.h"
#include "media/rtp-media-stream.h"
#include "mobility/address-watcher.h"
#include "mobility/proxy-discovery.h"
#include "mobility/registration-model.h"
#include "records/run-records.h"
#include "stack/sip-stack.h"
#include "ua/sip-call.h" // users of the call API (states, records) keep one include
#include "ua/ua-settings.h"
#include "ua/ua-traces.h"

#include "ns3/application.h"
#include "ns3/inet-socket-address.h"
#include "ns3/random-variable-stream.h"

#include <memory>
#include <string>
#include <vector>

namespace ns3
{

class UaMobility;
class CallMedia;
class CallRecorder;
class CallController;
class RequestHandler;

/**
 * \brief A mobile SIP user agent (VOCAL's UA extended with mobility).
 *
 * Registers its AoR `sip:User@Domain` (refresh before expiry, de-REGISTER on stop), places the
 * calls of its schedule (INVITE with an SDP audio offer, ACK, BYE after the call's duration; CANCEL
 * when unanswered after MaxRingTime), answers incoming calls (180, 200 after AnswerDelay), and runs
 * one RtpMediaStream per call. Digest challenges (401/407) to REGISTER and INVITE are answered once
 * when a Password is set.
 *
 * Mobility: an AddressWatcher (poll or event mode) reports address changes. Nothing is sent while
 * the node has no usable address; what was due is deferred until the next hand-off has finished.
 * After a move to a usable address the registration model gives the next hop (home marshal, or the
 * outbound proxy of the current network), the UA re-REGISTERs its new Contact and, after the
 * REGISTER's final response, sends a re-INVITE with the new c= address in every confirmed call. A
 * newer move supersedes a pending hand-off. Media is paused while there is no address.
 */
class SipUserAgent : public Application, public UaSettings, public UaTraces
{
public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    SipUserAgent();
    ~SipUserAgent() override;

    /**
     * \brief Schedule a call.
     * \param at absolute simulated time of the INVITE
     * \param callee user ID ("3001": sip:3001@Domain) or "user@domain"
     * \param duration talk time after the answer, then BYE (0: never hang up)
     */
    void AddCall(Time at, std::string callee, Time duration);
    /**
     * \brief End a call now: BYE when confirmed, CANCEL when unanswered.
     * \param callId the call
     */
    void HangUp(const std::string& callId);

    /**
     * \brief Report every call that has no record yet, at the end of a run (the runner calls it
     *        after the simulator stopped, before it is destroyed).
     *
     * A call still up (e.g. its BYE unanswered) ends with end_reason "run-ended" and its media
     * records; a scheduled call never placed is reported with the reason it could not be placed
     * (see NotPlacedReason()). Calling it again reports nothing.
     */
    void ReportUnfinishedCalls();
    /// \param discovery the proxy discovery used by the registration model
    void SetProxyDiscovery(Ptr<ProxyDiscovery> discovery);
    /// \param client the DHCP client whose traces drive the event detection mode
    void SetDhcpClient(Ptr<RoamingDhcpClient> client);
    /// \return the SIP stack (its transport has the Tx/Rx traces)
    Ptr<SipStack> GetStack() const;
    /// \return the address watcher (its attributes are forwarded from this user agent's)
    Ptr<AddressWatcher> GetAddressWatcher() const;
    /// \return the AoR, "sip:User@Domain"
    std::string GetAor() const;
    /// \return the registration state
    std::string GetRegistrationState() const;
    /// \return the Call-IDs of the calls not yet terminated
    std::vector<std::string> GetActiveCalls() const;
    /// \param callId a call \return its state ("" when unknown or over)
    std::string GetCallState(const std::string& callId) const;
    /// \param callId a call \return its media stream (null when unknown)
    Ptr<RtpMediaStream> GetMediaStream(const std::string& callId) const;
    /**
     * \brief Fixed random streams (tags, Call-IDs, glare delays).
     * \param stream first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /// Trace signature: (oldAddr, newAddr).
    typedef void (*AddressChangeTracedCallback)(Ipv4Address oldAddr, Ipv4Address newAddr);
    /// Trace signature: (oldState, newState).
    typedef void (*StateTracedCallback)(const std::string& oldState, const std::string& newState);
    /// Trace signature: a finished REGISTER chain.
    typedef void (*RegistrationTracedCallback)(const sipmob::RegistrationRecord& record);
    /// Signature of RegisterSent (the contact being registered).
    typedef void (*RegisterSentTracedCallback)(const std::string& contact);
    /// Trace signature: (callId, oldState, newState).
    typedef void (*CallStateTracedCallback)(const std::string& callId, const std::string& oldState,
                                            const std::string& newState);
    /// Trace signature: a finished call.
    typedef void (*CallTracedCallback)(const sipmob::CallRecord& record);
    /// Trace signature: media statistics of a finished call.
    typedef void (*MediaTracedCallback)(const sipmob::MediaRecord& record);
    /// Trace signature: (callId).
    typedef void (*ReinviteSentTracedCallback)(const std::string& callId);
    /// Trace signature: (callId, status).
    typedef void (*ReinviteResultTracedCallback)(const std::string& callId, int status);
    /// Trace signature: (callId, the Contact of the redirect followed).
    typedef void (*CallRedirectedTracedCallback)(const std::string& callId,
                                                 const std::string& contact);
    /// Trace signature: (callId, from, local, seq).
    typedef void (*MediaRxTracedCallback)(const std::string& callId, Ipv4Address from,
                                          Ipv4Address local, uint16_t seq);
    /// Trace signature: the UA asks its registration model for the next hop.
    typedef void (*DiscoverySentTracedCallback)();
    /// Trace signature: the next hop is known (true) or none was found (false).
    typedef void (*DiscoveryDoneTracedCallback)(bool ok);
    /// Trace signature: (domain, proxy, port).
    typedef void (*ProxyDiscoveredTracedCallback)(const std::string& domain, Ipv4Address proxy,
                                                  uint16_t port);

protected:
    void DoDispose() override;

private:
    void StartApplication() override;
    void StopApplication() override;
    /// Plan the entries of the Calls attribute.
    void ParseCallsAttribute();

    Ptr<UniformRandomVariable> m_rng;           ///< tags, glare delays, REGISTER back-off
    Ptr<SipStack> m_stack;                      ///< transport + transactions
    Ptr<AddressWatcher> m_watcher;              ///< address changes (its attributes forwarded)
    Ptr<RoamingDhcpClient> m_dhcp;              ///< for event mode
    std::shared_ptr<UasResponder> m_uas;        ///< responses, tags, Contact
    std::unique_ptr<UaMobility> m_mobility;     ///< hand-off, registration, next hops
    std::unique_ptr<CallMedia> m_media;         ///< RTP streams, SDP
    std::unique_ptr<CallRecorder> m_recorder;   ///< call states and records
    std::unique_ptr<CallController> m_calls;    ///< the calls
    std::unique_ptr<RequestHandler> m_requests; ///< requests in
    bool m_stopped = false;                     ///< StopApplication ran (no start after it)
};

} // namespace ns3

#endif
