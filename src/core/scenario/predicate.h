#pragma once
// Declarative predicates over the state of a procedure: what a scenario's objectives and errors
// say (docs/scenario-format.md, "Predicates"). A predicate is parsed once against the case's
// anatomy (names become indices, so a reference to a missing vessel or lesion is a load error)
// and evaluated every tick on ProcedureFacts. Each kind also names the autopilot skill that can
// make it true (core/scenario/autopilot.h).
#include <string>
#include <vector>

#include "core/anatomy/anatomy_spec.h"
#include "core/anatomy/vessel_paths.h"
#include "core/sim/simulation.h"
#include "core/sim/wire_position.h"
#include "core/util/json_reader.h"

namespace angiosim {

// What one acquisition run showed, recorded pulse by pulse while it was acquired.
struct RunRecord {
  std::string mode;  // "dsa" or "cine"
  double start_s = 0, end_s = 0;
  int frames = 0;
  bool finished = false;  // the pedal came up
  // Per lesion of the anatomy: in the image field and opacified (contrast at it) in some frame.
  std::vector<bool> lesion_shown;
  double contrast_ml = 0;  // injected while it ran
};

// Everything a predicate may read.
struct ProcedureFacts {
  const Simulation* sim = nullptr;
  const std::vector<RunRecord>* runs = nullptr;
  size_t step_first_run = 0;       // runs from here on were acquired in the current step
  double fluoro_time_s = 0;        // totals of the session so far
  double air_kerma_mGy = 0;
  double kerma_area_product_Gy_cm2 = 0;
  size_t healthy_wall_pushes_before = 0;  // before this tick (a new one is an event)
};

enum class PredicateKind {
  All, Any, Not,
  SheathIn, PunctureIn, PunctureOver, SheathRemoved, Compression,
  Angiogram,
  WireIn, WireTipIn, WireTipBeyond, WireRemoved, OcclusionCrossed, HealthyWallPush,
  ResidualStenosisBelow,
  BalloonIn, BalloonSized, BalloonAtLesion, BalloonInflated, BalloonWaistResolved, BalloonRemoved,
  BalloonAboveBurst, BalloonRuptured, BalloonOversized, Dissection,
  StentIn, StentSized, StentAtLesion, StentDeployed, StentCovers, StentApposed, StentLandingWithin, StentRemoved,
  StentOversized, StentGeographicMiss, StentDeployRefused, StentMovedAfterAnchoring,
  ContrastAbove, FluoroTimeAbove, AirKermaAbove, RunsAbove,
};

struct Predicate {
  PredicateKind kind = PredicateKind::All;
  std::vector<Predicate> operands;  // all / any / not
  int vessel = -1, lesion = -1, shape = -1;
  std::string device;   // wire_in, balloon_in: a catalogue id ("" any)
  double low = 0, high = 0;  // balloon_sized: nominal / reference diameter range; stent_sized: oversize mm
  bool flow_limiting = false;  // dissection: only flow-limiting ones
  std::string mode;     // angiogram: "dsa", "cine" or "" (either)
  int min_frames = 0;   // angiogram
  double value = 0;     // margin_mm, seconds, percent, mL, mGy, count
  double planned_margin_mm = 5;  // stent_landing_within: the planned zone beyond the lesion each side

  bool evaluate(const ProcedureFacts& facts) const;
};

// Parses {"type": ..., fields}; throws InputError naming the file and JSON path.
Predicate parse_predicate(const JsonReader& j, const AnatomySpec& anatomy);

// The type names, as written in scenario files.
const char* to_string(PredicateKind kind);

// Whether a lesion is inside the image of `g` (its ends and centre projected at least 5 % inside
// the edges) and holds contrast (volume fraction ≥ kOpacified at or just beyond either end).
bool lesion_in_image(const VesselTree& tree, const LesionSpec& lesion, const ProjectionGeometry& g);
bool lesion_opacified(const VesselTree& tree, const ContrastTransport& contrast, const LesionSpec& lesion);
inline constexpr double kOpacifiedFraction = 0.1;

// The largest reference diameter (mm) over a lesion: what a balloon or stent is sized to.
double lesion_reference_diameter_mm(const VesselTree& tree, const LesionSpec& lesion);
// Whether [from_mm, to_mm] along the wire (distances from the sheath tip) covers the lesion with
// `margin_mm` to spare at both ends: where a catheter's marked length lies.
bool wire_span_covers(const VesselTree& tree, const Guidewire& wire, const LesionSpec& lesion, double margin_mm,
                      double from_mm, double to_mm);
// Whether the balloon's working length covers the lesion with `margin_mm` to spare at both ends,
// measured along the wire it rides on.
bool balloon_covers(const VesselTree& tree, const BalloonCatheter& balloon, const Guidewire& wire,
                    const LesionSpec& lesion, double margin_mm);

// Diameter stenosis (%) of a lesion as the lumen is now: 1 − minimal / reference diameter.
double residual_stenosis_percent(const VesselTree& tree, const LesionSpec& lesion);

}  // namespace angiosim
