// Tube meshes: closed, with the volume of the polygonal tube, and the lesion's narrowing in them.
#include <doctest/doctest.h>

#include <glm/geometric.hpp>

#include <cmath>
#include <numbers>
#include <string>

#include "core/anatomy/anatomy_loader.h"
#include "core/anatomy/tube_mesh.h"
#include "core/util/data_paths.h"

using namespace angiosim;

namespace {
const char* kTube = R"({"name": "t", "vessels": [{"name": "v", "points": [
  {"position_mm": [0,0,0], "radius_mm": 4}, {"position_mm": [0,0,-100], "radius_mm": 4}]}],
  "lesions": [{"name": "s", "vessel": "v", "center_mm": 50, "length_mm": 30, "stenosis_percent": 70, "plaque": "soft"}]})";
}

TEST_CASE("a straight tube mesh is closed and encloses the prism volume") {
  const char* plain = R"({"name": "t", "vessels": [{"name": "v", "points": [
    {"position_mm": [0,0,0], "radius_mm": 4}, {"position_mm": [0,0,-100], "radius_mm": 4}]}]})";
  const VesselTree tree(parse_anatomy(plain, "t.json"));
  const int sides = 24;
  const TriangleMesh mesh = make_vessel_tube_mesh(tree, 0, sides);
  CHECK(mesh.is_closed());
  // Regular 24-gon of circumradius 4: area = (n/2)·r²·sin(2π/n).
  const double area = 0.5 * sides * 16.0 * std::sin(2 * std::numbers::pi / sides);
  CHECK(mesh.volume_mm3() == doctest::Approx(area * 100.0).epsilon(1e-4));
}

TEST_CASE("the lesion's narrowing shows in the mesh") {
  const VesselTree tree(parse_anatomy(kTube, "t.json"));
  const TriangleMesh mesh = make_vessel_tube_mesh(tree, 0);
  CHECK(mesh.is_closed());
  double min_radius = 1e9, max_radius = 0;
  for (const glm::vec3& p : mesh.positions) {
    if (p.z > -1 || p.z < -99) continue;  // skip cap centres
    const double r = std::hypot(p.x, p.y);
    min_radius = std::min(min_radius, r);
    max_radius = std::max(max_radius, r);
  }
  CHECK(min_radius == doctest::Approx(4 * 0.3).epsilon(1e-3));
  CHECK(max_radius == doctest::Approx(4).epsilon(1e-3));
}

TEST_CASE("every vessel of the default anatomy meshes closed") {
  const VesselTree tree(load_anatomy_file(data_path("models/anatomy/aortoiliac_default.json")));
  for (int v = 0; v < static_cast<int>(tree.vessel_count()); ++v) {
    CAPTURE(tree.vessel(v).name);
    const TriangleMesh mesh = make_vessel_tube_mesh(tree, v, 16);
    CHECK(mesh.is_closed());
    CHECK(mesh.volume_mm3() > 0);
  }
}

namespace {

// Distance from p to triangle abc (the closest point by Voronoi regions: Ericson, Real-Time
// Collision Detection, §5.1.5).
double distance_to_triangle(const glm::dvec3& p, const glm::dvec3& a, const glm::dvec3& b, const glm::dvec3& c) {
  const glm::dvec3 ab = b - a, ac = c - a, ap = p - a;
  const double d1 = glm::dot(ab, ap), d2 = glm::dot(ac, ap);
  if (d1 <= 0 && d2 <= 0) return glm::distance(p, a);
  const glm::dvec3 bp = p - b;
  const double d3 = glm::dot(ab, bp), d4 = glm::dot(ac, bp);
  if (d3 >= 0 && d4 <= d3) return glm::distance(p, b);
  const double vc = d1 * d4 - d3 * d2;
  if (vc <= 0 && d1 >= 0 && d3 <= 0) return glm::distance(p, a + d1 / (d1 - d3) * ab);
  const glm::dvec3 cp = p - c;
  const double d5 = glm::dot(ab, cp), d6 = glm::dot(ac, cp);
  if (d6 >= 0 && d5 <= d6) return glm::distance(p, c);
  const double vb = d5 * d2 - d1 * d6;
  if (vb <= 0 && d2 >= 0 && d6 <= 0) return glm::distance(p, a + d2 / (d2 - d6) * ac);
  const double va = d3 * d6 - d5 * d4;
  if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0) return glm::distance(p, b + (d4 - d3) / ((d4 - d3) + (d5 - d6)) * (c - b));
  const double denom = 1 / (va + vb + vc);
  return glm::distance(p, a + ab * (vb * denom) + ac * (vc * denom));
}

