#include "core/physics/occlusion_crossing.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <cmath>

#include "core/util/units.h"

namespace angiosim {
namespace {

constexpr double kScan_mm = 0.1;

}  // namespace

OcclusionCrossing::OcclusionCrossing(const VesselTree& tree) {
  for (size_t l = 0; l < tree.spec().lesions.size(); ++l) {
    const LesionSpec& spec = tree.spec().lesions[l];
    if (!spec.total_occlusion) continue;
    Occlusion o;
    o.lesion = int(l);
    o.vessel = tree.find_vessel(spec.vessel);
    o.resistance_N = spec.cap_resistance_gf * kGramForce_N;
    occlusions_.push_back(o);
  }
}

bool OcclusionCrossing::update(double time_s, double dt_s, const Guidewire& wire, const LumenQuery& lumen, VesselTree& tree) {
  if (occlusions_.empty()) return false;
  const CenterlineLocation tip = lumen.nearest_centerline(wire.tip_mm());
  const double channel_radius = wire.rod().radius_mm + kChannelClearance_mm;
  bool changed = false;
  for (Occlusion& o : occlusions_) {
    if (o.crossed || tip.vessel != o.vessel) continue;
    const LesionSpec& spec = tree.spec().lesions[size_t(o.lesion)];
    const double half = 0.5 * spec.length_mm;
    if (std::abs(tip.s_mm - spec.center_mm) > half) continue;
    // The part too narrow for this wire, found by scanning out from the centre (once per wire
    // size: the plaque does not change, only the channel in it).
    if (o.closed_for_radius_mm != channel_radius) {
      o.closed_for_radius_mm = channel_radius;
      o.closed_min_mm = o.closed_max_mm = spec.center_mm;
      while (o.closed_min_mm > spec.center_mm - half && tree.plaque_lumen(o.vessel, o.closed_min_mm - kScan_mm).radius_mm < channel_radius)
        o.closed_min_mm -= kScan_mm;
      while (o.closed_max_mm < spec.center_mm + half && tree.plaque_lumen(o.vessel, o.closed_max_mm + kScan_mm).radius_mm < channel_radius)
        o.closed_max_mm += kScan_mm;
    }
    // Boring goes the way the tip points along the vessel, and on the way it started.
    const double pointing = glm::dot(wire.tip_direction(), tree.tangent(o.vessel, tip.s_mm)) >= 0 ? 1.0 : -1.0;
    if (o.bored && pointing != o.sense) continue;  // a tip folded back bores nothing
    const double sense = o.bored ? o.sense : pointing;
    // The bore front: the cap on the side the wire came from, moved on as the plaque yields.
    const double cap = sense > 0 ? o.closed_min_mm : o.closed_max_mm;
    const double far_end = sense > 0 ? o.closed_max_mm : o.closed_min_mm;
    const double front = cap + sense * o.yielded_mm;
    if (o.bored && (tip.s_mm - far_end) * sense >= 0) {
      // The tip is through: the channel meets the distal lumen.
      o.channel_to_mm = far_end + sense * 1.0;
      o.crossed = true;
      events_.push_back({OcclusionEvent::Kind::Crossed, time_s, o.lesion});
      tree.open_channel(o.lesion, o.channel_from_mm, o.channel_to_mm, channel_radius);
      changed = true;
      continue;
    }
    if ((front - tip.s_mm) * sense > kFrontReach_mm) continue;  // the tip is short of the plaque
    if (wire.tip_wall_force_N() < o.resistance_N) continue;     // pressing too softly
    if (!o.bored) {
      o.bored = true;
      o.sense = sense;
      o.channel_from_mm = cap - sense * kScan_mm;
      events_.push_back({OcclusionEvent::Kind::CapPenetrated, time_s, o.lesion});
    }
    // The plaque yields like a viscoplastic (Bingham) solid: not at all below its resistance, then
    // at a speed growing with the overload, kBoreSpeed_mm_s per resistance's worth of excess, up
    // to kMaxBoreSpeed_mm_s. A one-step spike of force (a wire caught straight before it buckles)
    // bores a fraction of a millimetre; sustained pressure bores on.
    const double overload = wire.tip_wall_force_N() / o.resistance_N - 1.0;
    o.yielded_mm += std::min(overload * kBoreSpeed_mm_s, kMaxBoreSpeed_mm_s) * dt_s;
    o.channel_to_mm = cap + sense * o.yielded_mm;
    if ((o.channel_to_mm - far_end) * sense >= 0) {
      o.channel_to_mm = far_end + sense * 1.0;  // through: the channel meets the distal lumen
      o.crossed = true;
      events_.push_back({OcclusionEvent::Kind::Crossed, time_s, o.lesion});
    }
    tree.open_channel(o.lesion, o.channel_from_mm, o.channel_to_mm, channel_radius);
    changed = true;
  }
  return changed;
}

bool OcclusionCrossing::crossed(int lesion) const {
  for (const Occlusion& o : occlusions_)
    if (o.lesion == lesion) return o.crossed;
  return false;
}

double OcclusionCrossing::progress(int lesion) const {
  for (const Occlusion& o : occlusions_) {
    if (o.lesion != lesion) continue;
    if (o.crossed) return 1.0;
    if (!o.bored) return 0.0;
    const double closed = std::max(o.closed_max_mm - o.closed_min_mm, 1e-9);
    return std::clamp(std::abs(o.channel_to_mm - o.channel_from_mm) / closed, 0.0, 1.0);
  }
  return 0.0;
}

}  // namespace angiosim
