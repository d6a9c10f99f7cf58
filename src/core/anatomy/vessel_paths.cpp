#include "core/anatomy/vessel_paths.h"

#include <algorithm>
#include <cmath>

namespace angiosim {
namespace {

// Vessels from v up to the root, v first.
std::vector<int> ancestry(const VesselTree& tree, int v) {
  std::vector<int> chain;
  for (; v >= 0; v = tree.parent(v)) chain.push_back(v);
  return chain;
}

int common_ancestor(const VesselTree& tree, int a, int b) {
  const std::vector<int> up_a = ancestry(tree, a), up_b = ancestry(tree, b);
  for (int v : up_a)
    if (std::find(up_b.begin(), up_b.end(), v) != up_b.end()) return v;
  return -1;
}

// Climbs from p to vessel `top` (an ancestor): the distance travelled and where it arrives on `top`.
double climb(const VesselTree& tree, TreePlace p, int top, double* s_on_top) {
  double travelled = 0;
  while (p.vessel != top) {
    travelled += p.s_mm;  // down to the vessel's origin
    p.s_mm = tree.origin_mm(p.vessel);
    p.vessel = tree.parent(p.vessel);
  }
  *s_on_top = p.s_mm;
  return travelled;
}

}  // namespace

double tree_distance_mm(const VesselTree& tree, const TreePlace& a, const TreePlace& b) {
  const int top = common_ancestor(tree, a.vessel, b.vessel);
  if (top < 0) return INFINITY;
  double sa = 0, sb = 0;
  const double up = climb(tree, a, top, &sa) + climb(tree, b, top, &sb);
  return up + std::abs(sa - sb);
}

std::vector<int> vessel_route(const VesselTree& tree, int from, int to) {
  const int top = common_ancestor(tree, from, to);
  if (top < 0) return {};
  std::vector<int> route;
  for (int v = from; v != top; v = tree.parent(v)) route.push_back(v);
  route.push_back(top);
  std::vector<int> down;
  for (int v = to; v != top; v = tree.parent(v)) down.push_back(v);
  route.insert(route.end(), down.rbegin(), down.rend());
  return route;
}

bool on_path(const VesselTree& tree, const TreePlace& a, const TreePlace& b, const TreePlace& via, double tol_mm) {
  return tree_distance_mm(tree, a, via) + tree_distance_mm(tree, via, b) <= tree_distance_mm(tree, a, b) + tol_mm;
}

}  // namespace angiosim
