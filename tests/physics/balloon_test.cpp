// Balloon angioplasty over the wire in the default case: tracking only over a wire, the waist at
// low pressure that the plaque's yield resolves, recoil and the residual stenosis it leaves, the
// dissection and rupture laws, reproducible for a seed.
#include <doctest/doctest.h>

#include <glm/geometric.hpp>

#include <set>

#include "core/scenario/procedure_session.h"
#include "core/util/data_paths.h"

using namespace angiosim;

namespace {

const LoadedCase& default_case() {
  static const LoadedCase c = load_case(data_path("scenarios/default.json"));
  return c;
}

// A session of the default case brought to the completion step: the wire across the stenosis.
struct WireAcross {
  WireAcross() : projector(default_case()), session(default_case(), projector, options()) {
    SessionInput jump;
    jump.jump_to = default_case().procedure.find_step("angioplasty");
    session.tick(jump);
  }
  explicit WireAcross(uint64_t seed) : WireAcross(seed, 0) {}
  WireAcross(uint64_t seed, int) : projector(default_case()), session(default_case(), projector, options(seed)) {
    SessionInput jump;
    jump.jump_to = default_case().procedure.find_step("angioplasty");
    session.tick(jump);
  }
  static SessionOptions options(std::optional<uint64_t> seed = std::nullopt) {
    SessionOptions o;
    o.seed = seed;
    o.mode = SessionMode::Practice;
    o.pixels = 32;
    return o;
  }
  void run(double seconds, const SessionInput& first = {}) {
    session.tick(first);
    for (int k = 1; k < int(std::lround(seconds / Simulation::kStep_s)); ++k) session.tick();
  }
  void balloon(double advance_mm_s, double inflate_atm_s, double seconds) {
    SessionInput in;
    in.balloon_hands = BalloonControls{advance_mm_s, inflate_atm_s};
    run(seconds, in);
    SessionInput stop;
    stop.balloon_hands = BalloonControls{};
    session.tick(stop);
  }
  const LesionSpec& lesion() const { return session.sim().anatomy().spec().lesions[0]; }
  glm::dvec3 lesion_centre() const {
    const VesselTree& t = session.sim().anatomy();
    return t.centerline_point(t.find_vessel(lesion().vessel), lesion().center_mm);
  }
  // Pushes the balloon in until the middle of its working length is nearest the lesion centre.
  void centre_balloon() {
    const BalloonCatheter* b = session.sim().balloon();
    double best = 1e9;
    for (int k = 0; k < 240 * 20; ++k) {
      const glm::dvec3 mid = 0.5 * (b->distal_marker_mm() + b->proximal_marker_mm());
      const double d = glm::distance(mid, lesion_centre());
      if (d > best + 0.05) break;
      best = std::min(best, d);
      SessionInput in;
      in.balloon_hands = BalloonControls{10, 0};
      session.tick(in);
    }
    SessionInput stop;
    stop.balloon_hands = BalloonControls{};
    session.tick(stop);
  }
  CpuPulseProjector projector;
  ProcedureSession session;
};

}  // namespace

TEST_CASE("a balloon goes in only over a wire, and comes out before it") {
  Simulation sim = open_simulation(default_case());
  OperatorCommands c;
  c.insert_balloon = "semi_compliant_8x40";
  sim.step(c);
  CHECK(!sim.balloon());  // no sheath, no wire
  OperatorCommands access;
  access.access_at_mm = default_case().access->tip_mm;
  sim.step(access);
  sim.step(c);
  CHECK(!sim.balloon());  // a sheath but no wire
  OperatorCommands wire;
  wire.insert_wire = "hydrophilic_angled_035";
  sim.step(wire);
  sim.step(c);
  REQUIRE(sim.balloon());
  OperatorCommands pull;
  pull.withdraw_wire = true;
  sim.step(pull);
  CHECK(sim.guidewire());  // the balloon is on it
  OperatorCommands out;
  out.remove_balloon = true;
  sim.step(out);
  sim.step(pull);
  CHECK(!sim.balloon());
  CHECK(!sim.guidewire());
  OperatorCommands unknown;
  unknown.insert_balloon = "semi_compliant_11x40";  // not a size on the shelf
  sim.step(wire);
  sim.step(unknown);
  CHECK(!sim.balloon());
}

