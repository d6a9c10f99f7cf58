// Objectives, errors, hints and decisions on crafted states: each fires on the tick its predicate
// becomes true, as the geometry or the record says independently.
#include <doctest/doctest.h>

#include <fstream>

#include "core/scenario/case_loader.h"
#include "core/scenario/step_controller.h"
#include "core/util/data_paths.h"
#include "test_support.h"

using namespace angiosim;

namespace {

const LoadedCase& default_case() {
  static const LoadedCase c = load_case(data_path("scenarios/default.json"));
  return c;
}

ProcedureSpec procedure(const std::string& steps_json, const std::string& more = "") {
  const JsonReader root = JsonReader::parse(R"({"steps": )" + steps_json + more + "}", "crafted.json");
  return read_procedure(root, default_case().anatomy->spec(), default_case().devices);
}

// A simulation of the default case before access, and the controller over `spec`, stepped together.
struct Bench {
  explicit Bench(const ProcedureSpec& s) : spec(s), sim(open_simulation(default_case())), controller(spec) {}
  void tick(const OperatorCommands& c = {}) {
    sim.step(c);
    ProcedureFacts f;
    f.sim = &sim;
    f.runs = &runs;
    totals.time_s = sim.state().time_s;
    totals.runs = int(runs.size());
    controller.update(f, totals, Simulation::kStep_s);
  }
  ProcedureSpec spec;
  Simulation sim;
  StepController controller;
  std::vector<RunRecord> runs;
  ProcedureTotals totals;
};

glm::dvec3 cfa_point(double s_mm) {
  const VesselTree& t = *default_case().anatomy;
  return t.centerline_point(t.find_vessel("left_common_femoral"), s_mm);
}

}  // namespace

TEST_CASE("access objectives and puncture errors fire on the tick of the puncture") {
  const ProcedureSpec spec = procedure(R"([{"id": "access", "title": "Access",
    "objectives": [{"text": "sheath", "when": {"type": "sheath_in", "vessel": "left_common_femoral"}},
                   {"text": "over the head", "when": {"type": "puncture_over", "shape": "left_femoral_head"}}],
    "errors": [{"id": "high", "text": "high puncture", "complication": true,
                "when": {"type": "puncture_in", "vessel": "left_external_iliac"}}]}])");
  SUBCASE("over the femoral head") {
    Bench b(spec);
    for (int k = 0; k < 10; ++k) b.tick();
    CHECK(!b.controller.objectives()[0].met);
    // The femoral head: a 24 mm sphere at (90, -30, -118); the CFA 25 mm down runs at x ≈ 76,
    // z ≈ -122: inside its AP outline ((76-90)² + (−122+118)² < 24²).
    OperatorCommands puncture;
    puncture.access_at_mm = cfa_point(25);
    b.tick(puncture);
    const double at = 11 * Simulation::kStep_s;
    CHECK(b.controller.objective_times()[0][0] == doctest::Approx(at));
    CHECK(b.controller.objective_times()[0][1] == doctest::Approx(at));
    CHECK(b.controller.finished());
    CHECK(b.controller.total().complications == 0);
  }
  SUBCASE("high: the external iliac above the inguinal ligament") {
    Bench b(spec);
    const VesselTree& t = *default_case().anatomy;
    const int eia = t.find_vessel("left_external_iliac");
    OperatorCommands puncture;
    puncture.access_at_mm = t.centerline_point(eia, 55);  // z ≈ −75: 19 mm above the femoral head
    b.tick(puncture);
    for (int k = 0; k < 10; ++k) b.tick();
    CHECK(b.sim.access().vessel == eia);
    CHECK(!b.controller.objectives()[0].met);
    CHECK(!b.controller.objectives()[1].met);
    CHECK(b.controller.metrics()[0].complications == 1);  // counted once, not every tick
    CHECK(b.controller.events().back().kind == "complication");
  }
  SUBCASE("a needle far from any artery punctures nothing") {
    Bench b(spec);
    OperatorCommands miss;
    miss.access_at_mm = cfa_point(25) + glm::dvec3(40, 0, 0);
    b.tick(miss);
    CHECK(!b.sim.access().punctured);
    CHECK(!b.sim.guidewire());
  }
}

