#include "app/fluoro_view.h"

#include "core/imaging/auto_window.h"

namespace angiosim {

FluoroView::FluoroView(const LoadedCase& c) : case_(c), projector_(c.xray_scene) {
  renderer_.set_scene(c.xray_scene);
}

void FluoroView::render_to_texture(const CArmPose& pose, int pixels) {
  const ProjectionGeometry g = make_projection(case_.c_arm, pose, pixels);
  window_ = auto_window_for_view(projector_, g, case_.attenuation);
  renderer_.render_paths(g);
  renderer_.render_display(case_.attenuation, window_);
}

FluoroFrame FluoroView::render(const CArmPose& pose, int pixels) {
  render_to_texture(pose, pixels);
  return {renderer_.read_display_gray(), window_};
}

std::vector<uint8_t> FluoroView::render_cpu(const CArmPose& pose, int pixels,
                                            const DisplayWindow& window) const {
  const ProjectionGeometry g = make_projection(case_.c_arm, pose, pixels);
  return to_display_gray(log_signal(projector_.project(g), case_.attenuation), window);
}

}  // namespace angiosim