TEST_CASE("angioplasty of the iliac stenosis: a waist that yields, then recoil") {
  WireAcross w;
  REQUIRE(w.session.sim().guidewire());
  SessionInput insert;
  insert.sim.insert_balloon = "semi_compliant_8x40";
  w.session.tick(insert);
  REQUIRE(w.session.sim().balloon());
  w.centre_balloon();
  const BalloonCatheter& b = *w.session.sim().balloon();
  CHECK(glm::distance(0.5 * (b.distal_marker_mm() + b.proximal_marker_mm()), w.lesion_centre()) < 2.0);
  CHECK(b.lesions_under() == std::vector<int>{0});
  const double before = residual_stenosis_percent(w.session.sim().anatomy(), w.lesion());
  CHECK(before == doctest::Approx(70).epsilon(0.01));

  // 1 atm/s to 2 atm: below half the fibrous plaque's 6 atm yield, the lesion holds the balloon
  // at its 30 % lumen while the free balloon is at its chart's 0.94 × 8 mm.
  w.balloon(0, 1, 2.0);
  CHECK(b.pressure_atm() == doctest::Approx(2.0).epsilon(0.01));
  const double lumen_mm = 2 * w.session.sim().anatomy().lumen(w.session.sim().anatomy().find_vessel(w.lesion().vessel), w.lesion().center_mm).radius_mm;
  CHECK(b.waist_ratio() == doctest::Approx(lumen_mm / b.spec().diameter_at_mm(b.pressure_atm())).epsilon(0.02));
  CHECK(b.waist_ratio() < 0.5);
  // On to nominal (8 atm), past the yield: the waist is gone.
  w.balloon(0, 1, 6.0);
  CHECK(b.pressure_atm() == doctest::Approx(8.0).epsilon(0.01));
  CHECK(b.waist_ratio() > 0.99);
  // An inflated balloon anchors.
  const double at = b.position_mm();
  w.balloon(20, 0, 0.5);
  CHECK(b.position_mm() == at);
  // Held a minute at nominal, then deflated on suction.
  w.run(60);
  w.balloon(0, -BalloonCatheter::kVacuum_atm_s, 2.0);
  CHECK(!b.inflated());
  REQUIRE(w.session.sim().inflations().size() == 1);
  const InflationResult& inflation = w.session.sim().inflations()[0];
  CHECK(inflation.lesions == std::vector<int>{0});
  // Time at or above the 6 atm yield: 2 s rising 6→8, 60 s held, 1/3 s falling 8→6.
  CHECK(inflation.held_s == doctest::Approx(62.33).epsilon(0.01));

  // The lumen kept: 8 mm less the recoil for that hold, unless a flow-limiting flap narrows it;
  // the residual stenosis against the largest reference diameter under the lesion.
  const VesselTree& tree = w.session.sim().anatomy();
  const int v = tree.find_vessel(w.lesion().vessel);
  double kept = 8.0 * (1 - recoil_fraction(w.lesion().plaque, inflation.held_s));
  for (const DissectionEvent& d : w.session.sim().dissections())
    if (d.flow_limiting) kept *= 0.6;
  double expected = 0;
  for (double s = w.lesion().center_mm - 0.5 * w.lesion().length_mm; s <= w.lesion().center_mm + 0.5 * w.lesion().length_mm; s += 0.25)
    expected = std::max(expected, 1 - std::max(kept, 2 * tree.plaque_lumen(v, s).radius_mm) / (2 * tree.reference_radius_mm(v, s)));
  CHECK(residual_stenosis_percent(tree, w.lesion()) == doctest::Approx(100 * expected).epsilon(0.02));
  MESSAGE("residual " << residual_stenosis_percent(tree, w.lesion()) << " % kept " << kept << " mm, dissections " << w.session.sim().dissections().size() << ", overstretch " << inflation.overstretch);
  CHECK(residual_stenosis_percent(tree, w.lesion()) < before - 20);
  // The iliac recoil (36 % at a minute) leaves about a third: the provisional-stenting range.
  CHECK(residual_stenosis_percent(tree, w.lesion()) > 25);
}

