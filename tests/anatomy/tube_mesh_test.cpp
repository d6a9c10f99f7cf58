// Tube meshes: closed, with the volume of the polygonal tube, and the lesion's narrowing in them.
#include <doctest/doctest.h>

#include <glm/geometric.hpp>

#include <cmath>
#include <numbers>

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
