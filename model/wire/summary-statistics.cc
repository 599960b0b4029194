// SPDX-License-Identifier: GPL-2.0-only
#include "wire/summary-statistics.h"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace sipmob
{

namespace
{

const double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Boost.Math policy: a domain error returns NaN instead of throwing (the arguments are checked
/// before, this is the safety net).
using NanPolicy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::ignore_error>,
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>>;

/// Student's t distribution with that policy.
using StudentT = boost::math::students_t_distribution<double, NanPolicy>;

} // namespace

double
SummaryStatistics::StudentTCdf(double t, double dof)
{
    if (!(dof > 0) || std::isnan(t))
    {
        return kNaN;
    }
    return boost::math::cdf(StudentT(dof), t);
}

double
SummaryStatistics::StudentTQuantile(double p, double dof)
{
    if (!(p > 0.0 && p < 1.0) || !(dof > 0))
    {
        return kNaN;
    }
    return boost::math::quantile(StudentT(dof), p);
}

double
SummaryStatistics::Quantile(std::vector<double> sorted, double p)
{
    sorted.erase(
        std::remove_if(sorted.begin(), sorted.end(), [](double v) { return std::isnan(v); }),
        sorted.end());
    if (sorted.empty() || !(p >= 0.0 && p <= 1.0))
    {
        return kNaN;
    }
    std::sort(sorted.begin(), sorted.end());
    // Hyndman & Fan type 7: h = (n - 1) p, interpolate between the values at floor(h), ceil(h).
    const double h = (sorted.size() - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const auto hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

SummaryStatistics::SummaryStatistics(const std::vector<double>& values, double level)
    : m_mean(kNaN)
    , m_stdDev(kNaN)
    , m_ciHalfWidth(kNaN)
    , m_min(kNaN)
    , m_max(kNaN)
    , m_level(level)
{
    std::vector<double> sample;
    sample.reserve(values.size());
    std::copy_if(values.begin(), values.end(), std::back_inserter(sample),
                 [](double v) { return !std::isnan(v); });
    m_count = sample.size();
    if (m_count == 0)
    {
        return;
    }
    m_median = Quantile(sample, 0.5);
    m_p90 = Quantile(sample, 0.9);
    m_p99 = Quantile(sample, 0.99);
    double sum = 0.0;
    for (double v : sample)
    {
        sum += v;
    }
    m_mean = sum / m_count;
    m_min = *std::min_element(sample.begin(), sample.end());
    m_max = *std::max_element(sample.begin(), sample.end());
    if (m_count < 2)
    {
        return;
    }
    double squares = 0.0; // two-pass: numerically stable
    for (double v : sample)
    {
        squares += (v - m_mean) * (v - m_mean);
    }
    m_stdDev = std::sqrt(squares / (m_count - 1));
    const double t = StudentTQuantile(1.0 - (1.0 - level) / 2.0, static_cast<double>(m_count - 1));
    m_ciHalfWidth = t * m_stdDev / std::sqrt(static_cast<double>(m_count));
}

std::size_t
SummaryStatistics::Count() const
{
    return m_count;
}

double
SummaryStatistics::Mean() const
{
    return m_count == 0 ? kNaN : m_mean;
}

double
SummaryStatistics::StdDev() const
{
    return m_count < 2 ? kNaN : m_stdDev;
}

double
SummaryStatistics::CiHalfWidth() const
{
    return m_count < 2 ? kNaN : m_ciHalfWidth;
}

double
SummaryStatistics::Min() const
{
    return m_count == 0 ? kNaN : m_min;
}

double
SummaryStatistics::Max() const
{
    return m_count == 0 ? kNaN : m_max;
}

double
SummaryStatistics::Median() const
{
    return m_count == 0 ? kNaN : m_median;
}

double
SummaryStatistics::P90() const
{
    return m_count == 0 ? kNaN : m_p90;
}

double
SummaryStatistics::P99() const
{
    return m_count == 0 ? kNaN : m_p99;
}

double
SummaryStatistics::Level() const
{
    return m_level;
}

} // namespace sipmob
