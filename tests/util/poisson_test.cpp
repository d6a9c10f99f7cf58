// Poisson counts and normal deviates against their distributions: mean and variance at small and
// large means (the two samplers), the whole probability mass function by a χ² test, the normal
// deviates' moments and tails, and the same seed giving the same counts.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/util/poisson.h"

using namespace angiosim;

TEST_CASE("Poisson samples have mean = variance = the requested mean") {
  for (double mean : {0.7, 4.0, 9.9, 10.0, 94.0, 3100.0}) {
    CAPTURE(mean);
    Rng rng(11);
    constexpr int n = 200000;
    double sum = 0, sum2 = 0;
    for (int k = 0; k < n; ++k) {
      const double x = double(sample_poisson(mean, rng));
      sum += x;
      sum2 += x * x;
    }
    const double m = sum / n, var = sum2 / n - m * m;
    // Standard errors: √(mean/n) for the mean; ≈ mean·√(2/n) for the variance.
    CHECK(std::abs(m - mean) < 5 * std::sqrt(mean / n));
    CHECK(std::abs(var - mean) < 5 * mean * std::sqrt(2.0 / n) + 0.01);
  }
}

TEST_CASE("Poisson counts follow the probability mass function (χ² test)") {
  // Counts binned against e^−μ·μᵏ/k! (from lgamma, not the sampler's own densities), bins pooled
  // until each expects ≥ 20. χ² has mean df and standard deviation √(2·df); a sampler off in
  // shape (a wrong constant in a step of algorithm PD moves a few per cent of the mass) lands
  // far beyond 5 of them at this many samples.
  for (double mu : {3.0, 10.0, 30.0, 94.0, 350.0, 3100.0}) {
    CAPTURE(mu);
    Rng rng(29);
    constexpr int n = 400000;
    std::vector<int> counts(size_t(mu + 12 * std::sqrt(mu) + 20), 0);
    for (int i = 0; i < n; ++i) {
      const int64_t k = sample_poisson(mu, rng);
      REQUIRE(k >= 0);
      if (size_t(k) < counts.size()) ++counts[size_t(k)];
    }
    double chi2 = 0, observed = 0, expected = 0;
    int bins = 0;
    for (size_t k = 0; k < counts.size(); ++k) {
      observed += counts[k];
      expected += n * std::exp(double(k) * std::log(mu) - mu - std::lgamma(double(k) + 1));
      if (expected >= 20) {
        chi2 += (observed - expected) * (observed - expected) / expected;
        ++bins;
        observed = expected = 0;
      }
    }
    const double df = bins - 1;
    CAPTURE(chi2);
    CAPTURE(df);
    CHECK(bins > 5);
    CHECK(std::abs(chi2 - df) < 5 * std::sqrt(2 * df));
  }
}

TEST_CASE("standard normal deviates: mean 0, variance 1, and the tails of the normal") {
  // P(|x| > 2) = 0.0455003, and beyond the ziggurat's base box r = 3.654 (its own tail sampler)
  // P(|x| > 3.7) = 2.1562e−4 (erfc(a/√2)).
  Rng rng(41);
  constexpr int n = 2000000;
  double sum = 0, sum2 = 0, sum4 = 0;
  int beyond2 = 0, beyond37 = 0, negative = 0;
  for (int i = 0; i < n; ++i) {
    const double x = sample_standard_normal(rng);
    sum += x;
    sum2 += x * x;
    sum4 += x * x * x * x;
    beyond2 += std::abs(x) > 2;
    beyond37 += std::abs(x) > 3.7;
    negative += x < 0;
  }
  CHECK(std::abs(sum / n) < 5 / std::sqrt(double(n)));
  CHECK(std::abs(sum2 / n - 1) < 5 * std::sqrt(2.0 / n));
  CHECK(std::abs(sum4 / n - 3) < 5 * std::sqrt(96.0 / n));  // kurtosis: Var(x⁴) = 105 − 9
  auto within = [&](int count, double p) { return std::abs(count - n * p) < 5 * std::sqrt(n * p * (1 - p)); };
  CHECK(within(beyond2, std::erfc(2 / std::sqrt(2.0))));
  CHECK(within(beyond37, std::erfc(3.7 / std::sqrt(2.0))));
  CHECK(within(negative, 0.5));
}

TEST_CASE("P(0) of a small mean is e^-mean, and a zero mean gives zero") {
  Rng rng(3);
  int zeros = 0;
  for (int k = 0; k < 100000; ++k) zeros += sample_poisson(1.5, rng) == 0;
  CHECK(zeros / 100000.0 == doctest::Approx(std::exp(-1.5)).epsilon(0.03));
  CHECK(sample_poisson(0.0, rng) == 0);
  CHECK(sample_poisson(-2.0, rng) == 0);
}

TEST_CASE("the same seed gives the same counts") {
  Rng a(5), b(5);
  for (int k = 0; k < 1000; ++k) REQUIRE(sample_poisson(50.0 + k, a) == sample_poisson(50.0 + k, b));
}
