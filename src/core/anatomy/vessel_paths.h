#pragma once
// Distances and routes along the vessel tree: how far apart two places are for something that
// travels inside the arteries (a wire, the contrast), and which vessels it passes through.
// A place is (vessel, arclength); a side branch joins its parent at its origin_mm, a child at a
// bifurcation at its parent's end.
#include <vector>

#include "core/anatomy/vessel_tree.h"

namespace angiosim {

struct TreePlace {
  int vessel = -1;
  double s_mm = 0;
};

// Length (mm) of the path along the centerlines between a and b.
double tree_distance_mm(const VesselTree& tree, const TreePlace& a, const TreePlace& b);

// The vessels from `from` to `to` along the tree, both included, in the order travelled.
std::vector<int> vessel_route(const VesselTree& tree, int from, int to);

// True when `via` lies on the path from a to b (within tol_mm of it).
bool on_path(const VesselTree& tree, const TreePlace& a, const TreePlace& b, const TreePlace& via, double tol_mm = 1.0);

}  // namespace angiosim
