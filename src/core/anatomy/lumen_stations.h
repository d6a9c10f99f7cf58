#pragma once
// Where a chain of straight pieces may stand for a vessel's lumen: stations along its centerline
// (arclength, mm) as far apart as keeps the linear interpolation between neighbouring stations
// within a tolerance of the lumen's centre and radius. The 3D view's tube mesh puts its rings
// there, the X-ray scene its cones.
#include <vector>

#include "core/anatomy/vessel_tree.h"

namespace angiosim {

struct LumenStationRules {
  double tolerance_mm = 0.05;     // centre off the chord plus radius off the linear ramp, at most
  double max_spacing_mm = 8.0;
  // At the vessel's start (end), where it meets another tube face to face on the centerline's
  // tangent: the first (last) piece's rim must also stay within the tolerance of a face square to
  // its own chord, r·sin(angle between chord and tangent).
  bool tangent_start = false, tangent_end = false;
};

// Stations over [from_mm, to_mm] of `vessel`, both ends included, on a 0.25 mm grid: greedily as
// far apart as `rules` allow, with a station at every narrowest and widest point of the lumen (a
// stenosis' throat stays exact).
std::vector<double> lumen_stations(const VesselTree& tree, int vessel, double from_mm, double to_mm,
                                   const LumenStationRules& rules);

}  // namespace angiosim
