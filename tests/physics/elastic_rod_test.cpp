// The rod against mechanics nobody here wrote: Euler–Bernoulli cantilever, Euler buckling,
// convergence with refinement, torque transmission, inextensibility.
#include <doctest/doctest.h>

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>

#include <cmath>
#include <numbers>

#include "core/physics/elastic_rod.h"

using namespace angiosim;

namespace {

constexpr double kEI = 200.0;   // N·mm²  (≈ a 0.035" nitinol-core wire's body)
constexpr double kEA = 1.2e4;   // N
constexpr double kGJ = 150.0;   // N·mm²

// A straight rod of `length` mm in `segments` edges, clamped at the origin, leaving along +x:
// node 0 is the free end at (length, 0, 0).
Rod straight_rod(double length, int segments, double ei = kEI) {
  Rod rod;
  const double h = length / segments;
  for (int k = 0; k <= segments; ++k) rod.x.push_back({length - k * h, 0, 0});
  rod.rest_length.assign(segments, h);
  rod.ea_N.assign(segments, kEA);
  rod.ei_N_mm2.assign(segments + 1, ei);
  rod.gj_N_mm2.assign(segments + 1, kGJ);
  rod.rest_turn_rad.assign(segments + 1, 0.0);
  rod.twist_rad.assign(segments, 0.0);
  return rod;
}

RodClamp clamp_x() {
  RodClamp c;
  c.point = {0, 0, 0};
  c.direction = {1, 0, 0};
  c.reference_normal = {0, 0, 1};
  return c;
}

RodSolveSettings precise() {
  RodSolveSettings s;
  s.max_iterations = 200;
  s.force_tolerance_N = 1e-9;
  s.max_node_step_mm = 5.0;
  return s;
}

// Tip deflection along y under a tip force (fy, fx).
double tip_deflection(int segments, double fy, double fx = 0, double length = 100) {
  Rod rod = straight_rod(length, segments);
  std::vector<glm::dvec3> force(rod.node_count(), glm::dvec3(0));
  force[0] = {fx, fy, 0};
  solve_rod_equilibrium(rod, clamp_x(), {}, precise(), &force);
  return rod.x[0].y;
}

}  // namespace

TEST_CASE("the solver's elastic Hessian matches differences of its gradient, within its blocks") {
  // A rod bent in three dimensions (a helix), its edges stretched and compressed by turns: every
  // entry the solver stores, and the entries beyond it, against central
  // differences of the gradient. Nodes two apart couple only through bending, axis to axis, so
  // those blocks' off-axis entries must be zero, and nodes three apart not couple at all, for the
  // blocks to hold the whole matrix.
  Rod rod = straight_rod(30, 20);
  for (size_t k = 0; k < rod.node_count(); ++k) {
    const double s = 30.0 * double(k) / 20.0 * (1.0 + 0.01 * std::sin(1.7 * double(k)));
    rod.x[k] = {30 - s, 4 * std::sin(0.2 * s), 4 * (1 - std::cos(0.2 * s))};
  }
  rod.x.back() = {0, 0, 0};
  // (No rest bends: the solver lags them, frames and all, so its Hessian leaves out how they turn
  // with the positions, and the differences would not.)
  const RodClamp clamp = clamp_x();
  const RodHessian H = rod_position_hessian(rod, clamp);
  const int unknowns = int(3 * rod.edge_count());
  REQUIRE(3 * H.nodes() == unknowns);
  double worst = 0, scale = 0, beyond = 0;
  for (int col = 0; col < unknowns; ++col) {
    const double h = 1e-6;
    Rod plus = rod, minus = rod;
    plus.x[size_t(col / 3)][col % 3] += h;
    minus.x[size_t(col / 3)][col % 3] -= h;
    std::vector<glm::dvec3> gp, gm;
    rod_position_energy(plus, clamp, nullptr, RodSolveSettings{}, &gp);
    rod_position_energy(minus, clamp, nullptr, RodSolveSettings{}, &gm);
    for (int row = std::max(0, col - 11); row <= std::min(unknowns - 1, col + 11); ++row) {
      const double fd = (gp[size_t(row / 3)][row % 3] - gm[size_t(row / 3)][row % 3]) / (2 * h);
      scale = std::max(scale, std::abs(fd));
      const int apart = std::abs(row / 3 - col / 3);
      if (apart > 2 || (apart == 2 && row % 3 != col % 3)) beyond = std::max(beyond, std::abs(fd));
      else worst = std::max(worst, std::abs(fd - H.at(row, col)));
    }
  }
  CAPTURE(scale);
  CHECK(scale > 100);  // the stretch's EA/l: the check sees real stiffness
  CHECK(worst < 1e-5 * scale);
  CHECK(beyond < 1e-5 * scale);
}

