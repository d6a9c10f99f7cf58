#include "core/physics/nitinol.h"

#include <algorithm>
#include <cmath>

namespace angiosim {
namespace {

double modulus_MPa(double xi, const NitinolParams& p) {
  return 1.0 / ((1.0 - xi) / (p.austenite_modulus_GPa * 1e3) + xi / (p.martensite_modulus_GPa * 1e3));
}

// The root in [lo, hi] of a function decreasing in ξ (bisection to 1e-12).
template <typename F>
double root(F&& f, double lo, double hi) {
  for (int k = 0; k < 60; ++k) {
    const double mid = 0.5 * (lo + hi);
    (f(mid) > 0 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace

double NitinolPoint::stress_MPa(double strain, const NitinolParams& p) {
  const double e = std::abs(strain);
  auto sigma = [&](double xi) { return modulus_MPa(xi, p) * (e - xi * p.transformation_strain); };
  auto loading = [&](double xi) { return p.loading_start_MPa + (p.loading_end_MPa - p.loading_start_MPa) * xi; };
  auto unloading = [&](double xi) { return p.unloading_end_MPa + (p.unloading_start_MPa - p.unloading_end_MPa) * xi; };
  // Both residuals decrease with ξ: more martensite, less stress for the strain, higher plateau.
  if (xi_ < 1 && sigma(xi_) > loading(xi_)) {
    auto g = [&](double xi) { return sigma(xi) - loading(xi); };
    xi_ = g(1.0) >= 0 ? 1.0 : root(g, xi_, 1.0);
  } else if (xi_ > 0 && sigma(xi_) < unloading(xi_)) {
    auto h = [&](double xi) { return sigma(xi) - unloading(xi); };
    xi_ = h(0.0) <= 0 ? 0.0 : root(h, 0.0, xi_);
  }
  return std::copysign(sigma(xi_), strain);
}

}  // namespace angiosim
