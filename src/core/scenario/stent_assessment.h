#pragma once
// How a stent lies against a lesion, as the step controller and the report judge it: coverage
// with its margins, the landing error against the planned zone, apposition and sizing
// (docs/scenario-format.md, "Stent predicates").
//
// Along the lesion's vessel (arclength s grows away from the heart: smaller s is proximal) each
// deployed stent covers from its first ring's edge to its last's (each ring its pitch about its
// centre, measured along the lesion's vessel, continued straight beyond its ends); overlapping
// stents make one stretch. The covered stretch that holds the
// lesion's centre gives the margins: how far it reaches beyond the lesion's proximal and distal
// ends (negative: that much of the lesion is left uncovered). The planned landing zone is the
// lesion with `planned_margin_mm` each side; the landing error is how far the stent's middle lies
// from the zone's.
#include "core/sim/simulation.h"

namespace angiosim {

struct StentPlacement {
  bool deployed = false;        // some stent is fully out in the patient
  bool covers_centre = false;   // a covered stretch holds the lesion's centre
  double proximal_margin_mm = -1e9, distal_margin_mm = -1e9;
  double covered_length_mm = 0;
  double landing_error_mm = 1e9;
  double malapposed_mm = 0;     // of all deployed stents
  double nominal_mm = 0;        // the stent's (the last deployed, or the system on the wire)
  double reference_mm = 0;      // the lesion's
  double oversize_mm() const { return nominal_mm - reference_mm; }
  double margin_mm() const { return std::min(proximal_margin_mm, distal_margin_mm); }
};

StentPlacement stent_placement(const Simulation& sim, const LesionSpec& lesion, double planned_margin_mm = 5);

// The nominal diameter of the stent being judged for size: the system on the wire, else the last
// deployed; 0 when there is none.
double stent_nominal_mm(const Simulation& sim);

// Whether the stent system's inner-shaft markers (the open stent's ends) span the lesion with
// `margin_mm` to spare at both ends, measured along the wire.
bool stent_markers_span(const VesselTree& tree, const StentDelivery& system, const Guidewire& wire,
                        const LesionSpec& lesion, double margin_mm);

}  // namespace angiosim