TEST_CASE("an objective held for_s is met when it has held that long without a break") {
  const ProcedureSpec spec = procedure(R"([{"id": "w", "title": "Wire",
    "objectives": [{"text": "wire in for 2 s", "when": {"type": "wire_in"}, "for_s": 2}]}])");
  Bench b(spec);
  OperatorCommands c;
  c.access_at_mm = cfa_point(25);
  b.tick(c);
  OperatorCommands insert;
  insert.insert_wire = "hydrophilic_angled_035";
  b.tick(insert);  // in from tick 2
  for (int k = 0; k < 240; ++k) b.tick();
  OperatorCommands out;
  out.withdraw_wire = true;
  b.tick(out);  // broken after 1 s
  CHECK(!b.controller.objectives()[0].met);
  b.tick(insert);
  const uint64_t second_insert = b.sim.state().step_count;
  while (!b.controller.finished() && b.sim.state().step_count < 2000) b.tick();
  // Held on ticks second_insert … second_insert + 479: 480 ticks = 2 s.
  CHECK(b.controller.objective_times()[0][0] == doctest::Approx((second_insert + 479) * Simulation::kStep_s));
}

TEST_CASE("an angiogram objective needs a finished run of this step showing the lesion") {
  const ProcedureSpec spec = procedure(R"([{"id": "a", "title": "A", "objectives": [{"text": "dsa",
    "when": {"type": "angiogram", "lesion": "left CIA stenosis", "mode": "dsa", "min_frames": 4}}]}])");
  const Predicate& p = spec.steps[0].objectives[0].when;
  Simulation sim = open_simulation(default_case());
  std::vector<RunRecord> runs(1);
  RunRecord& run = runs[0];
  run.mode = "dsa";
  run.frames = 10;
  run.finished = true;
  run.lesion_shown = {true};
  ProcedureFacts f;
  f.sim = &sim;
  f.runs = &runs;
  CHECK(p.evaluate(f));
  f.step_first_run = 1;  // the run belongs to an earlier step
  CHECK(!p.evaluate(f));
  f.step_first_run = 0;
  run.finished = false;  // still acquiring
  CHECK(!p.evaluate(f));
  run.finished = true;
  run.frames = 3;  // too short
  CHECK(!p.evaluate(f));
  run.frames = 10;
  run.mode = "cine";
  CHECK(!p.evaluate(f));
  run.mode = "dsa";
  run.lesion_shown = {false};  // out of the field, or no contrast reached it
  CHECK(!p.evaluate(f));
}

TEST_CASE("an objective after another: looked at once that one is met, counting only runs begun after it") {
  // A DSA before the wire goes in does not count as the DSA after it: the run must follow.
  const ProcedureSpec spec = procedure(R"([{"id": "a", "title": "A", "objectives": [
    {"id": "wire", "text": "wire in", "when": {"type": "wire_in"}},
    {"text": "dsa after", "after": "wire", "when": {"type": "angiogram", "lesion": "left CIA stenosis", "mode": "dsa"}}]}])");
  REQUIRE(spec.steps[0].objectives[1].after == 0);
  RunRecord shown;
  shown.mode = "dsa";
  shown.frames = 10;
  shown.finished = true;
  shown.lesion_shown = {true};
  Bench b(spec);
  b.tick();                 // the step begins
  b.runs.push_back(shown);  // a run of this step, before the wire
  b.tick();
  CHECK(b.controller.step_first_run() == 0);
  CHECK(!b.controller.objectives()[1].met);  // waits for the wire
  OperatorCommands c;
  c.access_at_mm = cfa_point(25);
  b.tick(c);
  OperatorCommands insert;
  insert.insert_wire = "hydrophilic_angled_035";
  b.tick(insert);
  for (int k = 0; k < 5; ++k) b.tick();
  CHECK(b.controller.objectives()[0].met);
  CHECK(!b.controller.objectives()[1].met);  // the only run came before the wire
  b.runs.push_back(shown);                   // one after it
  b.tick();
  CHECK(b.controller.objectives()[1].met);
  CHECK(b.controller.finished());
}

