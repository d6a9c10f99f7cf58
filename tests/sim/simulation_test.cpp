// Fixed time steps, determinism and frame-rate independence.
#include <doctest/doctest.h>

#include <map>

#include "core/anatomy/anatomy_loader.h"
#include "core/devices/device_catalog.h"
#include "core/sim/fixed_step_clock.h"
#include "core/sim/simulation.h"
#include "core/util/data_paths.h"

using namespace angiosim;

namespace {

std::shared_ptr<const VesselTree> anatomy() {
  static auto tree = std::make_shared<const VesselTree>(
      load_anatomy_file(data_path("models/anatomy/aortoiliac_default.json")));
  return tree;
}

Simulation make_sim(uint64_t seed = 42) {
  CArmSpec spec;
  spec.max_rotation_speed_deg_s = 20;
  return Simulation(anatomy(), spec, {0, 0, {0, -20, -60}}, seed);
}

// Operator commands scheduled at simulation steps (what a recording holds).
std::map<uint64_t, OperatorCommands> schedule() {
  std::map<uint64_t, OperatorCommands> s;
  s[10].c_arm_lao_deg = 30;
  s[300].c_arm_cranial_deg = -15;
  s[700].c_arm_lao_deg = -25;
  s[900].isocenter_mm = glm::dvec3(10, -20, -80);
  s[1500].c_arm_cranial_deg = 10;
  s[400].inject = Injection{0, 60, 8, 16};  // an aortic run: the contrast's state is hashed too
  s[1200].field_cm = 32;
  s[1300].sid_mm = 1100;
  return s;
}

// Runs 10 s of wall time rendered at `fps`: the clock decides the steps, commands apply by step.
uint64_t run_at_frame_rate(double fps) {
  Simulation sim = make_sim();
  FixedStepClock clock(Simulation::kStep_s);
  const auto commands = schedule();
  const int frames = static_cast<int>(10.0 * fps);
  for (int f = 0; f < frames; ++f) {
    const int steps = clock.advance(1.0 / fps);
    for (int k = 0; k < steps; ++k) {
      auto it = commands.find(sim.state().step_count);
      sim.step(it != commands.end() ? it->second : OperatorCommands{});
    }
  }
  // 10 s is 2400 steps; the accumulator may hold back one. Finish on the same step count.
  const uint64_t ran = sim.state().step_count;
  while (sim.state().step_count < 2410) sim.step({});
  return ran >= 2399 && ran <= 2400 ? sim.state_hash() : 0;
}

}  // namespace

TEST_CASE("the C-arm turns at its rated speed in fixed steps") {
  Simulation sim = make_sim();
  OperatorCommands go;
  go.c_arm_lao_deg = 30;
  sim.step(go);
  // 30° at 20°/s takes 1.5 s = 360 steps of 1/240 s.
  for (int k = 1; k < 359; ++k) sim.step({});
  CHECK(sim.state().c_arm.lao_deg == doctest::Approx(30.0 * 359 / 360));
  sim.step({});
  CHECK(sim.state().c_arm.lao_deg == doctest::Approx(30.0));
  CHECK(sim.state().time_s == doctest::Approx(1.5));
}

TEST_CASE("absurd commands are clamped, never trusted") {
  Simulation sim = make_sim();
  OperatorCommands bad;
  bad.c_arm_lao_deg = 1e9;
  bad.c_arm_cranial_deg = std::numeric_limits<double>::quiet_NaN();
  bad.isocenter_mm = glm::dvec3(std::numeric_limits<double>::infinity());
  bad.field_cm = -5;
  bad.sid_mm = 1e12;
  bad.inject = Injection{0, std::numeric_limits<double>::quiet_NaN(), 8, 16};  // nowhere: refused
  sim.step(bad);
  CHECK(sim.state().target_lao_deg == Simulation::kMaxLao_deg);
  CHECK(sim.state().target_cranial_deg == 0.0);
  CHECK(sim.state().c_arm.isocenter_mm == glm::dvec3(0, -20, -60));
  CHECK(sim.state().c_arm.field_cm == 0.0);
  CHECK(sim.state().c_arm.sid_mm == Simulation::kMaxSid_mm);
  CHECK(sim.contrast().injected_ml() == 0.0);
  // An injection far beyond a syringe's reach is given as the most a power injector can.
  OperatorCommands huge;
  huge.inject = Injection{0, 60, 1e6, 1e6};
  sim.step(huge);
  CHECK(sim.contrast().injected_ml() == doctest::Approx(Simulation::kMaxInjectionRate_ml_s * Simulation::kStep_s));
}

TEST_CASE("same seed and commands give the same state; another seed differs") {
  CHECK(run_at_frame_rate(60) == run_at_frame_rate(60));
  Simulation a = make_sim(1), b = make_sim(2);
  a.step({});
  b.step({});
  CHECK(a.state_hash() != b.state_hash());
}

TEST_CASE("identical final state at 30, 60 and 144 rendered frames per second") {
  const uint64_t h30 = run_at_frame_rate(30);
  CHECK(h30 != 0);
  CHECK(run_at_frame_rate(60) == h30);
  CHECK(run_at_frame_rate(144) == h30);
}

TEST_CASE("with a guidewire in the hands, the final state is identical at 30, 60 and 144 fps") {
  const DeviceCatalog devices = load_device_catalog(data_path("models/devices.json"));
  const AccessSite access = retrograde_access(*anatomy(), anatomy()->find_vessel("left_common_femoral"), 25);
  auto run = [&](double fps) {
    CArmSpec spec;
    Simulation sim(anatomy(), spec, {0, 0, {0, -20, -60}}, 42, devices.find_guidewire("hydrophilic_angled_035"), access);
    FixedStepClock clock(Simulation::kStep_s);
    for (int f = 0; f < int(2.0 * fps); ++f)
      for (int k = clock.advance(1.0 / fps); k > 0; --k) {
        OperatorCommands hands;  // push for a second, then turn while pulling back a little
        hands.wire = sim.state().step_count < 240 ? HubControls{30, 0} : HubControls{-5, 90};
        sim.step(hands);
      }
    while (sim.state().step_count < 490) sim.step({});
    return sim.state_hash();
  };
  const uint64_t h30 = run(30);
  CHECK(run(60) == h30);
  CHECK(run(144) == h30);
}

TEST_CASE("the fixed-step clock keeps the remainder and caps a stall") {
  FixedStepClock clock(0.01, 5);
  CHECK(clock.advance(0.025) == 2);
  CHECK(clock.alpha() == doctest::Approx(0.5));
  CHECK(clock.advance(0.005) == 1);
  CHECK(clock.advance(10.0) == 5);  // a 10 s stall runs 5 steps, the backlog is dropped
  CHECK(clock.advance(0.0) == 0);
}
