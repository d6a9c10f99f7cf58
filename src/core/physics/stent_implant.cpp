#include "core/physics/stent_implant.h"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>

namespace angiosim {
namespace {

// The settle's diameter step: 5 µm, far below what the image or the residual stenosis resolve.
constexpr double kSettleStep_mm = 0.005;

StentRing crimped_ring(const StentSpec& spec) {
  // Crimped in small steps from the shape-set diameter: the crowns load along the upper plateau.
  StentRing ring(spec);
  for (double d = spec.nominal_diameter_mm; d > spec.crimped_diameter_mm; d -= 0.01) ring.set_diameter(d);
  ring.set_diameter(spec.crimped_diameter_mm);
  return ring;
}

}  // namespace

double plaque_modulus_MPa(PlaqueType plaque) {
  switch (plaque) {
    case PlaqueType::Soft: return 0.18;       // cellular
    case PlaqueType::Fibrous: return 0.35;    // hypocellular
    case PlaqueType::Calcified: return 1.47;  // calcified
  }
  return 0.35;
}

RingSite ring_site(const glm::dvec3& center, const LumenQuery& lumen, const VesselTree& tree) {
  RingSite s;
  const CenterlineLocation at = lumen.nearest_centerline(center);
  if (at.vessel < 0) return s;
  s.vessel = at.vessel;
  s.s_mm = at.s_mm;
  s.lesion = lumen.lesion_at(at);
  s.lumen_mm = 2 * tree.lumen(at.vessel, at.s_mm).radius_mm;
  s.reference_mm = 2 * tree.reference_radius_mm(at.vessel, at.s_mm);
  s.wall.diameter_mm = std::max(s.lumen_mm, 0.1);
  s.wall.wall_modulus_MPa = kArteryWallModulus_MPa;
  s.wall.wall_thickness_mm = tree.spec().vessels[size_t(at.vessel)].wall_thickness_mm;
  if (s.lesion >= 0) {
    s.wall.plaque_thickness_mm = std::max(0.0, 0.5 * (s.reference_mm - s.lumen_mm));
    s.wall.plaque_modulus_MPa = plaque_modulus_MPa(tree.spec().lesions[size_t(s.lesion)].plaque);
  }
  return s;
}

double PlacedRing::diameter_mm() const {
  if (released) return ring.diameter_mm();
  const double crimped = ring.diameter_mm();
  return crimped + open_fraction * (equilibrium_mm - crimped);
}

StentImplant::StentImplant(const StentSpec& spec)
    : spec_(std::make_shared<const StentSpec>(spec)), crimped_(crimped_ring(*spec_)) {
  rings_.assign(size_t(std::max(1, spec_->rings)), PlacedRing{crimped_, {}, glm::dvec3(0), spec_->crimped_diameter_mm, 0, false, false, std::nullopt});
}

void StentImplant::settle(PlacedRing& r) {
  // From the crimped state (the ring's history): out along the unloading plateau to the wall. The
  // ring itself stays crimped until released; diameter_mm() interpolates while it opens.
  StentRing trial = crimped_;
  r.equilibrium_mm = r.site.vessel >= 0 ? settle_in_tube(trial, r.site.wall, kSettleStep_mm) : spec_->nominal_diameter_mm;
  r.settled = trial;
}

void StentImplant::crimped_ring_at(size_t k, const glm::dvec3& center) {
  PlacedRing& r = rings_.at(k);
  if (r.released) return;
  r.center_mm = center;
  r.open_fraction = 0;
}

void StentImplant::open_ring(size_t k, const glm::dvec3& center, double fraction, const LumenQuery& lumen,
                             const VesselTree& tree) {
  PlacedRing& r = rings_.at(k);
  if (r.released) return;
  const bool first = r.open_fraction <= 0 && r.site.vessel < 0;
  if (first || glm::distance(center, r.center_mm) > kResite_mm) {
    r.site = ring_site(center, lumen, tree);
    settle(r);
  }
  r.center_mm = center;
  r.open_fraction = std::clamp(fraction, 0.0, 1.0);
}

bool StentImplant::release_ring(size_t k, VesselTree& tree) {
  PlacedRing& r = rings_.at(k);
  if (r.released) return false;
  if (r.site.vessel < 0) return false;
  // Now the ring itself stands at the equilibrium found for this site (its fibres' history:
  // crimped, then released).
  if (!r.settled) settle(r);
  r.ring = *r.settled;
  r.settled.reset();
  r.open_fraction = 1;
  r.released = true;
  if (r.site.lesion < 0 || r.equilibrium_mm <= r.site.lumen_mm + 1e-6) return false;
  const double half = 0.5 * r.ring.pitch_mm();
  tree.dilate(r.site.lesion, r.site.s_mm - half, r.site.s_mm + half, 0.5 * r.equilibrium_mm);
  return true;
}

void StentImplant::press(const std::vector<glm::dvec3>& axis, const std::vector<double>& diameter) {
  for (PlacedRing& r : rings_) {
    if (!r.released) continue;
    // The balloon's diameter at the ring: its sample nearest the ring's centre, if within a ring.
    double best = 1e18, d = 0;
    for (size_t k = 0; k < axis.size() && k < diameter.size(); ++k)
      if (const double dist = glm::distance(axis[k], r.center_mm); dist < best) {
        best = dist;
        d = diameter[k];
      }
    if (best > r.ring.pitch_mm() || d <= r.ring.diameter_mm() + 1e-3) continue;
    for (double x = r.ring.diameter_mm(); x < d; x += 0.01) r.ring.set_diameter(x);
    r.ring.set_diameter(d);
    r.pressed = true;
  }
}

bool StentImplant::relax(VesselTree& tree) {
  bool changed = false;
  for (PlacedRing& r : rings_) {
    if (!r.pressed) continue;
    r.pressed = false;
    // The plaque, pushed out by the balloon, keeps what it kept (tree); from there it presses on
    // the ring like the wall did, stiffness as before.
    const double kept = 2 * tree.lumen(r.site.vessel, r.site.s_mm).radius_mm;
    r.site.wall.diameter_mm = std::max(0.1, std::min(kept, r.ring.diameter_mm()));
    r.equilibrium_mm = settle_in_tube(r.ring, r.site.wall, kSettleStep_mm);
    if (r.site.lesion >= 0 && r.equilibrium_mm > kept + 1e-6) {
      const double half = 0.5 * r.ring.pitch_mm();
      tree.dilate(r.site.lesion, r.site.s_mm - half, r.site.s_mm + half, 0.5 * r.equilibrium_mm);
      changed = true;
    }
  }
  return changed;
}

bool StentImplant::fully_released() const {
  return std::all_of(rings_.begin(), rings_.end(), [](const PlacedRing& r) { return r.released; });
}

size_t StentImplant::released_count() const {
  return size_t(std::count_if(rings_.begin(), rings_.end(), [](const PlacedRing& r) { return r.released; }));
}

std::vector<glm::dvec3> StentImplant::axis_mm() const {
  std::vector<glm::dvec3> axis;
  for (const PlacedRing& r : rings_) axis.push_back(r.center_mm);
  return axis;
}

std::vector<double> StentImplant::ring_diameters_mm() const {
  std::vector<double> d;
  for (const PlacedRing& r : rings_) d.push_back(r.diameter_mm());
  return d;
}

double StentImplant::malapposed_length_mm() const {
  double length = 0;
  for (const PlacedRing& r : rings_)
    if (r.released && !r.apposed()) length += r.ring.pitch_mm();
  return length;
}

}  // namespace angiosim
