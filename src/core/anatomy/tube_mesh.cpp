#include "core/anatomy/tube_mesh.h"

#include <glm/common.hpp>
#include <glm/geometric.hpp>

#include "core/anatomy/lumen_stations.h"
#include "core/geometry/aabb.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace angiosim {
namespace {

glm::dvec3 any_perpendicular(const glm::dvec3& t) {
  const glm::dvec3 helper = std::abs(t.x) < 0.9 ? glm::dvec3(1, 0, 0) : glm::dvec3(0, 1, 0);
  return glm::normalize(glm::cross(t, helper));
}

}  // namespace

std::vector<double> tube_ring_stations(const VesselTree& tree, int vessel, double tolerance_mm,
                                       double max_ring_spacing_mm) {
  LumenStationRules rules;
  rules.tolerance_mm = tolerance_mm;
  rules.max_spacing_mm = max_ring_spacing_mm;
  return lumen_stations(tree, vessel, 0, tree.length_mm(vessel), rules);
}

TriangleMesh make_vessel_tube_mesh(const VesselTree& tree, int vessel, int sides, double tolerance_mm) {
  TriangleMesh mesh;
  const double length = tree.length_mm(vessel);
  const std::vector<double> stations = tube_ring_stations(tree, vessel, tolerance_mm);
  const int rings = static_cast<int>(stations.size());

  // Parallel transport (Bishop frame): rotate the previous normal by the change of tangent.
  glm::dvec3 tangent = tree.tangent(vessel, 0);
  glm::dvec3 normal = any_perpendicular(tangent);
  for (int r = 0; r < rings; ++r) {
    const double s = stations[size_t(r)];
    const glm::dvec3 t_new = tree.tangent(vessel, s);
    normal = normal - glm::dot(normal, t_new) * t_new;
    normal = glm::length(normal) > 1e-9 ? glm::normalize(normal) : any_perpendicular(t_new);
    tangent = t_new;
    const glm::dvec3 binormal = glm::cross(tangent, normal);
    const LumenSection section = tree.lumen(vessel, s);
    for (int k = 0; k < sides; ++k) {
      const double a = 2.0 * std::numbers::pi * k / sides;
      const glm::dvec3 radial = std::cos(a) * normal + std::sin(a) * binormal;
      mesh.positions.push_back(glm::vec3(section.center_mm + section.radius_mm * radial));
      mesh.normals.push_back(glm::vec3(radial));
    }
  }
  // Side walls: quads between consecutive rings, wound counter-clockwise seen from outside.
  for (int r = 0; r + 1 < rings; ++r)
    for (int k = 0; k < sides; ++k) {
      const uint32_t a = r * sides + k, b = r * sides + (k + 1) % sides;
      const uint32_t c = a + sides, d = b + sides;
      mesh.indices.insert(mesh.indices.end(), {a, b, d, a, d, c});
    }
  // End caps: a centre vertex fanned to the first and last rings.
  auto cap = [&](int ring, const glm::dvec3& outward, bool reverse) {
    const double s = ring == 0 ? 0.0 : length;
    const uint32_t centre = static_cast<uint32_t>(mesh.positions.size());
    mesh.positions.push_back(glm::vec3(tree.lumen(vessel, s).center_mm));
    mesh.normals.push_back(glm::vec3(outward));
    for (int k = 0; k < sides; ++k) {
      const uint32_t a = ring * sides + k, b = ring * sides + (k + 1) % sides;
      if (reverse) mesh.indices.insert(mesh.indices.end(), {centre, b, a});
      else mesh.indices.insert(mesh.indices.end(), {centre, a, b});
    }
  };
  cap(0, -tree.tangent(vessel, 0), true);
  cap(rings - 1, tree.tangent(vessel, length), false);
  return mesh;
}

TriangleMesh make_polyline_tube_mesh(const std::vector<glm::dvec3>& points, double radius_mm, int sides) {
  TriangleMesh mesh;
  if (points.size() < 2) return mesh;
  glm::dvec3 tangent = glm::normalize(points[1] - points[0]);
  glm::dvec3 normal = any_perpendicular(tangent);
  const size_t rings = points.size();
  for (size_t r = 0; r < rings; ++r) {
    const glm::dvec3 t_new = glm::normalize(r + 1 < rings ? points[r + 1] - points[r] : points[r] - points[r - 1]);
    normal = normal - glm::dot(normal, t_new) * t_new;
    normal = glm::length(normal) > 1e-9 ? glm::normalize(normal) : any_perpendicular(t_new);
    const glm::dvec3 binormal = glm::cross(t_new, normal);
    for (int k = 0; k < sides; ++k) {
      const double a = 2.0 * std::numbers::pi * k / sides;
      const glm::dvec3 radial = std::cos(a) * normal + std::sin(a) * binormal;
      mesh.positions.push_back(glm::vec3(points[r] + radius_mm * radial));
      mesh.normals.push_back(glm::vec3(radial));
    }
  }
  for (size_t r = 0; r + 1 < rings; ++r)
    for (int k = 0; k < sides; ++k) {
      const uint32_t a = uint32_t(r * sides + k), b = uint32_t(r * sides + (k + 1) % sides);
      mesh.indices.insert(mesh.indices.end(), {a, b, b + uint32_t(sides), a, b + uint32_t(sides), a + uint32_t(sides)});
    }
  return mesh;
}

std::vector<TriangleMesh> make_lumen_meshes(const VesselTree& tree, int sides) {
  std::vector<TriangleMesh> meshes;
  for (int v = 0; v < static_cast<int>(tree.vessel_count()); ++v)
    meshes.push_back(make_vessel_tube_mesh(tree, v, sides));
  return meshes;
}

glm::dvec3 vessel_tree_center(const VesselTree& tree) {
  Aabb box;
  for (int v = 0; v < static_cast<int>(tree.vessel_count()); ++v)
    for (const CenterlinePoint& p : tree.vessel(v).points) box.grow(p.position_mm);
  return box.center();
}

}  // namespace angiosim
