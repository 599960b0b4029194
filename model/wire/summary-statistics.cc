// SPDX-License-Identifier: GPL-2.0-only
#include "wire/summary-statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sipmob
{

namespace
{

const double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Continued fraction of the regularised incomplete beta function (modified Lentz method).
double
BetaContinuedFraction(double a, double b, double x)
{
    const double tiny = 1e-300;
    const double eps = 1e-15;
    double c = 1.0;
    double d = 1.0 - (a + b) * x / (a + 1.0);
    d = std::fabs(d) < tiny ? tiny : d;
    d = 1.0 / d;
    double result = d;
    for (int m = 1; m <= 500; ++m)
    {
        // Even step: d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m)).
        double num = m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
        d = 1.0 + num * d;
        d = std::fabs(d) < tiny ? tiny : d;
        c = 1.0 + num / c;
        c = std::fabs(c) < tiny ? tiny : c;
        d = 1.0 / d;
        result *= d * c;
        // Odd step: d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
        num = -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0));
        d = 1.0 + num * d;
        d = std::fabs(d) < tiny ? tiny : d;
        c = 1.0 + num / c;
        c = std::fabs(c) < tiny ? tiny : c;
        d = 1.0 / d;
        const double delta = d * c;
        result *= delta;
        if (std::fabs(delta - 1.0) < eps)
        {
            break;
        }
    }
    return result;
}

/// Regularised incomplete beta function I_x(a, b).
double
RegularisedBeta(double a, double b, double x)
{
    if (x <= 0.0)
    {
        return 0.0;
    }
    if (x >= 1.0)
    {
        return 1.0;
    }
    const double logFront =
        std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
    const double front = std::exp(logFront);
    // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use symmetry otherwise.
    if (x < (a + 1.0) / (a + b + 2.0))
    {
        return front * BetaContinuedFraction(a, b, x) / a;
    }
    return 1.0 - front * BetaContinuedFraction(b, a, 1.0 - x) / b;
}

} // namespace

double
SummaryStatistics::StudentTCdf(double t, double dof)
{
    if (!(dof > 0.0) || std::isnan(t))
    {
        return kNaN;
    }
    const double x = dof / (dof + t * t);
    const double tail = 0.5 * RegularisedBeta(dof / 2.0, 0.5, x);
    return t >= 0.0 ? 1.0 - tail : tail;
}

double
SummaryStatistics::StudentTQuantile(double p, double dof)
{
    if (!(p > 0.0 && p < 1.0) || !(dof > 0.0))
    {
        return kNaN;
    }
    if (p == 0.5)
    {
        return 0.0;
    }
    // The CDF is monotonic: bracket the root, then bisect to full double precision.
    double lo = -1.0;
    double hi = 1.0;
    while (StudentTCdf(lo, dof) > p)
    {
        lo *= 2.0;
    }
    while (StudentTCdf(hi, dof) < p)
    {
        hi *= 2.0;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-13 * std::max(1.0, std::fabs(hi)); ++i)
    {
        const double mid = 0.5 * (lo + hi);
        (StudentTCdf(mid, dof) < p ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
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
SummaryStatistics::Level() const
{
    return m_level;
}

} // namespace sipmob
