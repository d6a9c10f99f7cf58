// Lumen queries against analytic geometry: straight and curved tubes, a stenosis, and the
// bounding-volume tree against a brute-force scan.
#include <doctest/doctest.h>

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>
#include <numbers>
#include <sstream>

#include "core/anatomy/anatomy_loader.h"
#include "core/anatomy/lumen_query.h"
#include "core/util/data_paths.h"
#include "core/util/rng.h"

using namespace angiosim;

namespace {

// Central differences of the lumen's signed distance at p (step 1e-6 mm).
glm::dvec3 wall_distance_gradient_by_differences(const LumenQuery& q, const glm::dvec3& p) {
  const double h = 1e-6;
  glm::dvec3 fd;
  for (int c = 0; c < 3; ++c) {
    glm::dvec3 e(0);
    e[c] = h;
    fd[c] = (q.wall_distance(p + e).signed_mm - q.wall_distance(p - e).signed_mm) / (2 * h);
  }
  return fd;
}

// The lumen's signed distance by brute force: the nearest segment of each vessel group (a vessel
// running on into its only child is one group), then the smooth minimum folded in order.
double brute_smooth_union(const LumenQuery& q, const glm::dvec3& p) {
  std::map<int, double> nearest_of_group;
  for (const auto& s : q.segments()) {
    const double d = s.signed_distance(p);
    auto [it, fresh] = nearest_of_group.try_emplace(s.group, d);
    if (!fresh) it->second = std::min(it->second, d);
  }
  std::vector<double> d;
  for (const auto& [g, v] : nearest_of_group) d.push_back(v);
  std::sort(d.begin(), d.end());
  const double k = LumenQuery::kJunctionBlend_mm;
  double blended = d.front();
  for (size_t i = 1; i < d.size(); ++i) {
    const double h = std::max(0.0, 1.0 - (d[i] - blended) / k);
    blended -= 0.25 * k * h * h;
  }
  return blended;
}

}  // namespace

namespace {

std::string point(const glm::dvec3& p, double r) {
  std::ostringstream s;
  s.precision(17);
  s << R"({"position_mm": [)" << p.x << "," << p.y << "," << p.z << R"(], "radius_mm": )" << r << "}";
  return s.str();
}

// A straight tube along -z, 100 mm long, radius 4, optionally with one lesion.
VesselTree straight_tube(const std::string& lesion = "") {
  std::string json = R"({"name": "tube", "vessels": [{"name": "v", "points": [)" + point({0, 0, 0}, 4) +
                     "," + point({0, 0, -100}, 4) + "]}]";
  if (!lesion.empty()) json += R"(, "lesions": [)" + lesion + "]";
  return VesselTree(parse_anatomy(json + "}", "tube.json"));
}

// A quarter circle of radius R = 50 mm in the x-z plane around (0,0,0), tube radius 5 mm.
VesselTree quarter_arc() {
  std::string json = R"({"name": "arc", "vessels": [{"name": "arc", "points": [)";
  const int n = 90;
  for (int k = 0; k <= n; ++k) {
    const double a = 0.5 * std::numbers::pi * k / n;
    json += point({50 * std::cos(a), 0, 50 * std::sin(a)}, 5) + (k < n ? "," : "");
  }
  return VesselTree(parse_anatomy(json + "]}]}", "arc.json"));
}

}  // namespace

TEST_CASE("straight tube: signed distance and nearest centerline are exact") {
  const VesselTree tree = straight_tube();
  const LumenQuery q(tree);
  for (double d : {0.0, 1.0, 3.9, 4.0, 6.5, 20.0}) {
    const glm::dvec3 p(d * std::cos(1.0), d * std::sin(1.0), -37.0);
    CHECK(q.wall_distance(p).signed_mm == doctest::Approx(d - 4.0).epsilon(1e-9));
    const CenterlineLocation c = q.nearest_centerline(p);
    CHECK(c.vessel == 0);
    CHECK(c.s_mm == doctest::Approx(37.0));
    CHECK(c.distance_mm == doctest::Approx(d));
  }
  CHECK(q.inside({1, 1, -50}));
  CHECK_FALSE(q.inside({4.1, 0, -50}));
}

TEST_CASE("curved tube: distances follow the arc within the polyline's sagitta") {
  const VesselTree tree = quarter_arc();
  const LumenQuery q(tree);
  // Sagitta of 1° chords on R = 50 mm: 50·(1 − cos 0.5°) ≈ 0.002 mm.
  for (double angle_deg : {10.0, 33.0, 61.0, 80.0}) {
    const double a = glm::radians(angle_deg);
    for (double rho : {44.0, 47.0, 50.0, 53.5, 58.0}) {
      const glm::dvec3 p(rho * std::cos(a), 1.5, rho * std::sin(a));
      const double expected = std::hypot(rho - 50.0, 1.5) - 5.0;
      CHECK(q.wall_distance(p).signed_mm == doctest::Approx(expected).epsilon(0.005));
      // The 1 mm lumen samples are chords tilted up to half a sample angle (0.5 mm / 50 mm) off
      // the tangent: a point δ off the arc projects up to δ·tan(0.01 rad) along it.
      const CenterlineLocation c = q.nearest_centerline(p);
      CHECK(std::abs(c.s_mm - 50.0 * a) < std::hypot(rho - 50.0, 1.5) * std::tan(0.012) + 0.01);
    }
  }
}

