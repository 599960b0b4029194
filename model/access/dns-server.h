// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_DNS_SERVER_H
#define SIPMOB_DNS_SERVER_H

#include "wire/dns-message.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * An authoritative DNS server (UDP) for A and SRV records added through the API.
 *
 * Answers A and SRV queries; SRV answers carry the targets' A records in the additional section.
 * Unknown names get NXDOMAIN, malformed queries FORMERR, opcodes other than QUERY get NOTIMP.
 * Responses are sent after the "ProcessingDelay" attribute.
 */
class DnsServer : public Application
{
public:
    /// @return the TypeId
    static TypeId GetTypeId();
    DnsServer();
    ~DnsServer() override;

    /**
     * Add an A record to the zone.
     * @param name owner name (case-insensitive, trailing dot optional)
     * @param address IPv4 address
     * @param ttl time to live in seconds
     */
    void AddARecord(const std::string& name, Ipv4Address address, uint32_t ttl = 3600);

    /**
     * Add an SRV record to the zone (RFC 2782).
     * @param name owner name, e.g. "_sip._udp.net1.example.org"
     * @param priority lower is preferred
     * @param weight relative weight among equal priority
     * @param port service port
     * @param target target host name
     * @param ttl time to live in seconds
     */
    void AddSrvRecord(const std::string& name, uint16_t priority, uint16_t weight, uint16_t port,
                      const std::string& target, uint32_t ttl = 3600);

    /// Remove every record.
    void ClearRecords();

    /**
     * Build the response to a raw query (no I/O; also used by the socket path).
     * @param query bytes received
     * @param response receives the response bytes
     * @return false when nothing should be sent (too short for a header, or a response)
     */
    bool HandleQuery(const std::vector<uint8_t>& query, std::vector<uint8_t>& response);

    /// Trace signature: a DNS message and the peer address.
    typedef void (*MessageTracedCallback)(const sipmob::DnsMessage& message, const Address& peer);

private:
    void StartApplication() override;
    void StopApplication() override;
    void DoDispose() override;
    void HandleRead(Ptr<Socket> socket);
    void Send(std::vector<uint8_t> bytes, sipmob::DnsMessage response, Address to);
    void Answer(const sipmob::DnsQuestion& question, sipmob::DnsMessage& response) const;

    uint16_t m_port;                  ///< UDP port to listen on
    Time m_delay;                     ///< per-response processing delay
    Time m_jitter;                    ///< upper bound of the random part of the delay
    Ptr<UniformRandomVariable> m_rng; ///< random part (created on first use)
    Ptr<Socket> m_socket;             ///< listening socket
    std::map<std::string, std::vector<sipmob::DnsResourceRecord>> m_zone; ///< canonical name -> RRs

    TracedCallback<const sipmob::DnsMessage&, const Address&> m_queryTrace;    ///< QueryReceived
    TracedCallback<const sipmob::DnsMessage&, const Address&> m_responseTrace; ///< ResponseSent
};

} // namespace ns3

#endif // SIPMOB_DNS_SERVER_H
