// The guidewire in the default anatomy: fed through the sheath, pushed up the iliac into the
// aorta across the stenosis, never through the wall, length kept, deterministic.
#include <doctest/doctest.h>

#include <memory>

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>

#include "core/devices/device_catalog.h"
#include "core/anatomy/anatomy_loader.h"
#include "core/anatomy/lumen_query.h"
#include "core/physics/guidewire.h"
#include "core/util/data_paths.h"
#include "core/util/state_hash.h"

using namespace angiosim;

namespace {

struct Patient {
  VesselTree tree{load_anatomy_file(data_path("models/anatomy/aortoiliac_default.json"))};
  LumenQuery lumen{tree};
  DeviceCatalog devices{load_device_catalog(data_path("models/devices.json"))};
  AccessSite left_femoral() const { return retrograde_access(tree, tree.find_vessel("left_common_femoral"), 25); }
};

const Patient& patient() {
  static const Patient p;
  return p;
}

uint64_t hash(const Guidewire& w) {
  StateHash h;
  for (const auto& x : w.rod().x) h.add(x);
  for (double t : w.rod().twist_rad) h.add(t);
  h.add(w.inserted_length_mm());
  return h.value();
}

}  // namespace

TEST_CASE("nodes are fed at the sheath at fixed material spacing, and taken back on retraction") {
  const Patient& p = patient();
  Guidewire wire(*p.devices.find_guidewire("stiff_support_035"), p.left_femoral(), 10, 1.0);
  for (int k = 0; k < 240; ++k) wire.step(1.0 / 240, {20, 0}, p.lumen);
  CHECK(wire.inserted_length_mm() == doctest::Approx(30));
  CHECK(wire.rod().rest_length_mm() == doctest::Approx(30));
  for (size_t e = 0; e + 1 < wire.rod().edge_count(); ++e) CHECK(wire.rod().rest_length[e] == 1.0);
  CHECK(wire.rod().rest_length.back() >= 0.5);
  CHECK(wire.rod().rest_length.back() < 1.5);
  CHECK(glm::distance(wire.rod().x.back(), wire.access().tip_mm) == 0.0);
  for (int k = 0; k < 240; ++k) wire.step(1.0 / 240, {-15, 0}, p.lumen);
  CHECK(wire.inserted_length_mm() == doctest::Approx(15));
  CHECK(wire.rod().rest_length_mm() == doctest::Approx(15));
  CHECK(wire.rod().edge_count() < 17);
}

TEST_CASE("feeding at a spacing that divides the inserted length exactly terminates") {
  // Regression: at λ = 1.5 h exactly, rounding once made feeding add and remove a node forever.
  const Patient& p = patient();
  Guidewire wire(*p.devices.find_guidewire("hydrophilic_angled_035"), p.left_femoral(), 10, 2.5);
  for (int k = 0; k < 240; ++k) wire.step(1.0 / 240, {0, 90}, p.lumen);  // tip a quarter turn: up the iliac
  int steps = 0;
  while (wire.inserted_length_mm() < 250 - 1e-9 && steps < 2000) {
    wire.step(1.0 / 240, {50, 0}, p.lumen);
    ++steps;
  }
  CHECK(steps < 2000);
  CHECK(wire.rod().rest_length_mm() == doctest::Approx(wire.inserted_length_mm()));
}

