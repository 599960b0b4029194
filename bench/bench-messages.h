// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_BENCH_MESSAGES_H
#define SIPMOB_BENCH_MESSAGES_H

#include <string>

namespace sipmob::bench
{

/// A REGISTER as a UA sends it (~450 octets).
const std::string& RegisterMessage();
/// An INVITE with SDP as a proxy forwards it (~1 KB: two Vias, Route, Record-Route).
const std::string& InviteMessage();

/// Parses the message with libosip2; returns false on failure (baseline).
bool OsipParse(const std::string& data);
/// Parses the message with sofia-sip's msg_make; returns false on failure (baseline).
bool SofiaParse(const std::string& data);

} // namespace sipmob::bench

#endif