// The farthest that the true lumen wall (sampled every 0.5 mm along the vessel and every 15°
// around it) lies from the mesh.
double farthest_wall_from_mesh(const VesselTree& tree, int v, const TriangleMesh& mesh) {
  double worst = 0;
  const double length = tree.length_mm(v);
  for (double s = 1; s < length - 1; s += 0.5) {
    const LumenSection section = tree.lumen(v, s);
    const glm::dvec3 t = tree.tangent(v, s);
    const glm::dvec3 u = glm::normalize(glm::cross(t, std::abs(t.x) < 0.9 ? glm::dvec3(1, 0, 0) : glm::dvec3(0, 1, 0)));
    const glm::dvec3 w = glm::cross(t, u);
    for (int k = 0; k < 24; ++k) {
      const double a = 2 * std::numbers::pi * k / 24;
      const glm::dvec3 p = section.center_mm + section.radius_mm * (std::cos(a) * u + std::sin(a) * w);
      double nearest = 1e9;
      for (size_t i = 0; i + 2 < mesh.indices.size(); i += 3)
        nearest = std::min(nearest, distance_to_triangle(p, glm::dvec3(mesh.positions[mesh.indices[i]]),
                                                         glm::dvec3(mesh.positions[mesh.indices[i + 1]]),
                                                         glm::dvec3(mesh.positions[mesh.indices[i + 2]])));
      worst = std::max(worst, nearest);
    }
  }
  return worst;
}

}  // namespace

TEST_CASE("rings stand where the lumen bends or narrows, and the mesh keeps to the wall") {
  // A quarter circle of radius 30 mm with a 60 % stenosis on it.
  std::string points;
  for (int k = 0; k <= 12; ++k) {
    const double a = 0.5 * std::numbers::pi * k / 12;
    points += (k ? "," : "") + std::string("{\"position_mm\": [") + std::to_string(30 * std::cos(a)) + ", 0, " +
              std::to_string(-30 * std::sin(a)) + "], \"radius_mm\": 4}";
  }
  const std::string json = R"({"name": "arc", "vessels": [{"name": "v", "points": [)" + points +
                           R"(]}], "lesions": [{"name": "s", "vessel": "v", "center_mm": 30, "length_mm": 16, "stenosis_percent": 60, "plaque": "soft"}]})";
  const VesselTree tree(parse_anatomy(json, "arc.json"));
  const double length = tree.length_mm(0);
  const std::vector<double> stations = tube_ring_stations(tree, 0);
  CHECK(stations.front() == 0.0);
  CHECK(stations.back() == doctest::Approx(length));
  // Closer than 8 mm through the bend (a sagitta of 0.05 mm on a 30 mm bend allows ~3.5 mm),
  // and closest on the stenosis' shoulders.
  CHECK(stations.size() > size_t(length / 3.5));
  double shoulder_gap = 1e9, bend_gap = 0;
  for (size_t i = 1; i < stations.size(); ++i) {
    const double gap = stations[i] - stations[i - 1], mid = 0.5 * (stations[i] + stations[i - 1]);
    if (std::abs(mid - 30) < 8) shoulder_gap = std::min(shoulder_gap, gap);
    else bend_gap = std::max(bend_gap, gap);
  }
  CHECK(shoulder_gap < 1.5);
  CHECK(bend_gap <= 4.0);
  // Fine sides, so the polygon's own error (0.009 mm) is far below the rings' tolerance: the wall
  // is within twice the tolerance of the mesh (the rings tilt with the bend, which the centre
  // line's test does not see on the inner side).
  const TriangleMesh mesh = make_vessel_tube_mesh(tree, 0, 48);
  CHECK(mesh.is_closed());
  const double off = farthest_wall_from_mesh(tree, 0, mesh);
  CHECK(off < 2 * kTubeMeshTolerance_mm);
  // Rings as far apart as allowed (8 mm) would not.
  const TriangleMesh coarse = make_vessel_tube_mesh(tree, 0, 48, 10.0);
  const double coarse_off = farthest_wall_from_mesh(tree, 0, coarse);
  CHECK(coarse_off > 2 * kTubeMeshTolerance_mm);
  MESSAGE(stations.size(), " rings on ", length, " mm (closest ", shoulder_gap, " mm on the shoulders, at most ", bend_gap,
          " mm in the bend); the wall within ", off, " mm of the mesh (", coarse_off, " mm with rings 8 mm apart)");
}

TEST_CASE("the default anatomy's mesh has a ring every few millimetres, not every one") {
  const VesselTree tree(load_anatomy_file(data_path("models/anatomy/aortoiliac_default.json")));
  double length = 0;
  size_t rings = 0;
  for (int v = 0; v < static_cast<int>(tree.vessel_count()); ++v) {
    length += tree.length_mm(v);
    rings += tube_ring_stations(tree, v).size();
  }
  CHECK(rings < length / 3);
  MESSAGE(rings, " rings on ", length, " mm of vessels");
}
