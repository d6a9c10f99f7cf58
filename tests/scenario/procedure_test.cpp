// The procedure: every shipped scenario end to end in Demo mode, jump-to-step against playing up
// to the step, replay determinism, and recordings that survive a crash.
#include <doctest/doctest.h>

#include <fstream>

#include "core/scenario/procedure_session.h"
#include "core/sim/fixed_step_clock.h"
#include "core/util/data_paths.h"
#include "test_support.h"

using namespace angiosim;

namespace {

// The detector matrix of the tests' pulses: small, the CPU projector is the reference.
constexpr int kPixels = 48;

struct DemoResult {
  bool completed = false;
  std::string stuck;
  std::vector<std::string> wires;  // as inserted
  uint64_t hash = 0;
};

// Runs the demo to the end, or (until_step ≥ 0) until that step begins.
DemoResult run_demo(const std::string& scenario, const std::string& recording = "", int until_step = -1) {
  const LoadedCase c = load_case(data_path(scenario));
  CpuPulseProjector projector(c);
  SessionOptions o;
  o.mode = SessionMode::Demo;
  o.pixels = kPixels;
  o.recording_path = recording;
  ProcedureSession s(c, projector, o);
  DemoResult r;
  std::string wire;
  while (!s.finished() && !s.stuck() && s.sim().state().time_s < 3600 &&
         (until_step < 0 || s.controller().active_step() < until_step)) {
    s.tick();
    const std::string now = s.sim().guidewire() ? s.sim().guidewire()->spec().id : "";
    if (now != wire && !now.empty()) r.wires.push_back(now);
    wire = now;
  }
  s.close_recording();
  r.completed = until_step < 0 ? s.finished() && s.controller().all_completed()
                               : s.controller().active_step() == until_step;
  r.stuck = s.autopilot().stuck_reason();
  r.hash = s.state_hash();
  return r;
}

}  // namespace

TEST_CASE("demo: every shipped scenario runs end to end with the autopilot") {
  SUBCASE("default: left common iliac stenosis") {
    const DemoResult r = run_demo("scenarios/default.json");
    CHECK_MESSAGE(r.completed, r.stuck);
    CHECK(r.wires == std::vector<std::string>{"hydrophilic_angled_035"});
  }
  SUBCASE("SFA stenosis, antegrade") {
    const DemoResult r = run_demo("scenarios/sfa_stenosis.json");
    CHECK_MESSAGE(r.completed, r.stuck);
  }
  SUBCASE("external iliac occlusion: the floppy wire fails at the cap, the CTO wire crosses") {
    const DemoResult r = run_demo("scenarios/eia_occlusion.json");
    CHECK_MESSAGE(r.completed, r.stuck);
    CHECK(r.wires == std::vector<std::string>{"hydrophilic_angled_035", "cto_018"});
  }
}

TEST_CASE("jumping to a step gives the state of playing up to it") {
  const LoadedCase c = load_case(data_path("scenarios/default.json"));
  CpuPulseProjector projector(c);
  SessionOptions o;
  o.mode = SessionMode::Demo;
  o.pixels = kPixels;
  const int crossing = c.procedure.find_step("crossing");
  REQUIRE(crossing == 2);
  ProcedureSession played(c, projector, o);
  while (played.controller().active_step() < crossing && !played.stuck()) played.tick();
  ProcedureSession jumped(c, projector, o);
  SessionInput jump;
  jump.jump_to = crossing;
  jumped.tick(jump);
  CHECK(jumped.controller().active_step() == crossing);
  CHECK(jumped.sim().state_hash() == played.sim().state_hash());
  CHECK(jumped.sim().state().time_s == played.sim().state().time_s);
  CHECK(jumped.console().dose().reference_air_kerma_mGy() == played.console().dose().reference_air_kerma_mGy());
  CHECK(jumped.controller().completed_steps()[0]);
  CHECK(jumped.controller().completed_steps()[1]);
  CHECK(jumped.sim().access().sheath_in);
  // And the demo goes on from there to the end.
  while (!jumped.finished() && !jumped.stuck()) jumped.tick();
  CHECK(jumped.controller().all_completed());
}

TEST_CASE("the autopilot takes over a practice session from where the trainee left it, and hands it back") {
  const LoadedCase c = load_case(data_path("scenarios/default.json"));
  CpuPulseProjector projector(c);
  SessionOptions o;
  o.pixels = kPixels;
  ProcedureSession s(c, projector, o);  // Practice
  SessionInput puncture;
  puncture.sim.access_at_mm = c.access->tip_mm;
  s.tick(puncture);
  SessionInput wire;
  wire.sim.insert_wire = "hydrophilic_angled_035";
  wire.hands = HubControls{20, 0};
  wire.pedals = Pedals{true, false};
  s.tick(wire);
  for (int k = 0; k < 240; ++k) s.tick();
  CHECK(s.controller().active_step() == 1);  // access done by hand
  // The wire went in during the angiogram, which calls only for contrast: an error.
  CHECK(s.controller().metrics()[1].errors == 1);
  CHECK(s.controller().events().back().text == "guidewire hydrophilic_angled_035 is not a device of this step");
  s.set_mode(SessionMode::Demo);
  while (s.controller().active_step() < 3 && !s.stuck()) s.tick();
  CHECK_MESSAGE(!s.stuck(), s.autopilot().stuck_reason());
  s.set_mode(SessionMode::Practice);
  s.tick();
  CHECK(s.hands().advance_mm_s == 0);  // released on handing back
  CHECK(!s.pedals().fluoro);
  CHECK(!s.pedals().acquire);
}