TEST_CASE("pushed from the left femoral sheath, the workhorse wire follows the lumen into the aorta") {
  const Patient& p = patient();
  Guidewire wire(*p.devices.find_guidewire("hydrophilic_angled_035"), p.left_femoral(), 10, 1.0);
  // The tip turned a quarter from anterior, so it passes the epigastric and internal iliac origins.
  for (int k = 0; k < 240; ++k) wire.step(1.0 / 240, {0, 90}, p.lumen);
  double worst_penetration = 0, worst_length_error = 0;
  bool crossed_lesion = false, reached_aorta = false;
  for (int k = 0; k < 240 * 7; ++k) {
    wire.step(1.0 / 240, {30, 0}, p.lumen);
    for (size_t i = 0; i + 1 < wire.rod().node_count(); ++i)
      worst_penetration = std::max(worst_penetration, p.lumen.wall_distance(wire.rod().x[i]).signed_mm + wire.rod().radius_mm);
    worst_length_error = std::max(worst_length_error, std::abs(wire.rod().length_mm() - wire.rod().rest_length_mm()) / wire.rod().rest_length_mm());
    const CenterlineLocation tip = p.lumen.nearest_centerline(wire.tip_mm());
    crossed_lesion = crossed_lesion || (p.tree.vessel(tip.vessel).name == "left_common_iliac" && tip.s_mm < 17);
    reached_aorta = reached_aorta || p.tree.vessel(tip.vessel).name == "aorta";
  }
  // Up in the aorta the tip may go on into a lumbar artery (as angled hydrophilic tips do); the
  // route there is what this checks.
  const CenterlineLocation tip = p.lumen.nearest_centerline(wire.tip_mm());
  CHECK(reached_aorta);
  const int last = tip.vessel;
  CHECK((p.tree.vessel(last).name == "aorta" || p.tree.vessel(p.tree.parent(last)).name == "aorta"));
  CHECK(crossed_lesion);
  CHECK(worst_penetration < 0.05);      // issue bound: no node deeper than 0.05 mm in the wall
  CHECK(worst_length_error < 1e-3);     // length within 0.1 %
  for (const auto& x : wire.rod().x) REQUIRE(std::isfinite(x.x + x.y + x.z));
}

TEST_CASE("on the way up from the groin, where the angled tip points decides where it goes") {
  // Anterior (as it leaves the sheath) it strays into the inferior epigastric, which leaves the
  // front of the distal external iliac; posterior, into the internal iliac; a quarter turn between
  // them, up the common iliac into the aorta. The lesson of every retrograde iliac wire.
  const Patient& p = patient();
  // Where the tip ends after seven seconds of pushing, or the aorta as soon as it gets there.
  auto where_after_turning = [&](double hub_deg) {
    Guidewire wire(*p.devices.find_guidewire("hydrophilic_angled_035"), p.left_femoral(), 10, 1.0);
    auto tip_vessel = [&] { return p.tree.vessel(p.lumen.nearest_centerline(wire.tip_mm()).vessel).name; };
    for (int k = 0; k < int(hub_deg / 90.0 * 240); ++k) wire.step(1.0 / 240, {0, 90}, p.lumen);
    for (int k = 0; k < 240 * 7 && tip_vessel() != "aorta"; ++k) wire.step(1.0 / 240, {30, 0}, p.lumen);
    return tip_vessel();
  };
  CHECK(where_after_turning(0) == "left_inferior_epigastric");
  const std::string posterior = where_after_turning(180);
  CHECK((posterior == "left_internal_iliac" || posterior == "left_inferior_gluteal" || posterior == "left_superior_gluteal" ||
         posterior == "left_iliolumbar"));
  CHECK(where_after_turning(90) == "aorta");
}

TEST_CASE("turning the hub steers an angled tip into either common iliac") {
  // A wire coming down the aorta (antegrade, as from an arm access) meets the aortic
  // bifurcation; where its angled tip points decides the branch.
  const Patient& p = patient();
  auto branch_after_turning = [&](double hub_deg) {
    Guidewire wire(*p.devices.find_guidewire("hydrophilic_angled_035"),
                   antegrade_access(p.tree, p.tree.find_vessel("aorta"), 40), 10, 1.0);
    for (int k = 0; k < int(hub_deg / 90.0 * 240); ++k) wire.step(1.0 / 240, {0, 90}, p.lumen);
    for (int k = 0; k < 240 * 4; ++k) wire.step(1.0 / 240, {25, 0}, p.lumen);
    const CenterlineLocation tip = p.lumen.nearest_centerline(wire.tip_mm());
    CHECK(tip.s_mm > 20);  // well into the branch, not caught at its origin
    return p.tree.vessel(tip.vessel).name;
  };
  CHECK(branch_after_turning(90) == "right_common_iliac");
  CHECK(branch_after_turning(180) == "left_common_iliac");
}