TEST_CASE("whether a lesion is in the image follows its projection") {
  const LoadedCase& c = default_case();
  const LesionSpec& l = c.anatomy->spec().lesions[0];
  const glm::dvec3 centre = c.anatomy->centerline_point(c.anatomy->find_vessel(l.vessel), l.center_mm);
  CArmPose on{0, 0, centre};
  CHECK(lesion_in_image(*c.anatomy, l, make_projection(c.c_arm, on, 64)));
  CArmPose off{0, 0, centre + glm::dvec3(0, 0, 200)};  // table 200 mm toward the feet: out of a 30 cm field
  CHECK(!lesion_in_image(*c.anatomy, l, make_projection(c.c_arm, off, 64)));
}

TEST_CASE("residual stenosis, errors counted once per occurrence, hints on time and on request") {
  const ProcedureSpec spec = procedure(R"([{"id": "s", "title": "S",
    "objectives": [{"text": "never", "when": {"type": "residual_stenosis_below", "lesion": "left CIA stenosis", "percent": 30}}],
    "hints": [{"text": "first", "after_s": 0.5}, {"text": "second"}, {"text": "third"}],
    "errors": [{"id": "c", "text": "contrast", "when": {"type": "contrast_above", "ml": 1}}]}])");
  Bench b(spec);
  OperatorCommands inject;
  inject.inject = Injection{0, 60, 8, 4};
  b.tick(inject);
  for (int k = 0; k < 240; ++k) b.tick();
  CHECK(!b.controller.objectives()[0].met);  // 70 % stays 70 % without angioplasty
  CHECK(b.controller.metrics()[0].errors == 1);
  CHECK(b.controller.shown_hints() == std::vector<int>{0});
  b.controller.request_hint(b.sim.state().time_s);
  CHECK(b.controller.shown_hints() == std::vector<int>{0, 1});
  const Predicate below80 = procedure(R"([{"id": "s", "title": "S", "objectives": [{"text": "t",
    "when": {"type": "residual_stenosis_below", "lesion": "left CIA stenosis", "percent": 80}}]}])").steps[0].objectives[0].when;
  ProcedureFacts f;
  f.sim = &b.sim;
  f.runs = &b.runs;
  CHECK(below80.evaluate(f));
  CHECK(residual_stenosis_percent(b.sim.anatomy(), b.sim.anatomy().spec().lesions[0]) == doctest::Approx(70).epsilon(0.01));
}

TEST_CASE("the score: 100 less the scenario's points per error, complication, step not done and target exceeded") {
  const ProcedureSpec spec = procedure(R"([{"id": "s", "title": "S",
    "objectives": [{"text": "never", "when": {"type": "sheath_removed"}}],
    "errors": [{"id": "c", "text": "contrast", "when": {"type": "contrast_above", "ml": 1}}]}])",
                                       R"(, "scoring": {"per_error": 7, "per_step_not_done": 30, "targets": {"time_s": 0.5}})");
  Bench b(spec);
  CHECK(b.controller.score().points == 100 - 30);  // the step is not done yet
  OperatorCommands inject;
  inject.inject = Injection{0, 60, 8, 4};
  b.tick(inject);
  for (int k = 0; k < 240; ++k) b.tick();
  const ProcedureScore score = b.controller.score();
  CHECK(score.points == 100 - 7 - 30 - 10);  // one error, the step, 1 s over the 0.5 s target
  CHECK(score.deductions.size() == 3);
  CHECK(score.deductions[0] == "-7: 1 error(s)");
}

