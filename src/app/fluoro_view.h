#pragma once
// One fluoroscopic view of a loaded case: the GPU renderer, the CPU reference projector for the
// automatic window, and the attenuation table, tied together. It renders the noise-free opening
// image (the scenario's contrast) and projects live pulses for the console (blood in the
// arteries, the simulation's contrast drawn over it). Needs a current GL context.
#include <cstdint>
#include <memory>
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

  // Renders the patient and the devices now in `sim` from its C-arm on the GPU; the display
  // texture stays on the GPU for a window to show. The automatic window follows the view (C-arm
  // and matrix), not the devices, so a moving wire does not make the image pump.
  void render_to_texture(const Simulation& sim, int pixels);
  // Renders and reads the displayed image back.
  FluoroFrame render(const Simulation& sim, int pixels);
  // The same image from the CPU reference projector, displayed through `window`.
  std::vector<uint8_t> render_cpu(const Simulation& sim, int pixels, const DisplayWindow& window) const;
  // The live scene's detected-signal transmission (the patient with blood in the arteries, the
  // simulation's contrast and devices) for the console's next pulse.
  std::vector<float> project_live(const Simulation& sim, int pixels);

  render::FluoroRenderer& renderer() { return *renderer_; }
  // The GPU renderers dropped (a lost context's objects) and made again in the current context.
  void drop_gl();
  void make_gl();
  const DisplayWindow& window() const { return window_; }

 private:

  const LoadedCase& case_;
  CpuProjector projector_;
  std::unique_ptr<render::FluoroRenderer> live_renderer_;  // patient without opening contrast
  ContrastLayer contrast_layer_;
  std::unique_ptr<render::FluoroRenderer> renderer_;
  DisplayWindow window_;
  CArmPose window_pose_{1e9, 1e9, glm::dvec3(0)};
  int window_pixels_ = 0;
};

// The simulation a case opens with: the scenario's view and seed, overridden by the command line.
Simulation opening_simulation(const LoadedCase& c, const AppOptions& options);

// The 3D lumen view of a case, its meshes uploaded, and a camera looking at the vessel tree.
void prepare_anatomy_view(render::AnatomyView& view, render::OrbitCamera& camera, const LoadedCase& c);
// A camera looking at the case's vessel tree.
void aim_at_vessel_tree(render::OrbitCamera& camera, const LoadedCase& c);
// The case's lumen meshes uploaded to the 3D view.
void upload_lumen_meshes(render::AnatomyView& view, const LoadedCase& c);
// Uploads the devices of `sim` to the 3D view.
void update_device_meshes(render::AnatomyView& view, const Simulation& sim);

}  // namespace angiosim
