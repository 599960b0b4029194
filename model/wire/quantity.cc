// SPDX-License-Identifier: GPL-2.0-only
#include "wire/quantity.h"

#include <cmath>
#include <cstdlib>
#include <utility>

namespace sipmob
{

namespace
{

/// A unit: its spelling, its dimension and the factor to the base unit.
struct Unit
{
    const char* name;      ///< as written after the number (case-sensitive: "ms" is not "Ms")
    const char* dimension; ///< see Quantity::dimension
    double factor;         ///< value in the base unit of one of this unit
};

/// Every unit understood; decimal prefixes as ns-3's DataRate uses them.
const Unit kUnits[] = {
    {"", "", 1.0},
    {"ns", "time", 1e-9},
    {"us", "time", 1e-6},
    {"ms", "time", 1e-3},
    {"s", "time", 1.0},
    {"min", "time", 60.0},
    {"h", "time", 3600.0},
    {"bps", "rate", 1.0},
    {"kbps", "rate", 1e3},
    {"Kbps", "rate", 1e3},
    {"Mbps", "rate", 1e6},
    {"Gbps", "rate", 1e9},
    {"b/s", "rate", 1.0},
    {"kb/s", "rate", 1e3},
    {"Kb/s", "rate", 1e3},
    {"Mb/s", "rate", 1e6},
    {"Gb/s", "rate", 1e9},
    {"mm", "length", 1e-3},
    {"cm", "length", 1e-2},
    {"m", "length", 1.0},
    {"km", "length", 1e3},
    {"Hz", "frequency", 1.0},
    {"kHz", "frequency", 1e3},
    {"MHz", "frequency", 1e6},
    {"GHz", "frequency", 1e9},
    {"dB", "dB", 1.0},
    {"dBm", "dBm", 1.0},
};

/// @return @p s without leading and trailing blanks
std::string
Trim(const std::string& s)
{
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos)
    {
        return "";
    }
    const auto e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

} // namespace

std::optional<Quantity>
ParseQuantity(const std::string& text)
{
    const std::string t = Trim(text);
    if (t.empty())
    {
        return std::nullopt;
    }
    char* end = nullptr;
    const double number = std::strtod(t.c_str(), &end);
    if (end == t.c_str() || !std::isfinite(number))
    {
        return std::nullopt;
    }
    const std::string unit = Trim(std::string(end));
    for (const auto& u : kUnits)
    {
        if (unit == u.name)
        {
            return Quantity{number * u.factor, u.dimension};
        }
    }
    return std::nullopt;
}

bool
ParameterValueLess(const std::string& a, const std::string& b)
{
    const auto qa = ParseQuantity(a);
    const auto qb = ParseQuantity(b);
    if (qa && qb && qa->dimension == qb->dimension)
    {
        if (qa->value != qb->value)
        {
            return qa->value < qb->value;
        }
        return a < b;
    }
    // Mixed: quantities (grouped by dimension name) before plain texts.
    const auto rank = [](const std::optional<Quantity>& q, const std::string& s)
    { return q ? std::make_pair(0, q->dimension) : std::make_pair(1, s); };
    const auto ra = rank(qa, a);
    const auto rb = rank(qb, b);
    if (ra != rb)
    {
        return ra < rb;
    }
    return a < b;
}

} // namespace sipmob
