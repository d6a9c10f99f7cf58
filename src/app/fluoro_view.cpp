#include "app/fluoro_view.h"

#include "core/anatomy/tube_mesh.h"
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

Simulation opening_simulation(const LoadedCase& c, const AppOptions& options) {
  CArmPose pose = c.scenario.initial_view;
  if (options.lao_deg) pose.lao_deg = *options.lao_deg;
  if (options.cranial_deg) pose.cranial_deg = *options.cranial_deg;
  return Simulation(c.anatomy, c.c_arm, pose, options.seed ? *options.seed : c.scenario.seed);
}

void prepare_anatomy_view(render::AnatomyView& view, render::OrbitCamera& camera, const LoadedCase& c) {
  view.set_meshes(make_lumen_meshes(*c.anatomy), {0.78f, 0.16f, 0.14f});
  camera.target_mm = vessel_tree_center(*c.anatomy);
}

}  // namespace angiosim
