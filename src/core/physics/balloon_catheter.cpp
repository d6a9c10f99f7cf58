#include "core/physics/balloon_catheter.h"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>

namespace angiosim {
namespace {

double smoothstep(double a, double b, double x) {
  const double t = std::clamp((x - a) / (b - a), 0.0, 1.0);
  return t * t * (3 - 2 * t);
}

}  // namespace

PlaqueMechanics plaque_mechanics(PlaqueType plaque) {
  // Yield pressures within the charts' range: a soft plaque gives at a few atm, a fibrous one
  // near a semi-compliant balloon's nominal, a calcified one only at high pressure (a
  // non-compliant balloon's). Recoil: the iliac mean 36 % for fibrous, ± one SD (11 %) for soft
  // and calcified (Gardiner et al., JVIR 12:1389, 2001).
  switch (plaque) {
    case PlaqueType::Soft: return {3.0, 0.25};
    case PlaqueType::Fibrous: return {6.0, 0.36};
    case PlaqueType::Calcified: return {12.0, 0.47};
  }
  return {6.0, 0.36};
}

double recoil_fraction(PlaqueType plaque, double held_s) {
  // Longer inflations leave less recoil (Elens et al. 2021); the model: ∝ (60 s / t)^½ for holds
  // of 15 s to 5 min, the plaque's fraction at one minute.
  const double t = std::clamp(held_s, 15.0, 300.0);
  return std::clamp(plaque_mechanics(plaque).recoil_fraction * std::sqrt(60.0 / t), 0.0, 0.8);
}

double dissection_probability(double overstretch, double held_s) {
  // Logistic in overstretch: even at 1:1 sizing angioplasty splits plaque often; oversizing by
  // 10 % makes it an even chance. Inflations of 3 min or more cut it to 0.45 of that (severe
  // dissection 50.9 % → 22.7 % beyond 3 min, femoropopliteal, JET 2019), linearly from 1 min.
  const double p = 1.0 / (1.0 + std::exp(-(overstretch - 1.10) / 0.05));
  const double g = 1.0 - 0.55 * std::clamp((held_s - 60.0) / 120.0, 0.0, 1.0);
  return std::clamp(p * g, 0.0, 1.0);
}

BalloonCatheter::BalloonCatheter(const BalloonSpec& spec, double position_mm) : spec_(spec), position_mm_(position_mm) {}

void BalloonCatheter::place(const Guidewire& wire, const LumenQuery& lumen, const VesselTree& tree) {
  const int n = std::max(2, int(std::lround(spec_.working_length_mm / kSample_mm)) + 1);
  axis_.resize(size_t(n));
  samples_.resize(size_t(n));
  lesions_under_.clear();
  for (int k = 0; k < n; ++k) {
    const double d = position_mm_ - spec_.working_length_mm * double(k) / double(n - 1);
    axis_[size_t(k)] = wire_point_at_mm(wire, d);
    Sample& s = samples_[size_t(k)];
    s = {};
    if (d <= 0) continue;  // still in the sheath
    const CenterlineLocation at = lumen.nearest_centerline(axis_[size_t(k)]);
    if (at.vessel < 0) continue;
    s.vessel = at.vessel;
    s.s_mm = at.s_mm;
    s.lesion = lumen.lesion_at(at);
    s.lumen_mm = 2 * tree.lumen(at.vessel, at.s_mm).radius_mm;
    s.reference_mm = 2 * tree.reference_radius_mm(at.vessel, at.s_mm);
    if (s.lesion >= 0 && std::find(lesions_under_.begin(), lesions_under_.end(), s.lesion) == lesions_under_.end())
      lesions_under_.push_back(s.lesion);
  }
}

double BalloonCatheter::waist_ratio() const {
  if (!inflated() || diameter_.empty()) return 1.0;
  const auto [lo, hi] = std::minmax_element(diameter_.begin(), diameter_.end());
  return *hi > 0 ? *lo / *hi : 1.0;
}

bool BalloonCatheter::step(double time_s, double dt_s, const BalloonControls& c, const Guidewire& wire,
                           const LumenQuery& lumen, VesselTree& tree, Rng& rng, AngioplastyRecord& record) {
  const double advance = std::isfinite(c.advance_mm_s) ? std::clamp(c.advance_mm_s, -kMaxAdvance_mm_s, kMaxAdvance_mm_s) : 0.0;
  const double inflate = std::isfinite(c.inflate_atm_s) ? std::clamp(c.inflate_atm_s, -kVacuum_atm_s, kMaxInflate_atm_s) : 0.0;
  // An inflated balloon anchors: only a deflated one slides along the wire, and never past its tip.
  if (!inflated())
    position_mm_ = std::clamp(position_mm_ + advance * dt_s, 0.0, std::max(0.0, wire.inserted_length_mm() - kTipClearance_mm));
  if (!ruptured_) pressure_atm_ = std::clamp(pressure_atm_ + inflate * dt_s, 0.0, kMaxPressure_atm);
  // Past rated burst the balloon may rupture: a hazard growing with the square of the excess.
  if (!ruptured_ && pressure_atm_ > spec_.rated_burst_atm) {
    const double excess = pressure_atm_ - spec_.rated_burst_atm;
    if (rng.uniform() < 1.0 - std::exp(-0.02 * excess * excess * dt_s)) {
      ruptured_ = true;
      pressure_atm_ = 0;
    }
  }
  place(wire, lumen, tree);

  // The balloon against the lumen, point by point.
  const double free_mm = spec_.diameter_at_mm(pressure_atm_);
  diameter_.assign(axis_.size(), spec_.deflated_profile_mm);
  double max_yield = 0;
  for (size_t k = 0; k < samples_.size(); ++k) {
    const Sample& s = samples_[k];
    if (s.vessel < 0 || !inflated()) continue;
    double d = free_mm;
    if (s.lesion >= 0) {
      const PlaqueMechanics m = plaque_mechanics(tree.spec().lesions[size_t(s.lesion)].plaque);
      max_yield = std::max(max_yield, m.yield_atm);
      const double held_open = std::min(s.lumen_mm, free_mm);
      d = held_open + (free_mm - held_open) * smoothstep(0.5 * m.yield_atm, m.yield_atm, pressure_atm_);
    }
    diameter_[k] = std::max(d, spec_.deflated_profile_mm);
  }

  // Record the inflation: per lesion the widest diameter reached once the plaque began to yield.
  if (inflated()) {
    if (!inflating_) {
      inflating_ = true;
      current_ = {};
      current_.time_s = time_s;
      dilations_.clear();
    }
    current_.max_pressure_atm = std::max(current_.max_pressure_atm, pressure_atm_);
    if (pressure_atm_ >= (max_yield > 0 ? max_yield : spec_.nominal_atm)) current_.held_s += dt_s;
    for (size_t k = 0; k < samples_.size(); ++k) {
      const Sample& s = samples_[k];
      if (s.lesion < 0) continue;
      const PlaqueMechanics m = plaque_mechanics(tree.spec().lesions[size_t(s.lesion)].plaque);
      if (pressure_atm_ < 0.5 * m.yield_atm || diameter_[k] <= s.lumen_mm) continue;
      auto it = std::find_if(dilations_.begin(), dilations_.end(), [&](const Dilation& d) { return d.lesion == s.lesion; });
      if (it == dilations_.end()) {
        dilations_.push_back({});
        it = dilations_.end() - 1;
        it->lesion = s.lesion;
        it->vessel = s.vessel;
        it->yield_atm = m.yield_atm;
      }
      it->s_min_mm = std::min(it->s_min_mm, s.s_mm);
      it->s_max_mm = std::max(it->s_max_mm, s.s_mm);
      it->diameter_mm = std::max(it->diameter_mm, diameter_[k]);
      it->lumen_before_mm = std::min(it->lumen_before_mm, s.lumen_mm);
      it->reference_mm = std::max(it->reference_mm, s.reference_mm);
    }
    return false;
  }
  if (!inflating_) return false;
  inflating_ = false;
  return deflated_after_inflation(time_s, tree, rng, record);
}

bool BalloonCatheter::deflated_after_inflation(double time_s, VesselTree& tree, Rng& rng, AngioplastyRecord& record) {
  bool changed = false;
  for (const Dilation& d : dilations_) {
    const LesionSpec& lesion = tree.spec().lesions[size_t(d.lesion)];
    const double overstretch = d.reference_mm > 0 ? d.diameter_mm / d.reference_mm : 1.0;
    double kept = std::max(d.lumen_before_mm, d.diameter_mm * (1.0 - recoil_fraction(lesion.plaque, current_.held_s)));
    // A dissection: drawn once per dilated lesion and inflation.
    if (rng.uniform() < dissection_probability(overstretch, current_.held_s)) {
      // Its type: worse with overstretch (NHLBI A–F); D and beyond limit flow.
      const double severity = std::clamp(rng.uniform() * (0.6 + 2.0 * std::max(0.0, overstretch - 0.9)), 0.0, 0.999);
      const char grade = "AABBCCDDEF"[size_t(severity * 10)];
      DissectionEvent e{time_s, d.lesion, grade, grade >= 'D', overstretch};
      record.dissections.push_back(e);
      // A flap across the lumen: what flow sees is narrower.
      if (e.flow_limiting) kept = std::max(d.lumen_before_mm, 0.6 * kept);
    }
    if (kept > d.lumen_before_mm + 1e-6) {
      tree.dilate(d.lesion, d.s_min_mm, d.s_max_mm, 0.5 * kept);
      changed = true;
    }
    current_.lesions.push_back(d.lesion);
    current_.overstretch = std::max(current_.overstretch, overstretch);
  }
  record.inflations.push_back(current_);
  dilations_.clear();
  return changed;
}

}  // namespace angiosim
