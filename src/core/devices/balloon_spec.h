#pragma once
// Angioplasty balloon catheters as a catalogue describes them (models/devices.json, "balloons";
// docs/devices.md). A family (one construction: semi-compliant or non-compliant) comes in sizes
// — nominal diameter × working length — sharing its compliance chart, given as diameter relative
// to nominal at each pressure, the way a chart in a device's instructions reads once divided by
// its nominal diameter. Each size is a BalloonSpec of its own ("<family>_<d>x<l>", e.g.
// "semi_compliant_8x40").
#include <string>
#include <utility>
#include <vector>

#include "core/util/json_reader.h"

namespace angiosim {

enum class BalloonCompliance { SemiCompliant, NonCompliant };

struct BalloonSpec {
  std::string id;
  std::string family;
  std::string name;
  BalloonCompliance compliance = BalloonCompliance::SemiCompliant;
  double nominal_diameter_mm = 8;
  double working_length_mm = 40;
  double shaft_length_mm = 1350;
  double max_wire_in = 0.035;  // the largest guidewire its lumen takes (inches)
  double nominal_atm = 8;
  double rated_burst_atm = 14;
  double deflated_profile_mm = 1.8;  // folded over the wire
  // (pressure atm, diameter / nominal), ascending in pressure, from the first unfolded pressure.
  std::vector<std::pair<double, double>> chart;
  double marker_length_mm = 1.0;  // the two bands at the ends of the working length
  std::string marker_material = "platinum_iridium";
  std::string shaft_material = "soft_tissue";  // nylon/polyamide shafts attenuate about as water does

  // Diameter (mm) of the free balloon at a pressure: folded below the chart's first point (it
  // unfolds linearly from 0 atm there), piecewise linear within the chart, and on at the chart's
  // last slope beyond it (past rated burst the balloon may rupture: the caller decides).
  double diameter_at_mm(double pressure_atm) const;
};

// The sizes of one "balloons" entry of the catalogue. Throws InputError naming file and field.
std::vector<BalloonSpec> read_balloon_family(const JsonReader& j);

const char* to_string(BalloonCompliance c);

}  // namespace angiosim
