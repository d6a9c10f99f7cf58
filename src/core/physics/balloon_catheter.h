#pragma once
// An angioplasty balloon catheter over the guidewire (docs/physics.md, "Balloon angioplasty").
//
// Tracking: the catheter can only go in over a wire already in place, and it follows the wire:
// its working length lies along the wire's path, placed by the distance of its distal marker from
// the sheath tip, which the operator's push and pull change (never past the wire's tip, never
// while inflated: an inflated balloon anchors).
//
// Inflation: the indeflator raises and lowers the pressure; the free balloon's diameter follows
// its compliance chart (BalloonSpec). Along the working length the balloon presses on the vessel:
// on healthy wall it opens to its free diameter (the artery stretches), on a lesion the plaque
// holds it at the lumen it leaves until the pressure reaches the plaque's yield (a waist), and
// gives way over the last part before it:
//   D(s) = d_lumen(s) + (D_free − d_lumen(s)) · y(P),   y = smoothstep(½ P_yield, P_yield, P)
// The widest diameter each point of a lesion reached is kept (the plaque yields plastically).
//
// Deflation (pressure below 1 atm after an inflation past half the yield pressure) leaves each
// dilated lesion with that diameter less elastic recoil, a fraction of it (iliac 36 ± 11 % of the
// balloon diameter, Gardiner et al. JVIR 2001), by plaque type, and smaller the longer the
// inflation held (Elens et al. 2021: 5 vs 3 min, 31 % vs 56 %); the lumen never ends narrower
// than it was. Overstretch (balloon over reference diameter) and short inflations raise the
// chance of a dissection, drawn from the simulation's random generator at deflation; a flow-
// limiting one is reported as such. Past rated burst pressure the balloon may rupture.
#include <optional>
#include <string>
#include <vector>

#include <glm/vec3.hpp>

#include "core/anatomy/lumen_query.h"
#include "core/anatomy/vessel_tree.h"
#include "core/devices/balloon_spec.h"
#include "core/physics/guidewire.h"
#include "core/physics/over_the_wire.h"
#include "core/util/rng.h"

namespace angiosim {

// The plaque's resistance to a balloon, by type (docs/physics.md: the model's values).
struct PlaqueMechanics {
  double yield_atm;        // pressure at which the plaque has given way to the balloon
  double recoil_fraction;  // elastic recoil after a one-minute inflation, of the balloon diameter
};
PlaqueMechanics plaque_mechanics(PlaqueType plaque);

// The hands and the indeflator for one step.
struct BalloonControls {
  double advance_mm_s = 0;  // + pushes the catheter in along the wire
  double inflate_atm_s = 0; // + raises the pressure, − lowers it
};

struct DissectionEvent {
  double time_s = 0;
  int lesion = -1;
  char grade = 'A';  // NHLBI type A (a radiolucent line) … F (occlusion)
  bool flow_limiting = false;
  double overstretch = 0;  // balloon / reference diameter
};

// What one inflation did, reported at deflation.
struct InflationResult {
  double time_s = 0;
  double max_pressure_atm = 0;
  double held_s = 0;  // at or above the yield pressure of the lesion under it (or nominal on healthy wall)
  std::vector<int> lesions;  // dilated
  double overstretch = 0;    // largest balloon / reference diameter on a lesion
};

// What angioplasty has done in a patient: it outlives the balloons that did it.
struct AngioplastyRecord {
  std::vector<InflationResult> inflations;
  std::vector<DissectionEvent> dissections;
};

class BalloonCatheter {
 public:
  static constexpr double kMaxAdvance_mm_s = 50;
  static constexpr double kMaxInflate_atm_s = 4;   // an indeflator's screw turned quickly
  static constexpr double kVacuum_atm_s = 6;       // deflation on suction
  static constexpr double kMaxPressure_atm = 30;   // the indeflator's gauge
  static constexpr double kSample_mm = 1.0;        // along the working length
  static constexpr double kTipClearance_mm = 10;   // wire ahead of the balloon's tip

  // Over `wire`, its distal marker `position_mm` beyond the sheath tip along the wire.
  BalloonCatheter(const BalloonSpec& spec, double position_mm = 0);

  // One step: the hands move the catheter, the indeflator the pressure; the balloon presses on
  // the lumen and, at deflation, the lesions keep what they were given (`tree` is changed then:
  // returns true when the lumen changed) and the inflation and any dissection go on `record`.
  bool step(double time_s, double dt_s, const BalloonControls& controls, const Guidewire& wire,
            const LumenQuery& lumen, VesselTree& tree, Rng& rng, AngioplastyRecord& record);

  const BalloonSpec& spec() const { return spec_; }
  double position_mm() const { return position_mm_; }
  double pressure_atm() const { return pressure_atm_; }
  bool inflated() const { return pressure_atm_ > 1.0; }
  bool ruptured() const { return ruptured_; }
  // The working length as it lies now: points along the wire (distal first) and the balloon's
  // diameter at each (the folded profile when deflated).
  const std::vector<glm::dvec3>& axis_mm() const { return axis_; }
  const std::vector<double>& diameter_mm() const { return diameter_; }
  // The two marker bands (distal, proximal): where they are.
  glm::dvec3 distal_marker_mm() const { return axis_.empty() ? glm::dvec3(0) : axis_.front(); }
  glm::dvec3 proximal_marker_mm() const { return axis_.empty() ? glm::dvec3(0) : axis_.back(); }
  // Narrowest over widest diameter along the working length while inflated (1: no waist).
  double waist_ratio() const;
  // Lesions under the balloon now (indices into the anatomy's lesions).
  const std::vector<int>& lesions_under() const { return lesions_under_; }

 private:
  void place(const Guidewire& wire, const LumenQuery& lumen, const VesselTree& tree);
  bool deflated_after_inflation(double time_s, VesselTree& tree, Rng& rng, AngioplastyRecord& record);

  BalloonSpec spec_;
  double position_mm_;
  double pressure_atm_ = 0;
  bool ruptured_ = false;
  std::vector<glm::dvec3> axis_;
  std::vector<double> diameter_;
  // Per sample: where it lies in the vessel tree and what the lumen and reference are there.
  struct Sample {
    int vessel = -1, lesion = -1;
    double s_mm = 0, lumen_mm = 0, reference_mm = 0;
  };
  std::vector<Sample> samples_;
  std::vector<int> lesions_under_;
  // The inflation under way: per lesion, the widest diameter reached and the span it covered.
  struct Dilation {
    int lesion = -1, vessel = -1;
    double s_min_mm = 1e9, s_max_mm = -1e9;
    double diameter_mm = 0, lumen_before_mm = 1e9, reference_mm = 0, yield_atm = 0;
  };
  std::vector<Dilation> dilations_;
  InflationResult current_;
  bool inflating_ = false;
};

// The elastic recoil left after an inflation held `held_s` at yield: the plaque's one-minute
// fraction, less for longer holds (docs/physics.md).
double recoil_fraction(PlaqueType plaque, double held_s);
// Chance of a dissection after an inflation to `overstretch` (balloon / reference diameter) held
// `held_s` (docs/physics.md).
double dissection_probability(double overstretch, double held_s);

}  // namespace angiosim
