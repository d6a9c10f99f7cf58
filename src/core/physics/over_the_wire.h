#pragma once
// Catheters ride over the guidewire: a balloon or a stent system lies along the wire's path, placed
// by distance along the wire from the sheath tip (what the operator's push and pull change).
#include <vector>

#include <glm/vec3.hpp>

#include "core/physics/guidewire.h"

namespace angiosim {

// The point `d_mm` along the wire from the sheath tip (negative: back inside the sheath, along
// its axis; past the tip: the tip).
glm::dvec3 wire_point_at_mm(const Guidewire& wire, double d_mm);

// The wire's path from the sheath tip measured once (cumulative arclength at its nodes), for many
// points along it in one step: each point_at_mm is a binary search, not a walk.
class WirePath {
 public:
  explicit WirePath(const Guidewire& wire);
  glm::dvec3 point_at_mm(double d_mm) const;  // as wire_point_at_mm

 private:
  glm::dvec3 origin_, direction_;   // the sheath tip and its axis (for d ≤ 0)
  std::vector<glm::dvec3> points_;  // the clamp, then the nodes from the sheath out to the tip
  std::vector<double> along_mm_;    // arclength at each
};

// Distance (mm) along the wire from the sheath tip to the wire's point nearest p: where a
// catheter over the wire must reach to lie there.
double wire_distance_to_mm(const Guidewire& wire, const glm::dvec3& p_mm);

}  // namespace angiosim
