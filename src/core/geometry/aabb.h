#pragma once
// Axis-aligned bounding box in patient coordinates (mm).
#include <glm/geometric.hpp>
#include <glm/vec3.hpp>

#include <algorithm>
#include <limits>

namespace angiosim {

struct Aabb {
  glm::dvec3 min{std::numeric_limits<double>::infinity()};
  glm::dvec3 max{-std::numeric_limits<double>::infinity()};

  void grow(const glm::dvec3& p) {
    min = glm::min(min, p);
    max = glm::max(max, p);
  }
  void grow(const Aabb& b) {
    min = glm::min(min, b.min);
    max = glm::max(max, b.max);
  }
  void inflate(double r) {
    min -= glm::dvec3(r);
    max += glm::dvec3(r);
  }
  glm::dvec3 center() const { return 0.5 * (min + max); }
  glm::dvec3 extent() const { return max - min; }
  bool valid() const { return min.x <= max.x && min.y <= max.y && min.z <= max.z; }

  // Euclidean distance from p to the box; 0 inside.
  double distance(const glm::dvec3& p) const {
    glm::dvec3 d = glm::max(glm::max(min - p, p - max), glm::dvec3(0.0));
    return glm::length(d);
  }
  bool contains(const glm::dvec3& p) const {
    return p.x >= min.x && p.y >= min.y && p.z >= min.z && p.x <= max.x && p.y <= max.y &&
           p.z <= max.z;
  }

  // Slab test: the ray o + t·d (inv_d = 1/d componentwise) meets the box for some t in
  // [t_min, t_max]. Returns false when it misses.
  bool ray_hits(const glm::dvec3& o, const glm::dvec3& inv_d, double t_min, double t_max) const {
    for (int a = 0; a < 3; ++a) {
      double t0 = (min[a] - o[a]) * inv_d[a];
      double t1 = (max[a] - o[a]) * inv_d[a];
      if (t0 > t1) std::swap(t0, t1);
      t_min = std::max(t_min, t0);
      t_max = std::min(t_max, t1);
      if (t_max < t_min) return false;
    }
    return true;
  }
};

}  // namespace angiosim
