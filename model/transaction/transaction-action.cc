// SPDX-License-Identifier: GPL-2.0-only
#include "transaction/transaction-action.h"

#include <array>

namespace sipmob
{

std::string
TxActionKindToString(TxActionKind kind)
{
    static const std::array<const char*, 9> kNames = {
        "Send",    "StartTimer",     "CancelTimer", "DeliverToTu", "DeliverStray",
        "Timeout", "TransportError", "Terminated",  "Discarded"};
    const auto i = static_cast<std::size_t>(kind);
    return i < kNames.size() ? kNames[i] : "?";
}

std::string
TransactionAction::ToString() const
{
    std::string s = TxActionKindToString(kind);
    switch (kind)
    {
    case TxActionKind::StartTimer:
        return s + " " + TimerNameToString(timer) + " " + std::to_string(duration.count()) + "ms";
    case TxActionKind::CancelTimer:
    case TxActionKind::Timeout:
        return s + " " + TimerNameToString(timer);
    default:
        break;
    }
    if (message)
    {
        s += message->IsRequest() ? " " + message->GetMethod()
                                  : " " + std::to_string(message->GetStatusCode());
    }
    return s;
}

} // namespace sipmob
