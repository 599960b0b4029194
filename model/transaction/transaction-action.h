// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_TRANSACTION_ACTION_H
#define SIPMOB_TRANSACTION_ACTION_H

#include "message/sip-message.h"
#include "transaction/sip-endpoint.h"
#include "transaction/transaction-key.h"
#include "transaction/transaction-timers.h"

#include <optional>
#include <string>
#include <vector>

namespace sipmob
{

/// What the caller of the sans-IO transaction layer must do.
enum class TxActionKind : uint8_t
{
    Send,         ///< serialize `message` and send it to `endpoint`
    StartTimer,   ///< (re)start timer (`key`, `timer`) to fire after `duration`
    CancelTimer,  ///< cancel timer (`key`, `timer`)
    DeliverToTu,  ///< pass `message` (received from `endpoint`) to the TU, within transaction `key`
    DeliverStray, ///< pass `message` to the TU; it matched no transaction (`key` is empty)
    Timeout,      ///< report a timeout (`timer` B, F or H) of transaction `key` to the TU
    TransportError, ///< report a transport error of transaction `key` to the TU
    Terminated,     ///< transaction `key` is terminated and forgotten; its timers are cancelled
    /// `message` (from `endpoint`) was dropped: a response that matched client transaction
    /// `key` by branch but came from another address or port than the request was sent to
    Discarded,
};

/// \return the kind's name ("Send", "StartTimer", ...).
std::string TxActionKindToString(TxActionKind kind);

/// One output of the transaction layer. Fields not relevant to `kind` keep their defaults.
struct TransactionAction
{
    TxActionKind kind = TxActionKind::Send; ///< what to do
    TransactionKey key;                     ///< the transaction concerned (empty for stray)
    TimerName timer = TimerName::A;         ///< StartTimer, CancelTimer, Timeout
    TxDuration duration{0};                 ///< StartTimer
    std::optional<SipMessage> message;      ///< Send, DeliverToTu, DeliverStray
    SipEndpoint endpoint;                   ///< Send: destination; Deliver*: source

    /// \return a one-line description, e.g. "StartTimer E 1000ms" (for logs and test failures).
    std::string ToString() const;
};

/// The actions produced by one input, in the order they must be executed.
using TransactionActions = std::vector<TransactionAction>;

} // namespace sipmob

#endif // SIPMOB_TRANSACTION_ACTION_H
