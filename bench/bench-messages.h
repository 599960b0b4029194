// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_BENCH_MESSAGES_H
#define SIPMOB_BENCH_MESSAGES_H

#include <cstddef>
#include <string>

namespace sipmob::bench
{

/// A REGISTER as a UA sends it (~450 octets).
const std::string& RegisterMessage();
/// An INVITE with SDP as a proxy forwards it (~1 KB: two Vias, Route, Record-Route).
const std::string& InviteMessage();

/**
 * \brief What each library reads in the "in use" mode (what a proxy needs of a request), filled
 *        once outside the timed loop so that main() can check that all three did the same work.
 */
struct UseFields
{
    std::size_t vias = 0;       ///< Via values read (each: host, port, branch)
    std::string topBranch;      ///< branch of the top Via
    std::string fromUser;       ///< From URI user
    std::string fromTag;        ///< From tag
    std::string toHost;         ///< To URI host
    unsigned long cseq = 0;     ///< CSeq number
    std::string cseqMethod;     ///< CSeq method
    std::string callId;         ///< Call-ID
    std::size_t contacts = 0;   ///< Contact values read (each: user, host, port)
    std::string contactHost;    ///< first Contact URI host
    long maxForwards = -1;      ///< Max-Forwards as a number
    std::size_t serialized = 0; ///< octets of the serialized message
};

/**
 * \brief "In use": parse, read the typed values of Via (all), From, To, CSeq, Call-ID, Contact
 *        (all) and Max-Forwards, then serialize the message into one contiguous buffer.
 * \param data the datagram
 * \param out receives what was read (nullptr in the timed loop)
 * \return a checksum of what was read (0 on a parse failure)
 */
std::size_t OsipUse(const std::string& data, UseFields* out);
/// \copydoc OsipUse
std::size_t SofiaUse(const std::string& data, UseFields* out);

/// Parses the message with libosip2; returns false on failure (baseline).
bool OsipParse(const std::string& data);
/// Parses the message with sofia-sip's msg_make; returns false on failure (baseline).
bool SofiaParse(const std::string& data);

} // namespace sipmob::bench

#endif
