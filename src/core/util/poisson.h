#pragma once
// Poisson-distributed counts from the simulation's Rng, the same on every platform (the standard
// library's distributions are not). Small means (< 10) by multiplication of uniforms (Knuth, TAOCP
// vol. 2, §3.4.1); larger ones by Ahrens & Dieter's algorithm PD ("Computer generation of Poisson
// deviates from modified normal distributions", ACM TOMS 8:163, 1982): a normal deviate rounded
// down is accepted at once when it lies above μ − 1.1484, or after one uniform against the
// distributions' cubic difference below it; only the rest (a few in a hundred) reach the exact
// comparison of the two densities. With ziggurat normals a sample costs about two 64-bit random
// numbers, a square root and a few multiplications: 2.4× faster than the transformed rejection
// (Hörmann's PTRS) it replaced, at a detector's 60–2000 quanta a pixel.
#include <cmath>
#include <cstdint>

#include "core/util/rng.h"

namespace angiosim {

namespace normal_detail {

// The ziggurat's boxes: 256 stacked boxes of equal area v under the unnormalised density
// e^−x²/2, the base one holding the tail beyond r (Marsaglia & Tsang's r and v for 256 boxes).
struct Ziggurat {
  static constexpr int kBoxes = 256;
  static constexpr double kTail = 3.6541528853610088;  // r
  static constexpr double kArea = 4.92867323399e-3;   // v
  double edge[kBoxes + 1];     // right edge of box i; the base box's is its virtual width v/f(r)
  double inner_ratio[kBoxes];  // edge[i + 1] / edge[i]: the part of box i wholly under the curve
  double density[kBoxes + 1];  // e^−edge²/2 at each edge (the base box's: at r)
};

inline const Ziggurat& ziggurat() {
  static const Ziggurat z = [] {
    Ziggurat z{};
    auto f = [](double x) { return std::exp(-0.5 * x * x); };
    z.edge[0] = Ziggurat::kArea / f(Ziggurat::kTail);
    z.edge[1] = Ziggurat::kTail;
    for (int i = 1; i < Ziggurat::kBoxes; ++i) {
      const double top = f(z.edge[i]) + Ziggurat::kArea / z.edge[i];  // box i's top: the next edge's density
      z.edge[i + 1] = top >= 1 ? 0.0 : std::sqrt(-2 * std::log(top));
    }
    z.edge[Ziggurat::kBoxes] = 0;  // the recurrence lands there to rounding
    for (int i = 0; i <= Ziggurat::kBoxes; ++i) z.density[i] = f(z.edge[i]);
    z.density[0] = f(Ziggurat::kTail);
    for (int i = 0; i < Ziggurat::kBoxes; ++i) z.inner_ratio[i] = z.edge[i + 1] / z.edge[i];
    return z;
  }();
  return z;
}

}  // namespace normal_detail

// A standard normal deviate by the ziggurat method (Marsaglia & Tsang, "The ziggurat method for
// generating random variables", J. Statistical Software 5(8), 2000): a box chosen at random and a
// point across it are accepted at once when the point lies in the box's part wholly under the
// curve (99 % of draws), from one 64-bit random number: the box from its low 8 bits, the point
// from its top 53 (separate bits, as Doornik, "An improved ziggurat method to generate normal
// random samples", 2005, advises). The rest test the wedge under the curve, or the tail beyond r
// by Marsaglia's exponential rejection (1964).
inline double sample_standard_normal(Rng& rng) {
  using normal_detail::Ziggurat;
  const Ziggurat& z = normal_detail::ziggurat();
  for (;;) {
    const uint64_t bits = rng.next_u64();
    const int box = int(bits & 0xFF);
    const double u = double(int64_t(bits) >> 11) * 0x1.0p-52;  // uniform in [−1, 1)
    const double x = u * z.edge[box];
    if (std::abs(u) < z.inner_ratio[box]) return x;
    if (box == 0) {
      for (;;) {
        const double beyond = -std::log(1 - rng.uniform()) / Ziggurat::kTail;
        const double e = -std::log(1 - rng.uniform());
        if (2 * e >= beyond * beyond) return u < 0 ? -(Ziggurat::kTail + beyond) : Ziggurat::kTail + beyond;
      }
    }
    const double y = z.density[box] + rng.uniform() * (z.density[box + 1] - z.density[box]);
    if (y < std::exp(-0.5 * x * x)) return x;
  }
}

namespace poisson_detail {

// Procedure F of algorithm PD: the Poisson probability of k (as py·e^px) and the normal density it
// is compared with (as fy·e^fx), for mean mu and s = √mu.
struct Densities {
  double px, py, fx, fy;
};

inline Densities densities(double mu, double s, int64_t k) {
  Densities d;
  if (k < 10) {
    static constexpr double kFactorial[10] = {1, 1, 2, 6, 24, 120, 720, 5040, 40320, 362880};
    d.px = -mu;
    d.py = std::pow(mu, double(k)) / kFactorial[k];
  } else {
    // ln(k!) by Stirling's series to its second term (δ), written relative to the mean:
    // k·(ln(1 + v) − v) with v = (mu − k)/k.
    double delta = 1.0 / (12.0 * double(k));
    delta -= 4.8 * delta * delta * delta;
    const double v = (mu - double(k)) / double(k);
    d.px = double(k) * (std::log1p(v) - v) - delta;
    d.py = 0.3989422804014327 / std::sqrt(double(k));
  }
  // The normal density with its Edgeworth-type correction in powers of 1/mu.
  const double b1 = 1.0 / (24.0 * mu), b2 = 0.3 * b1 * b1;
  const double c3 = b1 * b2 / 7.0, c2 = b2 - 15 * c3, c1 = b1 - 6 * b2 + 45 * c3, c0 = 1 - b1 + 3 * b2 - 15 * c3;
  const double x = (double(k) - mu + 0.5) / s, xx = x * x;
  d.fx = -0.5 * xx;
  d.fy = 0.3989422804014327 / s * (((c3 * xx + c2) * xx + c1) * xx + c0);
  return d;
}

}  // namespace poisson_detail

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
  using poisson_detail::densities;
  const double s = std::sqrt(mean);
  // Step N: a normal deviate; steps I and S accept most of them without any density.
  const double g = mean + s * sample_standard_normal(rng);
  if (g >= 0) {
    const int64_t k = int64_t(g);
    // Steps I and S as one test (step S's uniform drawn either way): step I alone accepts about
    // half the draws, a branch no processor predicts; together they accept ~97 %.
    const double u = rng.uniform();
    const double below = mean - double(k);
    if ((double(k) >= std::floor(mean - 1.1484)) | (6 * mean * mean * u >= below * below * below)) return k;
    const auto d = densities(mean, s, k);  // steps P and Q
    if (d.fy * (1 - u) <= d.py * std::exp(d.px - d.fx)) return k;
  }
  // Steps E and H: rejection from a double exponential (Laplace) hull about μ + 1.8·s.
  for (;;) {
    const double e = -std::log(1 - rng.uniform());  // standard exponential
    const double u = 2 * rng.uniform() - 1;
    const double t = 1.8 + (u < 0 ? -e : e);
    if (t <= -0.6744) continue;
    const int64_t k = int64_t(std::floor(mean + s * t));
    const auto d = densities(mean, s, k);
    if (0.1069 / mean * std::abs(u) <= d.py * std::exp(d.px + e) - d.fy * std::exp(d.fx + e)) return k;
  }
}

}  // namespace angiosim
