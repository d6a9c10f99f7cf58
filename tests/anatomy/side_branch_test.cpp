// Side branches: a vessel may leave its parent part-way along it (origin_mm). It starts on the
// parent's centerline there; the lumen, the X-ray scene and the flow network join it correctly.
#include <doctest/doctest.h>

#include <glm/geometric.hpp>

#include <cmath>
#include <string>

#include "core/anatomy/anatomy_loader.h"
#include "core/anatomy/lumen_query.h"
#include "core/flow/blood_flow.h"
#include "core/imaging/cpu_projector.h"
#include "core/imaging/xray_scene.h"
#include "test_support.h"

using namespace angiosim;

namespace {

// A straight 200 mm trunk (r 5) along −z ending in two 100 mm common femorals (r 3), with a side
// branch (r 2) leaving 80 mm down the trunk toward +x.
const char* kTree = R"({"name": "side", "vessels": [
  {"name": "trunk", "points": [{"position_mm": [0, 0, 200], "radius_mm": 5}, {"position_mm": [0, 0, 0], "radius_mm": 5}]},
  {"name": "branch", "parent": "trunk", "origin_mm": 80, "points": [
    {"position_mm": [12, 0, 118], "radius_mm": 2}, {"position_mm": [40, 0, 110], "radius_mm": 2}, {"position_mm": [70, 0, 100], "radius_mm": 1.8}]},
  {"name": "left_common_femoral", "parent": "trunk", "points": [{"position_mm": [0, 0, 0], "radius_mm": 3}, {"position_mm": [20, 0, -100], "radius_mm": 3}]},
  {"name": "right_common_femoral", "parent": "trunk", "points": [{"position_mm": [0, 0, 0], "radius_mm": 3}, {"position_mm": [-20, 0, -100], "radius_mm": 3}]}]})";

}  // namespace

TEST_CASE("a side branch starts on its parent's centerline at its origin") {
  const VesselTree tree(parse_anatomy(kTree, "side.json"));
  const int trunk = tree.find_vessel("trunk"), branch = tree.find_vessel("branch");
  CHECK(tree.is_side_branch(branch));
  CHECK(tree.origin_mm(branch) == 80);
  CHECK(glm::distance(tree.centerline_point(branch, 0), tree.centerline_point(trunk, 80)) < 1e-9);
  CHECK(tree.children(trunk).size() == 3);
  CHECK(tree.end_children(trunk).size() == 2);
  CHECK_FALSE(tree.continues_into_child(trunk));  // the side branch does not make it a continuation
  // The lumen runs from the trunk into the branch without a wall between them.
  const LumenQuery lumen(tree);
  for (double x = 0; x <= 30; x += 0.5) {
    const glm::dvec3 p = glm::mix(tree.centerline_point(trunk, 80), tree.centerline_point(branch, 20), x / 30);
    CHECK(lumen.wall_distance(p).signed_mm < 0);
  }
}

TEST_CASE("the X-ray scene counts a side branch's junction once") {
  const VesselTree tree(parse_anatomy(kTree, "side.json"));
  const LumenQuery lumen(tree);
  XrayScene scene;
  scene.basis_names = {"iodine"};
  Composition one;
  one.density_g_cm3[0] = 10.0;  // reads in mm
  add_vessels(scene, tree, one);
  const CpuProjector projector(scene);
  // Rays through the junction, against the union of the lumen's segments integrated along them
  // (the hard union: the X-ray scene leaves out the lumen's smooth junction fillets).
  for (const glm::dvec3& d : {glm::dvec3(0, 1, 0), glm::normalize(glm::dvec3(0.3, 1, 0.2)), glm::normalize(glm::dvec3(-0.2, 1, -0.5))})
    for (const glm::dvec3& at : {glm::dvec3(0, 0, 120), glm::dvec3(4, 0, 119), glm::dvec3(9, 0, 118), glm::dvec3(-3, 0, 121)}) {
      const glm::dvec3 o = at - 50.0 * d;  // 100 mm of ray around the junction
      double inside = 0;
      for (double t = 0.005; t < 100; t += 0.01) {
        bool in = false;
        for (const LumenQuery::Segment& seg : lumen.segments()) in = in || seg.signed_distance(o + t * d) < 0;
        inside += in ? 0.01 : 0.0;
      }
      CAPTURE(at.x);
      CAPTURE(at.z);
      CHECK(projector.areal_density(o, d, 100)[0] == doctest::Approx(inside).epsilon(0.05).scale(1.0));
    }
}

TEST_CASE("flow: the trunk carries the branch's share only above its origin") {
  const VesselTree tree(parse_anatomy(kTree, "side.json"));
  const BloodFlow flow(tree);
  const int trunk = tree.find_vessel("trunk"), branch = tree.find_vessel("branch");
  const double above = flow.cell_flow_mm3_s()[size_t(flow.cell_at(trunk, 40))];
  const double below = flow.cell_flow_mm3_s()[size_t(flow.cell_at(trunk, 150))];
  const double side = flow.cell_flow_mm3_s()[size_t(flow.cell_at(branch, 10))];
  CHECK(side > 0);
  CHECK(above == doctest::Approx(below + side).epsilon(1e-9));  // Kirchhoff at the origin's node
  // Murray's law at the beds: a terminal vessel's bed takes r³ at its start, so the branch against
  // one common femoral splits as (2 / 3)³.
  const double femoral = flow.cell_flow_mm3_s()[size_t(flow.cell_at(tree.find_vessel("left_common_femoral"), 10))];
  CHECK(side / femoral == doctest::Approx(std::pow(2.0 / 3.0, 3)).epsilon(0.02));
}

TEST_CASE("bad side branches name the file and the field") {
  const std::string beyond = test::input_error_of([] {
    std::string t = kTree;
    t.replace(t.find("\"origin_mm\": 80"), 15, "\"origin_mm\": 250");
    parse_anatomy(t, "side.json");
  });
  CHECK(beyond.rfind("side.json: /vessels/1/origin_mm: beyond the parent vessel's length", 0) == 0);
  const std::string root = test::input_error_of([] {
    parse_anatomy(R"({"name": "x", "vessels": [{"name": "a", "origin_mm": 3, "points": [{"position_mm": [0,0,0], "radius_mm": 3}, {"position_mm": [0,0,9], "radius_mm": 3}]}]})", "r.json");
  });
  CHECK(root == "r.json: /vessels/0/origin_mm: only a branch of a parent vessel has an origin");
}
