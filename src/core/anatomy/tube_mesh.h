#pragma once
// Closed tube meshes of the vessel lumen for rendering (3D view, overlays): rings of `sides`
// vertices around the lumen centre at every lumen sample, oriented by parallel transport along the
// centerline (no twisting), capped at both ends. The lesion's narrowing and eccentricity show.
#include "core/anatomy/vessel_tree.h"
#include "core/geometry/triangle_mesh.h"

namespace angiosim {

TriangleMesh make_vessel_tube_mesh(const VesselTree& tree, int vessel, int sides = 24,
                                   double max_ring_spacing_mm = 1.0);

}  // namespace angiosim
