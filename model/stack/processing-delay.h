// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_PROCESSING_DELAY_H
#define SIPMOB_PROCESSING_DELAY_H

#include "stack/sip-stack.h"

#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"

namespace ns3
{

/**
 * \brief The processing time of a SIP server (marshal, redirect server, gateway): each request
 *        the stack delivers reaches the entity after `constant + U(0, jitter)` of simulated time.
 *
 * Requests are served one at a time in arrival order, like a single worker thread: a request
 * that arrives while an earlier one is still "being processed" waits for it (so requests are
 * never reordered, and a busy server queues). With constant and jitter 0 (the default) requests
 * are delivered at once, in the same event, as before. The reference value in
 * scenarios/kamailio-delay.yaml is Kamailio's per-request latency measured with sipp on loopback
 * (doc/mobility.md, "Server processing time").
 */
class ProcessingDelay
{
public:
    /**
     * \param constant fixed part per request (>= 0)
     * \param jitter upper bound of the uniform random part per request (>= 0; 0: none)
     */
    void Configure(Time constant, Time jitter);
    /// \return true when every request is delivered at once
    bool IsZero() const;
    /// \return the time from now at which the next request reaches the entity
    Time Next();
    /// \param handler the entity's request handler \return the same, delayed
    SipStack::RequestHandler Wrap(SipStack::RequestHandler handler);
    /// \param handler the entity's stray handler (ACK for 2xx) \return the same, delayed
    SipStack::StrayHandler WrapStray(SipStack::StrayHandler handler);

private:
    Time m_constant{0};               ///< fixed part
    Time m_jitter{0};                 ///< random part's bound
    Time m_busyUntil{0};              ///< the worker is busy until then
    Ptr<UniformRandomVariable> m_rng; ///< random part
};

} // namespace ns3

#endif
