// The vessel part of the X-ray scene against an independent integration of the lumen: the iodine
// path along a ray must equal the length of that ray inside the union of the lumen segments
// (LumenQuery's), also through the bifurcations where tubes overlap and must be counted once.
#include <doctest/doctest.h>

#include <glm/geometric.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/anatomy/anatomy_loader.h"
#include "core/anatomy/lumen_query.h"
#include "core/imaging/c_arm.h"
#include "core/imaging/cpu_projector.h"
#include "core/imaging/xray_scene.h"
#include "core/util/data_paths.h"

using namespace angiosim;

namespace {

// Length of the ray o + t·d, t in [t0, t1], inside the plain union of the lumen segments (the X-ray
// scene draws the hard union; the lumen the wire meets is also rounded where vessels join,
// LumenQuery::kJunctionBlend_mm, which the image leaves out: under half a millimetre).
double inside_length(const LumenQuery& q, const glm::dvec3& o, const glm::dvec3& d, double t0, double t1) {
  std::vector<const LumenQuery::Segment*> near;
  for (const auto& s : q.segments()) {
    const glm::dvec3 mid = 0.5 * (s.lumen0 + s.lumen1);
    const glm::dvec3 off = (mid - o) - glm::dot(mid - o, d) * d;  // from the ray line
    if (glm::length(off) < 0.5 * glm::distance(s.lumen0, s.lumen1) + std::max(s.r0_mm, s.r1_mm) + 1) near.push_back(&s);
  }
  const double step = 0.01;
  double inside = 0;
  for (double t = t0 + 0.5 * step; t < t1; t += step) {
    const glm::dvec3 p = o + t * d;
    bool in = false;
    for (const LumenQuery::Segment* s : near) in = in || s->signed_distance(p) < 0;
    inside += in ? step : 0;
  }
  return inside;
}

}  // namespace

TEST_CASE("iodine path equals the ray's length inside the lumen, at junctions too") {
  const VesselTree tree(load_anatomy_file(data_path("models/anatomy/aortoiliac_default.json")));
  const LumenQuery lumen(tree);
  XrayScene scene;
  scene.basis_names = {"iodine"};
  Composition one;
  one.density_g_cm3[0] = 10.0;  // g/cm³ × cm = g/cm²: 10 makes the result read in mm
  add_vessels(scene, tree, one);
  const CpuProjector projector(scene);

  struct Probe { const char* vessel; double s_mm; const char* where; };
  const Probe probes[] = {
      {"aorta", 50, "aorta"}, {"aorta", tree.length_mm(0) - 1, "aortic bifurcation"},
      {"left_common_iliac", 3, "aortic bifurcation"}, {"right_common_iliac", 6, "aortic bifurcation"},
      {"left_common_iliac", 32, "stenosis"}, {"left_common_iliac", 60, "iliac bifurcation"},
      {"left_internal_iliac", 4, "iliac bifurcation"}, {"left_external_iliac", 3, "iliac bifurcation"},
      {"right_common_femoral", 42, "femoral bifurcation"}, {"right_profunda_femoris", 5, "femoral bifurcation"},
      {"left_superficial_femoral", 80, "SFA"},
  };
  const glm::dvec3 directions[] = {{0, 1, 0}, glm::normalize(glm::dvec3(1, 1, 0.2)), glm::normalize(glm::dvec3(-0.5, 1, -0.4))};
  for (const Probe& p : probes) {
    const int v = tree.find_vessel(p.vessel);
    REQUIRE(v >= 0);
    for (const glm::dvec3& d : directions)
      for (double offset : {0.0, 2.0}) {
        CAPTURE(std::string(p.where));
        CAPTURE(p.s_mm);
        const glm::dvec3 c = tree.centerline_point(v, p.s_mm) + offset * glm::normalize(glm::cross(d, glm::dvec3(0, 0, 1)));
        const glm::dvec3 o = c - 300.0 * d;
        // The whole ray: it may cross other vessels as well (the projector counts them too).
        const double expected = inside_length(lumen, o, d, 0, 600);
        const double got = projector.areal_density(o, d, 600)[0];
        // Both are approximations of the same tubes (adaptive cones vs capsule-jointed cones);
        // double counting at a junction would add several millimetres.
        CHECK(got == doctest::Approx(expected).epsilon(0.04).scale(1.0));
      }
  }
}

TEST_CASE("a bolus front at a bifurcation: the junction the vessels share is filled alike, as the parent's end") {
  // Medium at half strength down to the aorta's end, a tenth in the iliacs: a front just past the
  // bifurcation. Rays through the junction (the aorta's last centimetre, the iliacs' first
  // millimetres inside it) meet the aorta's half strength all along their path in the lumen.
  const VesselTree tree(load_anatomy_file(data_path("models/anatomy/aortoiliac_default.json")));
  const LumenQuery lumen(tree);
  const int aorta = tree.find_vessel("aorta");
  XrayScene scene;
  scene.basis_names = {"iodine"};
  Composition full;
  full.density_g_cm3[0] = 10.0;  // reads in mm of lumen at full strength
  add_vessels(scene, tree, [&](int v, double, double) { return full * (v == aorta ? 0.5 : 0.1); });
  const CpuProjector projector(scene);
  for (const auto& [vessel, s_mm] : {std::pair{"aorta", tree.length_mm(aorta) - 1}, std::pair{"left_common_iliac", 2.0},
                                     std::pair{"right_common_iliac", 3.0}}) {
    CAPTURE(std::string(vessel));
    const glm::dvec3 c = tree.centerline_point(tree.find_vessel(vessel), s_mm);
    const glm::dvec3 d(0, 1, 0);  // front to back, as the AP view sees it
    const double path_mm = inside_length(lumen, c - 100.0 * d, d, 0, 200);
    REQUIRE(path_mm > 5);
    CHECK(projector.areal_density(c - 100.0 * d, d, 200)[0] == doctest::Approx(0.5 * path_mm).epsilon(0.06));
  }
}

