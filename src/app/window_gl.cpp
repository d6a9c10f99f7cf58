#include "app/window_gl.h"

namespace angiosim {

WindowGl::WindowGl(FluoroView& view, const LoadedCase& c) : view_(view), case_(c) { make(); }

void WindowGl::make() {
  anatomy_view_.emplace();
  upload_lumen_meshes(*anatomy_view_, case_);
  live_texture_.emplace();
  reference_texture_.emplace();
}

bool WindowGl::recover_if_lost(AppWindow& window, const Simulation& sim) {
  if (!window.context_lost()) return false;
  // Dropped while the lost context is still current: deleting its names is allowed and harmless.
  anatomy_view_.reset();
  live_texture_.reset();
  reference_texture_.reset();
  view_.drop_gl();
  window.replace_context();
  view_.make_gl();
  make();
  update_device_meshes(*anatomy_view_, sim);
  return true;
}

}  // namespace angiosim
