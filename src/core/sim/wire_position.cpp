#include "core/sim/wire_position.h"

#include <algorithm>

#include <glm/geometric.hpp>

#include "core/sim/simulation.h"

namespace angiosim {
namespace {

// Where a lesion starts and ends along its vessel.
TreePlace lesion_end(const VesselTree& tree, const LesionSpec& l, double side) {
  const int v = tree.find_vessel(l.vessel);
  return {v, std::clamp(l.center_mm + side * 0.5 * l.length_mm, 0.0, tree.length_mm(v))};
}

}  // namespace

LesionEnds lesion_ends(const VesselTree& tree, const LesionSpec& l, const TreePlace& from) {
  const TreePlace a = lesion_end(tree, l, -1), b = lesion_end(tree, l, +1);
  if (tree_distance_mm(tree, from, b) >= tree_distance_mm(tree, from, a)) return {a, b};
  return {b, a};
}

TreePlace wire_tip_place(const Simulation& sim) {
  if (!sim.guidewire()) return {};
  const VesselTree& tree = sim.anatomy();
  const CenterlineLocation at = sim.lumen().nearest_centerline(sim.guidewire()->tip_mm());
  TreePlace p{at.vessel, at.s_mm};
  // A tip at a junction is still in the parent: it has entered a branch once it is out of the
  // parent's lumen. Along a branch leaving at angle θ, a point at arclength s lies about s·sin θ
  // from the parent's axis, so that is past the parent's radius r when s > r / sin θ; a branch's
  // own radius more and the tip is inside it, not at its ostium.
  for (int parent = tree.parent(p.vessel); parent >= 0; parent = tree.parent(p.vessel)) {
    const double origin = std::min(tree.origin_mm(p.vessel), tree.length_mm(parent));
    const double r = tree.reference_radius_mm(parent, origin);
    const double sin_angle = glm::length(glm::cross(tree.tangent(parent, origin), tree.tangent(p.vessel, std::min(r, tree.length_mm(p.vessel)))));
    if (p.s_mm > r / std::max(sin_angle, 0.25) + tree.reference_radius_mm(p.vessel, 0)) break;
    p = {parent, origin};
  }
  return p;
}

bool wire_across(const Simulation& sim, const LesionSpec& l, double margin_mm) {
  if (!sim.guidewire() || !sim.sheath()) return false;
  const VesselTree& tree = sim.anatomy();
  const TreePlace access{sim.sheath()->vessel, sim.sheath()->s_mm};
  const LesionEnds ends = lesion_ends(tree, l, access);
  const TreePlace tip = wire_tip_place(sim);
  // The wire went through the lesion (both ends on its path) and on beyond the far end.
  return on_path(tree, access, tip, ends.near) && on_path(tree, access, tip, ends.far) &&
         tree_distance_mm(tree, ends.far, tip) >= margin_mm;
}

}  // namespace angiosim
