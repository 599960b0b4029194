// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_DNS_RESOLVER_H
#define SIPMOB_DNS_RESOLVER_H

#include "wire/dns-message.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

/// Outcome of a DnsResolver lookup.
struct DnsResolveResult
{
    /// Error kinds.
    enum Error
    {
        NONE,        ///< success
        TIMEOUT,     ///< no response after all retries
        NXDOMAIN,    ///< the name does not exist
        SERVFAIL,    ///< server failure
        FORMERR,     ///< server said the query was malformed
        REFUSED,     ///< refused, not implemented or any other RCODE
        NODATA,      ///< the name exists but has no record of this type (or SRV target ".")
        BAD_RESPONSE ///< the response could not be decoded
    };

    Error error{NONE};                              ///< NONE on success
    std::string name;                               ///< the name asked for
    std::vector<sipmob::DnsResourceRecord> records; ///< answer records (A or SRV)
    std::vector<sipmob::DnsSrvData> srvOrder; ///< SRV: all targets in RFC 2782 selection order
    std::string target;                       ///< SRV: the selected target host (A: the name)
    Ipv4Address address; ///< the selected target's (or the name's) IPv4 address
    uint16_t port{0};    ///< SRV: the selected port

    /// @return true on success
    bool Ok() const
    {
        return error == NONE;
    }

    /// @return a short name of an error kind ("timeout", "nxdomain", ...)
    static const char* ErrorName(Error error);
};

/**
 * A stub DNS resolver on a node: A and SRV lookups over UDP with timeout and retries.
 *
 * SRV answers are ordered as RFC 2782 says (lowest priority first, weighted random among equal
 * priority, using the "SrvRandom" stream so runs are reproducible), and the first target's A
 * record is taken from the additional section or fetched with a follow-up A query.
 * It never sends while the node has no usable IPv4 address; an attempt made then just waits
 * for its timeout. Call Rebind() after the node's address changes.
 */
class DnsResolver : public Object
{
public:
    /// Callback type receiving the outcome of one lookup.
    typedef Callback<void, const DnsResolveResult&> ResolveCallback;

    /// @return the TypeId
    static TypeId GetTypeId();
    DnsResolver();
    ~DnsResolver() override;

    /// @param node the node to send from (also taken from aggregation if not set)
    void SetNode(Ptr<Node> node);
    /// @return the node
    Ptr<Node> GetNode() const;

    /**
     * Look up the A record of @p name.
     * @param name host name
     * @param cb called once with the outcome
     */
    void ResolveA(const std::string& name, ResolveCallback cb);

    /**
     * Look up SRV records of @p name (e.g. "_sip._udp.net1.example.org") and the selected
     * target's IPv4 address.
     * @param name service name
     * @param cb called once with the outcome
     */
    void ResolveSrv(const std::string& name, ResolveCallback cb);

    /// Close and re-create the socket, bound to the node's current IPv4 address.
    void Rebind();

    /// @return number of lookups in progress
    std::size_t GetPendingCount() const;

    /**
     * Assign a fixed stream number to the random variables used.
     * @param stream first stream number
     * @return number of streams used (2)
     */
    int64_t AssignStreams(int64_t stream);

    /// Trace signature: query name, type, attempt number (0 = first), sent (false = no address).
    typedef void (*QueryTracedCallback)(const std::string& name, uint16_t type, uint32_t attempt,
                                        bool sent);
    /// Trace signature: outcome of a lookup.
    typedef void (*ResultTracedCallback)(const DnsResolveResult& result);

private:
    /// One outstanding query.
    struct Pending
    {
        std::string name;    ///< name asked
        uint16_t type{0};    ///< QTYPE
        uint32_t attempt{0}; ///< attempts made so far minus one
        EventId timer;       ///< retransmission / final timeout
        ResolveCallback cb;  ///< user callback
    };

    void DoDispose() override;
    void NotifyNewAggregate() override;
    void StartQuery(const std::string& name, uint16_t type, ResolveCallback cb);
    void Transmit(uint16_t id);
    void HandleTimeout(uint16_t id);
    void HandleRead(Ptr<Socket> socket);
    void HandleResponse(const sipmob::DnsMessage& msg);
    void Finish(uint16_t id, DnsResolveResult result);
    void CompleteSrv(DnsResolveResult result, const sipmob::DnsMessage& msg, ResolveCallback cb);
    std::vector<sipmob::DnsSrvData> OrderSrv(std::vector<sipmob::DnsSrvData> records);
    uint16_t NextId();

    Ptr<Node> m_node;                      ///< node sending queries
    Ptr<Socket> m_socket;                  ///< UDP socket (null until first use / after dispose)
    Ipv4Address m_server;                  ///< DNS server address
    uint16_t m_serverPort;                 ///< DNS server port
    Time m_timeout;                        ///< per-attempt timeout
    uint32_t m_retries;                    ///< retransmissions after the first attempt
    Ptr<RandomVariableStream> m_srvRandom; ///< RFC 2782 weighted selection
    Ptr<UniformRandomVariable> m_idRandom; ///< query id start
    uint16_t m_nextId;                     ///< next query id
    bool m_idInitialised;                  ///< m_nextId drawn yet
    std::map<uint16_t, Pending> m_pending; ///< outstanding queries by id

    TracedCallback<const std::string&, uint16_t, uint32_t, bool> m_queryTrace; ///< Query
    TracedCallback<const DnsResolveResult&> m_resultTrace;                     ///< Result
};

} // namespace ns3

#endif // SIPMOB_DNS_RESOLVER_H
