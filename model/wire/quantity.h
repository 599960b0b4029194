// SPDX-License-Identifier: GPL-2.0-only
// Numbers with units as they appear in run parameters ("0.5s", "50ms", "10Mbps", "2km"), so that
// reports and figures sort and plot them by value rather than as text.
#ifndef SIPMOB_QUANTITY_H
#define SIPMOB_QUANTITY_H

#include <optional>
#include <string>

namespace sipmob
{

/// A number converted to its base unit.
struct Quantity
{
    double value = 0;      ///< in the base unit of the dimension
    std::string dimension; ///< "" (plain number), "time" (s), "rate" (bit/s), "length" (m),
                           ///< "frequency" (Hz), "dB", "dBm"
};

/**
 * Parses a number with an optional unit. Time: ns, us, ms, s, min, h (ns-3's Time syntax); rate:
 * bps, kbps, Mbps, Gbps and b/s, kb/s, Mb/s, Gb/s (ns-3's DataRate, decimal prefixes); length: mm,
 * cm, m, km; frequency: Hz, kHz, MHz, GHz; dB and dBm as they are. Surrounding blanks and one
 * blank between number and unit are allowed.
 * @param text e.g. "0.5s", "50 ms", "10Mbps", "1e3"
 * @return the quantity; empty when the text is not a finite number with a known unit
 */
std::optional<Quantity> ParseQuantity(const std::string& text);

/**
 * Orders parameter values: values that are quantities of the same dimension by value (ties by
 * text), numbers before texts, everything else as text. A strict weak order.
 * @return true when @p a sorts before @p b
 */
bool ParameterValueLess(const std::string& a, const std::string& b);

} // namespace sipmob

#endif
