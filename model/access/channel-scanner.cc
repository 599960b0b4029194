// SPDX-License-Identifier: GPL-2.0-only
#include "access/channel-scanner.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ChannelScanner");

namespace
{
/// Highest 2.4 GHz channel number (IEEE 802.11-2020 §15.4.4.3: channels 1-14)
constexpr unsigned kMaxChannel = 14;
} // namespace

std::string
ChannelScanner::ParseChannelList(const std::string& text, std::vector<uint8_t>* channels)
{
    std::vector<uint8_t> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
    {
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (item.empty() || item.size() > 2 ||
            !std::all_of(item.begin(), item.end(), [](char c) { return c >= '0' && c <= '9'; }))
        {
            return "'" + item + "' is not a channel number (1-" + std::to_string(kMaxChannel) + ")";
        }
        unsigned ch = std::stoul(item);
        if (ch < 1 || ch > kMaxChannel)
        {
            return "channel " + item + " is outside 1-" + std::to_string(kMaxChannel);
        }
        if (std::find(out.begin(), out.end(), ch) != out.end())
        {
            return "channel " + item + " is listed twice";
        }
        out.push_back(static_cast<uint8_t>(ch));
    }
    if (!text.empty() && text.back() == ',')
    {
        return "trailing comma";
    }
    *channels = out;
    return "";
}

std::string
ChannelScanner::CheckChannelList(const std::vector<uint8_t>& channels)
{
    for (auto it = channels.begin(); it != channels.end(); ++it)
    {
        if (*it < 1 || *it > kMaxChannel)
        {
            return "channel " + std::to_string(*it) + " is outside 1-" +
                   std::to_string(kMaxChannel);
        }
        if (std::find(channels.begin(), it, *it) != it)
        {
            return "channel " + std::to_string(*it) + " is listed twice";
        }
    }
    return "";
}

std::string
ChannelScanner::FormatChannelList(const std::vector<uint8_t>& channels)
{
    std::string text;
    for (uint8_t ch : channels)
    {
        text += (text.empty() ? "" : ",") + std::to_string(ch);
    }
    return text;
}

std::string
ChannelScanner::SetChannels(const std::vector<uint8_t>& channels)
{
    std::string error = CheckChannelList(channels);
    if (error.empty())
    {
        m_channels = channels;
    }
    return error;
}

const std::vector<uint8_t>&
ChannelScanner::GetChannels() const
{
    return m_channels;
}

void
ChannelScanner::SetCallbacks(TuneCallback tune, ProbeCallback probe, DoneCallback done)
{
    m_tune = tune;
    m_probe = probe;
    m_done = done;
}

void
ChannelScanner::Start(uint8_t current, const Timing& timing)
{
    NS_LOG_FUNCTION(this << +current);
    Stop();
    m_timing = timing;
    m_candidates.clear();
    m_start = Simulator::Now();
    m_end = m_start;
    m_order = m_channels;
    if (m_order.empty())
    {
        m_order.push_back(current);
    }
    DwellOn(0);
}

void
ChannelScanner::Stop()
{
    m_dwellTimer.Cancel();
    m_probeEvent.Cancel();
}

void
ChannelScanner::DwellOn(std::size_t index)
{
    NS_LOG_FUNCTION(this << index);
    m_tune(m_order[index]);
    m_received = false;
    if (!m_timing.active)
    {
        m_dwellTimer =
            Simulator::Schedule(m_timing.passiveDwell, &ChannelScanner::EndDwell, this, index);
        return;
    }
    Time delay = MicroSeconds(m_timing.probeDelay->GetValue());
    m_probeEvent = Simulator::Schedule(delay, &ChannelScanner::SendProbe, this);
    if (m_timing.minChannelTime.IsStrictlyPositive() &&
        m_timing.minChannelTime < m_timing.maxChannelTime)
    {
        m_dwellTimer = Simulator::Schedule(delay + m_timing.minChannelTime,
                                           &ChannelScanner::CheckQuiet, this, index);
        return;
    }
    m_dwellTimer = Simulator::Schedule(delay + m_timing.maxChannelTime, &ChannelScanner::EndDwell,
                                       this, index);
}

void
ChannelScanner::SendProbe()
{
    m_probe();
}

void
ChannelScanner::CheckQuiet(std::size_t index)
{
    if (!m_received)
    {
        NS_LOG_DEBUG("channel " << +m_order[index] << " quiet after MinChannelTime");
        EndDwell(index);
        return;
    }
    m_dwellTimer = Simulator::Schedule(m_timing.maxChannelTime - m_timing.minChannelTime,
                                       &ChannelScanner::EndDwell, this, index);
}

void
ChannelScanner::EndDwell(std::size_t index)
{
    NS_LOG_FUNCTION(this << index);
    if (index + 1 < m_order.size())
    {
        DwellOn(index + 1);
        return;
    }
    m_end = Simulator::Now();
    m_done();
}

void
ChannelScanner::NoteFrameReceived()
{
    m_received = true;
}

ScanCandidate*
ChannelScanner::Find(Mac48Address bssid)
{
    auto it = std::find_if(m_candidates.begin(), m_candidates.end(),
                           [&](const ScanCandidate& c) { return c.bssid == bssid; });
    return it == m_candidates.end() ? nullptr : &*it;
}

void
ChannelScanner::Hear(const ScanCandidate& heard)
{
    ScanCandidate* c = Find(heard.bssid);
    if (!c)
    {
        m_candidates.push_back(heard);
        m_candidates.back().refused = false;
        return;
    }
    bool refused = c->refused;
    *c = heard;
    c->refused = refused;
}

const ScanCandidate*
ChannelScanner::Best() const
{
    const ScanCandidate* best = nullptr;
    for (const auto& c : m_candidates)
    {
        if (!c.refused && (!best || c.snr > best->snr))
        {
            best = &c;
        }
    }
    return best;
}

void
ChannelScanner::Refuse(Mac48Address bssid)
{
    if (ScanCandidate* c = Find(bssid))
    {
        c->refused = true;
    }
}

uint32_t
ChannelScanner::GetChannelsScanned() const
{
    return static_cast<uint32_t>(m_order.size());
}

uint32_t
ChannelScanner::GetCandidates() const
{
    return static_cast<uint32_t>(m_candidates.size());
}

Time
ChannelScanner::GetDuration() const
{
    return m_end - m_start;
}

} // namespace ns3
