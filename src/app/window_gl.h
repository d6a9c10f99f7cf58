#pragma once
// The GL objects a window draws with besides ImGui's: the fluoro renderers (in its FluoroView),
// the 3D view with its meshes, and the two monitors' textures. GL objects belong to the context
// that made them, so when the window's context is lost (a GPU reset, a driver update) they are
// dropped with it and made again in the new one: the meshes are uploaded again and the window
// refills the monitors from the console's images, while the simulation, the session and its
// recording go on untouched.
#include <optional>

#include "app/app_window.h"
#include "app/fluoro_view.h"
#include "render/anatomy_view.h"
#include "render/gray_texture.h"

namespace angiosim {

class WindowGl {
 public:
  // Needs the window's context current; uploads the case's lumen meshes.
  WindowGl(FluoroView& view, const LoadedCase& c);

  render::AnatomyView& anatomy_view() { return *anatomy_view_; }
  render::GrayTexture& live_texture() { return *live_texture_; }
  render::GrayTexture& reference_texture() { return *reference_texture_; }

  // Once a frame, before anything is drawn: if `window` reports its context lost, every GL object
  // is dropped, the window makes a new context, and they are made again with the devices of
  // `sim`. True then: the monitors' textures are empty until the window uploads them again.
  bool recover_if_lost(AppWindow& window, const Simulation& sim);

 private:
  void make();
  FluoroView& view_;
  const LoadedCase& case_;
  std::optional<render::AnatomyView> anatomy_view_;
  std::optional<render::GrayTexture> live_texture_, reference_texture_;
};

}  // namespace angiosim
