#include "app/fluoro_view.h"

#include <glm/geometric.hpp>

#include "core/anatomy/tube_mesh.h"
#include "core/devices/stent_geometry.h"
#include "core/imaging/auto_window.h"
#include "core/scenario/live_scene.h"

#include <algorithm>

namespace angiosim {

FluoroView::FluoroView(const LoadedCase& c) : case_(c), projector_(c.xray_scene) { make_gl(); }

void FluoroView::drop_gl() {
  renderer_.reset();
  live_renderer_.reset();
}

void FluoroView::make_gl() {
  renderer_ = std::make_unique<render::FluoroRenderer>();
  renderer_->set_scene(case_.xray_scene);
}

std::vector<float> FluoroView::project_live(const Simulation& sim, int pixels) {
  if (!live_renderer_) {
    live_renderer_ = std::make_unique<render::FluoroRenderer>();
    live_renderer_->set_scene(case_.plain_scene);
  }
  const ProjectionGeometry g = make_projection(case_.c_arm, sim.state().c_arm, pixels);
  live_renderer_->set_devices(live_layer(case_, sim, contrast_layer_));
  live_renderer_->render_paths(g);
  live_renderer_->render_display(case_.attenuation, window_);
  return live_renderer_->read_transmission();
}

void FluoroView::render_to_texture(const Simulation& sim, int pixels) {
  const CArmPose& pose = sim.state().c_arm;
  const ProjectionGeometry g = make_projection(case_.c_arm, pose, pixels);
  if (pose.lao_deg != window_pose_.lao_deg || pose.cranial_deg != window_pose_.cranial_deg ||
      pose.isocenter_mm != window_pose_.isocenter_mm || pixels != window_pixels_) {
    window_ = auto_window_for_view(projector_, g, case_.attenuation);
    window_pose_ = pose;
    window_pixels_ = pixels;
  }
  renderer_->set_devices(device_layer(case_, sim, case_.lumen_contents));  // the patient's paths are reused while the view stays
  renderer_->render_paths(g);
  renderer_->render_display(case_.attenuation, window_);
}

FluoroFrame FluoroView::render(const Simulation& sim, int pixels) {
  render_to_texture(sim, pixels);
  return {renderer_->read_display_gray(), window_};
}

std::vector<uint8_t> FluoroView::render_cpu(const Simulation& sim, int pixels, const DisplayWindow& window) const {
  const XrayScene scene = merged_scene(case_.xray_scene, device_layer(case_, sim, case_.lumen_contents));
  const CpuProjector projector(scene);
  const ProjectionGeometry g = make_projection(case_.c_arm, sim.state().c_arm, pixels);
  return to_display_gray(log_signal(projector.project(g), case_.attenuation), window);
}

Simulation opening_simulation(const LoadedCase& c, const AppOptions& options) {
  CArmPose pose = c.scenario.initial_view;
  if (options.lao_deg) pose.lao_deg = *options.lao_deg;
  if (options.cranial_deg) pose.cranial_deg = *options.cranial_deg;
  // Free practice: the sheath is in, the scenario's wire loaded.
  return open_simulation(c, options.seed ? std::optional<uint64_t>(*options.seed) : std::nullopt, pose, true);
}

void prepare_anatomy_view(render::AnatomyView& view, render::OrbitCamera& camera, const LoadedCase& c) {
  upload_lumen_meshes(view, c);
  aim_at_vessel_tree(camera, c);
}

void aim_at_vessel_tree(render::OrbitCamera& camera, const LoadedCase& c) { camera.target_mm = vessel_tree_center(*c.anatomy); }

void upload_lumen_meshes(render::AnatomyView& view, const LoadedCase& c) {
  view.set_meshes(make_lumen_meshes(*c.anatomy, 12), {0.78f, 0.16f, 0.14f});
}

void update_device_meshes(render::AnatomyView& view, const Simulation& sim) {
  // Drawn a little thicker than life so a 0.46 mm wire or a 0.2 mm strut reads at lecture-hall
  // distance.
  TriangleMesh devices;
  if (const Guidewire* wire = sim.guidewire()) devices.append(make_polyline_tube_mesh(wire->rod().x, std::max(0.6, wire->rod().radius_mm)));
  if (const BalloonCatheter* b = sim.balloon(); b && b->axis_mm().size() >= 2) {
    const double widest = *std::max_element(b->diameter_mm().begin(), b->diameter_mm().end());
    devices.append(make_polyline_tube_mesh(b->axis_mm(), 0.5 * widest, 16));
  }
  auto stent = [&](const StentSpec& spec, const std::vector<glm::dvec3>& axis, const std::vector<double>& diameters) {
    const StentMesh mesh = make_stent_mesh(spec, axis, diameters);
    for (const auto& [a, c] : mesh.struts) devices.append(make_polyline_tube_mesh({a, c}, 0.12, 4));
    for (const auto& [a, c] : mesh.bridges) devices.append(make_polyline_tube_mesh({a, c}, 0.12, 4));
  };
  for (const StentImplant& s : sim.stents()) stent(s.spec(), s.axis_mm(), s.ring_diameters_mm());
  if (const StentDelivery* d = sim.stent_system()) {
    if (!d->implant_taken()) stent(d->spec(), d->implant().axis_mm(), d->implant().ring_diameters_mm());
    if (d->sheath_axis_mm().size() >= 2) devices.append(make_polyline_tube_mesh(d->sheath_axis_mm(), 0.5 * d->spec().sheath_outer_diameter_mm));
  }
  view.set_device_mesh(devices, {0.85f, 0.85f, 0.9f});
}

}  // namespace angiosim
