#pragma once
// The procedure a scenario teaches: its ordered steps, each with teaching text, objectives
// (predicates the trainee must make true), hints, the devices allowed, errors that count against
// the trainee, and an optional decision point that chooses the next step (docs/scenario-format.md).
#include <optional>
#include <string>
#include <vector>

#include "core/devices/device_catalog.h"
#include "core/scenario/predicate.h"

namespace angiosim {

struct ObjectiveSpec {
  std::string text;
  Predicate when;
  double for_s = 0;  // the predicate must hold this long without a break (e.g. an inflation)
  std::string id;    // optional: what a later objective's "after" names it by
  // Index of an earlier objective of the step that must be met first (-1: none). Until then this
  // one is not looked at, and once it is, only runs begun after it count (the DSA of a dilated
  // lesion is a run made after the balloon came out, not one made before it went in).
  int after = -1;
};

struct HintSpec {
  std::string text;
  double after_s = -1;  // shown by itself this long into the step; < 0: only on request
};

struct ErrorSpec {
  std::string id;
  std::string text;            // what went wrong and why it matters
  Predicate when;              // counted each time it becomes true
  bool complication = false;   // a harm to the patient (reported apart from errors)
};

// After its objectives are met a step may ask a question; the answer picks the next step. The
// first rule whose predicate holds names the right answer (the autopilot takes it; in practice a
// different answer counts as an error).
struct DecisionSpec {
  std::string question;
  struct Option {
    std::string label;
    std::string next_step;  // step id; "" goes on to the following step
  };
  std::vector<Option> options;
  struct Rule {
    Predicate when;
    int option = 0;
  };
  std::vector<Rule> rules;
  int default_option = 0;  // when no rule holds
  std::string explanation;

  int correct_option(const ProcedureFacts& facts) const;
};

// Where the autopilot looks from during a step: a C-arm view and the table centred on a point.
struct ViewSpec {
  double lao_deg = 0, cranial_deg = 0;
  std::optional<glm::dvec3> centre_mm;  // from "centre_on": a lesion, a vessel or a background shape
  std::optional<double> field_cm;       // magnification field
};

struct StepSpec {
  std::string id;
  std::string title;
  std::string teaching;
  std::vector<ObjectiveSpec> objectives;
  std::vector<HintSpec> hints;
  std::vector<std::string> devices;  // allowed: catalogue ids, "needle", "sheath", "contrast"
  std::vector<ErrorSpec> errors;
  std::optional<DecisionSpec> decision;
  std::optional<ViewSpec> view;
  double time_limit_s = 1800;  // the autopilot gives up past this
};

// The shelf: what the trainee may take.
struct InventorySpec {
  std::vector<std::string> guidewires;  // catalogue ids, in the order the autopilot escalates
  std::vector<std::string> balloons;    // catalogue ids (sizes) on the shelf
  std::vector<std::string> stents;      // likewise
  double sheath_french = 6;
};

// How a session is scored: 100 points less these (never below 0). Targets are what the educator
// expects a competent operator to stay within for the whole procedure (0: none).
struct ScoringSpec {
  double per_error = 5;
  double per_complication = 20;
  double per_step_not_done = 20;
  double per_target_exceeded = 10;
  double target_time_s = 0, target_fluoro_time_s = 0, target_air_kerma_mGy = 0, target_kap_Gy_cm2 = 0, target_contrast_ml = 0;
};

struct ProcedureSpec {
  InventorySpec inventory;
  ScoringSpec scoring;
  std::vector<StepSpec> steps;
  int find_step(const std::string& id) const;  // -1 if absent
};

// Reads "inventory" and "steps" of a scenario (root = the scenario file), checking every
// reference against the case's anatomy and device catalogue.
ProcedureSpec read_procedure(const JsonReader& root, const AnatomySpec& anatomy, const DeviceCatalog& devices);

}  // namespace angiosim