TEST_CASE("recoil and dissection laws: longer holds recoil less, overstretch dissects more") {
  CHECK(recoil_fraction(PlaqueType::Fibrous, 60) == doctest::Approx(0.36));
  CHECK(recoil_fraction(PlaqueType::Soft, 60) < recoil_fraction(PlaqueType::Fibrous, 60));
  CHECK(recoil_fraction(PlaqueType::Calcified, 60) > recoil_fraction(PlaqueType::Fibrous, 60));
  CHECK(recoil_fraction(PlaqueType::Fibrous, 300) < recoil_fraction(PlaqueType::Fibrous, 180));
  double last = 0;
  for (double rho = 0.8; rho <= 1.5; rho += 0.01) {
    CHECK(dissection_probability(rho, 60) >= last);
    last = dissection_probability(rho, 60);
  }
  CHECK(dissection_probability(1.1, 60) == doctest::Approx(0.5));
  // Inflations of 3 min or more: 0.45 of the one-minute chance (22.7 % / 50.9 %).
  CHECK(dissection_probability(1.1, 180) == doctest::Approx(0.5 * 0.45));
  CHECK(dissection_probability(1.1, 240) == dissection_probability(1.1, 180));
}

TEST_CASE("past rated burst the balloon ruptures, reproducibly for a seed; up to it never") {
  auto burst_time = [](double atm) {
    WireAcross w;
    SessionInput insert;
    insert.sim.insert_balloon = "semi_compliant_8x40";
    w.session.tick(insert);
    w.centre_balloon();
    w.balloon(0, 2, atm / 2);
    for (int k = 0; k < 240 * 8; ++k) {
      w.session.tick();
      if (w.session.sim().balloon()->ruptured()) return w.session.sim().state().time_s;
    }
    return -1.0;
  };
  CHECK(burst_time(14) < 0);  // at rated burst pressure: 8 s without rupture
  const double t1 = burst_time(20);
  CHECK(t1 > 0);
  CHECK(burst_time(20) == t1);
}

