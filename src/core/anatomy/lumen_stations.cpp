#include "core/anatomy/lumen_stations.h"

#include <glm/common.hpp>
#include <glm/geometric.hpp>

#include <algorithm>
#include <cmath>

namespace angiosim {

std::vector<double> lumen_stations(const VesselTree& tree, int vessel, double from_mm, double to_mm,
                                   const LumenStationRules& rules) {
  // The lumen sampled finely (the centerline's own resampling step), then stations greedily as
  // far apart as the straight interpolation between two keeps every sample between them within
  // the tolerance.
  constexpr double kFine_mm = 0.25;
  const double length = tree.length_mm(vessel);
  const double span = to_mm - from_mm;
  if (!(span > 0)) return {from_mm};
  const int fine = std::max(1, static_cast<int>(std::ceil(span / kFine_mm)));
  auto at = [&](int i) { return i == fine ? to_mm : from_mm + span * i / fine; };
  std::vector<LumenSection> sample(size_t(fine) + 1);
  for (int i = 0; i <= fine; ++i) sample[size_t(i)] = tree.lumen(vessel, at(i));
  // The narrowest (and widest) points of the lumen always get a station: a stenosis' throat is
  // what an image is looked at for, and a chord across it would open the throat up.
  std::vector<bool> extreme(size_t(fine) + 1, false);
  for (int i = 1; i < fine; ++i) {
    const double before = sample[size_t(i - 1)].radius_mm, here = sample[size_t(i)].radius_mm,
                 after = sample[size_t(i + 1)].radius_mm;
    extreme[size_t(i)] = (here < before && here <= after) || (here > before && here >= after);
  }
  const bool at_start = rules.tangent_start && from_mm <= 1e-9;
  const bool at_end = rules.tangent_end && to_mm >= length - 1e-9;
  auto rim_fits = [&](int a, int b) {
    const glm::dvec3 chord = sample[size_t(b)].center_mm - sample[size_t(a)].center_mm;
    if (glm::length(chord) < 1e-9) return true;
    const glm::dvec3 axis = glm::normalize(chord);
    // |axis − tangent| is the sine of the angle between them, to first order.
    if (at_start && a == 0 &&
        sample[0].radius_mm * glm::length(axis - tree.tangent(vessel, 0)) > rules.tolerance_mm)
      return false;
    if (at_end && b == fine &&
        sample[size_t(fine)].radius_mm * glm::length(axis - tree.tangent(vessel, length)) > rules.tolerance_mm)
      return false;
    return true;
  };
  auto fits = [&](int a, int b) {
    for (int i = a + 1; i < b; ++i) {
      const double t = double(i - a) / (b - a);
      const LumenSection& p = sample[size_t(i)];
      const glm::dvec3 chord = glm::mix(sample[size_t(a)].center_mm, sample[size_t(b)].center_mm, t);
      const double ramp = glm::mix(sample[size_t(a)].radius_mm, sample[size_t(b)].radius_mm, t);
      if (glm::distance(p.center_mm, chord) + std::abs(p.radius_mm - ramp) > rules.tolerance_mm) return false;
    }
    return rim_fits(a, b);
  };
  const int max_span = std::max(1, static_cast<int>(std::floor(rules.max_spacing_mm / (span / fine))));
  std::vector<double> stations{from_mm};
  int a = 0;
  while (a < fine) {
    int b = a + 1;
    while (b < fine && b + 1 - a <= max_span && !extreme[size_t(b)] && fits(a, b + 1)) ++b;
    stations.push_back(at(b));
    a = b;
  }
  return stations;
}

}  // namespace angiosim
