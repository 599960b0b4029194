// SPDX-License-Identifier: GPL-2.0-only
#include "stack/trusted-peers.h"
#include "stack/ipv4-text.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>

namespace ns3
{

void
TrustedPeers::Add(Ipv4Address address, uint16_t port)
{
    m_entries.insert({address.Get(), port});
}

bool
TrustedPeers::AddList(const std::string& list, std::string& error)
{
    std::stringstream in(list);
    for (std::string item; std::getline(in, item, ',');)
    {
        item.erase(std::remove(item.begin(), item.end(), ' '), item.end());
        if (item.empty())
        {
            continue;
        }
        std::string host = item.substr(0, item.find(':'));
        long port = 0;
        if (host.size() < item.size())
        {
            std::string digits = item.substr(host.size() + 1);
            char* end = nullptr;
            port = std::strtol(digits.c_str(), &end, 10);
            if (digits.empty() || *end != '\0' || port < 1 || port > 65535)
            {
                error = "'" + item + "': port must be 1-65535";
                return false;
            }
        }
        in_addr parsed{};
        if (inet_pton(AF_INET, host.c_str(), &parsed) != 1)
        {
            error = "'" + item + "': not an IPv4 address";
            return false;
        }
        Add(Ipv4Address(host.c_str()), static_cast<uint16_t>(port));
    }
    return true;
}

bool
TrustedPeers::Contains(const InetSocketAddress& from) const
{
    uint32_t address = from.GetIpv4().Get();
    return m_entries.count({address, from.GetPort()}) > 0 || m_entries.count({address, 0}) > 0;
}

bool
TrustedPeers::IsEmpty() const
{
    return m_entries.empty();
}

std::string
TrustedPeers::ToString() const
{
    std::string out;
    for (const auto& [address, port] : m_entries)
    {
        out += (out.empty() ? "" : ",") + Ipv4Text(Ipv4Address(address)) +
               (port != 0 ? ":" + std::to_string(port) : "");
    }
    return out;
}

} // namespace ns3
