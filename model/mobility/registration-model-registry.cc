// SPDX-License-Identifier: GPL-2.0-only
#include "mobility/registration-model-registry.h"

#include <algorithm>
#include <stdexcept>

namespace ns3
{

std::vector<RegistrationModelInfo>&
RegistrationModelRegistry::Entries()
{
    static std::vector<RegistrationModelInfo> entries;
    return entries;
}

bool
RegistrationModelRegistry::Add(const RegistrationModelInfo& info)
{
    if (Find(info.name))
    {
        return false;
    }
    Entries().push_back(info);
    return true;
}

const RegistrationModelInfo*
RegistrationModelRegistry::Find(const std::string& name)
{
    const auto& entries = Entries();
    auto it = std::find_if(entries.begin(), entries.end(),
                           [&name](const RegistrationModelInfo& e) { return e.name == name; });
    return it == entries.end() ? nullptr : &*it;
}

std::vector<std::string>
RegistrationModelRegistry::Names()
{
    std::vector<std::string> names;
    for (const auto& e : Entries())
    {
        names.push_back(e.name);
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string
RegistrationModelRegistry::NamesText()
{
    std::string text;
    for (const auto& n : Names())
    {
        text += (text.empty() ? "" : ", ") + n;
    }
    return text;
}

ObjectFactory
RegistrationModelRegistry::Factory(const std::string& name)
{
    const RegistrationModelInfo* info = Find(name);
    if (!info)
    {
        throw std::invalid_argument("unknown registration model '" + name + "' (expected " +
                                    NamesText() + ")");
    }
    ObjectFactory factory;
    factory.SetTypeId(info->typeId);
    return factory;
}

Ptr<RegistrationModel>
RegistrationModelRegistry::Create(const std::string& name)
{
    if (!Find(name))
    {
        return nullptr;
    }
    return Factory(name).Create<RegistrationModel>();
}

} // namespace ns3
