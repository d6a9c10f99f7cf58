// Demo mode end to end: the autopilot performs every shipped scenario's steps with the real
// physics and imaging (CPU projector, small detector matrix), headless.
#include <doctest/doctest.h>

#include <cstdio>

#include "core/scenario/procedure_session.h"
#include "core/util/data_paths.h"

using namespace angiosim;

TEST_CASE("demo: the default scenario runs end to end") {
  const LoadedCase c = load_case(data_path("scenarios/default.json"));
  CpuPulseProjector projector(c);
  SessionOptions o;
  o.mode = SessionMode::Demo;
  o.pixels = 64;
  ProcedureSession s(c, projector, o);
  int last_step = -1;
  std::string last_doing;
  while (!s.finished() && !s.stuck() && s.sim().state().time_s < 2400) {
    s.tick();
    if (s.controller().active_step() != last_step || s.autopilot().doing() != last_doing) {
      last_step = s.controller().active_step();
      last_doing = s.autopilot().doing();
      const TreePlace tip = wire_tip_place(s.sim());
      std::printf("%8.2f s step %d: %s (tip %s %.1f mm)\n", s.sim().state().time_s, last_step, last_doing.c_str(), tip.vessel >= 0 ? s.sim().anatomy().vessel(tip.vessel).name.c_str() : "-", tip.s_mm);
    }
  }
  for (const ProcedureEvent& e : s.controller().events()) std::printf("%8.2f [%d] %s: %s\n", e.time_s, e.step, e.kind.c_str(), e.text.c_str());
  CHECK_MESSAGE(!s.stuck(), s.autopilot().stuck_reason());
  CHECK(s.finished());
  CHECK(s.controller().all_completed());
}
