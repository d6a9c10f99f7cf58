#pragma once
// A scenario file (scenarios/*.json, docs/scenario-format.md): the patient, the anatomy model, the
// machine and how the case opens. Paths inside are relative to the scenario file.
#include <cstdint>
#include <optional>
#include <string>

#include "core/imaging/c_arm.h"
#include "core/util/json_reader.h"

namespace angiosim {

struct ScenarioSpec {
  std::string source_file;
  std::string title;
  std::string patient_summary;  // one teaching paragraph: who, why, the history
  // The same in parts, when the file gives them ("patient": {...}).
  struct Patient {
    std::string name, sex, indication, history;
    int age = 0;
  } patient;
  std::string anatomy_file;    // resolved path
  std::string materials_file;  // resolved path
  std::string c_arm_file;      // resolved path
  std::string devices_file;    // resolved path (optional: "" when the case uses no devices)
  std::string access_vessel;   // where the sheath is (e.g. "left_common_femoral")
  bool access_antegrade = false;  // with the flow (default: retrograde, toward the heart)
  double access_position_mm = 0;  // arclength of the sheath tip along that vessel
  // The case opens with the sheath in place (no access step). Default: true unless the
  // scenario has steps.
  bool sheath_at_start = true;
  std::string guidewire;       // id in the device catalogue of the wire loaded at the start
  CArmPose initial_view;
  std::string contrast_material;   // e.g. "contrast_350"
  double contrast_fraction = 0.5;  // of the lumen content during the opening angiogram
  // The angiogram's injection: where the catheter (or sheath) delivers the medium, how fast and
  // how much. Empty vessel: through the sheath at the access site.
  struct InjectionPlan {
    std::string vessel;
    double position_mm = 0;
    double rate_ml_s = 5;
    double volume_ml = 10;
  } injection;
  uint64_t seed = 1;
  // The file as read: "lesions", "inventory" and "steps" are checked against the anatomy and the
  // device catalogue once those are loaded (load_case).
  std::optional<JsonReader> document;
};

ScenarioSpec load_scenario_file(const std::string& path);

}  // namespace angiosim
