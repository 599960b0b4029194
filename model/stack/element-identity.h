// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_ELEMENT_IDENTITY_H
#define SIPMOB_ELEMENT_IDENTITY_H

#include "message/sip-uri.h"

#include "ns3/ipv4-address.h"
#include "ns3/node.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief "Is this me": the names and transport addresses one SIP element answers to.
 *
 * One function for the marshal server, the redirect server and the gateway (through their proxy
 * core), so that they agree on what is local (RFC 3261 §16.4: a Route or Request-URI naming this
 * element; §10.3 step 1: a REGISTER for this registrar's domain). An element is
 *
 * - its transport addresses: every IPv4 address of its node (and 127.0.0.1) with its port
 *   (a URI without a port means 5060, §19.1.2);
 * - its domains (the SIP domain it serves) and host names, case-insensitive (§19.1.4), with no
 *   port or its own port.
 *
 * The domain test (IsLocalDomain) also accepts the element's bare addresses and the configured
 * aliases: a softphone configured with "server = IP" registers `sip:1999@10.1.0.10`, which names
 * user 1999 of that domain, as Kamailio and other registrars treat their own addresses as local.
 */
class ElementIdentity
{
public:
    /// \param node the element's node (its interfaces give the addresses) \param port its port
    void SetTransport(Ptr<Node> node, uint16_t port);
    /// \param domain a SIP domain this element serves (the first one is its canonical domain)
    void AddDomain(const std::string& domain);
    /// \param host a host name or IPv4 address that also names this element's domain (an alias)
    void AddAlias(const std::string& host);

    /// \return the canonical domain ("" when none)
    const std::string& GetDomain() const;
    /// \param host an IPv4 address as text \param port a port (0: 5060) \return true when it is one
    /// of this element's transport addresses
    bool IsOwnAddress(const std::string& host, uint16_t port) const;
    /**
     * \param uri a URI (a Route, a Request-URI)
     * \return true when it is RFC 3261 §19.1.4-equivalent (sipmob::SipUri::Equivalent) to one of
     *         this element's own URIs: `sip:HOST:PORT` and `sip:HOST` (HOST an address of the node
     *         when the port is 5060, or a domain or alias with any port), each also with
     *         `;transport=udp`. A user part, a maddr or another transport is not this element.
     */
    bool IsOwnUri(const sipmob::SipUri& uri) const;
    /// \param host a URI host \return this element's own URIs with that host (empty when the host
    /// does not name it), as IsOwnUri() compares them
    std::vector<sipmob::SipUri> OwnUris(const std::string& host) const;
    /// \param host a URI host \return true when it names a domain of this element (domain, alias or
    /// one of its addresses)
    bool IsLocalDomain(const std::string& host) const;

private:
    /// \param host text \return true when an interface of the node has this IPv4 address
    bool IsNodeAddress(const std::string& host) const;

    Ptr<Node> m_node;                ///< the element's node
    uint16_t m_port = 5060;          ///< its port
    std::string m_domain;            ///< canonical domain (lower case)
    std::set<std::string> m_domains; ///< every domain (lower case)
    std::set<std::string> m_aliases; ///< host names and addresses naming the domain (lower case)
};

} // namespace ns3

#endif