TEST_CASE("a decision point: the rules name the right answer, another counts as an error, the answer picks the next step") {
  const ProcedureSpec spec = procedure(R"([
    {"id": "pta", "title": "Angioplasty result", "objectives": [{"text": "x", "when": {"type": "not", "predicate": {"type": "sheath_removed"}}}],
     "decision": {"question": "Stent?", "explanation": "residual stenosis of 30 % or more after angioplasty",
       "options": [{"label": "stent", "next_step": "stent"}, {"label": "no stent", "next_step": "closure"}],
       "rules": [{"when": {"type": "residual_stenosis_below", "lesion": "left CIA stenosis", "percent": 30}, "answer": "no stent"}],
       "default": "stent"}},
    {"id": "stent", "title": "Stent", "objectives": [{"text": "x", "when": {"type": "sheath_removed"}}]},
    {"id": "closure", "title": "Closure", "objectives": [{"text": "x", "when": {"type": "sheath_removed"}}]}])");
  for (int answer : {0, 1}) {
    CAPTURE(answer);
    Bench b(spec);
    b.tick();
    REQUIRE(b.controller.awaiting_decision());
    ProcedureFacts f;
    f.sim = &b.sim;
    f.runs = &b.runs;
    CHECK(spec.steps[0].decision->correct_option(f) == 0);  // 70 % residual: stent
    b.controller.decide(answer, f, b.sim.state().time_s);
    CHECK(b.controller.active_step() == (answer == 0 ? 1 : 2));
    CHECK(b.controller.metrics()[0].errors == answer);
  }
}

TEST_CASE("back returns to the previous step with its objectives to do again") {
  const ProcedureSpec spec = procedure(R"([
    {"id": "a", "title": "A", "objectives": [{"text": "x", "when": {"type": "not", "predicate": {"type": "sheath_removed"}}}]},
    {"id": "b", "title": "B", "objectives": [{"text": "y", "when": {"type": "sheath_removed"}}]}])");
  Bench b(spec);
  b.tick();
  CHECK(b.controller.active_step() == 1);
  b.controller.back(b.sim.state().time_s);
  CHECK(b.controller.active_step() == 0);
  CHECK(!b.controller.objectives()[0].met);
  CHECK(!b.controller.completed_steps()[0]);
  b.tick();
  CHECK(b.controller.active_step() == 1);
  b.controller.jump(2, b.sim.state().time_s);
  CHECK(b.controller.finished());
}