TEST_CASE("stenosis: lumen narrows to (1 - D) of the reference with the lesion's profile") {
  const VesselTree tree = straight_tube(
      R"({"name": "s", "vessel": "v", "center_mm": 50, "length_mm": 30, "stenosis_percent": 70, "plaque": "fibrous"})");
  CHECK(tree.lumen(0, 50).radius_mm == doctest::Approx(4 * 0.3));
  CHECK(tree.lumen(0, 50 + 0.2 * 30).radius_mm == doctest::Approx(4 * 0.3));  // plateau: central 40 %
  CHECK(tree.lumen(0, 50 + 15).radius_mm == doctest::Approx(4));               // lesion ends
  CHECK(tree.lumen(0, 20).radius_mm == doctest::Approx(4));
  // Shoulder: half of the narrowing halfway down the raised cosine.
  CHECK(tree.lumen(0, 50 + 0.5 * (6 + 15)).radius_mm == doctest::Approx(4 * (1 - 0.35)));
  const LumenQuery q(tree);
  CHECK_FALSE(q.inside({2.0, 0, -50}));  // inside the healthy tube, outside the residual lumen
  CHECK(q.inside({1.0, 0, -50}));
  CHECK(q.inside({2.0, 0, -20}));
  CHECK(q.wall_distance({0, 0, -50}).signed_mm == doctest::Approx(-1.2).epsilon(1e-6));
  // The lesion's extent, 35–65 mm along the vessel, and healthy vessel either side.
  CHECK(q.lesion_at(q.nearest_centerline({0, 0, -50})) == 0);
  CHECK(q.lesion_at(q.nearest_centerline({3.0, 0, -36})) == 0);
  CHECK(q.lesion_at(q.nearest_centerline({0, 0, -34})) == -1);
  CHECK(q.lesion_at(q.nearest_centerline({0, 0, -66})) == -1);
}

TEST_CASE("eccentric plaque pushes the lumen to the opposite wall") {
  const VesselTree tree = straight_tube(
      R"({"name": "s", "vessel": "v", "center_mm": 50, "length_mm": 30, "stenosis_percent": 50,
          "eccentricity": 1.0, "plaque_direction": [1, 0, 0], "plaque": "calcified"})");
  const LumenSection s = tree.lumen(0, 50);
  CHECK(s.radius_mm == doctest::Approx(2.0));
  CHECK(s.center_mm.x == doctest::Approx(-2.0));  // lumen touches the wall at x = −4
  CHECK(s.center_mm.x - s.radius_mm == doctest::Approx(-4.0));
}

TEST_CASE("vessel ends are flat: distance beyond an end is axial, not to a rounded cap") {
  const VesselTree tree = straight_tube();
  const LumenQuery q(tree);
  CHECK(q.wall_distance({0, 0, 3}).signed_mm == doctest::Approx(3.0));           // above the top face
  CHECK(q.wall_distance({3, 0, 2}).signed_mm == doctest::Approx(2.0));           // above, within the radius
  // Beyond the rim the true distance is |(3, 4)| = 5; the CSG intersection gives a lower bound
  // no smaller than the distance to the end plane.
  const double corner = q.wall_distance({7, 0, 4}).signed_mm;
  CHECK(corner >= 4.0);
  CHECK(corner <= 5.0);
  CHECK(q.wall_distance({0, 0, -0.5}).signed_mm == doctest::Approx(-0.5));       // just inside the face
  CHECK_FALSE(q.inside({3.9, 0, 0.5}));  // a capsule end would hold this point
  // The rim is rounded: at the corner of face and side the wall is kEndRounding_mm/4 inside both.
  CHECK(q.wall_distance({4, 0, 0}).signed_mm == doctest::Approx(0.25 * LumenQuery::kEndRounding_mm));
}

