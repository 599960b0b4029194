// SPDX-License-Identifier: GPL-2.0-only
#include "ua/sip-call.h"

#include <array>

namespace ns3
{

namespace
{
/// CallState names, in enum order: the strings of the CallState trace and the logs.
const std::array<std::string, 9> kCallStateNames{"idle",       "calling",     "incoming",
                                                 "ringing",    "answered",    "confirmed",
                                                 "cancelling", "terminating", "terminated"};

/// InviteSession::State (in enum order) -> CallState.
constexpr std::array<CallState, 9> kFromSession{
    CallState::Idle,        // Null
    CallState::Calling,     // Calling
    CallState::Incoming,    // Incoming
    CallState::Ringing,     // Early
    CallState::Answered,    // Connecting
    CallState::Confirmed,   // Confirmed
    CallState::Cancelling,  // Cancelling
    CallState::Terminating, // Terminating
    CallState::Terminated,  // Disconnected
};
} // namespace

const std::string&
ToString(CallState state)
{
    return kCallStateNames.at(static_cast<std::size_t>(state));
}

CallState
CallStateOf(InviteSession::State state)
{
    return kFromSession.at(static_cast<std::size_t>(state));
}

} // namespace ns3
