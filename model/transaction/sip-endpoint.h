// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_ENDPOINT_H
#define SIPMOB_SIP_ENDPOINT_H

#include <cstdint>
#include <string>
#include <tuple>

namespace sipmob
{

/**
 * A transport address as the transaction layer sees it: opaque host text, port and transport name.
 * The transport adapter maps it to and from socket addresses.
 */
struct SipEndpoint
{
    std::string host;              ///< IP address or name, as text
    uint16_t port = 0;             ///< port (0: transport default)
    std::string transport = "UDP"; ///< "UDP", "TCP", ...

    /// \return "transport:host:port".
    std::string ToString() const
    {
        return transport + ":" + host + ":" + std::to_string(port);
    }

    /// \return true when all fields are equal.
    bool operator==(const SipEndpoint& o) const
    {
        return std::tie(host, port, transport) == std::tie(o.host, o.port, o.transport);
    }
};

} // namespace sipmob

#endif // SIPMOB_SIP_ENDPOINT_H