TEST_CASE("the solver's gradient matches finite differences of its energy, wall contact included") {
  // A straight-tipped wire pushed 60 mm up from the sheath, touching the wall in places. (Rest
  // bends of shaped tips are lagged on purpose, so their position dependence is left out.)
  const Patient& p = patient();
  GuidewireSpec spec = *p.devices.find_guidewire("hydrophilic_angled_035");
  spec.tip_shape = TipShape::Straight;
  Guidewire wire(spec, p.left_femoral(), 10, 1.0);
  for (int k = 0; k < 480; ++k) wire.step(1.0 / 240, {30, 0}, p.lumen);
  REQUIRE(!wire.last_solve().contacts.empty());
  const WallFunction wall = [&](int, const glm::dvec3& x) {
    const WallDistance w = p.lumen.wall_distance(x);
    return WallSample{w.signed_mm, w.normal};
  };
  const RodSolveSettings settings;
  std::vector<glm::dvec3> gradient;
  rod_position_energy(wire.rod(), wire.clamp(), wall, settings, &gradient);
  double worst = 0;
  for (size_t i = 0; i + 1 < wire.rod().node_count(); ++i)
    for (int c = 0; c < 3; ++c) {
      const double h = 1e-6;
      Rod plus = wire.rod(), minus = wire.rod();
      plus.x[i][c] += h;
      minus.x[i][c] -= h;
      const double fd = (rod_position_energy(plus, wire.clamp(), wall, settings, nullptr) -
                         rod_position_energy(minus, wire.clamp(), wall, settings, nullptr)) / (2 * h);
      worst = std::max(worst, std::abs(fd - gradient[i][c]));
    }
  CHECK(worst < 1e-3);  // N; the wall's distance field has kinks where its nearest segment changes
}

TEST_CASE("the same hands give the same wire, step for step") {
  const Patient& p = patient();
  auto run = [&] {
    Guidewire wire(*p.devices.find_guidewire("hydrophilic_angled_035"), p.left_femoral(), 10, 1.0);
    for (int k = 0; k < 480; ++k) wire.step(1.0 / 240, {25, k < 240 ? 90.0 : -45.0}, p.lumen);
    return hash(wire);
  };
  CHECK(run() == run());
}

TEST_CASE("a copied wire goes on exactly as the original, its wall cache its own") {
  // The copy's wall samples point into its own cubes (found again by key), so the original may be
  // destroyed; both then step on from the same state with the same hands.
  const Patient& p = patient();
  const GuidewireSpec& spec = *p.devices.find_guidewire("hydrophilic_angled_035");
  auto original = std::make_unique<Guidewire>(spec, p.left_femoral(), 10, 1.0);
  for (int k = 0; k < 360; ++k) original->step(1.0 / 240, {40, 60}, p.lumen);
  Guidewire copy = *original;
  Guidewire assigned(spec, p.left_femoral(), 10, 1.0);
  assigned = *original;
  for (int k = 0; k < 240; ++k) original->step(1.0 / 240, {30, -90}, p.lumen);
  const auto expected = hash(*original);
  original.reset();
  for (int k = 0; k < 240; ++k) {
    copy.step(1.0 / 240, {30, -90}, p.lumen);
    assigned.step(1.0 / 240, {30, -90}, p.lumen);
  }
  CHECK(!copy.last_solve().contacts.empty());
  CHECK(hash(copy) == expected);
  CHECK(hash(assigned) == expected);
}

TEST_CASE("the wall cache's shortcuts leave the wire exactly where exact wall distances put it") {
  // A wall sample may skip its exact distance where a Lipschitz bound from its last exact one shows
  // it clear of the wall. A wire whose cache is emptied before every step bounds only from distances
  // taken within that step, never from earlier steps' (whose nodes have since slid or been fed). The
  // contact energy of a clear sample is zero either way, so the two wires must agree bit for bit.
  const Patient& p = patient();
  auto run = [&](bool fresh_every_step) {
    Guidewire wire(*p.devices.find_guidewire("hydrophilic_angled_035"), p.left_femoral(), 10, 1.0);
    for (int k = 0; k < 600; ++k) {
      if (fresh_every_step) wire.forget_wall_cache();
      wire.step(1.0 / 240, {k < 120 ? 0.0 : 60.0, k < 120 ? 180.0 : -30.0}, p.lumen);
    }
    CHECK(!wire.last_solve().contacts.empty());  // the wire is against the wall: the test means something
    return hash(wire);
  };
  CHECK(run(false) == run(true));
}

