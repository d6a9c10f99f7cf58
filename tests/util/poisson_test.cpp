// Poisson counts: mean and variance equal the requested mean at small and large means (the two
// samplers), and the same seed gives the same counts.
#include <doctest/doctest.h>

#include <cmath>

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
