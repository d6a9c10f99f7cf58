#pragma once
// One fluoroscopic view of a loaded case: the GPU renderer, the CPU reference projector for the
// automatic window, and the attenuation table, tied together. Needs a current GL context.
#include <cstdint>
#include <vector>

#include "core/imaging/cpu_projector.h"
#include "app/app_options.h"
#include "core/scenario/case_loader.h"
#include "core/sim/simulation.h"
#include "render/anatomy_view.h"
#include "render/fluoro_renderer.h"

namespace angiosim {

struct FluoroFrame {
  std::vector<uint8_t> gray;  // row 0 at the top
  DisplayWindow window;
};

class FluoroView {
 public:
  explicit FluoroView(const LoadedCase& c);

  // Renders the view on the GPU; the display texture stays on the GPU for a window to show.
  void render_to_texture(const CArmPose& pose, int pixels);
  // Renders and reads the displayed image back.
  FluoroFrame render(const CArmPose& pose, int pixels);
  // The same view from the CPU reference projector, displayed through `window`.
  std::vector<uint8_t> render_cpu(const CArmPose& pose, int pixels, const DisplayWindow& window) const;

  render::FluoroRenderer& renderer() { return renderer_; }
  const DisplayWindow& window() const { return window_; }

 private:
  const LoadedCase& case_;
  CpuProjector projector_;
  render::FluoroRenderer renderer_;
  DisplayWindow window_;
};

// The simulation a case opens with: the scenario's view and seed, overridden by the command line.
Simulation opening_simulation(const LoadedCase& c, const AppOptions& options);

// The 3D lumen view of a case, its meshes uploaded, and a camera looking at the vessel tree.
void prepare_anatomy_view(render::AnatomyView& view, render::OrbitCamera& camera, const LoadedCase& c);

}  // namespace angiosim
