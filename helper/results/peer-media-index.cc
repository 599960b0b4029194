// SPDX-License-Identifier: GPL-2.0-only
#include "results/peer-media-index.h"

namespace ns3
{

void
PeerMediaIndex::AddLease(Ipv4Address address, const std::string& mobile,
                         Ptr<HandoffMonitor> monitor)
{
    std::vector<Entry>& entries = m_bySource[address];
    for (const Entry& e : entries)
    {
        if (e.monitor == monitor)
        {
            return; // the same mobile leased it again
        }
    }
    entries.push_back({mobile, monitor});
}

void
PeerMediaIndex::OnMediaRx(const std::string& receiver, const std::string& callId, Ipv4Address from,
                          Ipv4Address local, uint16_t seq) const
{
    auto it = m_bySource.find(from);
    if (it == m_bySource.end())
    {
        return;
    }
    for (const Entry& e : it->second)
    {
        if (e.mobile != receiver)
        {
            e.monitor->OnPeerMediaRx(callId, from, local, seq);
        }
    }
}

void
PeerMediaIndex::Clear()
{
    m_bySource.clear();
}

} // namespace ns3
