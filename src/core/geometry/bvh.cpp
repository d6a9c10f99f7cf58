#include "core/geometry/bvh.h"

#include <algorithm>
#include <numeric>

namespace angiosim {

Bvh::Bvh(const std::vector<Aabb>& item_boxes, int max_leaf_items) : item_count_(item_boxes.size()) {
  if (item_boxes.empty()) return;
  std::vector<glm::dvec3> centers(item_boxes.size());
  for (size_t i = 0; i < item_boxes.size(); ++i) centers[i] = item_boxes[i].center();
  order_.resize(item_boxes.size());
  std::iota(order_.begin(), order_.end(), 0);
  nodes_.reserve(2 * item_boxes.size());
  nodes_.push_back({});
  build(0, item_boxes, centers, 0, static_cast<int>(item_boxes.size()), std::max(1, max_leaf_items));
}

void Bvh::build(int node, const std::vector<Aabb>& boxes, const std::vector<glm::dvec3>& centers,
                int begin, int end, int max_leaf_items) {
  Aabb box, center_box;
  for (int i = begin; i < end; ++i) {
    box.grow(boxes[order_[i]]);
    center_box.grow(centers[order_[i]]);
  }
  nodes_[node].box = box;
  if (end - begin <= max_leaf_items) {
    nodes_[node].first = begin;
    nodes_[node].count = end - begin;
    return;
  }
  // Median split along the longest axis of the centres' extent.
  const glm::dvec3 ext = center_box.extent();
  const int axis = (ext.x >= ext.y && ext.x >= ext.z) ? 0 : (ext.y >= ext.z ? 1 : 2);
  const int mid = (begin + end) / 2;
  std::nth_element(order_.begin() + begin, order_.begin() + mid, order_.begin() + end,
                   [&](int32_t a, int32_t b) { return centers[a][axis] < centers[b][axis]; });
  // Children are allocated as a pair so the right child is always left + 1.
  const int left = static_cast<int>(nodes_.size());
  nodes_.push_back({});
  nodes_.push_back({});
  nodes_[node].first = left;
  nodes_[node].count = 0;
  build(left, boxes, centers, begin, mid, max_leaf_items);
  build(left + 1, boxes, centers, mid, end, max_leaf_items);
}

}  // namespace angiosim