TEST_CASE("a recorded session replays to the same final state, at any frame rate") {
  const std::string dir = test::temp_dir("replay");
  const std::string path = dir + "/session.jsonl";
  // Access, angiogram and crossing: the wire, the contrast, the imaging and the controller.
  const DemoResult demo = run_demo("scenarios/default.json", path, 3);
  REQUIRE(demo.completed);
  const SessionRecording rec = load_session_recording(path);
  REQUIRE(rec.end_tick);
  CHECK(*rec.state_hash == demo.hash);
  CHECK(rec.header.mode == "demo");
  CHECK(rec.inputs.size() > 5);
  CHECK(rec.inputs.size() < 200);  // levels are recorded when they change, not every tick
  // The timeline's marks: steps 0, 1, 2, 3 as each began, in order, the first at the first tick.
  REQUIRE(rec.steps.size() == 4);
  for (size_t k = 0; k < rec.steps.size(); ++k) {
    CHECK(rec.steps[k].second == int(k));
    if (k > 0) CHECK(rec.steps[k].first > rec.steps[k - 1].first);
  }
  CHECK(rec.steps.front().first == 1);
  CHECK(rec.steps.back().first <= *rec.end_tick);

  const LoadedCase c = load_case(rec.header.scenario);
  for (double fps : {30.0, 144.0}) {
    CAPTURE(fps);
    CpuPulseProjector projector(c);
    SessionOptions o;
    o.mode = SessionMode::Replay;
    o.pixels = rec.header.pixels;
    o.seed = rec.header.seed;
    ProcedureSession s(c, projector, o);
    FixedStepClock clock(Simulation::kStep_s);
    size_t next = 0;
    while (s.ticks() < *rec.end_tick) {
      const int steps = clock.advance(1.0 / fps);
      for (int k = 0; k < steps && s.ticks() < *rec.end_tick; ++k) {
        SessionInput in;
        if (next < rec.inputs.size() && rec.inputs[next].first == s.ticks()) in = rec.inputs[next++].second;
        s.tick(in);
      }
    }
    CHECK(s.state_hash() == demo.hash);
    CHECK(s.controller().active_step() == 3);
  }
}

TEST_CASE("a recording cut short by a crash still loads, up to its last whole line") {
  const std::string dir = test::temp_dir("crash");
  const std::string path = dir + "/session.jsonl";
  {
    SessionLogWriter log(path, {"scenarios/default.json", 7, "practice", 64});
    SessionInput a;
    a.pedals = Pedals{true, false};
    log.input(3, a);
    SessionInput b;
    b.hands = HubControls{20, 0};
    b.sim.access_at_mm = glm::dvec3(76, -60, -122);
    log.input(10, b);
    // No end(): the app died here. The file holds every line written so far.
  }
  std::ofstream(path, std::ios::app) << "{\"tick\": 12, \"inp";  // and a line torn mid-write
  const SessionRecording r = load_session_recording(path);
  CHECK(r.header.seed == 7);
  CHECK(!r.end_tick);
  REQUIRE(r.inputs.size() == 2);
  CHECK(r.inputs[0].first == 3);
  CHECK(r.inputs[0].second.pedals->fluoro);
  CHECK(r.inputs[1].second.hands->advance_mm_s == 20);
  CHECK(r.inputs[1].second.sim.access_at_mm->z == -122);
}

TEST_CASE("bad recordings are one-line errors naming the file and line") {
  const std::string dir = test::temp_dir("badrec");
  auto write = [&](const std::string& text) {
    const std::string path = dir + "/r.jsonl";
    std::ofstream(path) << text;
    return path;
  };
  const std::string header = R"({"angiosim_session":1,"scenario":"s.json","seed":1,"mode":"demo","pixels":64})" "\n";
  std::string path = write("not json\n");
  CHECK(test::input_error_of([&] { load_session_recording(path); }) == path + ": line 1: not valid JSON");
  path = write(header + R"({"tick": 5, "input": {"hands": [1]}})" "\n" + R"({"tick": 6, "input": {}})" "\n");
  CHECK(test::input_error_of([&] { load_session_recording(path); }) == path + ": line 2: /input: /hands: expected [advance_mm_s, rotate_deg_s]");
  path = write(header + R"({"tick": 5, "input": {"teleport": true}})" "\n" + R"({"tick": 6, "input": {}})" "\n");
  CHECK(test::input_error_of([&] { load_session_recording(path); }) == path + ": line 2: /input: /teleport: unknown input");
  path = write(header + R"({"tick": 5, "input": {}})" "\n" + R"({"tick": 4, "input": {}})" "\n" + R"({"tick": 6, "input": {}})" "\n");
  CHECK(test::input_error_of([&] { load_session_recording(path); }) == path + ": line 3: /tick: goes back in time");
}