TEST_CASE("on the image: the balloon's medium shows a waist at 2 atm that is gone at 8 atm; markers always") {
  WireAcross w;
  SessionInput insert;
  insert.sim.insert_balloon = "semi_compliant_8x40";
  w.session.tick(insert);
  w.centre_balloon();
  const BalloonCatheter& b = *w.session.sim().balloon();
  const LoadedCase& c = default_case();
  CArmPose pose = w.session.sim().state().c_arm;
  pose.isocenter_mm = w.lesion_centre();
  const ProjectionGeometry g = make_projection(c.c_arm, pose, 160);
  CpuPulseProjector cpu(c);
  auto log_image = [&] {
    std::vector<float> t = cpu.project(w.session.sim(), g);
    for (float& v : t) v = -std::log(std::max(v, 1e-30f));
    return t;
  };
  // How much more the image attenuates than `base` within 6 mm (at the isocentre) of p.
  auto extra_near = [&](const std::vector<float>& img, const std::vector<float>& base, const glm::dvec3& p) {
    const glm::dvec2 at = *g.project(p);
    const double r_px = 6.0 * g.magnification(p) / g.pixel_pitch_mm;
    double sum = 0;
    for (int j = 0; j < g.height; ++j)
      for (int i = 0; i < g.width; ++i)
        if (glm::distance(glm::dvec2(i + 0.5, j + 0.5), at) <= r_px) sum += img[size_t(j * g.width + i)] - base[size_t(j * g.width + i)];
    return sum;
  };
  const std::vector<float> deflated = log_image();
  // The balloon's axis: its middle sits in the stenosis, 18 mm from the middle is healthy wall.
  const std::vector<glm::dvec3>& axis = b.axis_mm();
  const glm::dvec3 middle = axis[axis.size() / 2], beside = axis[axis.size() / 2 - 18];
  w.balloon(0, 1, 2.0);
  const std::vector<float> low = log_image();
  w.balloon(0, 1, 6.0);
  const std::vector<float> nominal = log_image();
  // Medium ∝ diameter²: at 2 atm the plaque holds the middle at its 30 % lumen while the ends open
  // (a waist); at 8 atm the whole length is open alike.
  const double waist = extra_near(low, deflated, middle) / extra_near(low, deflated, beside);
  const double open = extra_near(nominal, deflated, middle) / extra_near(nominal, deflated, beside);
  CHECK(waist < 0.35);
  CHECK(open > 0.8);
  CHECK(extra_near(nominal, deflated, middle) > 3 * extra_near(low, deflated, middle));
  // The markers show while deflated, on a 22 cm field: at each band the image attenuates more
  // than 4 mm along the shaft from it (the deflated balloon and the wire alike in both places), by
  // what a platinum–iridium band ~1 mm across does (μ ≈ 10 /mm: nearly opaque over its pixels).
  pose.field_cm = 22;
  const ProjectionGeometry fine = make_projection(c.c_arm, pose, 256);
  w.balloon(0, -BalloonCatheter::kVacuum_atm_s, 3.0);  // deflated again
  std::vector<float> zoomed = cpu.project(w.session.sim(), fine);
  for (float& v : zoomed) v = -std::log(std::max(v, 1e-30f));
  auto darkest_near = [&](const glm::dvec3& p) {  // the band covers a pixel or two
    const glm::dvec2 px = *fine.project(p);
    double most = 0;
    for (int dj = -1; dj <= 1; ++dj)
      for (int di = -1; di <= 1; ++di)
        most = std::max(most, double(zoomed[size_t((int(px.y) + dj) * fine.width + int(px.x) + di)]));
    return most;
  };
  for (const bool distal : {true, false}) {
    const glm::dvec3 band = distal ? b.distal_marker_mm() : b.proximal_marker_mm();
    const glm::dvec3 other = distal ? b.proximal_marker_mm() : b.distal_marker_mm();
    CAPTURE(distal);
    CHECK(darkest_near(band) - darkest_near(band + 4.0 * glm::normalize(other - band)) > 0.5);
  }
}

TEST_CASE("dissections after an oversized inflation are drawn from the seed: the same seed, the same ones") {
  // A 10 mm balloon in the 9 mm CIA (1.11x) held 2 s: an even chance of a dissection each time.
  auto dissections = [](uint64_t seed) {
    WireAcross w(seed);
    SessionInput insert;
    insert.sim.insert_balloon = "semi_compliant_10x40";
    w.session.tick(insert);
    w.centre_balloon();
    w.balloon(0, 2, 4.0);
    w.run(2);
    w.balloon(0, -BalloonCatheter::kVacuum_atm_s, 2.0);
    std::string out;
    for (const DissectionEvent& d : w.session.sim().dissections()) out += d.grade + std::string(d.flow_limiting ? "!" : "");
    REQUIRE(w.session.sim().inflations().size() == 1);
    CHECK(w.session.sim().inflations()[0].overstretch > 1.1);
    return out;
  };
  const std::string first = dissections(3);
  CHECK(dissections(3) == first);
  std::set<std::string> outcomes{first};
  for (uint64_t seed : {4, 5, 6}) outcomes.insert(dissections(seed));
  CHECK(outcomes.size() > 1);  // the seed decides
  CHECK(outcomes.count("") == 1);  // some seeds give none
}
