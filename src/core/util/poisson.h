#pragma once
// Poisson-distributed counts from the simulation's Rng, the same on every platform (the standard
// library's distributions are not). Small means by multiplication of uniforms (Knuth, TAOCP vol. 2,
// §3.4.1); means ≥ 10 by Hörmann's transformed rejection with squeeze, PTRS ("The transformed
// rejection method for generating Poisson random variables", Insurance: Mathematics and
// Economics 12:39, 1993), a few uniforms per sample at any mean.
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/util/rng.h"

namespace angiosim {

// ln(k!) for the rejection test, tabulated for the counts a detector pixel sees (lgamma is slow).
inline double log_factorial(int64_t k) {
  static const std::vector<double> table = [] {
    std::vector<double> t(1 << 16);
    t[0] = 0;
    for (size_t i = 1; i < t.size(); ++i) t[i] = t[i - 1] + std::log(double(i));
    return t;
  }();
  return k < int64_t(table.size()) ? table[size_t(k)] : std::lgamma(double(k) + 1);
}

inline int64_t sample_poisson(double mean, Rng& rng) {
  if (!(mean > 0)) return 0;
  if (mean < 10) {
    const double limit = std::exp(-mean);
    int64_t k = 0;
    double product = rng.uniform();
    while (product > limit) {
      ++k;
      product *= rng.uniform();
    }
    return k;
  }
  const double b = 0.931 + 2.53 * std::sqrt(mean);
  const double a = -0.059 + 0.02483 * b;
  // The squeeze v ≤ v_r = 0.9277 − 3.6224 / (b − 2), multiplied out: a division less per pixel
  // (b > 2 for every mean here).
  const double squeeze = 0.9277 * (b - 2) - 3.6224;
  for (;;) {
    const double u = rng.uniform() - 0.5;
    const double v = rng.uniform();
    const double us = 0.5 - std::abs(u);
    const double k = std::floor((2 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v * (b - 2) <= squeeze) return int64_t(k);  // the squeeze: most samples end here
    if (k < 0 || (us < 0.013 && v > us)) continue;
    const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    if (std::log(v * inv_alpha / (a / (us * us) + b)) <= -mean + k * std::log(mean) - log_factorial(int64_t(k))) return int64_t(k);
  }
}

}  // namespace angiosim
