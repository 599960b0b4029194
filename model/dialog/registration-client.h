// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_REGISTRATION_CLIENT_H
#define SIPMOB_REGISTRATION_CLIENT_H

#include "message/sip-message.h"
#include "records/run-records.h"
#include "stack/sip-stack.h"

#include "ns3/event-id.h"
#include "ns3/inet-socket-address.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief Add RFC 2617 credentials answering a 401/407 challenge to a request.
 * \param request the request to authorize (Authorization or Proxy-Authorization added)
 * \param challenge the 401 (WWW-Authenticate) or 407 (Proxy-Authenticate) response
 * \param user user name
 * \param password password
 * \param cnonce client nonce (used when the challenge offers qop=auth)
 * \return false when the response carries no usable Digest challenge
 */
bool AddDigestCredentials(sipmob::SipMessage& request, const sipmob::SipMessage& challenge,
                          const std::string& user, const std::string& password,
                          const std::string& cnonce);

/**
 * \brief The registration side of a user agent core (RFC 3261 §10.2): REGISTER chains with one
 *        digest retry, refresh before expiry, de-registration, and the registration state.
 *
 * Each Register() starts a new chain (a new generation) that supersedes the previous one: the
 * outcome of a superseded chain is still reported as a record, but changes neither the state nor
 * the refresh timer, so after two quick moves the newer registration wins. The Call-ID stays the
 * same for all REGISTERs of this client and the CSeq grows (§10.2.4).
 *
 * Moves (§10.2.2): a REGISTER that binds a new contact also removes, in the same request
 * (`Contact: <new>, <old>;expires=0`), every previous contact that may still be bound: one the
 * registrar granted, or one sent in a chain whose outcome is unknown (superseded or timed out).
 * A contact leaves that set once a 2xx confirms its removal, or when a definite refusal shows
 * that the chain which introduced it bound nothing.
 *
 * The state "registered" means: a binding was granted and has not lapsed. A UA that loses its
 * address keeps it (the registrar still holds the binding, calls still go there) until the
 * granted expiry passes without a successful refresh; the state then becomes "unregistered".
 */
class RegistrationClient
{
public:
    /// Identity and policy of the client.
    struct Config
    {
        std::string user;             ///< user part of the AoR
        std::string domain;           ///< home domain
        std::string password;         ///< digest password ("" = never answer a challenge)
        uint32_t expires = 3600;      ///< requested expiry, seconds
        double refreshFraction = 0.5; ///< refresh after this fraction of the granted expiry
        std::string model;            ///< registration model name, for records
    };
    /// State change (old, new): unregistered, registering, registered, failed.
    using StateHook = std::function<void(const std::string&, const std::string&)>;
    /// One finished chain.
    using RecordHook = std::function<void(const sipmob::RegistrationRecord&)>;
    /// Final status of the current (not superseded) chain.
    using ResultHook = std::function<void(int status)>;
    /// A refresh is due (the owner registers again where and when it can).
    using RefreshHook = std::function<void()>;
    /// A chain's first REGISTER was sent (its contact).
    using SentHook = std::function<void(const std::string&)>;

    /// \param stack the user agent's stack (started)
    explicit RegistrationClient(Ptr<SipStack> stack);
    ~RegistrationClient();

    /// \param config identity and policy
    void SetConfig(const Config& config);
    /**
     * \brief Set the hooks.
     * \param state state changes
     * \param record finished chains
     * \param result outcome of the current chain
     * \param refresh refresh due
     */
    void SetHooks(StateHook state, RecordHook record, ResultHook result, RefreshHook refresh);
    /// \param sent called when a chain's first REGISTER is sent (records come at its end)
    void SetSentHook(SentHook sent);
    /**
     * \brief Start a new REGISTER chain, superseding any pending one.
     * \param registrar where the REGISTER goes (registrar or outbound proxy)
     * \param contact the Contact URI to bind, e.g. "sip:1001@10.1.0.5:5060"
     * \param expires requested expiry (0 = remove the binding)
     */
    void Register(const InetSocketAddress& registrar, const std::string& contact, uint32_t expires);
    /// Refresh with the last registrar and contact.
    void Refresh();
    /// Remove the current binding (Expires: 0) if registered or registering.
    void Unregister();
    /**
     * \brief Remove one binding made earlier through another proxy, without touching the
     *        current chain, its state or its refresh: `Contact: <contact>;expires=0`, Expires 0,
     *        same Call-ID, next CSeq (§10.2.2). Reported as a record like any chain.
     * \param registrar the proxy the binding was made through
     * \param contact the Contact URI this client registered there
     */
    void Withdraw(const InetSocketAddress& registrar, const std::string& contact);
    /// The pending chain is stale (address gone): its outcome will be ignored.
    void Supersede();
    /// Cancel the refresh timer and forget hooks.
    void Stop();
    /// \return "unregistered", "registering", "registered" or "failed"
    const std::string& GetState() const;
    /// \return the AoR, "sip:user@domain"
    std::string GetAor() const;

private:
    struct Chain;
    /**
     * \brief A new chain with its record and the request head every REGISTER of this client
     *        shares (Request-URI, From, To, Call-ID, Max-Forwards).
     * \param generation the chain's generation (0: never the current one)
     * \param registrar where it goes
     * \param contact the contact it is about
     * \return the chain, its request without Contact, Expires and CSeq
     */
    std::shared_ptr<Chain> NewChain(uint64_t generation, const InetSocketAddress& registrar,
                                    const std::string& contact) const;
    void Send(const std::shared_ptr<Chain>& chain);
    void OnResponse(const std::shared_ptr<Chain>& chain, const sipmob::SipMessage& response);
    void Finish(const std::shared_ptr<Chain>& chain, const sipmob::SipMessage& response);
    /// Update m_bound from a chain's final status.
    void UpdateBound(const Chain& chain, int code);
    uint32_t GrantedExpiry(const Chain& chain, const sipmob::SipMessage& response) const;
    void SetState(const std::string& state);

    Ptr<SipStack> m_stack;            ///< transport + transactions
    Config m_config;                  ///< identity and policy
    std::string m_callId;             ///< Call-ID of every REGISTER
    std::string m_fromTag;            ///< From tag
    uint32_t m_cseq;                  ///< last CSeq used
    uint64_t m_generation;            ///< current chain
    std::string m_state;              ///< registration state
    InetSocketAddress m_registrar;    ///< last registrar
    std::string m_contact;            ///< last contact
    std::vector<std::string> m_bound; ///< contacts that may be bound at the registrar
    EventId m_refresh;                ///< refresh timer
    EventId m_lapse;                  ///< the granted expiry passes without a refresh: unregistered
    StateHook m_onState;              ///< state hook
    RecordHook m_onRecord;            ///< record hook
    ResultHook m_onResult;            ///< result hook
    RefreshHook m_onRefresh;          ///< refresh hook
    SentHook m_onSent;                ///< sent hook
};

} // namespace ns3

#endif
