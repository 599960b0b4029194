// SPDX-License-Identifier: GPL-2.0-only
// Descriptive statistics of a sample: mean, sample standard deviation, Student-t confidence
// interval.
#ifndef SIPMOB_SUMMARY_STATISTICS_H
#define SIPMOB_SUMMARY_STATISTICS_H

#include <cstddef>
#include <vector>

namespace sipmob
{

/**
 * Summary of a sample of real numbers. Pure C++ (no ns-3).
 *
 * The standard deviation is the sample one (divisor n - 1). The confidence interval is the
 * two-sided Student-t interval around the mean: mean +/- t(1 - (1 - level) / 2, n - 1) * s /
 * sqrt(n). With fewer than two values the standard deviation and the half-width are NaN.
 */
class SummaryStatistics
{
public:
    /// An empty summary (count 0, everything else NaN).
    SummaryStatistics() = default;

    /**
     * Summarises @p values.
     * @param values the sample; NaN values are ignored
     * @param level confidence level of the interval, in (0, 1); 0.95 by default
     */
    explicit SummaryStatistics(const std::vector<double>& values, double level = 0.95);

    /// @return number of values summarised
    std::size_t Count() const;
    /// @return arithmetic mean (NaN when empty)
    double Mean() const;
    /// @return sample standard deviation, divisor n - 1 (NaN when n < 2)
    double StdDev() const;
    /// @return half-width of the two-sided confidence interval (NaN when n < 2)
    double CiHalfWidth() const;
    /// @return smallest value (NaN when empty)
    double Min() const;
    /// @return largest value (NaN when empty)
    double Max() const;
    /// @return the confidence level used
    double Level() const;

    /**
     * Quantile of Student's t distribution.
     * @param p probability in (0, 1)
     * @param dof degrees of freedom, > 0
     * @return t such that P(T <= t) = p; NaN for arguments out of range
     */
    static double StudentTQuantile(double p, double dof);

    /**
     * Cumulative distribution function of Student's t distribution.
     * @param t the point
     * @param dof degrees of freedom, > 0
     * @return P(T <= t)
     */
    static double StudentTCdf(double t, double dof);

private:
    std::size_t m_count = 0;  ///< number of values
    double m_mean = 0;        ///< mean
    double m_stdDev = 0;      ///< sample standard deviation
    double m_ciHalfWidth = 0; ///< CI half-width
    double m_min = 0;         ///< minimum
    double m_max = 0;         ///< maximum
    double m_level = 0.95;    ///< confidence level
};

} // namespace sipmob

#endif