TEST_CASE("a wire pushed into a dead end stalls at the hand's force instead of crushing") {
  // A straight 60 mm artery ending blind: the stiff wire meets its end 50 mm in.
  const VesselTree tree(parse_anatomy(R"({"name": "dead end", "vessels": [{"name": "v", "points": [
    {"position_mm": [0,0,0], "radius_mm": 3}, {"position_mm": [0,0,-60], "radius_mm": 3}]}]})", "t.json"));
  const LumenQuery lumen(tree);
  const Patient& p = patient();
  Guidewire wire(*p.devices.find_guidewire("stiff_support_035"), antegrade_access(tree, 0, 10), 10, 1.0);
  double hand = 0;
  for (int k = 0; k < 240 * 4; ++k) {
    wire.step(1.0 / 240, {20, 0}, lumen);
    hand = std::max(hand, wire.hand_force_N());
  }
  CHECK(wire.inserted_length_mm() < 60);         // 90 mm were asked for; the hand slipped
  CHECK(wire.tip_mm().z < -55);                  // the tip is at the blind end
  CHECK(hand > Guidewire::kMaxHandForce_N);      // it pushed up to the limit...
  CHECK(hand < 3 * Guidewire::kMaxHandForce_N);  // ...and not far past it (one step's overshoot)
}

TEST_CASE("absurd hands are clamped") {
  const Patient& p = patient();
  Guidewire wire(*p.devices.find_guidewire("hydrophilic_angled_035"), p.left_femoral(), 10, 1.0);
  wire.step(1.0 / 240, {1e9, std::numeric_limits<double>::quiet_NaN()}, p.lumen);
  CHECK(wire.inserted_length_mm() == doctest::Approx(10 + Guidewire::kMaxAdvanceSpeed_mm_s / 240));
  CHECK(wire.hub_angle_deg() == 0.0);
}

TEST_CASE("the hub holds no torque on a wire turning freely, and holds the wall's friction when it drags") {
  // A straight, wide artery: the straight-tipped support wire hangs clear of the wall.
  const VesselTree wide(parse_anatomy(R"({"name": "wide", "vessels": [{"name": "v", "points": [
    {"position_mm": [0,0,0], "radius_mm": 6}, {"position_mm": [0,0,-120], "radius_mm": 6}]}]})", "w.json"));
  const LumenQuery lumen(wide);
  const Patient& p = patient();
  Guidewire free_wire(*p.devices.find_guidewire("stiff_support_035"), antegrade_access(wide, 0, 10), 40, 1.0);
  for (int k = 0; k < 120; ++k) free_wire.step(1.0 / 240, {0, 180}, lumen);
  CHECK(free_wire.hub_angle_deg() == doctest::Approx(90));
  CHECK(free_wire.last_solve().contacts.empty());
  CHECK(std::abs(free_wire.hub_torque_N_mm()) < 1e-6);  // nothing resists: the whole wire turns
  // In the patient the wire lies on the iliac walls: turning it, the hand holds the friction, in
  // the sense of the turn, and the twist winds up between hub and tip. (A straight tip: an angled
  // one has orientations it prefers in a curved vessel and can whip ahead of the hub.)
  Guidewire wire(*p.devices.find_guidewire("stiff_support_035"), p.left_femoral(), 10, 1.0);
  for (int k = 0; k < 240 * 3; ++k) wire.step(1.0 / 240, {40, 0}, p.lumen);
  REQUIRE(wire.last_solve().contacts.size() > 3);
  for (int k = 0; k < 120; ++k) wire.step(1.0 / 240, {0, 360}, p.lumen);
  CAPTURE(wire.hub_torque_N_mm());
  CHECK(wire.hub_torque_N_mm() > 0.01);
  const double windup = glm::radians(wire.hub_angle_deg()) - wire.rod().twist_rad.front();
  CHECK(windup > 0);
}