TEST_CASE("cantilever: small tip deflection PL³/3EI within 2 %") {
  const double P = 6e-4, L = 100;  // δ ≈ 1 mm: 1 % of the length, the linear regime
  const double expected = P * L * L * L / (3 * kEI);
  for (int segments : {50, 100}) {
    CAPTURE(segments);
    CHECK(tip_deflection(segments, P) == doctest::Approx(expected).epsilon(0.02));
  }
}

TEST_CASE("cantilever: the error shrinks as the segment count grows") {
  const double P = 6e-4, L = 100, expected = P * L * L * L / (3 * kEI);
  double previous = 1e9;
  for (int segments : {8, 16, 32, 64}) {
    const double error = std::abs(tip_deflection(segments, P) - expected) / expected;
    CAPTURE(segments);
    CAPTURE(error);
    CHECK(error < previous);
    previous = error;
  }
  CHECK(previous < 0.002);  // second order: 1 + 1/(2n²) for the midpoint-rule clamp
}

TEST_CASE("Euler buckling of a clamped-free rod: critical load π²EI/(4L²) within 5 %") {
  // Southwell's method: under axial load P with a small lateral imperfection, the lateral
  // deflection grows as δ = δ₀ / (1 − P/P_cr). Two loads below P_cr give P_cr.
  const double L = 100, analytic = std::numbers::pi * std::numbers::pi * kEI / (4 * L * L);
  const double lateral = 1e-6;
  const double P1 = 0.3 * analytic, P2 = 0.7 * analytic;
  const double d1 = tip_deflection(80, lateral, -P1, L), d2 = tip_deflection(80, lateral, -P2, L);
  REQUIRE(d2 > d1);
  const double p_cr = (P2 * d2 - P1 * d1) / (d2 - d1);
  CHECK(p_cr == doctest::Approx(analytic).epsilon(0.05));
  // And above it the straight rod is not stable: it buckles to a large deflection.
  CHECK(std::abs(tip_deflection(80, lateral, -1.3 * analytic, L)) > 10);
}

TEST_CASE("length is preserved within 0.1 % under a large bending load") {
  Rod rod = straight_rod(100, 100);
  std::vector<glm::dvec3> force(rod.node_count(), glm::dvec3(0));
  force[0] = {0, 0.05, 0};  // bends the tip through ~90°
  solve_rod_equilibrium(rod, clamp_x(), {}, precise(), &force);
  CHECK(rod.x[0].y > 40);
  CHECK(std::abs(rod.length_mm() - 100.0) / 100.0 < 1e-3);
}

TEST_CASE("torque: a free rod's tip turns 1:1 with the hub; friction makes it lag") {
  // Free: no wall.
  Rod rod = straight_rod(100, 50);
  RodClamp clamp = clamp_x();
  clamp.hub_angle_rad = glm::radians(90.0);
  solve_rod_equilibrium(rod, clamp, {}, precise());
  CHECK(rod.twist_rad[0] == doctest::Approx(glm::radians(90.0)).epsilon(1e-6));

  // On a floor (wall below y = −0.5), pressed onto it: torque friction at every node.
  Rod pressed = straight_rod(100, 50);
  for (auto& p : pressed.x) p.y = -0.05;
  pressed.x.back().y = 0;
  pressed.radius_mm = 0.45;
  const WallFunction floor = [](int, const glm::dvec3& p) { return WallSample{-(p.y + 0.5), {0, -1, 0}}; };
  std::vector<glm::dvec3> push(pressed.node_count(), glm::dvec3(0, -0.2, 0));  // 0.2 N/mm on the wall
  RodSolveSettings s = precise();
  s.friction_coefficient = 0.3;
  solve_rod_equilibrium(pressed, clamp_x(), floor, s, &push);  // settle onto the floor
  const std::vector<double> before = pressed.twist_rad;
  RodClamp turned = clamp_x();
  turned.hub_angle_rad = glm::radians(90.0);
  solve_rod_equilibrium(pressed, turned, floor, s, &push, &before);
  const double tip = pressed.twist_rad[0];
  CAPTURE(glm::degrees(tip));
  CHECK(tip < glm::radians(80.0));   // lags behind the hub
  CHECK(tip >= -1e-9);
  CHECK(pressed.twist_rad[45] > tip);  // wound up near the hub, less toward the tip
}

