// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_USER_AGENT_H
#define SIPMOB_SIP_USER_AGENT_H

#include "access/roaming-dhcp-client.h"
#include "dialog/registration-client.h"
#include "mobility/address-watcher.h"
#include "mobility/proxy-discovery.h"
#include "mobility/registration-model.h"
#include "records/run-records.h"
#include "stack/sip-stack.h"
#include "ua/sip-call.h"

#include "ns3/application.h"
#include "ns3/inet-socket-address.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief A mobile SIP user agent (VOCAL's UA extended with mobility).
 *
 * Registers its AoR `sip:User@Domain` (refresh before expiry, de-REGISTER on stop), places the
 * calls of its schedule (INVITE with an SDP audio offer, ACK, BYE after the call's duration;
 * CANCEL when unanswered after MaxRingTime), answers incoming calls (180, 200 after AnswerDelay),
 * and runs one RtpMediaStream per call. Digest challenges (401/407) to REGISTER and INVITE are
 * answered once when a Password is set.
 *
 * Mobility: an AddressWatcher (poll or event mode) reports address changes. Nothing is sent
 * while the node has no usable address; what was due is deferred until the next hand-off has
 * finished. After a move to a usable address the registration model gives the next hop (home
 * marshal, or the outbound proxy of the current network), the UA re-REGISTERs its new Contact
 * and, after the REGISTER's final response, sends a re-INVITE with the new c= address in every
 * confirmed call. A newer move supersedes a pending hand-off. Media is paused while there is no
 * address.
 */
