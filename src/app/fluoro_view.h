#pragma once
// One fluoroscopic view of a loaded case: the GPU renderer, the CPU reference projector for the
// automatic window, and the attenuation table, tied together. Needs a current GL context.
#include <cstdint>
#include <vector>

#include "core/imaging/cpu_projector.h"
#include "core/scenario/case_loader.h"
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

}  // namespace angiosim
