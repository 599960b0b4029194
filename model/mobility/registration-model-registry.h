// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_REGISTRATION_MODEL_REGISTRY_H
#define SIPMOB_REGISTRATION_MODEL_REGISTRY_H

#include "mobility/registration-model.h"

#include "ns3/object-factory.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief What the rest of the testbed needs to know of one registration model.
 *
 * A model registers itself once, from its own .cc file (SIPMOB_REGISTRATION_MODEL), so a new model
 * is one new file pair: the CLI, the scenario loader, the runner, the network helper and the
 * Python module all read this registry (doc/architecture.md, "A new registration model").
 */
struct RegistrationModelInfo
{
    std::string name;        ///< name in scenarios, on the command line and in records
    std::string typeId;      ///< ns-3 TypeId name of the RegistrationModel subclass
    std::string description; ///< one line for --help and the docs
    /// Whether a marshal server relays REGISTERs of foreign users home (the Outbound-Proxy-
    /// Intercept behaviour); sets MarshalServer::AllowForeignRegister in the networks.
    bool marshalRelaysForeignRegister = false;
};

/**
 * \brief The one list of registration models, filled at load time by the models themselves.
 */
class RegistrationModelRegistry
{
public:
    /**
     * \brief Add a model (called from a static initialiser in the model's .cc file).
     * \param info the model; a second model of the same name replaces nothing and returns false
     * \return whether it was added
     */
    static bool Add(const RegistrationModelInfo& info);
    /**
     * \param name a model name
     * \return the model's entry, or null for an unknown name
     */
    static const RegistrationModelInfo* Find(const std::string& name);
    /// \return every model name, sorted
    static std::vector<std::string> Names();
    /// \return the names joined for messages: "home-only, outbound-proxy"
    static std::string NamesText();
    /**
     * \brief A factory for a model, as WifiHelper::SetRemoteStationManager keeps one.
     * \param name a model name
     * \return the factory with the model's TypeId set
     * \throws std::invalid_argument for an unknown name (the message lists the known ones)
     */
    static ObjectFactory Factory(const std::string& name);
    /**
     * \brief Build a model by name.
     * \param name a model name
     * \return the model, or null for an unknown name
     */
    static Ptr<RegistrationModel> Create(const std::string& name);

private:
    /// \return the registry's storage (a function-local static: safe whatever the load order)
    static std::vector<RegistrationModelInfo>& Entries();
};

} // namespace ns3

/// Registers a RegistrationModel subclass under a name; use once at namespace scope in its .cc.
#define SIPMOB_REGISTRATION_MODEL(var, ...)                                                        \
    static const bool var =                                                                        \
        ::ns3::RegistrationModelRegistry::Add(::ns3::RegistrationModelInfo{__VA_ARGS__})

#endif
