// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_HOME_REGISTRATION_MODEL_H
#define SIPMOB_HOME_REGISTRATION_MODEL_H

#include "mobility/registration-model.h"

namespace ns3
{

/**
 * \brief Home-Registration-Only: REGISTER goes straight to the home network's marshal server,
 *        wherever the user agent is; a mobile's INVITE asks it for the callee's contact (302) and
 *        then goes directly to the callee (CallsDirectly). The home proxy is discovered once (DNS
 * SRV of the home domain, or the static home proxy) and reused after moves unless RediscoverOnMove
 * is set.
 */
class HomeRegistrationModel : public RegistrationModel
{
public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    HomeRegistrationModel();
    ~HomeRegistrationModel() override;

    std::string GetName() const override;
    void Resolve(Ipv4Address localAddress, ResolveCallback done) override;
    /// \return true: the mobile asks its home marshal for the callee's contact and calls it
    /// directly (doc/mobility.md, "Direct calls")
    bool CallsDirectly() const override;

private:
    bool m_rediscover;         ///< RediscoverOnMove attribute
    bool m_known;              ///< a home proxy was found
    std::string m_domain;      ///< domain of the proxy found
    InetSocketAddress m_proxy; ///< the home proxy found
};

} // namespace ns3

#endif
