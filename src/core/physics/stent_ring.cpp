#include "core/physics/stent_ring.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace angiosim {

StentRing::StentRing(const StentSpec& spec, int fibres)
    : spec_(&spec), fibres_(size_t(std::max(2, fibres))), dy_mm_(spec.strut_width_mm / std::max(2, fibres)),
      diameter_mm_(spec.nominal_diameter_mm) {
  for (size_t i = 0; i < fibres_.size(); ++i) y_mm_.push_back(-0.5 * spec.strut_width_mm + (double(i) + 0.5) * dy_mm_);
}

double StentRing::set_diameter(double d) {
  const StentSpec& s = *spec_;
  diameter_mm_ = std::clamp(d, 0.05, 0.999 * 2 * s.crowns * s.strut_length_mm / std::numbers::pi);
  const double theta0 = s.half_angle_rad(s.nominal_diameter_mm), theta = s.half_angle_rad(diameter_mm_);
  const double kappa = 2 * (theta0 - theta) / s.hinge_length_mm;
  double moment = 0;  // N·mm (MPa · mm³)
  for (size_t i = 0; i < fibres_.size(); ++i)
    moment += fibres_[i].stress_MPa(kappa * y_mm_[i], s.nitinol) * y_mm_[i] * s.strut_thickness_mm * dy_mm_;
  hoop_N_ = 2 * moment / (s.strut_length_mm * std::cos(theta));
  return hoop_N_;
}

double StentRing::radial_force_N_per_mm() const { return 2 * std::numbers::pi * hoop_N_ / pitch_mm(); }

double StentRing::max_strain() const {
  const StentSpec& s = *spec_;
  return std::abs(2 * (s.half_angle_rad(s.nominal_diameter_mm) - s.half_angle_rad(diameter_mm_)) / s.hinge_length_mm) *
         0.5 * s.strut_width_mm;
}

double ElasticTube::tension_N_per_mm(double d) const {
  if (d <= diameter_mm) return 0.0;
  const double outer0 = diameter_mm + 2 * plaque_thickness_mm;
  const double outer = std::sqrt(d * d + outer0 * outer0 - diameter_mm * diameter_mm);
  return wall_modulus_MPa * wall_thickness_mm * (outer - outer0) / outer0 +
         plaque_modulus_MPa * plaque_thickness_mm * (d - diameter_mm) / diameter_mm;
}

double StentRing::pitch_mm() const { return spec_->ring_length_mm(diameter_mm_) + spec_->bridge_length_mm; }

double settle_in_tube(StentRing& ring, const ElasticTube& tube, double step_mm) {
  // The ring's outward hoop force per length of stent less the wall's tension.
  auto excess = [&] { return ring.hoop_force_N() / ring.pitch_mm() - tube.tension_N_per_mm(ring.diameter_mm()); };
  double d = ring.diameter_mm();
  double e = excess();
  const double direction = e > 0 ? 1 : -1;
  for (int k = 0; k < 100000; ++k) {
    const double next = d + direction * step_mm;
    ring.set_diameter(next);
    const double e_next = excess();
    if ((e_next > 0) != (e > 0) || e_next == 0) return d + direction * step_mm * e / (e - e_next);
    d = next;
    e = e_next;
  }
  return d;
}

}  // namespace angiosim
