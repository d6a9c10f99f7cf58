#pragma once
// The strut mesh of a stent from its design (StentSpec), laid along an axis: ring after ring of
// zig-zag struts joined by bridges, each ring at its own diameter (crimped in the sheath, opened
// against the wall, anything between). A ring at diameter D has 2N struts of length ℓ between
// its two crown circles, which stand ℓ·cos θ(D) apart: the rings' spacing — and so the stent's
// length — follows the diameters, the design's foreshortening. Bridges join consecutive rings
// crown to crown and keep their length.
#include <glm/vec3.hpp>

#include <vector>

#include "core/devices/stent_spec.h"

namespace angiosim {

struct StentMesh {
  // Strut centrelines as segments (a, b); bridges likewise; the marker eyelets' centres.
  std::vector<std::pair<glm::dvec3, glm::dvec3>> struts, bridges;
  std::vector<glm::dvec3> markers;
  double length_mm = 0;  // along the axis, first crown to last
};

// The mesh with its distal end at `axis.front()`, running along the polyline `axis` (at least two
// points, distal first), ring k at ring_diameter_mm[k] (one per ring). `normal` fixes the crowns'
// angular origin (perpendicular to the axis at its start).
StentMesh make_stent_mesh(const StentSpec& spec, const std::vector<glm::dvec3>& axis,
                          const std::vector<double>& ring_diameter_mm, const glm::dvec3& normal);
// The same with the crowns' origin any direction across the axis's first segment (empty when the
// axis has no length).
StentMesh make_stent_mesh(const StentSpec& spec, const std::vector<glm::dvec3>& axis, const std::vector<double>& ring_diameter_mm);

}  // namespace angiosim