TEST_CASE("the wall's gradient is its distance's, across tapers and rounded rims") {
  const VesselTree tree = straight_tube(
      R"({"name": "s", "vessel": "v", "center_mm": 50, "length_mm": 30, "stenosis_percent": 70, "plaque": "fibrous"})");
  const LumenQuery q(tree);
  Rng rng(3);
  int checked = 0;
  for (int k = 0; k < 400; ++k) {
    // Near the wall of the stenosis' shoulders (taper up to ~0.4) or near the top face's rim.
    const bool rim = k % 2 == 1;
    const double z = rim ? -rng.uniform() * 1.5 : -(35 + rng.uniform() * 30);
    const double angle = rng.uniform() * 2 * std::numbers::pi;
    const double r = tree.lumen(0, -z).radius_mm + (rng.uniform() - 0.5) * (rim ? 1.5 : 1.0);
    const glm::dvec3 p(r * std::cos(angle), r * std::sin(angle), z + (rim ? (rng.uniform() - 0.3) : 0.0));
    if (r < 0.5) continue;  // the axis, where the nearest wall switches sides
    CAPTURE(p);
    CHECK(glm::length(wall_distance_gradient_by_differences(q, p) - q.wall_distance(p).normal) < 1e-5);
    ++checked;
  }
  CHECK(checked > 300);
}

TEST_CASE("total occlusion closes the lumen") {
  const VesselTree tree = straight_tube(
      R"({"name": "o", "vessel": "v", "center_mm": 50, "length_mm": 40, "total_occlusion": true, "plaque": "calcified"})");
  const LumenQuery q(tree);
  CHECK(tree.lumen(0, 50).radius_mm == 0.0);
  CHECK_FALSE(q.inside({0, 0, -50}));
  CHECK(q.inside({0, 0, -10}));
}

TEST_CASE("the bounding-volume tree answers exactly as a scan of every segment") {
  const VesselTree tree(load_anatomy_file(data_path("models/anatomy/aortoiliac_default.json")));
  const LumenQuery q(tree);
  REQUIRE(q.segment_count() > 500);
  Rng rng(7);
  for (int k = 0; k < 300; ++k) {
    const glm::dvec3 p(rng.uniform() * 240 - 120, rng.uniform() * 120 - 80, rng.uniform() * 400 - 300);
    double brute_centerline = 1e30;
    for (const auto& s : q.segments()) {
      const double u = closest_parameter(s.ref0, s.ref1, p);
      brute_centerline = std::min(brute_centerline, glm::distance(p, glm::mix(s.ref0, s.ref1, u)));
    }
    CHECK(q.wall_distance(p).signed_mm == doctest::Approx(brute_smooth_union(q, p)).epsilon(1e-12));
    CHECK(q.nearest_centerline(p).distance_mm == doctest::Approx(brute_centerline).epsilon(1e-12));
  }
}

TEST_CASE("a point's near segments answer exactly as the tree anywhere within their reach") {
  const VesselTree tree(load_anatomy_file(data_path("models/anatomy/aortoiliac_default.json")));
  const LumenQuery q(tree);
  Rng rng(11);
  LumenQuery::NearWall near;
  size_t most = 0;
  for (int k = 0; k < 200; ++k) {
    // Points inside or near the lumen: a centerline point pushed out by up to 1.2 radii.
    const int v = int(rng.uniform() * double(tree.vessel_count())) % int(tree.vessel_count());
    const LumenSection section = tree.lumen(v, rng.uniform() * tree.length_mm(v));
    const glm::dvec3 dir = glm::normalize(glm::dvec3(rng.uniform() - 0.5, rng.uniform() - 0.5, rng.uniform() - 0.5));
    const glm::dvec3 p = section.center_mm + dir * (1.2 * rng.uniform() * section.radius_mm);
    q.near_wall(p, 1.0, near);
    REQUIRE(!near.by_distance.empty());
    most = std::max(most, near.by_distance.size());
    CHECK(std::is_sorted(near.by_distance.begin(), near.by_distance.end()));
    for (int m = 0; m < 10; ++m) {
      const glm::dvec3 offset(rng.uniform() - 0.5, rng.uniform() - 0.5, rng.uniform() - 0.5);
      const glm::dvec3 moved = p + glm::normalize(offset) * rng.uniform();  // within the 1 mm reach
      CHECK(q.wall_distance_near(moved, near).signed_mm == doctest::Approx(q.wall_distance(moved).signed_mm).epsilon(1e-12));
    }
  }
  CHECK(most < 60);  // a handful, not the whole tree
}

