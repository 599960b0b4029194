// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_TRANSACTION_TIMERS_H
#define SIPMOB_TRANSACTION_TIMERS_H

#include <chrono>
#include <cstdint>
#include <string>

namespace sipmob
{

/// Duration type of the transaction layer; the ns-3 adapter converts it to ns3::Time.
using TxDuration = std::chrono::milliseconds;

/// Names of the RFC 3261 section 17 timers (plus RFC 6026 L and M, and the 100 Trying delay).
enum class TimerName : uint8_t
{
    A,      ///< INVITE request retransmission (client, unreliable transport)
    B,      ///< INVITE transaction timeout (client)
    D,      ///< wait time for response retransmissions in Completed (INVITE client)
    E,      ///< non-INVITE request retransmission (client, unreliable transport)
    F,      ///< non-INVITE transaction timeout (client)
    G,      ///< INVITE final response retransmission (server, unreliable transport)
    H,      ///< wait time for ACK receipt (INVITE server)
    I,      ///< wait time for ACK retransmissions in Confirmed (INVITE server)
    J,      ///< wait time for request retransmissions in Completed (non-INVITE server)
    K,      ///< wait time for response retransmissions in Completed (non-INVITE client)
    L,      ///< RFC 6026: wait time for INVITE retransmissions in Accepted (INVITE server)
    M,      ///< RFC 6026: wait time for 2xx retransmissions in Accepted (INVITE client)
    Trying, ///< INVITE server: send 100 Trying if the TU has not answered by then
};

/// \return the timer's name ("A" ... "M", "Trying").
std::string TimerNameToString(TimerName name);

/**
 * Base timer values of RFC 3261 section 17.1.1.1 and the derived timers (table 4).
 * All are configurable so that scenarios can explore non-default values.
 */
struct TransactionTimers
{
    TxDuration t1{500};  ///< RTT estimate
    TxDuration t2{4000}; ///< maximum retransmit interval for non-INVITE requests / INVITE responses
    TxDuration t4{5000}; ///< maximum duration a message remains in the network
    TxDuration d{32000}; ///< Timer D on unreliable transports (RFC 3261: at least 32 s)
    TxDuration trying{200}; ///< INVITE server: delay before the transaction sends 100 Trying itself

    /// \return 64*T1, the value of Timers B, F, H, J, L and M.
    TxDuration SixtyFourT1() const
    {
        return 64 * t1;
    }
};

} // namespace sipmob

#endif // SIPMOB_TRANSACTION_TIMERS_H
