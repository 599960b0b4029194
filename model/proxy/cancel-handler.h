// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_CANCEL_HANDLER_H
#define SIPMOB_CANCEL_HANDLER_H

#include "proxy/marshal-processor.h"

namespace ns3
{

class RouteQuery;

/**
 * \brief CANCEL (RFC 3261 §16.10): of an INVITE still waiting for the redirect server, answered by
 *        the route query; of a forwarded INVITE, answered 200 and the branch cancelled by the
 *        proxy core; of nothing we know, 481. Ends the chain for CANCEL.
 */
class CancelHandler : public MarshalProcessor
{
public:
    /// \param services shared services \param routeQuery the chain's route query
    CancelHandler(MarshalServices& services, RouteQuery& routeQuery);
    /// \return "cancel-handler"
    std::string Name() const override;
    Result Process(const std::shared_ptr<MarshalRequest>& request) override;

private:
    RouteQuery& m_routeQuery; ///< knows the INVITEs waiting for the redirect server
};

} // namespace ns3

#endif
