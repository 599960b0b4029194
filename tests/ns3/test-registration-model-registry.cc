// SPDX-License-Identifier: GPL-2.0-only
// The registry of registration models: the one list that the CLI, the loader, the runner, the
// network helper and Python read; models built by TypeId through an ObjectFactory.
#include "mobility/home-registration-model.h"
#include "mobility/outbound-proxy-registration-model.h"
#include "mobility/registration-model-registry.h"
#include "scenario/scenario-loader.h"

#include "ns3/boolean.h"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace ns3;

TEST(RegistrationModelRegistry, ListsBothSeedModelsSorted)
{
    EXPECT_EQ(RegistrationModelRegistry::Names(),
              (std::vector<std::string>{"home-only", "outbound-proxy"}));
    EXPECT_EQ(RegistrationModelRegistry::NamesText(), "home-only, outbound-proxy");
}

TEST(RegistrationModelRegistry, CreatesEachModelByTypeId)
{
    for (const auto& name : RegistrationModelRegistry::Names())
    {
        Ptr<RegistrationModel> model = RegistrationModelRegistry::Create(name);
        ASSERT_TRUE(model) << name;
        EXPECT_EQ(model->GetName(), name);
        EXPECT_EQ(model->GetInstanceTypeId().GetName(),
                  RegistrationModelRegistry::Find(name)->typeId);
    }
    EXPECT_TRUE(DynamicCast<HomeRegistrationModel>(RegistrationModelRegistry::Create("home-only")));
    EXPECT_TRUE(DynamicCast<OutboundProxyRegistrationModel>(
        RegistrationModelRegistry::Create("outbound-proxy")));
}

TEST(RegistrationModelRegistry, OnlyOutboundProxyMakesTheMarshalRelayForeignRegisters)
{
    EXPECT_FALSE(RegistrationModelRegistry::Find("home-only")->marshalRelaysForeignRegister);
    EXPECT_TRUE(RegistrationModelRegistry::Find("outbound-proxy")->marshalRelaysForeignRegister);
}

TEST(RegistrationModelRegistry, FactoryCarriesModelAttributes)
{
    ObjectFactory f = RegistrationModelRegistry::Factory("home-only");
    f.Set("RediscoverOnMove", BooleanValue(true));
    Ptr<RegistrationModel> model = f.Create<RegistrationModel>();
    BooleanValue v;
    model->GetAttribute("RediscoverOnMove", v);
    EXPECT_TRUE(v.Get());
}

TEST(RegistrationModelRegistry, UnknownNameIsRefusedWithTheKnownNames)
{
    EXPECT_EQ(RegistrationModelRegistry::Find("foreign-agent"), nullptr);
    EXPECT_FALSE(RegistrationModelRegistry::Create("foreign-agent"));
    try
    {
        RegistrationModelRegistry::Factory("foreign-agent");
        FAIL() << "no exception";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_STREQ(e.what(), "unknown registration model 'foreign-agent' (expected home-only, "
                               "outbound-proxy)");
    }
}

TEST(RegistrationModelRegistry, SecondRegistrationOfANameIsIgnored)
{
    RegistrationModelInfo dup{"home-only", "ns3::OutboundProxyRegistrationModel", "dup", true};
    EXPECT_FALSE(RegistrationModelRegistry::Add(dup));
    EXPECT_EQ(RegistrationModelRegistry::Find("home-only")->typeId, "ns3::HomeRegistrationModel");
}

TEST(RegistrationModelRegistry, NewModelIsOneRegistrationAway)
{
    // A third model registered at run time is known to the loader at once.
    RegistrationModelInfo third{"home-rediscover", "ns3::HomeRegistrationModel", "test", false};
    ASSERT_TRUE(RegistrationModelRegistry::Add(third));
    EXPECT_NE(RegistrationModelRegistry::NamesText().find("home-rediscover"), std::string::npos);
    TestbedConfig cfg = ScenarioLoader::Load(SIPMOB_SOURCE_DIR "/scenarios/seed-testbed.yaml",
                                             {{"model", "home-rediscover"}});
    EXPECT_EQ(cfg.model, "home-rediscover");
    EXPECT_THROW(ScenarioLoader::Load(SIPMOB_SOURCE_DIR "/scenarios/seed-testbed.yaml",
                                      {{"model", "nonexistent"}}),
                 ScenarioError);
}
