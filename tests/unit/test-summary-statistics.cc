// SPDX-License-Identifier: GPL-2.0-only
// Summary statistics against hand-computed values and published Student-t critical values.
#include "wire/quantity.h"
#include "wire/summary-statistics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

using sipmob::SummaryStatistics;

TEST(SummaryStatistics, EmptySampleIsNaN)
{
    SummaryStatistics s(std::vector<double>{});
    EXPECT_EQ(s.Count(), 0u);
    EXPECT_TRUE(std::isnan(s.Mean()));
    EXPECT_TRUE(std::isnan(s.StdDev()));
    EXPECT_TRUE(std::isnan(s.CiHalfWidth()));
    EXPECT_TRUE(std::isnan(s.Min()));
    EXPECT_TRUE(std::isnan(s.Max()));
}

TEST(SummaryStatistics, SingleValueHasMeanButNoSpread)
{
    SummaryStatistics s({42.5});
    EXPECT_EQ(s.Count(), 1u);
    EXPECT_DOUBLE_EQ(s.Mean(), 42.5);
    EXPECT_DOUBLE_EQ(s.Min(), 42.5);
    EXPECT_DOUBLE_EQ(s.Max(), 42.5);
    EXPECT_TRUE(std::isnan(s.StdDev()));
    EXPECT_TRUE(std::isnan(s.CiHalfWidth()));
}

TEST(SummaryStatistics, FiveValues)
{
    // 1..5: mean 3, squares 4+1+0+1+4 = 10, s^2 = 10/4 = 2.5, s = 1.5811388,
    // half-width = 2.7764451 * 1.5811388 / sqrt(5) = 1.9632432.
    SummaryStatistics s({3, 1, 5, 2, 4});
    EXPECT_EQ(s.Count(), 5u);
    EXPECT_DOUBLE_EQ(s.Mean(), 3.0);
    EXPECT_NEAR(s.StdDev(), 1.5811388, 1e-7);
    EXPECT_NEAR(s.CiHalfWidth(), 1.9632432, 1e-6);
    EXPECT_DOUBLE_EQ(s.Min(), 1.0);
    EXPECT_DOUBLE_EQ(s.Max(), 5.0);
}

TEST(SummaryStatistics, EightValues)
{
    // 2,4,4,4,5,5,7,9: mean 5, squares 32, s^2 = 32/7, s = 2.1380899,
    // half-width = 2.3646243 * 2.1380899 / sqrt(8) = 5.0557796 / 2.8284271 = 1.7874879.
    SummaryStatistics s({2, 4, 4, 4, 5, 5, 7, 9});
    EXPECT_DOUBLE_EQ(s.Mean(), 5.0);
    EXPECT_NEAR(s.StdDev(), 2.1380899, 1e-7);
    EXPECT_NEAR(s.CiHalfWidth(), 1.7874879, 1e-6);
}

TEST(SummaryStatistics, NaNValuesAreIgnored)
{
    SummaryStatistics s({1.0, std::nan(""), 3.0});
    EXPECT_EQ(s.Count(), 2u);
    EXPECT_DOUBLE_EQ(s.Mean(), 2.0);
    // s = sqrt(2), t(0.975, 1) = 12.706205: half-width = 12.706205 * sqrt(2) / sqrt(2).
    EXPECT_NEAR(s.CiHalfWidth(), 12.706205, 1e-5);
}

TEST(SummaryStatistics, OtherConfidenceLevel)
{
    // 90 % with n = 11: t(0.95, 10) = 1.8124611; values 0..10: s = sqrt(110/10) = 3.3166248.
    std::vector<double> v;
    for (int i = 0; i <= 10; ++i)
    {
        v.push_back(i);
    }
    SummaryStatistics s(v, 0.90);
    EXPECT_NEAR(s.StdDev(), 3.3166248, 1e-7);
    EXPECT_NEAR(s.CiHalfWidth(), 1.8124611 * 3.3166248 / std::sqrt(11.0), 1e-6);
}

TEST(StudentT, PublishedCriticalValues)
{
    EXPECT_NEAR(SummaryStatistics::StudentTQuantile(0.975, 1), 12.706205, 1e-5);
    EXPECT_NEAR(SummaryStatistics::StudentTQuantile(0.975, 2), 4.302653, 1e-6);
    EXPECT_NEAR(SummaryStatistics::StudentTQuantile(0.975, 4), 2.776445, 1e-6);
    EXPECT_NEAR(SummaryStatistics::StudentTQuantile(0.975, 9), 2.262157, 1e-6);
    EXPECT_NEAR(SummaryStatistics::StudentTQuantile(0.975, 29), 2.045230, 1e-6);
    EXPECT_NEAR(SummaryStatistics::StudentTQuantile(0.995, 5), 4.032143, 1e-6);
    EXPECT_NEAR(SummaryStatistics::StudentTQuantile(0.975, 1000), 1.962339, 1e-6);
    EXPECT_NEAR(SummaryStatistics::StudentTQuantile(0.025, 4), -2.776445, 1e-6);
    EXPECT_DOUBLE_EQ(SummaryStatistics::StudentTQuantile(0.5, 3), 0.0);
}

