#pragma once
// Bounding-volume tree over a fixed set of boxes (vessel segments, X-ray primitives). Built once,
// top down, splitting at the median of the longest axis of the box centres; leaves hold a few items.
// Queries visit only the subtrees that can matter:
//   - visit_ray: every item whose box the ray crosses (the projector's candidates);
//   - visit_below: every item in a box whose lower bound is at most a threshold;
//   - nearest: branch and bound with a caller-supplied exact distance and box lower bound, so the
//     same tree answers "nearest centerline point" and "signed distance to the wall".
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "core/geometry/aabb.h"

namespace angiosim {

class Bvh {
 public:
  Bvh() = default;
  explicit Bvh(const std::vector<Aabb>& item_boxes, int max_leaf_items = 4);

  size_t item_count() const { return item_count_; }
  size_t node_count() const { return nodes_.size(); }

  // Calls visit(item) for each item whose box the ray o + t·d, t in [t_min, t_max], crosses.
  template <typename Visit>
  void visit_ray(const glm::dvec3& o, const glm::dvec3& d, double t_min, double t_max,
                 Visit&& visit) const;

  // Calls visit(item) for each item in a leaf whose box has node_bound(box) ≤ threshold (and
  // whose ancestors' boxes do too).
  template <typename NodeBound, typename Visit>
  void visit_below(NodeBound&& node_bound, double threshold, Visit&& visit) const;

  // Finds the item minimising item_distance(item). node_bound(box) must never exceed the
  // distance of any item inside box. Returns the item index (-1 if empty) and sets *best.
  template <typename ItemDistance, typename NodeBound>
  int nearest(ItemDistance&& item_distance, NodeBound&& node_bound, double* best) const;

 private:
  struct Node {
    Aabb box;
    int32_t first;  // leaf: first index into order_; inner: index of left child (right = left+1)
    int32_t count;  // leaf: number of items; inner: 0
  };
  void build(int node, const std::vector<Aabb>& boxes, const std::vector<glm::dvec3>& centers,
             int begin, int end, int max_leaf_items);

  std::vector<Node> nodes_;
  std::vector<int32_t> order_;  // item indices, grouped by leaf
  size_t item_count_ = 0;
};

template <typename Visit>
void Bvh::visit_ray(const glm::dvec3& o, const glm::dvec3& d, double t_min, double t_max,
                    Visit&& visit) const {
  if (nodes_.empty()) return;
  const glm::dvec3 inv_d(1.0 / d.x, 1.0 / d.y, 1.0 / d.z);
  int32_t stack[64];
  int top = 0;
  stack[top++] = 0;
  while (top > 0) {
    const Node& n = nodes_[stack[--top]];
    if (!n.box.ray_hits(o, inv_d, t_min, t_max)) continue;
    if (n.count > 0) {
      for (int32_t i = 0; i < n.count; ++i) visit(order_[n.first + i]);
    } else {
      stack[top++] = n.first;
      stack[top++] = n.first + 1;
    }
  }
}

template <typename NodeBound, typename Visit>
void Bvh::visit_below(NodeBound&& node_bound, double threshold, Visit&& visit) const {
  if (nodes_.empty()) return;
  int32_t stack[64];
  int top = 0;
  stack[top++] = 0;
  while (top > 0) {
    const Node& n = nodes_[stack[--top]];
    if (node_bound(n.box) > threshold) continue;
    if (n.count > 0) {
      for (int32_t i = 0; i < n.count; ++i) visit(order_[n.first + i]);
    } else {
      stack[top++] = n.first;
      stack[top++] = n.first + 1;
    }
  }
}

template <typename ItemDistance, typename NodeBound>
int Bvh::nearest(ItemDistance&& item_distance, NodeBound&& node_bound, double* best) const {
  *best = std::numeric_limits<double>::infinity();
  int best_item = -1;
  if (nodes_.empty()) return best_item;
  int32_t stack[64];
  int top = 0;
  stack[top++] = 0;
  while (top > 0) {
    const Node& n = nodes_[stack[--top]];
    if (node_bound(n.box) >= *best) continue;
    if (n.count > 0) {
      for (int32_t i = 0; i < n.count; ++i) {
        const int item = order_[n.first + i];
        const double dist = item_distance(item);
        if (dist < *best) {
          *best = dist;
          best_item = item;
        }
      }
    } else {
      // Visit the closer child first so the bound tightens early.
      const int32_t l = n.first, r = n.first + 1;
      const bool left_first = node_bound(nodes_[l].box) <= node_bound(nodes_[r].box);
      stack[top++] = left_first ? r : l;
      stack[top++] = left_first ? l : r;
    }
  }
  return best_item;
}

}  // namespace angiosim
