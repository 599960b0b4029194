// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_ROUTE_QUERY_H
#define SIPMOB_ROUTE_QUERY_H

#include "proxy/marshal-processor.h"

#include <map>
#include <memory>
#include <set>
#include <string>

namespace ns3
{

/**
 * \brief Asks the redirect server (registrar, location service, dial plan) for the route of a
 *        request (the LocationServer step of repro, here over SIP as in VOCAL).
 *
 * The request is sent to the redirect server through a client transaction (WAIT). A 3xx with a
 * Contact names the next hop (MarshalRequest::target) and the chain resumes with the forwarder;
 * any other final response (2xx to a REGISTER, 404, 480 ...) is relayed to the sender.
 * An INVITE cancelled while it waits is answered here (CancelWaiting) and the redirect server's
 * answer then ignored.
 */
class RouteQuery : public MarshalProcessor
{
public:
    using MarshalProcessor::MarshalProcessor;
    /// \return "route-query"
    std::string Name() const override;
    Result Process(const std::shared_ptr<MarshalRequest>& request) override;
    /**
     * \brief A CANCEL for an INVITE still waiting for the redirect server: 200 to the CANCEL,
     *        487 to the INVITE.
     * \param cancel the CANCEL
     * \param id its server transaction
     * \return false when no INVITE of that transaction is waiting
     */
    bool CancelWaiting(const sipmob::SipMessage& cancel, const SipStack::ServerTxnId& id);
    /// Forget every waiting request.
    void Clear();

private:
    /// The redirect server answered \p request.
    void OnAnswer(const std::shared_ptr<MarshalRequest>& request, const sipmob::SipMessage& answer);

    /// INVITEs waiting for the redirect server, by SipProxyCore::TxnKey
    std::map<std::string, std::shared_ptr<MarshalRequest>> m_waiting;
    std::set<std::string> m_cancelled; ///< INVITEs cancelled while waiting
};

} // namespace ns3

#endif
