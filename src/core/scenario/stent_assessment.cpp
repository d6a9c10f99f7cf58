#include "core/scenario/stent_assessment.h"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>

#include "core/scenario/predicate.h"

namespace angiosim {
namespace {

// A point as arclength along vessel v: the nearest point of its centerline (sampled every mm,
// then refined on the tangent), continued straight before its start and past its end. Rings at
// a bifurcation are measured along the lesion's own vessel this way, not by whichever branch's
// centerline is nearest.
double along_vessel_mm(const VesselTree& tree, int v, const glm::dvec3& p) {
  const double length = tree.length_mm(v);
  double best = 1e18, at = 0;
  for (double s = 0; s <= length; s += 1.0)
    if (const double d = glm::distance(tree.centerline_point(v, s), p); d < best) {
      best = d;
      at = s;
    }
  const double s = at + glm::dot(p - tree.centerline_point(v, at), tree.tangent(v, at));
  return at <= 0 || at >= length - 1.0 ? s : std::clamp(s, at - 1.0, at + 1.0);
}

}  // namespace

StentPlacement stent_placement(const Simulation& sim, const LesionSpec& l, double planned_margin_mm) {
  StentPlacement out;
  const VesselTree& tree = sim.anatomy();
  const int v = tree.find_vessel(l.vessel);
  out.reference_mm = lesion_reference_diameter_mm(tree, l);
  out.nominal_mm = stent_nominal_mm(sim);
  if (sim.stents().empty()) return out;
  out.deployed = true;

  // Each deployed stent's span along the lesion's vessel (its rings are joined by bridges: one
  // stretch from its first ring's edge to its last's), then overlapping stents merged.
  std::vector<std::pair<double, double>> spans;
  for (const StentImplant& stent : sim.stents()) {
    out.malapposed_mm += stent.malapposed_length_mm();
    double a = 1e18, b = -1e18;
    for (const PlacedRing& r : stent.rings()) {
      if (r.site.vessel < 0) continue;
      // On the lesion's vessel itself, its site says where; elsewhere (a bifurcation) measure.
      const double s = r.site.vessel == v ? r.site.s_mm : along_vessel_mm(tree, v, r.center_mm);
      const double half = 0.5 * r.ring.pitch_mm();
      a = std::min(a, s - half);
      b = std::max(b, s + half);
    }
    if (a < b) spans.push_back({a, b});
  }
  std::sort(spans.begin(), spans.end());
  const double lo = l.center_mm - 0.5 * l.length_mm, hi = l.center_mm + 0.5 * l.length_mm;
  double start = 0, end = -1e18;
  for (size_t k = 0; k <= spans.size(); ++k) {
    if (k < spans.size() && spans[k].first <= end + 0.05) {  // touching rings continue a stretch
      end = std::max(end, spans[k].second);
      continue;
    }
    if (end > -1e17 && start <= l.center_mm && end >= l.center_mm) {
      out.covers_centre = true;
      out.proximal_margin_mm = lo - start;
      out.distal_margin_mm = end - hi;
      out.covered_length_mm = end - start;
      const double zone_middle = 0.5 * ((lo - planned_margin_mm) + (hi + planned_margin_mm));
      out.landing_error_mm = std::abs(0.5 * (start + end) - zone_middle);
    }
    if (k < spans.size()) {
      start = spans[k].first;
      end = spans[k].second;
    }
  }
  return out;
}

double stent_nominal_mm(const Simulation& sim) {
  if (const StentDelivery* s = sim.stent_system(); s && !s->implant_taken()) return s->spec().nominal_diameter_mm;
  return sim.stents().empty() ? 0.0 : sim.stents().back().spec().nominal_diameter_mm;
}

bool stent_markers_span(const VesselTree& tree, const StentDelivery& system, const Guidewire& wire,
                        const LesionSpec& l, double margin_mm) {
  return wire_span_covers(tree, wire, l, margin_mm, system.proximal_marker_along_mm(), system.distal_marker_along_mm());
}

}  // namespace angiosim
