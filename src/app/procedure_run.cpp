#include "app/procedure_run.h"

#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <thread>

#include "app/fluoro_view.h"
#include "core/scenario/procedure_session.h"
#include "core/scenario/session_report.h"
#include "core/util/atomic_file.h"
#include "platform/gl_context.h"

namespace angiosim {

std::vector<float> GlPulseProjector::project(const Simulation& sim, const ProjectionGeometry& g) {
  return view_.project_live(sim, g.width);
}

int run_procedure_headless(const AppOptions& o) {
  if (o.practice) throw std::invalid_argument("--practice: needs a window (the trainee's hands); headless use --demo");
  std::optional<SessionRecording> recording;
  std::string scenario = o.scenario_path;
  SessionOptions so;
  so.mode = SessionMode::Demo;
  so.pixels = o.pixels ? *o.pixels : 512;
  if (o.seed) so.seed = *o.seed;
  if (!o.replay_path.empty()) {
    recording = load_session_recording(o.replay_path);
    if (!o.scenario_given) scenario = recording->header.scenario;
    so.mode = SessionMode::Replay;
    so.seed = recording->header.seed;
    so.pixels = recording->header.pixels;
  } else {
    ensure_directory(o.out_dir);
    so.recording_path = o.record_path.empty() ? o.out_dir + "/session.jsonl" : o.record_path;
  }
  const LoadedCase c = load_case(scenario);
  if (c.procedure.steps.empty())
    throw std::invalid_argument(scenario + ": the scenario has no steps to perform (--demo needs a procedure)");

  std::unique_ptr<HeadlessGlContext> gl;
  std::unique_ptr<FluoroView> view;
  std::unique_ptr<PulseProjector> projector;
  if (o.cpu_pulses) {
    projector = std::make_unique<CpuPulseProjector>(c);
  } else {
    gl = std::make_unique<HeadlessGlContext>();
    view = std::make_unique<FluoroView>(c);
    projector = std::make_unique<GlPulseProjector>(*view);
  }
  ProcedureSession session(c, *projector, so);

  const auto t0 = std::chrono::steady_clock::now();
  auto pace = [&] {
    if (o.speed <= 0) return;
    const auto due = t0 + std::chrono::duration<double>(session.sim().state().time_s / o.speed);
    std::this_thread::sleep_until(due);
  };
  if (recording) {
    const uint64_t end = recording->end_tick ? *recording->end_tick
                                             : (recording->inputs.empty() ? 0 : recording->inputs.back().first + 1);
    size_t next = 0;
    for (uint64_t t = 0; t < end; ++t) {
      SessionInput input;
      if (next < recording->inputs.size() && recording->inputs[next].first == t) input = recording->inputs[next++].second;
      session.tick(input);
      pace();
    }
  } else {
    int last_step = -1;
    while (!session.finished() && !session.stuck()) {
      session.tick();
      pace();
      if (session.controller().active_step() != last_step && !session.finished()) {
        last_step = session.controller().active_step();
        std::printf("angiosim: %7.1f s  step %d/%zu: %s\n", session.sim().state().time_s, last_step + 1,
                    c.procedure.steps.size(), session.controller().current()->title.c_str());
        std::fflush(stdout);
      }
    }
    session.close_recording();
  }
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  nlohmann::json report = write_session_report(session, o.out_dir);
  const StepMetrics total = session.controller().total();
  std::printf("angiosim: %s %s in %.0f s simulated (%.1f s wall): %d errors, %d complications, fluoro %.1f s, "
              "%.2f mGy, %.1f mL contrast; wrote %s/report.html and report.json\n",
              to_string(so.mode), report["completed"].get<bool>() ? "completed" : "did not complete",
              session.sim().state().time_s, wall_s, total.errors, total.complications, total.fluoro_time_s,
              total.air_kerma_mGy, total.contrast_ml, o.out_dir.c_str());
  if (session.stuck()) std::printf("angiosim: the autopilot stopped: %s\n", session.autopilot().stuck_reason().c_str());
  if (recording) {
    const bool same = !recording->state_hash || *recording->state_hash == session.state_hash();
    std::printf("angiosim: replayed %zu inputs over %llu ticks; final state %s the recording's\n",
                recording->inputs.size(), static_cast<unsigned long long>(session.ticks()),
                recording->state_hash ? (same ? "matches" : "DIFFERS FROM") : "(no end state recorded: it ended in a crash) vs");
    return same ? 0 : 1;
  }
  return report["completed"].get<bool>() ? 0 : 1;
}

}  // namespace angiosim
