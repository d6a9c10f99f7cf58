#include "core/physics/over_the_wire.h"

#include <algorithm>

#include <glm/geometric.hpp>

namespace angiosim {

glm::dvec3 wire_point_at_mm(const Guidewire& wire, double d_mm) {
  const std::vector<glm::dvec3>& x = wire.rod().x;
  const RodClamp& clamp = wire.clamp();
  if (d_mm <= 0 || x.empty()) return clamp.point + clamp.direction * d_mm;
  // From the clamp (the sheath tip) out along the nodes, last to first.
  glm::dvec3 prev = clamp.point;
  double walked = 0;
  for (size_t k = x.size(); k-- > 0;) {
    const double seg = glm::distance(prev, x[k]);
    if (walked + seg >= d_mm && seg > 0) return prev + (x[k] - prev) * ((d_mm - walked) / seg);
    walked += seg;
    prev = x[k];
  }
  return x.front();
}

double wire_distance_to_mm(const Guidewire& wire, const glm::dvec3& p) {
  const std::vector<glm::dvec3>& x = wire.rod().x;
  glm::dvec3 prev = wire.clamp().point;
  double walked = 0, best = 1e18, at = 0;
  for (size_t k = x.size(); k-- > 0;) {
    const glm::dvec3 seg = x[k] - prev;
    const double len = glm::length(seg);
    const double u = len > 0 ? std::clamp(glm::dot(p - prev, seg) / (len * len), 0.0, 1.0) : 0.0;
    const double d = glm::distance(prev + seg * u, p);
    if (d < best) {
      best = d;
      at = walked + u * len;
    }
    walked += len;
    prev = x[k];
  }
  return at;
}

WirePath::WirePath(const Guidewire& wire) : origin_(wire.clamp().point), direction_(wire.clamp().direction) {
  const std::vector<glm::dvec3>& x = wire.rod().x;
  points_.reserve(x.size() + 1);
  along_mm_.reserve(x.size() + 1);
  points_.push_back(origin_);
  along_mm_.push_back(0);
  for (size_t k = x.size(); k-- > 0;) {
    along_mm_.push_back(along_mm_.back() + glm::distance(points_.back(), x[k]));
    points_.push_back(x[k]);
  }
}

glm::dvec3 WirePath::point_at_mm(double d) const {
  if (d <= 0 || points_.size() < 2) return origin_ + direction_ * d;
  if (d >= along_mm_.back()) return points_.back();
  const size_t k = size_t(std::upper_bound(along_mm_.begin(), along_mm_.end(), d) - along_mm_.begin());  // along[k-1] <= d < along[k]
  const double seg = along_mm_[k] - along_mm_[k - 1];
  return seg > 0 ? points_[k - 1] + (points_[k] - points_[k - 1]) * ((d - along_mm_[k - 1]) / seg) : points_[k];
}

}  // namespace angiosim
