// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_VISITOR_INTERCEPTOR_H
#define SIPMOB_VISITOR_INTERCEPTOR_H

#include "proxy/marshal-processor.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace ns3
{

/**
 * \brief Outbound-Proxy-Intercept (AllowForeignRegister): a REGISTER from an untrusted source
 *        for a peer domain is accepted for relay to the home network.
 *
 * Its forwarded copy gets the UA's Contact rewritten to `<sip:user%40home@this:port>`; on the
 * home's 2xx the visitor is created (or moved, or removed on a de-REGISTER), registered with the
 * local redirect server, and the 2xx relayed to the UA with its own Contact restored. A non-2xx
 * from the home is relayed unchanged and creates no visitor.
 */
class VisitorInterceptor : public MarshalProcessor
{
public:
    using MarshalProcessor::MarshalProcessor;
    /// \return "visitor-interceptor"
    std::string Name() const override;
    Result Process(const std::shared_ptr<MarshalRequest>& request) override;

private:
    /// State of one intercepted REGISTER.
    struct Intercept
    {
        std::string visitorId;                        ///< user%40home
        std::string user;                             ///< user ID
        std::string homeDomain;                       ///< home domain
        std::string aor;                              ///< sip:user@home
        std::optional<sipmob::SipNameAddr> uaContact; ///< the UA's rewritten Contact value
        std::string proxyContact;                     ///< the rewritten Contact URI
    };

    /// Rewrite a REGISTER's Contact for the intercept; \return the intercept state
    std::shared_ptr<Intercept> Rewrite(sipmob::SipMessage& out) const;
    /// The home network answered; \return false: relayed later (after the visitor REGISTER)
    bool OnHomeAnswer(const std::shared_ptr<Intercept>& state, const SipStack::ServerTxnId& id,
                      sipmob::SipMessage& response);
    /// REGISTER (or de-register) a visitor with the local redirect server, then relay.
    void RegisterVisitor(const std::shared_ptr<Intercept>& state, const std::string& contact,
                         uint32_t expires, const SipStack::ServerTxnId& id,
                         const sipmob::SipMessage& relay, const std::string& stale);

    std::map<std::string, uint32_t> m_visitorCSeq; ///< CSeq of visitor REGISTERs by visitor id
    /// Call-ID and From tag of the visitor REGISTERs, by visitor id
    std::map<std::string, std::pair<std::string, std::string>> m_visitorIds;
};

} // namespace ns3

#endif
