#pragma once
// Catheters ride over the guidewire: a balloon or a stent system lies along the wire's path, placed
// by distance along the wire from the sheath tip (what the operator's push and pull change).
#include <glm/vec3.hpp>

#include "core/physics/guidewire.h"

namespace angiosim {

// The point `d_mm` along the wire from the sheath tip (negative: back inside the sheath, along
// its axis; past the tip: the tip).
glm::dvec3 wire_point_at_mm(const Guidewire& wire, double d_mm);

// Distance (mm) along the wire from the sheath tip to the wire's point nearest p: where a
// catheter over the wire must reach to lie there.
double wire_distance_to_mm(const Guidewire& wire, const glm::dvec3& p_mm);

}  // namespace angiosim
