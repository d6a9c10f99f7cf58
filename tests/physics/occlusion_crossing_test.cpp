// Crossing a total occlusion: the cap yields only to a tip pressing harder than its resistance, so
// tip load decides, as in practice — a CTO wire bores through a fibrous cap, a floppy wire buckles
// and prolapses, and a calcified cap stops even the CTO wire.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/devices/device_catalog.h"
#include "core/anatomy/anatomy_loader.h"
#include "core/physics/occlusion_crossing.h"
#include "core/util/data_paths.h"

using namespace angiosim;

namespace {

// A gently curved artery (an arc of radius 300 mm, 7 mm wide) with a 30 mm total occlusion
// centred 80 mm from its origin. The curve keeps the wire off the exact axis, as in a patient.
VesselTree occluded_artery(const std::string& plaque) {
  std::string points;
  for (int k = 0; k <= 30; ++k) {
    const double a = 0.5 * k / 30.0;
    char p[160];
    std::snprintf(p, sizeof p, R"(%s{"position_mm": [%.6f, 0, %.6f], "radius_mm": 3.5})", k ? "," : "",
                  300 * (1 - std::cos(a)), -300 * std::sin(a));
    points += p;
  }
  return VesselTree(parse_anatomy(R"({"name": "occluded", "vessels": [{"name": "artery", "points": [)" + points +
                                      R"(]}], "lesions": [{"name": "cto", "vessel": "artery", "center_mm": 80,
                                      "length_mm": 30, "total_occlusion": true, "plaque": ")" + plaque + R"("}]})",
                                  "occluded.json"));
}

struct Attempt {
  bool crossed = false;
  double progress = 0;
  double tip_s_mm = 0;
  std::vector<WallInjuryRisk> hard_pushes;
};

// Pushes the wire at 20 mm/s for 7 s from 20 mm into the artery, toward the occlusion.
Attempt push_into_occlusion(const std::string& wire_id, const std::string& plaque) {
  VesselTree tree = occluded_artery(plaque);
  LumenQuery lumen(tree);
  OcclusionCrossing crossing(tree);
  const DeviceCatalog devices = load_device_catalog(data_path("models/devices.json"));
  Guidewire wire(*devices.find_guidewire(wire_id), antegrade_access(tree, 0, 20), 10, 1.0);
  constexpr double dt = 1.0 / 240;
  for (int k = 1; k <= 240 * 7; ++k) {
    wire.step(dt, {20, 0}, lumen);
    if (crossing.update(k * dt, dt, wire, lumen, tree)) {
      lumen = LumenQuery(tree);
      wire.forget_wall_cache();
    }
  }
  return {crossing.crossed(0), crossing.progress(0), lumen.nearest_centerline(wire.tip_mm()).s_mm, wire.injury_risks()};
}

}  // namespace

TEST_CASE("the occluded segment has no lumen, and its caps are blunt") {
  const VesselTree tree = occluded_artery("fibrous");
  const LumenQuery lumen(tree);
  CHECK(tree.lumen(0, 80).radius_mm == 0);
  CHECK(lumen.wall_distance(tree.centerline_point(0, 80)).signed_mm > 5);  // deep in plaque
  // Blunt: from half the reference radius to nothing within a millimetre.
  double cap = 0;
  for (double s = 60; s < 80; s += 0.05)
    if (tree.lumen(0, s).radius_mm == 0) {
      cap = s;
      break;
    }
  CHECK(tree.lumen(0, cap - 1.0).radius_mm > 0.4 * 3.5);
}

TEST_CASE("a CTO wire bores through a fibrous cap and comes out distal to the occlusion") {
  const Attempt a = push_into_occlusion("cto_018", "fibrous");
  CHECK(a.crossed);
  CHECK(a.tip_s_mm > 100);  // beyond the occlusion (65–95 mm)
  // Pressing on the cap is pushing on plaque, tagged with the lesion; beyond, the crossed wire
  // runs on into the artery's blind end, a healthy wall.
  size_t on_plaque = 0;
  for (const WallInjuryRisk& r : a.hard_pushes) {
    CHECK((r.lesion == 0) == (std::abs(r.s_mm - 80) <= 15));
    on_plaque += r.lesion == 0;
  }
  CHECK(on_plaque > 0);
}

TEST_CASE("a floppy wire cannot press hard enough: it buckles and prolapses at the cap") {
  const Attempt a = push_into_occlusion("nitinol_angled_018", "fibrous");
  CHECK_FALSE(a.crossed);
  CHECK(a.progress < 0.1);
  CHECK(a.tip_s_mm < 75);  // never past the proximal cap
}

TEST_CASE("a calcified cap stops even the CTO wire; a soft one yields to a stiff 4 gf wire") {
  CHECK_FALSE(push_into_occlusion("cto_018", "calcified").crossed);
  CHECK(push_into_occlusion("stiff_support_035", "soft").crossed);
  CHECK_FALSE(push_into_occlusion("stiff_support_035", "fibrous").crossed);
}
