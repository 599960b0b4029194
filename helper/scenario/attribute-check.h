// SPDX-License-Identifier: GPL-2.0-only
// Checks a text value for an ns-3 attribute before the simulation starts, without letting one of
// ns-3.37's parsers abort the process (issue 12, bad input).
#ifndef SIPMOB_ATTRIBUTE_CHECK_H
#define SIPMOB_ATTRIBUTE_CHECK_H

#include "ns3/type-id.h"

#include <string>

namespace ns3
{

/**
 * Checks a time value the way ns-3's Time(std::string) parses it, which aborts the process on a
 * bad one: a finite number and an optional unit (s, ms, us, ns, ps, fs, min, h, d, y).
 * @return true when ns-3 will accept it
 */
bool IsTimeString(const std::string& text);

/**
 * Why ns-3 would not take @p value for an attribute, without calling a parser that aborts.
 *
 * ns-3.37's text parsers abort the process (NS_ABORT/NS_FATAL_ERROR, or a null dereference)
 * instead of failing on many bad texts, among them (measured on every attribute type of the
 * linked modules): UintegerValue, IntegerValue and DoubleValue when text follows the number
 * (`soon`, `nan`, `1e999`), TimeValue on an unknown unit, PointerValue on anything but a valid
 * `ns3::Type[Name=value|...]` (unknown type, attribute or value), Mac48AddressValue, WifiModeValue,
 * the vector, box and waypoint values and the attribute containers. So the value is first checked
 * here by hand for those types (the same grammar as their parsers: a number read by a stream to
 * its end, IsTimeString, an object factory text checked type by type and attribute by
 * attribute, recursively), and only then given to the attribute's own checker
 * (AttributeChecker::CreateValidValue: parse and range). Value types with no hand check here and
 * not known to fail cleanly are first parsed in a forked child process, so that an abort there
 * becomes an error message. Parsers that accept anything (Ipv4AddressValue takes "soon") get a
 * stricter hand check (dotted quad).
 *
 * @param info the attribute (TypeId::LookupAttributeByName)
 * @param value its text, as in `defaults:` or `--set`
 * @return "" when ns-3 accepts the value, else the reason (one line, no file or key)
 */
std::string AttributeValueProblem(const TypeId::AttributeInformation& info,
                                  const std::string& value);

} // namespace ns3

#endif
