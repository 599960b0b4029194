// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_PARAMS_H
#define SIPMOB_SIP_PARAMS_H

#include <boost/container/small_vector.hpp>

#include <string>
#include <utility>

namespace sipmob
{

/**
 * \brief A parameter list: (name, value) pairs in order, value "" for a flag (RFC 3261 25.1
 * generic-param, uri-parameter, header; Digest auth-param).
 *
 * A vector whose first two pairs live inside the list itself: a Via usually carries two or three
 * parameters (branch, rport, received), a name-addr one or two (tag, expires), a URI one or two
 * (lr, transport), so the typed values built from a parsed message mostly allocate no list
 * (bench/README.md, "bench-parse"). It has std::vector's interface (begin/end, size, empty,
 * emplace_back, erase, ==, ...).
 */
using SipParams = boost::container::small_vector<std::pair<std::string, std::string>, 2>;

} // namespace sipmob

#endif