TEST_CASE("the carina is rounded: the wall's normal turns smoothly across the ridge between the iliacs") {
  const VesselTree tree(load_anatomy_file(data_path("models/anatomy/aortoiliac_default.json")));
  const LumenQuery q(tree);
  const int left = tree.find_vessel("left_common_iliac"), right = tree.find_vessel("right_common_iliac");
  // A line across the flow divider, 4 mm into each common iliac, from partway between each axis
  // and the divider (the axes themselves, where the nearest wall switches sides, are left out).
  const glm::dvec3 left_axis = tree.centerline_point(left, 4), right_axis = tree.centerline_point(right, 4);
  const glm::dvec3 across = glm::normalize(right_axis - left_axis);
  const glm::dvec3 a = left_axis + 0.3 * tree.reference_radius_mm(left, 4) * across;
  const glm::dvec3 b = right_axis - 0.3 * tree.reference_radius_mm(right, 4) * across;
  auto hard_min = [&](const glm::dvec3& p) {  // the plain union: nearest segment of all
    double best = 1e30;
    glm::dvec3 normal(0);
    for (const auto& s : q.segments())
      if (const double d = s.signed_distance(p); d < best) {
        best = d;
        normal = s.gradient(p);
      }
    return std::pair{best, normal};
  };
  double worst_turn_blended = 0, worst_turn_hard = 0, deepest_rounding = 0;
  glm::dvec3 previous_blended(0), previous_hard(0);
  constexpr int kSamples = 200;
  for (int i = 0; i <= kSamples; ++i) {
    const glm::dvec3 p = glm::mix(a, b, double(i) / kSamples);
    const WallDistance w = q.wall_distance(p);
    const auto [hard, hard_normal] = hard_min(p);
    // The smooth union only removes wall, by at most a quarter of the blend width.
    CHECK(w.signed_mm <= hard + 1e-12);
    CHECK(w.signed_mm >= hard - 0.25 * LumenQuery::kJunctionBlend_mm - 1e-12);
    deepest_rounding = std::max(deepest_rounding, hard - w.signed_mm);
    // Its gradient is the distance's: central differences agree.
    CHECK(glm::length(wall_distance_gradient_by_differences(q, p) - w.normal) < 1e-5);
    const glm::dvec3 n = glm::normalize(w.normal);
    if (i > 0) {
      worst_turn_blended = std::max(worst_turn_blended, glm::degrees(std::acos(std::clamp(glm::dot(n, previous_blended), -1.0, 1.0))));
      worst_turn_hard = std::max(worst_turn_hard, glm::degrees(std::acos(std::clamp(glm::dot(hard_normal, previous_hard), -1.0, 1.0))));
    }
    previous_blended = n;
    previous_hard = hard_normal;
  }
  CHECK(worst_turn_hard > 60);     // the plain union's knife edge: the normal flips at the ridge
  CHECK(worst_turn_blended < 15);  // rounded: it turns over many samples
  CHECK(deepest_rounding > 0.2);
  // Away from junctions the lumen is unchanged.
  const glm::dvec3 mid_aorta = tree.centerline_point(tree.find_vessel("aorta"), 0.5 * tree.length_mm(tree.find_vessel("aorta")));
  CHECK(q.wall_distance(mid_aorta).signed_mm == doctest::Approx(hard_min(mid_aorta).first).epsilon(1e-12));
}

TEST_CASE("a vessel runs on into its only child on one smooth centerline, with no ridge across the lumen") {
  // The external iliac goes on as the common femoral. Each ending straight, the default anatomy's
  // two met at 52°, and the union of the tubes left a ridge 0.06 mm high across the lumen on the
  // inside of the bend, which a wire's body rubbed over at every advance.
  const VesselTree tree(load_anatomy_file(data_path("models/anatomy/aortoiliac_default.json")));
  const LumenQuery q(tree);
  int junctions = 0;
  for (int parent = 0; parent < int(tree.vessel_count()); ++parent) {
    if (!tree.continues_into_child(parent)) continue;
    const int child = tree.end_children(parent).front();
    CAPTURE(tree.vessel(child).name);
    ++junctions;
    const double length = tree.length_mm(parent);
    // The tangent runs on: within the few degrees its finite difference over the dense points has.
    const double turn_deg = glm::degrees(std::acos(std::clamp(glm::dot(tree.tangent(parent, length), tree.tangent(child, 0)), -1.0, 1.0)));
    CHECK(turn_deg < 5);
    // Along the chord a taut wire takes across the bend (6 mm each side of the junction, on the
    // inside of the bend) the distance to the wall varies smoothly: a ridge is a kink in it, a
    // sample sticking out of the line through its neighbours (0.05 mm apart) by a slope change
    // times the spacing; the curved wall's own curvature gives well under a micrometre.
    const glm::dvec3 before = tree.centerline_point(parent, length - 6), after = tree.centerline_point(child, 6);
    std::vector<double> d;
    constexpr int kSamples = 240;
    for (int k = 0; k <= kSamples; ++k) d.push_back(q.wall_distance(glm::mix(before, after, double(k) / kSamples)).signed_mm);
    CHECK(*std::max_element(d.begin(), d.end()) < 0);  // the chord stays in the lumen
    double worst_mm = 0;
    for (size_t k = 1; k + 1 < d.size(); ++k) worst_mm = std::max(worst_mm, std::abs(d[k] - 0.5 * (d[k - 1] + d[k + 1])));
    CHECK(worst_mm < 5e-3);
  }
  CHECK(junctions >= 2);  // both external iliacs
}