TEST_CASE("an angled tip points where the hub turns it") {
  Rod rod = straight_rod(60, 60);
  // 45° bend spread over the 8 mm next to the tip, starting 2 mm from it.
  for (int j = 1; j < 60; ++j) {
    const double s = j * 1.0;  // material distance from the tip (mm)
    if (s >= 2 && s < 10) rod.rest_turn_rad[j] = glm::radians(45.0) / 8.0;
  }
  RodClamp clamp = clamp_x();
  for (double hub_deg : {0.0, 90.0, 180.0}) {
    clamp.hub_angle_rad = glm::radians(hub_deg);
    // Twist and rest bends are staggered with the positions step by step: step until settled.
    for (int step = 0; step < 30; ++step) solve_rod_equilibrium(rod, clamp, {}, precise());
    const glm::dvec3 tip_dir = glm::normalize(rod.x[0] - rod.x[1]);
    // Bent 45° off the axis, toward the Bishop frame's first axis (z) turned by the hub angle.
    CHECK(glm::degrees(std::acos(tip_dir.x)) == doctest::Approx(45.0).epsilon(0.03));
    const double roll = glm::degrees(std::atan2(-tip_dir.y, tip_dir.z));
    CAPTURE(hub_deg);
    CHECK(std::abs(std::remainder(roll - hub_deg, 360.0)) < 1.0);  // the stagger settles geometrically
  }
}

TEST_CASE("a workspace reused from another solve gives the same result, bit for bit, as a fresh one") {
  // A rod pushed sideways onto a flat wall at y = 3 mm: contact, several Newton iterations.
  const WallFunction wall = [](int, const glm::dvec3& p) { return WallSample{p.y - 3.0, {0, 1, 0}}; };
  auto push_onto_wall = [&](int segments, RodSolveWorkspace* workspace, double ei = kEI) {
    Rod rod = straight_rod(100, segments, ei);
    std::vector<glm::dvec3> force(rod.node_count(), glm::dvec3(0));
    force[0] = {0, 0.05, 0};
    const RodSolveReport report = solve_rod_equilibrium(rod, clamp_x(), wall, precise(), &force, nullptr, nullptr,
                                                        nullptr, workspace);
    return std::pair{rod, report};
  };
  RodSolveWorkspace workspace;
  push_onto_wall(60, &workspace);        // leaves the workspace sized and filled for 60 edges,
  push_onto_wall(25, &workspace, 0.3 * kEI);  // then for 25 edges of another rod
  const auto [reused, reused_report] = push_onto_wall(25, &workspace);
  const auto [fresh, fresh_report] = push_onto_wall(25, nullptr);
  CHECK(!fresh_report.contacts.empty());
  CHECK(fresh_report.iterations > 2);
  CHECK(reused_report.iterations == fresh_report.iterations);
  CHECK(reused_report.factorizations == fresh_report.factorizations);
  for (size_t i = 0; i < fresh.node_count(); ++i) {
    CHECK(reused.x[i].x == fresh.x[i].x);
    CHECK(reused.x[i].y == fresh.x[i].y);
    CHECK(reused.x[i].z == fresh.x[i].z);
  }
}

TEST_CASE("a wall's promises of clearance save queries and change nothing, bit for bit") {
  // The flat wall at y = 3 mm again, once plain and once promising each sample clear within its
  // distance beyond the contact's reach. The solve must ask fewer times and end where the plain
  // one does; a promise one micrometre too generous must change the result (so the promises are
  // what decide the skipped queries).
  const RodSolveSettings settings = precise();
  const double reach_mm = 0.45 + settings.contact_ramp_mm;  // the rod's radius, then the ramp
  auto solve = [&](double generosity_mm, int* queries) {
    const WallFunction wall = [&, generosity_mm](int, const glm::dvec3& p) {
      ++*queries;
      const double d = p.y - 3.0;
      return WallSample{d, {0, 1, 0}, std::max(0.0, -d - reach_mm + generosity_mm)};
    };
    Rod rod = straight_rod(100, 40);
    std::vector<glm::dvec3> force(rod.node_count(), glm::dvec3(0));
    force[0] = {0, 0.05, 0};
    solve_rod_equilibrium(rod, clamp_x(), wall, settings, &force);
    return rod;
  };
  int plain_queries = 0, promised_queries = 0, generous_queries = 0;
  const WallFunction plain = [&](int, const glm::dvec3& p) {
    ++plain_queries;
    return WallSample{p.y - 3.0, {0, 1, 0}};
  };
  Rod reference = straight_rod(100, 40);
  std::vector<glm::dvec3> force(reference.node_count(), glm::dvec3(0));
  force[0] = {0, 0.05, 0};
  solve_rod_equilibrium(reference, clamp_x(), plain, settings, &force);
  const Rod promised = solve(0.0, &promised_queries);
  const Rod generous = solve(0.2, &generous_queries);
  CHECK(promised_queries < plain_queries / 2);
  bool same = true, generous_same = true;
  for (size_t i = 0; i < reference.node_count(); ++i) {
    same = same && promised.x[i] == reference.x[i];
    generous_same = generous_same && generous.x[i] == reference.x[i];
  }
  CHECK(same);
  CHECK_FALSE(generous_same);
}