TEST_CASE("the contrast layer, built once and filled per pulse, projects as the vessels filled afresh") {
  const VesselTree tree(load_anatomy_file(data_path("models/anatomy/aortoiliac_default.json")));
  ContrastTransport contrast{BloodFlow(tree)};
  contrast.inject({tree.find_vessel("aorta"), 60, 8, 16});
  for (int k = 0; k < 300; ++k) contrast.step(1.0 / 240);
  Composition medium;
  medium.density_g_cm3[0] = 0.35;  // iodine in the medium
  XrayScene fresh, layered;
  fresh.basis_names = layered.basis_names = {"iodine"};
  add_vessels(fresh, tree, [&](int v, double s0, double s1) { return medium * contrast.mean_fraction(v, s0, s1); },
              contrast.flow().cell_mm());  // the layer's cones: no longer than a cell
  ContrastLayer layer;
  layer.add(layered, tree, contrast, medium);
  layered.primitives.clear();  // a second pulse reuses the geometry
  layered.labels.clear();
  layer.add(layered, tree, contrast, medium);
  CHECK(layered.primitives.size() < fresh.primitives.size());  // the vessels the bolus has not reached are left out
  const CArmSpec c_arm = load_c_arm_file(data_path("models/c_arm.json"));
  const ProjectionGeometry g = make_projection(c_arm, CArmPose{0, 0, {0, -20, -60}}, 64);
  const ChannelImage a = CpuProjector(fresh).project(g), b = CpuProjector(layered).project(g);
  double total = 0, worst = 0;
  for (size_t k = 0; k < a.data.size(); ++k) {
    total += a.data[k];
    worst = std::max(worst, double(std::abs(a.data[k] - b.data[k])));
  }
  CHECK(total > 0.1);
  CHECK(worst < 2e-3 * 0.35);  // what the invisible segments held: under a thousandth of medium
}

TEST_CASE("the lumen's cones are as long as its shape allows: under half as many as at 1 mm, the same image as at 0.25 mm") {
  const VesselTree tree(load_anatomy_file(data_path("models/anatomy/aortoiliac_default.json")));
  Composition one;
  one.density_g_cm3[0] = 10.0;  // reads in mm of lumen
  auto scene_at = [&](double max_segment_mm) {
    XrayScene scene;
    scene.basis_names = {"iodine"};
    add_vessels(scene, tree, one, max_segment_mm);
    return scene;
  };
  const XrayScene adaptive = scene_at(4.0), fine = scene_at(0.25), millimetre = scene_at(1.0);
  MESSAGE("cones: " << adaptive.primitives.size() << " adaptive, " << millimetre.primitives.size() << " at most 1 mm long");
  CHECK(adaptive.primitives.size() < 0.45 * double(millimetre.primitives.size()));
  // The stenosed iliac keeps short cones over its lesion: well more than its length in 4 mm steps.
  const int iliac = tree.find_vessel("left_common_iliac");
  size_t iliac_cones = 0;
  for (const std::string& label : adaptive.labels) iliac_cones += label.rfind(tree.vessel(iliac).name + "#", 0) == 0;
  CHECK(double(iliac_cones) > tree.length_mm(iliac) / 4.0 + 5);

  const CArmSpec c_arm = load_c_arm_file(data_path("models/c_arm.json"));
  for (const CArmPose& pose : {CArmPose{0, 0, {0, -20, -60}}, CArmPose{30, 15, {0, -20, -60}}}) {
    const ProjectionGeometry g = make_projection(c_arm, pose, 256);
    const ChannelImage a = CpuProjector(adaptive).project(g), f = CpuProjector(fine).project(g);
    double sum_a = 0, sum_f = 0, inside = 0, off = 0;
    for (size_t k = 0; k < a.data.size(); ++k) {
      sum_a += a.data[k];
      sum_f += f.data[k];
      // Well inside a shadow (over 2 mm of lumen) a wall moved by the tolerance changes a chord
      // by a few times that. A ray that runs along a curving vessel grazes its wall, where any
      // change is magnified: a few such pixels in a thousand differ by more.
      if (f.data[k] > 2.0) {
        inside += 1;
        off += std::abs(a.data[k] - f.data[k]) > 8 * kLumenTolerance_mm;
      }
    }
    CAPTURE(pose.lao_deg);
    MESSAGE(off << " of " << inside << " shadow pixels off by more than " << 8 * kLumenTolerance_mm << " mm; volume "
                << sum_a / sum_f);
    REQUIRE(inside > 1000);
    CHECK(sum_a == doctest::Approx(sum_f).epsilon(0.005));  // the lumen's volume
    CHECK(off < 0.002 * inside);
  }
}
