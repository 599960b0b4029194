// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_TRUSTED_PEERS_H
#define SIPMOB_TRUSTED_PEERS_H

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"

#include <cstdint>
#include <set>
#include <string>
#include <utility>

namespace ns3
{

/**
 * \brief The sources an element accepts requests from (a trust boundary, doc/security.md):
 *        IPv4 addresses, each with a port or any port.
 *
 * Used by the marshal server (its gateways), the redirect server (its marshal server) and the
 * gateway (its marshal server and its peer gateway). An entry's port 0 means any port.
 */
class TrustedPeers
{
public:
    /// \param address a trusted address \param port its port (0: any)
    void Add(Ipv4Address address, uint16_t port = 0);
    /**
     * \brief Add the entries of a list.
     * \param list comma-separated `a.b.c.d` or `a.b.c.d:port` (spaces ignored)
     * \param[out] error the first bad entry, quoted, when false is returned
     * \return false when an entry is not an IPv4 address with an optional port 1-65535
     */
    bool AddList(const std::string& list, std::string& error);
    /// \param from a source \return true when an entry matches its address and port
    bool Contains(const InetSocketAddress& from) const;
    /// \return true when no entry was added
    bool IsEmpty() const;
    /// \return the entries as `a.b.c.d[:port]`, comma-separated (for logs and errors)
    std::string ToString() const;

private:
    std::set<std::pair<uint32_t, uint16_t>> m_entries; ///< (address, port or 0)
};

} // namespace ns3

#endif