TEST_CASE("capstan: a rod pulled round a post holds e^(μθ) times the load at its far end") {
  // A post of radius 10 mm along y; the rod comes from the clamp along +x over its top, wraps
  // half way round (θ = π) and leaves along −x below it, where 1 N pulls its free end. The clamp
  // is drawn back, so the rod slides round the post: Euler–Eytelwein, T_clamp = T_end·e^(μθ).
  // A flexible rod (EI/R² = 0.5 % of the load) behaves as a rope.
  constexpr double kPost_mm = 10, kLoad_N = 1, kMu = 0.2, kSpacing_mm = 0.5;
  const double wrap_mm = kPost_mm + 0.45;  // the rod's axis on the post
  std::vector<glm::dvec3> path;  // from the free end to the clamp
  for (double x = -40; x < 0; x += kSpacing_mm) path.push_back({x, 0, -wrap_mm});
  const int arc = int(std::ceil(std::numbers::pi * wrap_mm / kSpacing_mm));
  for (int k = 0; k < arc; ++k) {
    const double a = -0.5 * std::numbers::pi + std::numbers::pi * k / arc;
    path.push_back({wrap_mm * std::cos(a), 0, wrap_mm * std::sin(a)});
  }
  for (double x = 0; x >= -40 - 1e-9; x -= kSpacing_mm) path.push_back({x, 0, wrap_mm});
  Rod rod;
  rod.x = path;
  rod.radius_mm = 0.45;
  for (size_t i = 0; i + 1 < path.size(); ++i) rod.rest_length.push_back(glm::distance(path[i], path[i + 1]));
  rod.ea_N.assign(rod.rest_length.size(), 2e4);
  rod.ei_N_mm2.assign(path.size(), 0.5);
  rod.gj_N_mm2.assign(path.size(), 0.4);
  rod.rest_turn_rad.assign(path.size(), 0.0);
  rod.twist_rad.assign(rod.rest_length.size(), 0.0);
  RodClamp clamp;
  clamp.point = path.back();
  clamp.direction = {1, 0, 0};
  clamp.reference_normal = {0, 0, 1};
  const WallFunction post = [&](int, const glm::dvec3& p) {
    const glm::dvec3 radial(p.x, 0, p.z);
    const double rho = glm::length(radial);
    return WallSample{kPost_mm - rho, -radial / rho};  // inside the post is "in the wall"
  };
  std::vector<glm::dvec3> load(rod.node_count(), glm::dvec3(0));
  load[0] = {-kLoad_N, 0, 0};
  RodSolveSettings s = precise();
  s.friction_coefficient = kMu;
  s.force_tolerance_N = 1e-7;
  RodSolveReport report = solve_rod_equilibrium(rod, clamp, post, s, &load);
  auto clamp_tension = [&] {
    const size_t last = rod.edge_count() - 1;
    return rod.ea_N[last] / rod.rest_length[last] * (glm::distance(rod.x[last], rod.x[last + 1]) - rod.rest_length[last]);
  };
  double tension = 0;
  for (int step = 0; step < 20; ++step) {  // 4 mm of sliding in 0.2 mm steps
    const std::vector<glm::dvec3> before = rod.x;
    clamp.point.x -= 0.2;  // the held end moves back; the solve finds where the rest goes
    rod.x.back() = clamp.point;
    report = solve_rod_equilibrium(rod, clamp, post, s, &load, nullptr, &report.contacts, &before);
    tension = clamp_tension();
  }
  const double expected = kLoad_N * std::exp(kMu * std::numbers::pi);
  CHECK(report.converged);
  CHECK(rod.x[0].x == doctest::Approx(-36).epsilon(0.01));  // the free end followed 4 mm
  CHECK(tension == doctest::Approx(expected).epsilon(0.01));
  // The post pushes back with ∫T dθ = (T_clamp − T_end)/μ in all, nodes and edge midpoints
  // together (a taut rod's chords touch a convex wall at their midpoints: friction acts there too).
  double normal = 0;
  for (const RodContact& c : report.contacts) normal += c.normal_force_N;
  CHECK(normal == doctest::Approx((expected - kLoad_N) / kMu).epsilon(0.02));
}