class SipUserAgent : public Application
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
    /// \return the address watcher (valid after start)
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
    using CallPtr = std::shared_ptr<SipCall>;
    /// A scheduled call.
    struct PlannedCall
    {
        Time at;            ///< INVITE time
        std::string callee; ///< user or user@domain
        Time duration;      ///< talk time
    };

    void StartApplication() override;
    void StopApplication() override;
    void ParseCallsAttribute();

    // Mobility
    void OnAddressChange(Ipv4Address oldAddr, Ipv4Address newAddr);
    void StartHandoff();
    void OnResolved(uint64_t generation, bool ok, const std::string& domain,
                    const InetSocketAddress& hop);
    void OnRegisterResult(uint64_t generation, int status);
    void ScheduleRegisterRetry();
    void WithdrawVisitedBinding();
    void ReinviteMovedCalls();
    void FinishHandoff(bool reinvite);
    void ReinviteIfMoved(const CallPtr& call);
    void Defer(std::function<void()> action);
    bool CanSend() const;
    void RegisterNow(uint32_t expires);

    // Calls out
    void PlaceCall(std::string callee, Time duration);
    void SendNewInvite(const std::string& callee, Time duration);
    void PlaceWaitingCalls();
    void ReportNotPlaced(const std::string& reason);
    std::string NotPlacedReason() const;

    // Requests in
    /// A request handler of the method dispatch table.
    using MethodHandler = void (SipUserAgent::*)(const sipmob::SipMessage&,
                                                 const SipStack::ServerTxnId&);
    void OnRequest(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id,
                   const InetSocketAddress& from);
    void OnInvite(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id);
    void OnOptions(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id);
    void OnUnsupported(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id);
    void OnStray(const sipmob::SipMessage& msg, const InetSocketAddress& from);
    void OnNewInvite(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id);
    void OnInDialog(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id);
    void OnCancel(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id);
    void OnAck(const sipmob::SipMessage& ack);
    void ReRegister();
    void Answer(const CallPtr& call);

    // Media, state, records
    bool ApplyRemoteSdp(const CallPtr& call, const std::string& body);
    std::string LocalSdp(const CallPtr& call);
    void StartMedia(const CallPtr& call);
    void SetCallState(const CallPtr& call, CallState state);
    void OnSessionState(const CallPtr& call, InviteSession::State old, InviteSession::State now,
                        int status);
    void OnSessionEstablished(const CallPtr& call);
    void EndCall(const CallPtr& call, const std::string& reason);
    CallPtr NewCall(const std::string& callId, bool outgoing);
    CallPtr FindCall(const sipmob::SipMessage& msg) const;
    CallPtr FindCallById(const std::string& callId) const;
    std::string Contact() const;
    InetSocketAddress InDialogHop(const SipDialog& dialog, sipmob::SipMessage& request) const;

    // Attributes
    std::string m_user;               ///< User
    std::string m_domain;             ///< Domain (home)
    std::string m_password;           ///< Password
    std::string m_displayName;        ///< DisplayName
    uint16_t m_port;                  ///< Port
    Ipv4Address m_homeProxy;          ///< HomeProxyAddress
    uint16_t m_homeProxyPort;         ///< HomeProxyPort
    uint32_t m_registerExpires;       ///< RegisterExpires
    double m_refreshFraction;         ///< RegisterRefreshFraction
    Time m_registerRetry;             ///< RegisterRetryInterval (back-off base)
    Time m_registerRetryMax;          ///< RegisterRetryMax (back-off ceiling)
    bool m_autoRegister;              ///< AutoRegister
    bool m_unregisterOnStop;          ///< UnregisterOnStop
    Time m_answerDelay;               ///< AnswerDelay
    Time m_maxRingTime;               ///< MaxRingTime
    std::string m_modelName;          ///< RegistrationModel
    Time m_pollInterval;              ///< PollInterval
    bool m_randomPollPhase = false;   ///< RandomPollPhase
    std::string m_detectionMode;      ///< DetectionMode
    uint16_t m_mediaPortBase;         ///< MediaPortBase
    std::string m_callsAttribute;     ///< Calls
    Ptr<UniformRandomVariable> m_rng; ///< tags, Call-IDs, glare delays

    // Collaborators
    Ptr<SipStack> m_stack;                              ///< transport + transactions
    Ptr<AddressWatcher> m_watcher;                      ///< address changes
    Ptr<RegistrationModel> m_model;                     ///< where requests go
    Ptr<ProxyDiscovery> m_discovery;                    ///< for the model
    Ptr<RoamingDhcpClient> m_dhcp;                      ///< for event mode
    std::unique_ptr<RegistrationClient> m_registration; ///< REGISTER chains

    // State
    bool m_running;                  ///< between start and stop
    Ipv4Address m_address;           ///< current address (Any: none)
    uint64_t m_handoffGen;           ///< current hand-off procedure
    bool m_handoffActive;            ///< a hand-off runs: out-of-dialog sends wait
    bool m_hopKnown;                 ///< m_hop is valid
    InetSocketAddress m_hop;         ///< out-of-dialog next hop
    std::string m_hopDomain;         ///< domain of that hop's network
    uint32_t m_registerFailures = 0; ///< consecutive failed REGISTERs
    bool m_reinviteOwed = false;     ///< moved, no 2xx to a REGISTER since
    bool m_registeredVia = false;    ///< m_regHop/m_regContact are valid
    InetSocketAddress m_regHop{Ipv4Address::GetAny(), 0}; ///< hop of the last 2xx REGISTER
    std::string m_regContact;                             ///< contact it bound
    std::string m_regDomain;                              ///< domain of that hop's network
    std::deque<std::function<void()>> m_deferred;         ///< waiting for an address
    std::vector<PlannedCall> m_planned;                   ///< schedule before start
    std::vector<PlannedCall> m_waitingCalls; ///< due, waiting for an address and registration
    std::map<std::string, CallPtr> m_calls;  ///< Call-ID -> call
    uint32_t m_callCounter;                  ///< calls created (media ports, Call-IDs)
    EventId m_retryEvent;                    ///< REGISTER retry after a failure
    std::shared_ptr<UasResponder> m_uas;     ///< responses, tags, Contact
    std::shared_ptr<const InviteSession::Environment> m_sessionEnv; ///< what sessions need

    // Trace sources
    TracedCallback<Ipv4Address, Ipv4Address> m_addressChangeTrace;
    TracedCallback<const std::string&, const std::string&> m_registrationStateTrace;
    TracedCallback<const sipmob::RegistrationRecord&> m_registrationTrace;
    TracedCallback<const std::string&> m_registerSentTrace;
    TracedCallback<const std::string&, const std::string&, const std::string&> m_callStateTrace;
    TracedCallback<const sipmob::CallRecord&> m_callTrace;
    TracedCallback<const sipmob::MediaRecord&> m_mediaTrace;
    TracedCallback<const std::string&> m_reinviteSentTrace;
    TracedCallback<const std::string&, int> m_reinviteResultTrace;
    TracedCallback<const std::string&, Ipv4Address, Ipv4Address, uint16_t> m_mediaRxTrace;
    TracedCallback<const std::string&, Ipv4Address, uint16_t> m_proxyDiscoveredTrace;
    TracedCallback<> m_discoverySentTrace;
    TracedCallback<bool> m_discoveryDoneTrace;
};

} // namespace ns3

#endif
