// The procedure window in Practice with every key held at once (hands, pedals, catheter,
// indeflator, thumbwheel, C-arm, the shared F-keys; not Esc) at the angioplasty step: the window
// keeps drawing every frame, the report is written, and the recording of all that replays to the
// same final state.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>

#include "app/app_options.h"
#include "app/procedure_run.h"
#include "app/procedure_window.h"
#include "core/util/data_paths.h"
#include "test_support.h"

using namespace angiosim;

TEST_CASE("procedure window: every key held at once keeps it drawing, and the session replays") {
  const std::string dir = test::temp_dir("every-key");
  setenv("ANGIOSIM_CONFIG_DIR", dir.c_str(), 1);
  std::ofstream(dir + "/settings.json") << "{}";
  std::string keys;
  for (const char* k : {"W", "A", "S", "D", "Left Shift", "Space", "Return", "[", "]", "=", "-", "T", "I", "R",
                        "Left", "Right", "Up", "Down", "F1", "F2", "F3", "F4", "F5", "F6"})
    keys += std::string(keys.empty() ? "" : ",") + "5:" + k + "+," + "100:" + k + "-";
  AppOptions o;
  o.scenario_path = data_path("scenarios/default.json");
  o.practice = true;
  o.start_step = "angioplasty";
  o.pixels = 64;
  o.frames = 120;
  o.out_dir = dir + "/out";
  o.frame_times_path = dir + "/frames.csv";
  o.key_script = parse_key_script(keys);
  REQUIRE(run_procedure_window(o) == 0);

  // Every frame drawn (the frame times: one per frame after the first), each with the simulation's
  // time, which runs on (Practice at 1x: as fast as the frames, the ticks' budget allowing).
  std::ifstream frames(o.frame_times_path);
  std::string line;
  int count = -1;  // the header
  double first_s = -1, last_s = -1;
  bool simulated_runs_on = true;
  while (std::getline(frames, line)) {
    if (count++ < 0) continue;
    const double t = std::stod(line.substr(line.rfind(',') + 1));
    if (first_s < 0) first_s = t;
    if (t < last_s) simulated_runs_on = false;
    last_s = t;
  }
  CHECK(count == *o.frames - 1);
  CHECK(simulated_runs_on);
  CHECK(last_s > first_s);

  const nlohmann::json r = test::read_json(o.out_dir + "/report.json");
  const double t = r["total"]["time_s"].get<double>();
  CHECK(std::isfinite(t));
  CHECK(t > 0);
  CHECK(std::isfinite(r["total"]["air_kerma_mGy"].get<double>()));

  // The recording (the jump, then every key's effect) replays headless to the same state (on GL
  // as it was recorded: the exposure control reads the images, the CPU projector's differ in rounding).
  AppOptions replay;
  replay.replay_path = o.out_dir + "/session.jsonl";
  replay.out_dir = dir + "/replay";
  CHECK(run_procedure_headless(replay) == 0);
  unsetenv("ANGIOSIM_CONFIG_DIR");
}
