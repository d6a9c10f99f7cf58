// A recorded session replayed in the window (--replay, under SDL's offscreen driver): seeking to
// the end on the timeline reaches the recorded session's end state, so the debrief's report has
// the same totals as the session that was recorded; Left seeks back (played again from the
// opening) and the replay carries on from there.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>

#include "app/app_options.h"
#include "app/procedure_window.h"
#include "core/scenario/procedure_session.h"
#include "core/scenario/session_report.h"
#include "core/util/data_paths.h"
#include "test_support.h"

using namespace angiosim;

namespace {

// The default demo up to the start of its angioplasty step, recorded (48 px pulses on the CPU).
nlohmann::json record_demo(const std::string& dir) {
  const LoadedCase c = load_case(data_path("scenarios/default.json"));
  CpuPulseProjector projector(c);
  SessionOptions o;
  o.mode = SessionMode::Demo;
  o.pixels = 48;
  o.recording_path = dir + "/session.jsonl";
  ProcedureSession s(c, projector, o);
  while (s.controller().active_step() < 3 && s.sim().state().time_s < 600) s.tick();
  REQUIRE(s.controller().active_step() == 3);
  s.close_recording();
  return write_session_report(s, dir);
}

AppOptions replay_options(const std::string& recording, const std::string& out) {
  AppOptions o;
  o.scenario_path = data_path("scenarios/default.json");
  o.replay_path = recording;
  o.out_dir = out;
  o.frames = 120;
  return o;
}

}  // namespace

TEST_CASE("window replay: the timeline reaches the recorded end state; Left seeks back and plays on") {
  const std::string dir = test::temp_dir("replay-window");
  setenv("ANGIOSIM_CONFIG_DIR", dir.c_str(), 1);
  std::ofstream(dir + "/settings.json") << "{}";
  const nlohmann::json original = record_demo(dir);
  const double end_s = original["total"]["time_s"].get<double>();
  REQUIRE(end_s > 15);

  // Seek to the end: the report written when the replay ends is the recorded session's.
  AppOptions at_end = replay_options(dir + "/session.jsonl", dir + "/at-end");
  at_end.replay_at_s = 1e5;  // past the end: the end
  REQUIRE(run_procedure_window(at_end) == 0);
  const nlohmann::json replayed = test::read_json(dir + "/at-end/report.json");
  for (const char* k : {"time_s", "fluoro_time_s", "contrast_ml", "runs", "errors"})
    CHECK_MESSAGE(replayed["total"][k] == original["total"][k], k);
  // The dose follows the exposure control, which reads the images: the window's GL projector and
  // the recording's CPU one agree to float rounding.
  for (const char* k : {"air_kerma_mGy", "kerma_area_product_Gy_cm2"})
    CHECK_MESSAGE(replayed["total"][k].get<double>() == doctest::Approx(original["total"][k].get<double>()).epsilon(1e-6), k);
  CHECK(replayed["steps"].size() == original["steps"].size());

  // Seek to 15 s, then press Left once it is there: the replay goes back 10 s and plays on at
  // 1× (in wall time, a few frames: well under 9 s more).
  AppOptions back = replay_options(dir + "/session.jsonl", dir + "/back");
  back.replay_at_s = 15;
  back.frames = 200;
  back.key_script = parse_key_script("150:Left+,151:Left-");
  REQUIRE(run_procedure_window(back) == 0);
  const double reached_s = test::read_json(dir + "/back/report.json")["total"]["time_s"].get<double>();
  CHECK(reached_s >= 5.0);
  CHECK(reached_s < 14.0);
  unsetenv("ANGIOSIM_CONFIG_DIR");
}
