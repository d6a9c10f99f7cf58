#include "core/scenario/live_scene.h"

#include "core/imaging/image_chain.h"

namespace angiosim {

XrayScene device_layer(const LoadedCase& c, const Simulation& sim, const Composition& lumen) {
  XrayScene devices;
  devices.basis_names = c.xray_scene.basis_names;
  if (const Guidewire* wire = sim.guidewire()) add_guidewire(devices, *wire, c.materials, lumen);
  if (const BalloonCatheter* balloon = sim.balloon()) add_balloon(devices, *balloon, c.materials, c.balloon_medium, lumen);
  for (const StentImplant& stent : sim.stents()) add_stent(devices, stent, c.materials, lumen);
  if (const StentDelivery* system = sim.stent_system()) add_stent_system(devices, *system, c.materials, lumen);
  return devices;
}

XrayScene live_layer(const LoadedCase& c, const Simulation& sim, ContrastLayer& contrast) {
  XrayScene layer = device_layer(c, sim, c.materials.composition("blood", "materials"));
  contrast.add(layer, sim.anatomy(), sim.contrast(), c.contrast_medium);
  return layer;
}

XrayScene merged_scene(const XrayScene& base, const XrayScene& layer) {
  XrayScene scene = base;
  const int offset = static_cast<int>(scene.primitives.size());
  for (size_t i = 0; i < layer.primitives.size(); ++i) {
    XrayPrimitive p = layer.primitives[i];
    for (int32_t& e : p.exclude)
      if (e >= 0) e += offset;  // exclusions name primitives of the layer's own scene
    scene.add(p, layer.labels[i]);
  }
  return scene;
}

std::vector<float> CpuPulseProjector::project(const Simulation& sim, const ProjectionGeometry& g) {
  const XrayScene scene = merged_scene(case_.plain_scene, live_layer(case_, sim, contrast_));
  return transmission(CpuProjector(scene).project(g, threads_), case_.attenuation);
}

}  // namespace angiosim
