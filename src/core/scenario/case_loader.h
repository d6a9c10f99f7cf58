#pragma once
// Everything a scenario file brings in, loaded and checked together: the anatomy, the X-ray
// materials, the C-arm, and the X-ray scene of the patient with contrast-filled arteries.
#include <memory>
#include <optional>
#include <string>

#include "core/anatomy/vessel_tree.h"
#include "core/devices/device_catalog.h"
#include "core/physics/guidewire.h"
#include "core/sim/simulation.h"
#include "core/imaging/c_arm.h"
#include "core/imaging/image_chain.h"
#include "core/imaging/materials.h"
#include "core/imaging/xray_scene.h"
#include "core/scenario/procedure_spec.h"
#include "core/scenario/scenario.h"

namespace angiosim {

struct LoadedCase {
  ScenarioSpec scenario;
  std::shared_ptr<const VesselTree> anatomy;
  MaterialLibrary materials;
  CArmSpec c_arm;
  XrayScene xray_scene;           // background + vessels filled as the scenario's opening view says
  XrayScene plain_scene;          // background + vessels holding blood: live imaging draws the
                                  // simulation's contrast over it
  Composition contrast_medium;    // the scenario's medium less the blood it displaces
  Injection angiogram;            // the scenario's injection, placed in the anatomy
  Composition lumen_contents;     // what fills the arteries (a wire displaces it)
  Composition balloon_medium;     // what inflates a balloon: the case's contrast diluted 1:1 in saline
  AttenuationTable attenuation;   // the C-arm's beam at its kVp, as its detector records it
  DeviceCatalog devices;
  std::optional<AccessSite> access;          // the planned sheath position (where the autopilot punctures)
  ProcedureSpec procedure;                   // inventory and steps (empty: free practice)
  const GuidewireSpec* guidewire = nullptr;  // the wire in the sheath at the start, if any
};

// The simulation a case opens with: its view and seed, and the sheath (with the scenario's wire)
// in place when the scenario opens so or `sheath_in` says so (free practice without the steps).
// The simulation keeps a pointer to c.devices: `c` must stay where it is while it lives.
Simulation open_simulation(const LoadedCase& c, std::optional<uint64_t> seed = std::nullopt,
                           std::optional<CArmPose> view = std::nullopt, std::optional<bool> sheath_in = std::nullopt);

// Throws InputError (one line, file and field) on any bad input. `contrast_fraction`, if given,
// replaces the scenario's contrast in the arteries (0: plain fluoroscopy, as while steering a wire).
LoadedCase load_case(const std::string& scenario_path, std::optional<double> contrast_fraction = std::nullopt);

// The X-ray scene of an anatomy with its arteries filled by `lumen_contents` (see lumen_contents()).
XrayScene build_patient_scene(const VesselTree& anatomy, const MaterialLibrary& materials,
                              const Composition& lumen);

}  // namespace angiosim
