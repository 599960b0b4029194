// SPDX-License-Identifier: GPL-2.0-only
#include "mobility/home-registration-model.h"

#include "mobility/registration-model-registry.h"

#include "ns3/boolean.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HomeRegistrationModel");
NS_OBJECT_ENSURE_REGISTERED(HomeRegistrationModel);
SIPMOB_REGISTRATION_MODEL(g_homeOnly, "home-only", "ns3::HomeRegistrationModel",
                          "Home-Registration-Only: REGISTER goes to the home marshal from anywhere",
                          false);

TypeId
HomeRegistrationModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::HomeRegistrationModel")
            .SetParent<RegistrationModel>()
            .SetGroupName("Sipmob")
            .AddConstructor<HomeRegistrationModel>()
            .AddAttribute(
                "RediscoverOnMove", "Ask the discovery for the home proxy again after every move",
                BooleanValue(true), MakeBooleanAccessor(&HomeRegistrationModel::m_rediscover),
                MakeBooleanChecker());
    return tid;
}

HomeRegistrationModel::HomeRegistrationModel()
    : m_rediscover(true)
    , m_known(false)
    , m_proxy(Ipv4Address::GetAny(), 0)
{
}

HomeRegistrationModel::~HomeRegistrationModel() = default;

std::string
HomeRegistrationModel::GetName() const
{
    return "home-only";
}

bool
HomeRegistrationModel::CallsDirectly() const
{
    return true;
}

void
HomeRegistrationModel::Resolve(Ipv4Address localAddress, ResolveCallback done)
{
    NS_LOG_FUNCTION(this << localAddress);
    if (m_known && !m_rediscover)
    {
        done(true, m_domain, m_proxy);
        return;
    }
    Ptr<HomeRegistrationModel> self(this);
    DiscoverDomain(m_homeDomain,
                   [self, done](bool ok, const std::string& domain, const InetSocketAddress& hop)
                   {
                       if (ok)
                       {
                           self->m_known = true;
                           self->m_domain = domain;
                           self->m_proxy = hop;
                       }
                       done(ok, domain, hop);
                   });
}

} // namespace ns3