TEST(StudentT, CdfKnownValues)
{
    // dof 1 is the Cauchy distribution: F(1) = 0.75.
    EXPECT_NEAR(SummaryStatistics::StudentTCdf(1.0, 1), 0.75, 1e-12);
    EXPECT_NEAR(SummaryStatistics::StudentTCdf(0.0, 7), 0.5, 1e-12);
    // dof 2 has a closed form: F(t) = 1/2 + t / (2 sqrt(2 + t^2)); F(2) = 0.5 + 2 / (2 sqrt 6).
    EXPECT_NEAR(SummaryStatistics::StudentTCdf(2.0, 2), 0.5 + 1.0 / std::sqrt(6.0), 1e-12);
}

TEST(StudentT, BadArgumentsGiveNaN)
{
    EXPECT_TRUE(std::isnan(SummaryStatistics::StudentTQuantile(0.0, 4)));
    EXPECT_TRUE(std::isnan(SummaryStatistics::StudentTQuantile(1.0, 4)));
    EXPECT_TRUE(std::isnan(SummaryStatistics::StudentTQuantile(0.9, 0)));
    EXPECT_TRUE(std::isnan(SummaryStatistics::StudentTCdf(1.0, -1)));
}

TEST(SummaryStatistics, MedianAndPercentilesInterpolateBetweenRanks)
{
    // 1..10: h = 9 p; p50 -> 5.5, p90 -> 9.1, p99 -> 9.91 (numpy.percentile gives the same).
    std::vector<double> v;
    for (int i = 10; i >= 1; --i)
    {
        v.push_back(i);
    }
    const SummaryStatistics s(v);
    EXPECT_DOUBLE_EQ(s.Median(), 5.5);
    EXPECT_NEAR(s.P90(), 9.1, 1e-12);
    EXPECT_NEAR(s.P99(), 9.91, 1e-12);
    // n = 10: the 95 % interval uses t(0.975, 9) = 2.262157, not 1.96.
    EXPECT_NEAR(s.CiHalfWidth(), 2.262157 * s.StdDev() / std::sqrt(10.0), 1e-6);
    const SummaryStatistics one({42.0});
    EXPECT_DOUBLE_EQ(one.Median(), 42.0);
    EXPECT_DOUBLE_EQ(one.P99(), 42.0);
    EXPECT_TRUE(std::isnan(SummaryStatistics().Median()));
    EXPECT_TRUE(std::isnan(SummaryStatistics::Quantile({1.0, 2.0}, 1.5)));
    EXPECT_DOUBLE_EQ(SummaryStatistics::Quantile({3.0, NAN, 1.0, 2.0}, 0.5), 2.0);
}

TEST(Quantity, UnitsAreUnderstood)
{
    using sipmob::ParseQuantity;
    EXPECT_DOUBLE_EQ(ParseQuantity("0.5s")->value, 0.5);
    EXPECT_DOUBLE_EQ(ParseQuantity("50ms")->value, 0.05);
    EXPECT_EQ(ParseQuantity("50ms")->dimension, "time");
    EXPECT_DOUBLE_EQ(ParseQuantity(" 10 Mbps ")->value, 1e7);
    EXPECT_DOUBLE_EQ(ParseQuantity("1e3")->value, 1000.0);
    EXPECT_EQ(ParseQuantity("150")->dimension, "");
    EXPECT_FALSE(ParseQuantity("soon"));
    EXPECT_FALSE(ParseQuantity("5 parsecs"));
    EXPECT_FALSE(ParseQuantity("nan"));
    EXPECT_FALSE(ParseQuantity("inf"));
    EXPECT_FALSE(ParseQuantity(""));
}

TEST(Quantity, ParameterValuesSortByValue)
{
    std::vector<std::string> v = {"150", "5", "50", "abc", "1.5"};
    std::sort(v.begin(), v.end(), sipmob::ParameterValueLess);
    EXPECT_EQ(v, (std::vector<std::string>{"1.5", "5", "50", "150", "abc"}));
    std::vector<std::string> t = {"1s", "500ms", "0.25s", "2s", "50ms"};
    std::sort(t.begin(), t.end(), sipmob::ParameterValueLess);
    EXPECT_EQ(t, (std::vector<std::string>{"50ms", "0.25s", "500ms", "1s", "2s"}));
    std::vector<std::string> r = {"100Mbps", "10Mbps", "1Gbps", "512kbps"};
    std::sort(r.begin(), r.end(), sipmob::ParameterValueLess);
    EXPECT_EQ(r, (std::vector<std::string>{"512kbps", "10Mbps", "100Mbps", "1Gbps"}));
}
