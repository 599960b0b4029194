// SPDX-License-Identifier: GPL-2.0-only
#include "access/station-rates.h"

#include "ns3/wifi-phy.h"
#include "ns3/wifi-remote-station-manager.h"

namespace ns3
{

SupportedRates
StationRates::Offered(Ptr<WifiPhy> phy)
{
    SupportedRates rates;
    for (const auto& mode : phy->GetModeList())
    {
        rates.AddSupportedRate(mode.GetDataRate(phy->GetChannelWidth()));
    }
    return rates;
}

CapabilityInformation
StationRates::Capabilities(Ptr<WifiPhy> phy, bool erp, bool shortSlot)
{
    CapabilityInformation capability;
    capability.SetShortPreamble(phy->GetShortPhyPreambleSupported() || erp);
    capability.SetShortSlotTime(shortSlot && erp);
    return capability;
}

void
StationRates::LearnFromAp(Ptr<WifiPhy> phy, Ptr<WifiRemoteStationManager> manager, Mac48Address ap,
                          const SupportedRates& rates, const CapabilityInformation& capability)
{
    for (const auto& mode : phy->GetModeList())
    {
        uint64_t rate = mode.GetDataRate(phy->GetChannelWidth());
        if (rates.IsSupportedRate(rate))
        {
            manager->AddSupportedMode(ap, mode);
            if (rates.IsBasicRate(rate))
            {
                manager->AddBasicMode(mode);
            }
        }
    }
    manager->SetShortPreambleEnabled(capability.IsShortPreamble());
    manager->SetShortSlotTimeEnabled(capability.IsShortSlotTime());
}

} // namespace ns3
