// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_NETWORK_HELPER_H
#define SIPMOB_SIP_NETWORK_HELPER_H

#include "access/dns-server.h"
#include "proxy/marshal-gateway.h"
#include "proxy/marshal-server.h"
#include "proxy/redirect-server.h"
#include "registrar/dial-plan.h"
#include "registrar/subscriber-store.h"
#include "testbed/sip-testbed.h"

#include <map>
#include <memory>
#include <string>

namespace ns3
{

/**
 * \brief Installs the servers of one SIP network (one VOCAL system) on a built testbed.
 *
 * On the network's server node: the redirect server (registrar, location service, dial plan), the
 * marshal server (the proxy that authenticates the provisioned subscribers) and, when asked, a DNS
 * server with `_sip._udp.<domain>` SRV and A records. On each gateway node: the network's end of a
 * gateway pair. Subscribers and the dial plan come from the network's description and are validated
 * first (ProvisioningError names the bad entry).
 */
class SipNetworkHelper
{
public:
    /// What was installed in one network.
    struct Installed
    {
        Ptr<RedirectServer> redirect;                         ///< registrar + location + dial plan
        Ptr<MarshalServer> marshal;                           ///< proxy
        Ptr<DnsServer> dns;                                   ///< null when the network has no DNS
        std::map<std::string, Ptr<MarshalGateway>> gateways;  ///< peer network -> gateway
        std::shared_ptr<sipmob::SubscriberStore> subscribers; ///< provisioned users
        std::shared_ptr<sipmob::DialPlan> dialPlan;           ///< patterns -> peer network
    };

    /**
     * \brief Install the servers of one network.
     * \param testbed the built topology
     * \param name the network's name
     * \param model registration model ("outbound-proxy" lets the marshal relay foreign REGISTERs)
     * \return the installed entities (started at 0 s)
     */
    static Installed Install(const SipTestbed& testbed, const std::string& name,
                             const std::string& model);

    /// \return the DNS name of a network's marshal server ("ms.<domain>")
    static std::string MarshalHostName(const NetworkConfig& net);
};

} // namespace ns3

#endif