TEST_CASE("a replay taken over goes on in Practice, and its new recording replays to the new end") {
  const std::string dir = test::temp_dir("take-over");
  const std::string original = dir + "/session.jsonl", taken = dir + "/taken.jsonl";
  REQUIRE(run_demo("scenarios/default.json", original, 3).completed);  // to the start of angioplasty
  const SessionRecording rec = load_session_recording(original);
  REQUIRE(rec.end_tick);
  const LoadedCase c = load_case(rec.header.scenario);
  auto replaying = [&](CpuPulseProjector& projector) {
    SessionOptions o;
    o.mode = SessionMode::Replay;
    o.pixels = rec.header.pixels;
    o.seed = rec.header.seed;
    return std::make_unique<ProcedureSession>(c, projector, o);
  };
  auto play = [](ProcedureSession& s, const SessionRecording& r, uint64_t until) {
    size_t next = 0;
    while (s.ticks() < until) {
      SessionInput in;
      while (next < r.inputs.size() && r.inputs[next].first < s.ticks()) ++next;
      if (next < r.inputs.size() && r.inputs[next].first == s.ticks()) in = r.inputs[next++].second;
      s.tick(in);
    }
  };
  // Replay to two thirds of the way, take over in Practice, pull the wire back 2 s under fluoro.
  uint64_t hash = 0, end = 0;
  {
    CpuPulseProjector projector(c);
    auto s = replaying(projector);
    const uint64_t at = *rec.end_tick * 2 / 3;
    play(*s, rec, at);
    const int step_there = s->controller().active_step();
    s->take_over(SessionMode::Practice, rec, taken);
    CHECK(s->options().mode == SessionMode::Practice);
    SessionInput hands;
    hands.hands = HubControls{-10, 0};
    hands.pedals = Pedals{true, false};
    s->tick(hands);
    for (int k = 0; k < 480; ++k) s->tick();
    CHECK(s->hands().advance_mm_s == -10);  // the Practice hands act (a replay would ignore them)
    CHECK(s->controller().active_step() >= step_there);
    s->close_recording();
    hash = s->state_hash();
    end = s->ticks();
  }
  const SessionRecording again = load_session_recording(taken);
  CHECK(again.header.mode == "practice");
  REQUIRE(again.end_tick);
  CHECK(*again.end_tick == end);
  CHECK(again.steps.size() >= 3);  // the marks that led there came along
  // The new recording from the opening: the replayed part, then what the trainee did.
  CpuPulseProjector projector(c);
  auto s = replaying(projector);
  play(*s, again, end);
  CHECK(s->state_hash() == hash);
}

TEST_CASE("a pulse's image is filed a fixed number of steps after its exposure, developed on a worker or not") {
  const LoadedCase c = load_case(data_path("scenarios/default.json"));
  // The console alone says at which step the first pulse is due with the fluoroscopy pedal down.
  FluoroConsole reference(c.c_arm, c.scenario.seed);
  uint64_t exposed_at = 0;
  for (uint64_t step = 1; step < 240 && !exposed_at; ++step)
    if (reference.advance(Simulation::kStep_s, Pedals{true, false})) exposed_at = step;
  REQUIRE(exposed_at > 0);

  // Two Practice sessions, the pedal down from the first tick: one develops on the caller's
  // thread, one on a worker. Both file the first image exactly kPulseLatency_steps later, and tick
  // by tick their states (hash, dose, the monitor's pixels) are the same.
  CpuPulseProjector projector_a(c), projector_b(c);
  SessionOptions o;
  o.mode = SessionMode::Practice;
  o.pixels = kPixels;
  ProcedureSession inline_session(c, projector_a, o);
  o.develop_in_background = true;
  ProcedureSession worker_session(c, projector_b, o);
  SessionInput pedal;
  pedal.pedals = Pedals{true, false};
  uint64_t filed_at = 0;
  for (int k = 0; k < 240; ++k) {
    inline_session.tick(k == 0 ? pedal : SessionInput{});
    worker_session.tick(k == 0 ? pedal : SessionInput{});
    REQUIRE(inline_session.state_hash() == worker_session.state_hash());
    REQUIRE(inline_session.console().live_monitor() == worker_session.console().live_monitor());
    if (!filed_at && inline_session.console().dose().pulses() > 0) filed_at = inline_session.ticks();
  }
  CHECK(filed_at == exposed_at + ProcedureSession::kPulseLatency_steps);
  CHECK(inline_session.console().dose().pulses() >= 7);  // 1 s of 7.5–15 pps fluoroscopy
  CHECK(!inline_session.console().live_monitor().empty());
}
