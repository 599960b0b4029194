// SPDX-License-Identifier: GPL-2.0-only
#include "mobility/registration-model.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RegistrationModel");
NS_OBJECT_ENSURE_REGISTERED(RegistrationModel);

TypeId
RegistrationModel::GetTypeId()
{
    static TypeId tid = TypeId("ns3::RegistrationModel").SetParent<Object>().SetGroupName("Sipmob");
    return tid;
}

RegistrationModel::RegistrationModel()
    : m_homeProxy(Ipv4Address::GetAny())
    , m_homePort(5060)
{
}

RegistrationModel::~RegistrationModel() = default;

void
RegistrationModel::DoDispose()
{
    m_discovery = nullptr;
    Object::DoDispose();
}

bool
RegistrationModel::PreloadsRoute() const
{
    return false;
}

bool
RegistrationModel::CallsDirectly() const
{
    return false;
}

void
RegistrationModel::SetProxyDiscovery(Ptr<ProxyDiscovery> discovery)
{
    m_discovery = discovery;
}

void
RegistrationModel::SetHomeDomain(const std::string& domain)
{
    m_homeDomain = domain;
}

void
RegistrationModel::SetStaticHomeProxy(Ipv4Address proxy, uint16_t port)
{
    m_homeProxy = proxy;
    m_homePort = port;
}

InetSocketAddress
RegistrationModel::StaticHome() const
{
    return InetSocketAddress(m_homeProxy, m_homePort);
}

ProxyDiscovery::DoneCallback
RegistrationModel::MakeDone(ResolveCallback done)
{
    Ptr<RegistrationModel> self(this);
    return ProxyDiscovery::DoneCallback(
        [self, done](bool ok, const std::string& domain, Ipv4Address proxy, uint16_t port,
                     const std::string& method)
        {
            NS_LOG_INFO("discovery of " << domain << ": " << ok << " " << method);
            if (!ok)
            {
                // The static home proxy is the last resort of every model.
                done(self->m_homeProxy != Ipv4Address::GetAny(), "", self->StaticHome());
                return;
            }
            done(true, domain, InetSocketAddress(proxy, port));
        });
}

void
RegistrationModel::DiscoverDomain(const std::string& domain, ResolveCallback done)
{
    if (!m_discovery || domain.empty())
    {
        done(m_homeProxy != Ipv4Address::GetAny(), "", StaticHome());
        return;
    }
    m_discovery->Discover(domain, MakeDone(std::move(done)));
}

} // namespace ns3
