#include "core/scenario/case_loader.h"

#include "core/anatomy/anatomy_loader.h"

#include <algorithm>
#include "core/util/input_error.h"

namespace angiosim {

XrayScene build_patient_scene(const VesselTree& anatomy, const MaterialLibrary& materials,
                              const Composition& lumen) {
  XrayScene scene;
  for (const BasisMaterial& b : materials.basis()) scene.basis_names.push_back(b.name);
  add_background(scene, anatomy.spec(), materials);
  add_vessels(scene, anatomy, lumen - materials.composition("soft_tissue", "materials"));
  return scene;
}

LoadedCase load_case(const std::string& scenario_path, std::optional<double> contrast_fraction) {
  LoadedCase c;
  c.scenario = load_scenario_file(scenario_path);
  if (contrast_fraction) c.scenario.contrast_fraction = std::clamp(*contrast_fraction, 0.0, 1.0);
  AnatomySpec anatomy = load_anatomy_file(c.scenario.anatomy_file);
  if (auto lesions = c.scenario.document->find("lesions")) anatomy.lesions = read_lesions(*lesions, anatomy);
  c.anatomy = std::make_shared<const VesselTree>(std::move(anatomy));
  c.materials = MaterialLibrary::load_file(c.scenario.materials_file);
  for (const char* required : {"soft_tissue", "blood"})
    if (!c.materials.has(required))
      throw InputError(c.scenario.materials_file + ": /materials/" + required + ": missing required material");
  if (!c.scenario.contrast_material.empty() && !c.materials.has(c.scenario.contrast_material))
    throw InputError(scenario_path + ": /contrast/material: unknown material \"" +
                     c.scenario.contrast_material + "\" (not in " + c.scenario.materials_file + ")");
  c.c_arm = load_c_arm_file(c.scenario.c_arm_file);
  const Composition lumen =
      lumen_contents(c.materials, c.scenario.contrast_material, c.scenario.contrast_fraction);
  c.lumen_contents = lumen;
  c.xray_scene = build_patient_scene(*c.anatomy, c.materials, lumen);
  c.plain_scene = build_patient_scene(*c.anatomy, c.materials, c.materials.composition("blood", "materials"));
  if (!c.scenario.contrast_material.empty())
    c.contrast_medium = c.materials.composition(c.scenario.contrast_material, "contrast") -
                        c.materials.composition("blood", "materials");
  // Balloons are inflated with contrast and saline half and half (common practice); saline
  // attenuates as soft tissue does to within a few per cent.
  c.balloon_medium = c.scenario.contrast_material.empty()
                         ? c.materials.composition("soft_tissue", "materials")
                         : c.materials.composition(c.scenario.contrast_material, "contrast") * 0.5 +
                               c.materials.composition("soft_tissue", "materials") * 0.5;
  if (!c.scenario.devices_file.empty()) c.devices = load_device_catalog(c.scenario.devices_file);
  if (!c.scenario.access_vessel.empty()) {
    const int v = c.anatomy->find_vessel(c.scenario.access_vessel);
    if (v < 0)
      throw InputError(scenario_path + ": /access/vessel: unknown vessel \"" + c.scenario.access_vessel + "\"");
    if (c.scenario.access_position_mm > c.anatomy->length_mm(v))
      throw InputError(scenario_path + ": /access/position_mm: beyond the end of " + c.scenario.access_vessel);
    c.access = c.scenario.access_antegrade ? antegrade_access(*c.anatomy, v, c.scenario.access_position_mm)
                                           : retrograde_access(*c.anatomy, v, c.scenario.access_position_mm);
  }
  if (!c.scenario.guidewire.empty()) {
    c.guidewire = c.devices.find_guidewire(c.scenario.guidewire);
    if (!c.guidewire)
      throw InputError(scenario_path + ": /guidewire: no guidewire \"" + c.scenario.guidewire + "\" in " +
                       c.scenario.devices_file);
  }
  {
    const ScenarioSpec::InjectionPlan& plan = c.scenario.injection;
    const std::string vessel = plan.vessel.empty() ? c.scenario.access_vessel : plan.vessel;
    const int v = vessel.empty() ? 0 : c.anatomy->find_vessel(vessel);
    if (v < 0) throw InputError(scenario_path + ": /contrast/injection/vessel: unknown vessel \"" + vessel + "\"");
    const double s = plan.vessel.empty() && !c.scenario.access_vessel.empty() ? c.scenario.access_position_mm : plan.position_mm;
    if (s > c.anatomy->length_mm(v))
      throw InputError(scenario_path + ": /contrast/injection/position_mm: beyond the end of " + vessel);
    c.angiogram = {v, s, plan.rate_ml_s, plan.volume_ml};
  }
  c.procedure = read_procedure(*c.scenario.document, c.anatomy->spec(), c.devices);
  if (!c.procedure.steps.empty() && !c.access)
    throw InputError(scenario_path + ": /access: a procedure with steps needs \"access\" (the planned sheath)");
  c.attenuation = AttenuationTable::for_system(c.materials, c.c_arm.imaging, c.c_arm.imaging.tube.kvp);
  return c;
}

Simulation open_simulation(const LoadedCase& c, std::optional<uint64_t> seed, std::optional<CArmPose> view,
                           std::optional<bool> sheath_in) {
  const bool sheath = sheath_in.value_or(c.scenario.sheath_at_start) && c.access;
  Simulation sim(c.anatomy, c.c_arm, view ? *view : c.scenario.initial_view, seed ? *seed : c.scenario.seed,
                 sheath ? c.guidewire : nullptr, sheath ? c.access : std::nullopt);
  sim.set_devices(&c.devices, c.scenario.access_antegrade);
  return sim;
}

}  // namespace angiosim
