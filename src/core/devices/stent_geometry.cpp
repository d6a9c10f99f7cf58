#include "core/devices/stent_geometry.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <glm/geometric.hpp>

namespace angiosim {
namespace {

// A frame along the axis polyline: the point at arclength s, its tangent and two normals
// (transported by projection, so the crowns do not twist around a gently curved axis).
struct AxisFrame {
  glm::dvec3 point, tangent, u, v;
};

AxisFrame frame_at(const std::vector<glm::dvec3>& axis, double s, const glm::dvec3& normal) {
  double walked = 0;
  size_t k = 0;
  for (; k + 2 < axis.size(); ++k) {
    const double seg = glm::distance(axis[k], axis[k + 1]);
    if (walked + seg >= s) break;
    walked += seg;
  }
  const glm::dvec3 t = glm::normalize(axis[k + 1] - axis[k]);
  AxisFrame f;
  f.point = axis[k] + t * std::max(0.0, s - walked);  // past the polyline's end: on along its last segment
  f.tangent = t;
  glm::dvec3 u = normal - t * glm::dot(normal, t);
  if (glm::length(u) < 1e-9) u = std::abs(t.x) < 0.9 ? glm::dvec3(1, 0, 0) : glm::dvec3(0, 1, 0);
  f.u = glm::normalize(u - t * glm::dot(u, t));
  f.v = glm::cross(t, f.u);
  return f;
}

}  // namespace

StentMesh make_stent_mesh(const StentSpec& spec, const std::vector<glm::dvec3>& axis,
                          const std::vector<double>& ring_diameter_mm, const glm::dvec3& normal) {
  StentMesh mesh;
  if (axis.size() < 2 || spec.rings < 1) return mesh;
  const int n = spec.crowns;
  // Each ring: crown circles at s and s + ℓ·cos θ; strut j runs from one to the other.
  auto crown = [&](double s, double diameter, int j) {
    const AxisFrame f = frame_at(axis, s, normal);
    const double phi = std::numbers::pi * j / n;  // 2N crowns alternate between the two circles
    return f.point + 0.5 * diameter * (std::cos(phi) * f.u + std::sin(phi) * f.v);
  };
  double s = 0;
  for (int r = 0; r < spec.rings; ++r) {
    const double d = ring_diameter_mm[std::min(size_t(r), ring_diameter_mm.size() - 1)];
    const double h = spec.ring_length_mm(d);
    for (int j = 0; j < 2 * n; ++j) {
      // Even crowns on the distal circle, odd ones on the proximal.
      const glm::dvec3 a = crown(s + (j % 2 ? h : 0), d, j), b = crown(s + ((j + 1) % 2 ? h : 0), d, j + 1);
      mesh.struts.emplace_back(a, b);
    }
    if (r == 0 || r == spec.rings - 1)
      for (int m = 0; m < spec.markers_per_end; ++m)
        mesh.markers.push_back(crown(r == 0 ? s - 0.5 * spec.marker_size_mm : s + h + 0.5 * spec.marker_size_mm, d,
                                     2 * (m * n / std::max(1, spec.markers_per_end))));
    if (r + 1 < spec.rings) {
      // Bridges from this ring's proximal crowns to the next ring's distal ones, a few per ring.
      const double next_d = ring_diameter_mm[std::min(size_t(r + 1), ring_diameter_mm.size() - 1)];
      for (int j = 1; j < 2 * n; j += std::max(2, 2 * n / 3))
        mesh.bridges.emplace_back(crown(s + h, d, j), crown(s + h + spec.bridge_length_mm, next_d, j + 1));
    }
    s += h + (r + 1 < spec.rings ? spec.bridge_length_mm : 0);
  }
  mesh.length_mm = s;
  return mesh;
}

StentMesh make_stent_mesh(const StentSpec& spec, const std::vector<glm::dvec3>& axis, const std::vector<double>& ring_diameter_mm) {
  if (axis.size() < 2 || glm::distance(axis.front(), axis.back()) < 1e-6) return {};
  const glm::dvec3 along = glm::normalize(axis[1] - axis[0]);
  glm::dvec3 normal = glm::cross(along, glm::dvec3(0, 0, 1));
  if (glm::length(normal) < 0.1) normal = glm::cross(along, glm::dvec3(1, 0, 0));
  return make_stent_mesh(spec, axis, ring_diameter_mm, glm::normalize(normal));
}

}  // namespace angiosim
