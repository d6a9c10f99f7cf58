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

}  // namespace angiosim
