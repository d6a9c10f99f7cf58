#pragma once
// What the X-rays pass through at a live pulse: the patient with blood in the arteries, and over
// it a layer of what changes (the devices in the patient, the contrast medium where the blood
// carries it). The GPU renderer draws the patient once and the layer per pulse; the CPU pulse
// projector below merges the two into one scene.
#include <vector>

#include "core/imaging/cpu_projector.h"
#include "core/scenario/case_loader.h"
#include "core/sim/simulation.h"

namespace angiosim {

// The devices in the patient now, in arteries filled with `lumen` (what they displace): the
// opening view's contents (LoadedCase::lumen_contents) or, live, blood (the contrast is a layer
// of its own).
XrayScene device_layer(const LoadedCase& c, const Simulation& sim, const Composition& lumen);
// The devices and the contrast medium now.
XrayScene live_layer(const LoadedCase& c, const Simulation& sim, ContrastLayer& contrast);
// `base` with the primitives of `layer` appended (the layer's exclusions renumbered).
XrayScene merged_scene(const XrayScene& base, const XrayScene& layer);

// Projects a pulse for the console: the detected-signal transmission per pixel of `g`.
class PulseProjector {
 public:
  virtual ~PulseProjector() = default;
  virtual std::vector<float> project(const Simulation& sim, const ProjectionGeometry& g) = 0;
};

// The CPU reference projector as a pulse projector (headless runs and tests without a GPU).
class CpuPulseProjector : public PulseProjector {
 public:
  explicit CpuPulseProjector(const LoadedCase& c, int threads = 2) : case_(c), threads_(threads) {}
  std::vector<float> project(const Simulation& sim, const ProjectionGeometry& g) override;

 private:
  const LoadedCase& case_;
  int threads_;
  ContrastLayer contrast_;
};

}  // namespace angiosim
