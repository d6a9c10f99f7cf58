// Contrast transport: conservation of medium (injected = inside + washed out), arrival at the
// advection time, washout, reflux of a fast retrograde injection, and a delayed bolus past a
// tight stenosis or through an occlusion's collaterals.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/anatomy/anatomy_loader.h"
#include "core/flow/contrast_transport.h"
#include "core/util/data_paths.h"

using namespace angiosim;

namespace {

VesselTree tube_tree(const std::string& lesion = "") {
  // One straight artery of radius 3 mm and 300 mm, named so the bed calibrates to 350 mL/min.
  std::string json = R"({"name": "tube", "vessels": [{"name": "common_femoral", "points": [
    {"position_mm": [0, 0, 300], "radius_mm": 3}, {"position_mm": [0, 0, 150], "radius_mm": 3}, {"position_mm": [0, 0, 0], "radius_mm": 3}]}])";
  if (!lesion.empty()) json += R"(, "lesions": [)" + lesion + "]";
  return VesselTree(parse_anatomy(json + "}", "tube.json"));
}

// Time (s) at which the fraction at s_mm first exceeds `level` after a 2 mL bolus at 4 mL/s near the inlet.
double arrival_s(const VesselTree& tree, double s_mm, double level = 0.1) {
  ContrastTransport t{BloodFlow(tree)};
  t.inject({0, 10, 4, 2});
  for (int k = 0; k < 240 * 20; ++k) {
    t.step(1.0 / 240);
    if (t.fraction_at(0, s_mm) > level) return (k + 1) / 240.0;
  }
  return 1e9;
}

}  // namespace

TEST_CASE("medium is conserved: injected = inside + washed out, through injection and washout") {
  const VesselTree tree(load_anatomy_file(data_path("models/anatomy/aortoiliac_default.json")));
  ContrastTransport t{BloodFlow(tree)};
  t.inject({tree.find_vessel("left_common_femoral"), 30, 8, 12});  // retrograde, faster than the flow
  double largest = 0;
  for (int k = 0; k < 240 * 8; ++k) {
    t.step(1.0 / 240);
    largest = std::max(largest, t.inside_ml());
    CHECK(t.injected_ml() == doctest::Approx(t.inside_ml() + t.washed_out_ml()).epsilon(1e-9));
    for (double f : t.cell_fraction()) REQUIRE((f >= -1e-9 && f <= 1 + 1e-9));
  }
  CHECK(t.injected_ml() == doctest::Approx(12).epsilon(1e-9));
  CHECK(largest > 3);
  CHECK(t.inside_ml() < 0.05 * 12);  // washed out within seconds
}

TEST_CASE("the front arrives after the advection time V/Q") {
  const VesselTree tree = tube_tree();
  const BloodFlow flow(tree);
  const double q = 350e3 / 60;  // mm³/s at rest, plus the injection while it runs
  // Between the injection (s = 10) and s = 210 lie 200 mm of a 3 mm-radius tube.
  const double volume = 3.14159265 * 9 * 200;
  const double t = arrival_s(tree, 210, 0.05);
  // While injecting, the flow downstream is q + 4 mL/s; the front travels at that.
  CHECK(t == doctest::Approx(volume / (q + 4000)).epsilon(0.2));
}

TEST_CASE("a retrograde injection faster than the flow refluxes above the sheath") {
  const VesselTree tree(load_anatomy_file(data_path("models/anatomy/aortoiliac_default.json")));
  const int cfa = tree.find_vessel("left_common_femoral"), eia = tree.find_vessel("left_external_iliac");
  ContrastTransport slow{BloodFlow(tree)}, fast{BloodFlow(tree)};
  slow.inject({cfa, 30, 1, 3});
  fast.inject({cfa, 30, 10, 10});
  for (int k = 0; k < 120; ++k) {
    slow.step(1.0 / 240);
    fast.step(1.0 / 240);
  }
  const double above = tree.length_mm(eia) - 20;
  CHECK(slow.fraction_at(eia, above) < 0.01);  // carried away downstream
  CHECK(fast.fraction_at(eia, above) > 0.3);   // fills the iliac against the flow
}

TEST_CASE("a bolus reaches a point past a tight stenosis, or an occlusion's collaterals, later than without it") {
  const double open = arrival_s(tube_tree(), 250);
  const double stenosed = arrival_s(tube_tree(R"({"name": "s", "vessel": "common_femoral", "center_mm": 120, "length_mm": 20, "plaque": "fibrous", "stenosis_percent": 90})"), 250);
  const double occluded = arrival_s(tube_tree(R"({"name": "o", "vessel": "common_femoral", "center_mm": 120, "length_mm": 20, "plaque": "fibrous", "total_occlusion": true})"), 250, 0.02);
  CAPTURE(open);
  CAPTURE(stenosed);
  CAPTURE(occluded);
  CHECK(stenosed > 1.3 * open);
  CHECK(occluded > 3 * open);
  CHECK(occluded < 20);  // the collaterals do fill it, late
}

TEST_CASE("a span's mean fraction weighs each cell by the length it covers: over the whole vessel, the medium inside") {
  const VesselTree tree = tube_tree();
  ContrastTransport t{BloodFlow(tree)};
  t.inject({0, 10, 4, 2});
  for (int k = 0; k < 240 / 4; ++k) t.step(1.0 / 240);  // the front is on its way down the tube
  const double length = tree.length_mm(0);
  // A uniform tube: the mean over its length times its volume is the medium it holds.
  const double tube_ml = 3.14159265358979 * 9 * length / 1000;
  REQUIRE(t.inside_ml() > 0.1);
  CHECK(t.mean_fraction(0, 0, length) * tube_ml == doctest::Approx(t.inside_ml()).epsilon(1e-9));
  // Spans around the injection and across the front, against the point fractions integrated in
  // 0.01 mm steps.
  double front_mm = 20;  // downstream of the sheath (s = 10)
  while (t.fraction_at(0, front_mm) > 0.5 * t.fraction_at(0, 20)) front_mm += 0.5;
  REQUIRE(front_mm > 40);
  REQUIRE(front_mm < length - 40);
  for (double s0 : {0.0, 7.9, front_mm - 5.3, front_mm - 2.1, front_mm + 1.7}) {
    const double s1 = s0 + 7.3;
    double sum = 0;
    for (double s = s0 + 0.005; s < s1; s += 0.01) sum += 0.01 * t.fraction_at(0, s);
    CAPTURE(s0);
    if (s0 > 0) REQUIRE(t.fraction_at(0, s0) != t.fraction_at(0, s1));  // a span over cells that differ
    CHECK(t.mean_fraction(0, s0, s1) == doctest::Approx(sum / (s1 - s0)).epsilon(2e-3).scale(1e-3));
  }
  CHECK(t.mean_fraction(0, 42, 42) == t.fraction_at(0, 42));  // an empty span: the point
}
