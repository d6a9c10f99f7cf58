#pragma once
// The scenario's procedure run headless: in Demo mode the autopilot performs every step, or a
// session recording is replayed; then the session report (report.json, report.html, key images).
#include "app/app_options.h"
#include "core/scenario/live_scene.h"

namespace angiosim {

class FluoroView;

// Pulses projected by the GL renderer (the same images the window shows).
class GlPulseProjector : public PulseProjector {
 public:
  explicit GlPulseProjector(FluoroView& view) : view_(view) {}
  std::vector<float> project(const Simulation& sim, const ProjectionGeometry& g) override;

 private:
  FluoroView& view_;
};

// Returns the exit status: 0 when the procedure completed (a replay: reached the recorded state).
int run_procedure_headless(const AppOptions& options);

}  // namespace angiosim
