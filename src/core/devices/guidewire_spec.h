#pragma once
// Guidewires as a catalogue describes them (models/devices.json, docs/devices.md), and the
// mechanical properties the rod needs at each point along the wire, derived from them.
#include <string>
#include <vector>

#include "core/util/json_reader.h"

namespace angiosim {

enum class TipShape { Straight, Angled, J };

struct GuidewireSpec {
  std::string id;
  std::string name;
  double outer_diameter_mm = 0.889;
  double length_mm = 1500;
  std::string core_material;       // "nitinol" or "stainless_steel" (X-ray material and E)
  double youngs_modulus_GPa = 62.9;
  double poisson_ratio = 0.33;
  double body_core_diameter_mm = 0.5;
  double taper_length_mm = 80;     // distal length over which the core tapers to the tip
  double tip_load_gf = 2;          // force on the tip 10 mm from its end that buckles it
  TipShape tip_shape = TipShape::Straight;
  double tip_angle_deg = 0;        // angled: total bend
  double tip_curve_length_mm = 0;  // angled: length of the bend
  double tip_curve_start_mm = 0;   // angled: distance of the bend from the tip
  double j_radius_mm = 0;          // J: radius of the curve (a half circle at the tip)
  double friction_coefficient = 0.05;
  double radiopaque_tip_mm = 0;

  // Mechanical properties at distance s (mm) from the distal tip.
  double bending_stiffness_N_mm2(double s_mm) const;   // E·I
  double torsional_stiffness_N_mm2(double s_mm) const; // G·J = E·I/(1+ν) for a round core
  double axial_stiffness_N(double s_mm) const;         // E·A
  double rest_curvature_per_mm(double s_mm) const;     // of the shaped tip, 0 elsewhere
  double tip_bending_stiffness_N_mm2() const;          // from the tip load
  double body_bending_stiffness_N_mm2() const;         // from the core
};

// One "guidewires" entry of the catalogue. Throws InputError naming file and field.
GuidewireSpec read_guidewire(const JsonReader& j);

}  // namespace angiosim