TEST_CASE("bad procedures in scenario files: one line naming the file and the JSON path") {
  const std::string dir = test::temp_dir("badsteps");
  const std::string models = data_dir() + "/models";
  auto error_of = [&](const std::string& extra) {
    const std::string path = dir + "/case.json";
    std::ofstream(path) << R"({"title": "t", "anatomy": ")" + models + R"(/anatomy/aortoiliac_default.json", "materials": ")" +
                               models + R"(/materials.json", "c_arm": ")" + models + R"(/c_arm.json", "devices": ")" + models +
                               R"(/devices.json", "access": {"vessel": "left_common_femoral", "position_mm": 25})" + extra + "}";
    return std::pair{path, test::input_error_of([&] { load_case(path); })};
  };
  auto step = [](const std::string& objective_when, const std::string& more = "") {
    return R"(, "steps": [{"id": "s", "title": "S", "objectives": [{"text": "o", "when": )" + objective_when + "}]" + more + "}]";
  };
  struct Case {
    std::string extra, expected;
  };
  const Case cases[] = {
      {step(R"({"type": "teleported"})"), "/steps/0/objectives/0/when/type: unknown predicate \"teleported\""},
      {step(R"({"type": "stent_sized", "lesion": "left CIA stenosis", "min_oversize_mm": 3, "max_oversize_mm": 1})"), "/steps/0/objectives/0/when/max_oversize_mm: value 1 out of range"},
      {step(R"({"type": "stent_landing_within", "lesion": "left CIA stenosis"})"), "/steps/0/objectives/0/when/mm: missing required field"},
      {step(R"({"type": "balloon_inflated"})"), "/steps/0/objectives/0/when/atm: missing required field"},
      {step(R"({"type": "sheath_in", "vessel": "carotid"})"), "/steps/0/objectives/0/when/vessel: unknown vessel \"carotid\""},
      {step(R"({"type": "wire_tip_beyond", "lesion": "nope"})"), "/steps/0/objectives/0/when/lesion: unknown lesion \"nope\""},
      {step(R"({"type": "wire_tip_beyond", "lesion": "left CIA stenosis", "margin_mm": -3})"), "/steps/0/objectives/0/when/margin_mm: value -3 out of range"},
      {step(R"({"type": "all", "of": [{"type": "wire_removed", "extra": 1}]})"), "/steps/0/objectives/0/when/of/0/extra: unknown field"},
      {step(R"({"type": "wire_removed"})", R"(, "devices": ["laser"])"), "/steps/0/devices/0: unknown device \"laser\""},
      {step(R"({"type": "occlusion_crossed", "lesion": "left CIA stenosis"})"), "/steps/0/objectives/0/when/lesion: not a total occlusion"},
      {R"(, "inventory": {"guidewires": ["rope"]})", "/inventory/guidewires/0: unknown guidewire \"rope\""},
      {R"(, "steps": [{"id": "s", "title": "S", "objectives": []}])", "/steps/0/objectives: a step needs at least one objective"},
      {R"(, "steps": [{"id": "s", "title": "S", "objectives": [{"text": "o", "after": "later", "when": {"type": "wire_removed"}}, {"id": "later", "text": "p", "when": {"type": "wire_removed"}}]}])",
       "/steps/0/objectives/0/after: no earlier objective of this step has the id \"later\""},
      {R"(, "steps": [{"id": "s", "title": "S", "objectives": [{"id": "x", "text": "o", "when": {"type": "wire_removed"}}, {"id": "x", "text": "p", "when": {"type": "wire_removed"}}]}])",
       "/steps/0/objectives/1/id: duplicate objective id \"x\" in this step"},
      {R"(, "steps": [{"id": "s", "title": "S", "objectives": [{"text": "o", "when": {"type": "wire_removed"}}]}, {"id": "s", "title": "T", "objectives": [{"text": "o", "when": {"type": "wire_removed"}}]}])",
       "/steps/1/id: duplicate step id \"s\""},
      {step(R"({"type": "wire_removed"})", R"(, "decision": {"question": "q", "options": [{"label": "a", "next_step": "zz"}, {"label": "b"}], "default": "a"})"),
       "/steps/0/decision/options/0/next_step: unknown step \"zz\""},
      {step(R"({"type": "wire_removed"})", R"(, "decision": {"question": "q", "options": [{"label": "a"}, {"label": "b"}], "default": "c"})"),
       "/steps/0/decision/default: no option labelled \"c\""},
      {R"(, "lesions": [{"name": "x", "vessel": "renal", "center_mm": 10, "length_mm": 5, "stenosis_percent": 50, "plaque": "soft"}])",
       "/lesions/0/vessel: unknown vessel \"renal\""},
      {R"(, "lesions": [{"name": "x", "vessel": "aorta", "center_mm": 10, "length_mm": 5, "stenosis_percent": 150, "plaque": "soft"}])",
       "/lesions/0/stenosis_percent: value 150 out of range"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.extra);
    const auto [path, message] = error_of(c.extra);
    CHECK(message.rfind(path + ": " + c.expected, 0) == 0);
    CHECK(message.find('\n') == std::string::npos);
  }
  SUBCASE("malformed JSON") {
    const std::string path = dir + "/broken.json";
    std::ofstream(path) << R"({"title": "t", "steps": [)";
    const std::string m = test::input_error_of([&] { load_case(path); });
    CHECK(m.rfind(path + ": ", 0) == 0);
  }
}
