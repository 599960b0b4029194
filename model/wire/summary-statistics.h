// SPDX-License-Identifier: GPL-2.0-only
// Descriptive statistics of a sample: mean, sample standard deviation, Student-t confidence
// interval (Boost.Math), median and percentiles. The one statistics implementation of sipmob:
// `sipmob report`, analysis/plot_results.py and Python (sipmob.summarize) all use it.
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
 * sqrt(n), with the quantile of Student's t from Boost.Math. With fewer than two values the
 * standard deviation and the half-width are NaN. Median and percentiles interpolate linearly
 * between order statistics (Hyndman & Fan 1996, definition 7; numpy's and R's default).
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
    /// @return median (NaN when empty)
    double Median() const;
    /// @return 90th percentile (NaN when empty)
    double P90() const;
    /// @return 99th percentile (NaN when empty)
    double P99() const;
    /// @return the confidence level used
    double Level() const;

    /**
     * Percentile of a sample, Hyndman & Fan definition 7: with h = (n - 1) p, the value at rank
     * floor(h) plus (h - floor(h)) times the step to the next one.
     * @param values the sample (any order; NaN values are ignored)
     * @param p the probability, in [0, 1]
     * @return the quantile; NaN when the sample is empty or p out of range
     */
    static double Quantile(std::vector<double> values, double p);

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
    double m_median = 0;      ///< median
    double m_p90 = 0;         ///< 90th percentile
    double m_p99 = 0;         ///< 99th percentile
    double m_level = 0.95;    ///< confidence level
};

} // namespace sipmob

#endif
