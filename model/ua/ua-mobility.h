// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_UA_MOBILITY_H
#define SIPMOB_UA_MOBILITY_H

#include "access/roaming-dhcp-client.h"
#include "dialog/registration-client.h"
#include "dialog/sip-dialog.h"
#include "mobility/address-watcher.h"
#include "mobility/proxy-discovery.h"
#include "mobility/registration-model.h"
#include "stack/sip-stack.h"
#include "ua/ua-settings.h"
#include "ua/ua-traces.h"

#include "ns3/event-id.h"
#include "ns3/inet-socket-address.h"
#include "ns3/node.h"
#include "ns3/random-variable-stream.h"

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace ns3
{

/**
 * \brief The mobility part of a SipUserAgent: the address it has, the hand-off after a move, the
 *        registration (RegistrationClient) and the next hop of every request.
 *
 * After a move to a usable address the registration model gives the next hop (home marshal, or the
 * outbound proxy of the current network), the UA re-REGISTERs its new Contact and, after the
 * REGISTER's final response, the calls re-INVITE (MovedHook). A newer move supersedes a pending
 * hand-off. Nothing is sent while the node has no usable address or a hand-off runs: Defer() keeps
 * what is due until the hand-off has finished (ReadyHook then places waiting calls). A failed
 * REGISTER is retried with the RFC 5626 §4.5 back-off.
 */
class UaMobility
{
public:
    /// The calls should re-INVITE those whose offer names an old address.
    using MovedHook = std::function<void()>;
    /// A hand-off finished: what waited for it may be sent (calls to place).
    using ReadyHook = std::function<void()>;

    /**
     * \param owner the user agent (kept alive while a proxy resolution runs)
     * \param settings the user agent's settings (read live)
     * \param traces the user agent's trace sources
     * \param stack the user agent's stack
     * \param watcher the user agent's address watcher
     * \param rng the user agent's random stream (REGISTER back-off)
     */
    UaMobility(Object* owner, const UaSettings& settings, UaTraces& traces, Ptr<SipStack> stack,
               Ptr<AddressWatcher> watcher, Ptr<UniformRandomVariable> rng);
    ~UaMobility();

    /**
     * \param moved re-INVITE the moved calls
     * \param ready a hand-off finished
     */
    void SetHooks(MovedHook moved, ReadyHook ready);
    /// \param discovery the proxy discovery used by the registration model
    void SetProxyDiscovery(Ptr<ProxyDiscovery> discovery);
    /**
     * \brief Create the registration model and client, start watching and, with an address, start
     *        the first hand-off (register). Aborts on an unknown RegistrationModel.
     * \param node the user agent's node
     * \param dhcp the DHCP client for event detection (may be null)
     */
    void Start(Ptr<Node> node, Ptr<RoamingDhcpClient> dhcp);
    /// De-REGISTER (UnregisterOnStop), stop the watcher and every timer, forget deferred sends.
    void Stop();
    /// Drop the registration client and the references (DoDispose).
    void Dispose();

    /// \param action run now when requests can be sent, else once the hand-off has finished
    void Defer(std::function<void()> action);
    /// \return true when running, with an address and no hand-off in progress
    bool CanSend() const;
    /// \return true between Start and Stop
    bool IsRunning() const;
    /// \return the current address (0.0.0.0: none)
    Ipv4Address GetAddress() const;
    /// \return the domain bare numbers are dialled in (the network whose proxy takes requests)
    const std::string& GetHopDomain() const;
    /**
     * \return whether new INVITEs ask the proxy for a redirect and then go directly to the
     *         callee: DirectCalls on, or model and this is a mobile UA (started with a DHCP
     *         client) whose registration model CallsDirectly() (doc/mobility.md, "Direct calls")
     */
    bool CallsDirectly() const;
    /// \return the next hop of an out-of-dialog request (none: no proxy known)
    std::optional<InetSocketAddress> OutOfDialogHop() const;
    /**
     * \brief The next hop of an in-dialog request: the dialog's, with a pre-loaded Route to the
     *        current outbound proxy before it when the model asks for one (RFC 3261 §8.1.2).
     * \param dialog the dialog
     * \param request the request (a Route may be prepended)
     * \return where it goes
     */
    InetSocketAddress InDialogHop(const SipDialog& dialog, sipmob::SipMessage& request) const;
    /// \return this end's Contact header value, "<sip:user@address:port>"
    std::string Contact() const;
    /// \return why a call due now could not be placed: no-address, no-route, not-registered or
    /// run-ended
    std::string NotPlacedReason() const;
    /// \return the registration state ("unregistered" before start)
    std::string GetRegistrationState() const;

private:
    void OnAddressChange(Ipv4Address oldAddr, Ipv4Address newAddr);
    void StartHandoff();
    void OnResolved(uint64_t generation, bool ok, const std::string& domain,
                    const InetSocketAddress& hop);
    void RegisterNow(uint32_t expires);
    void ReRegister();
    void OnRegisterResult(uint64_t generation, int status);
    void ScheduleRegisterRetry();
    void WithdrawVisitedBinding();
    void FinishHandoff(bool reinvite);

    Object* m_owner;                                    ///< the user agent
    const UaSettings& m_settings;                       ///< the user agent's settings
    UaTraces& m_traces;                                 ///< the user agent's traces
    Ptr<SipStack> m_stack;                              ///< transport + transactions
    Ptr<AddressWatcher> m_watcher;                      ///< address changes
    Ptr<UniformRandomVariable> m_rng;                   ///< back-off draws
    Ptr<RegistrationModel> m_model;                     ///< where requests go
    Ptr<ProxyDiscovery> m_discovery;                    ///< for the model
    std::unique_ptr<RegistrationClient> m_registration; ///< REGISTER chains
    MovedHook m_onMoved;                                ///< re-INVITE moved calls
    ReadyHook m_onReady;                                ///< hand-off finished

    bool m_running = false;                       ///< between start and stop
    bool m_mobile = false;                        ///< started with a DHCP client
    Ipv4Address m_address;                        ///< current address (Any: none)
    uint64_t m_handoffGen = 0;                    ///< current hand-off procedure
    bool m_handoffActive = false;                 ///< a hand-off runs: out-of-dialog sends wait
    bool m_hopKnown = false;                      ///< m_hop is valid
    InetSocketAddress m_hop;                      ///< out-of-dialog next hop
    std::string m_hopDomain;                      ///< domain of that hop's network
    uint32_t m_registerFailures = 0;              ///< consecutive failed REGISTERs
    bool m_reinviteOwed = false;                  ///< moved, no 2xx to a REGISTER since
    bool m_registeredVia = false;                 ///< m_regHop/m_regContact are valid
    InetSocketAddress m_regHop;                   ///< hop of the last 2xx REGISTER
    std::string m_regContact;                     ///< contact it bound
    std::string m_regDomain;                      ///< domain of that hop's network
    std::deque<std::function<void()>> m_deferred; ///< waiting for an address
    EventId m_retryEvent;                         ///< REGISTER retry after a failure
};

} // namespace ns3

#endif
