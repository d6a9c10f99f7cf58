#pragma once
// Closed tube meshes of the vessel lumen for rendering (3D view, overlays): rings of `sides`
// vertices around the lumen centre at every lumen sample, oriented by parallel transport along the
// centerline (no twisting), capped at both ends. The lesion's narrowing and eccentricity show.
#include "core/anatomy/vessel_tree.h"
#include "core/geometry/triangle_mesh.h"

namespace angiosim {

TriangleMesh make_vessel_tube_mesh(const VesselTree& tree, int vessel, int sides = 24,
                                   double max_ring_spacing_mm = 1.0);

// A closed tube of constant radius along a polyline (a guidewire in the 3D view).
TriangleMesh make_polyline_tube_mesh(const std::vector<glm::dvec3>& points, double radius_mm, int sides = 8);

// One mesh per vessel of the tree.
std::vector<TriangleMesh> make_lumen_meshes(const VesselTree& tree, int sides = 24);

// Centre of the vessels' bounding box (mm): where a 3D view looks.
glm::dvec3 vessel_tree_center(const VesselTree& tree);

}  // namespace angiosim
