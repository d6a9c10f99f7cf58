#pragma once
// Self-expanding nitinol stent systems as a catalogue describes them (models/devices.json,
// "stents"; docs/devices.md). A family (one cell design on one delivery system) comes in sizes —
// nominal diameter × length — each a StentSpec of its own ("<family>_<d>x<l>"). The design is a
// column of zig-zag rings joined by bridges: each ring has `crowns` strut pairs of length
// `strut_length_mm`, opened to half-angle θ at diameter D, πD = 2·crowns·ℓ·sin θ; a ring is
// ℓ·cos θ long, so the stent shortens as it opens (foreshortening).
#include <string>
#include <vector>

#include "core/physics/nitinol.h"
#include "core/util/json_reader.h"

namespace angiosim {

struct StentSpec {
  std::string id;
  std::string family;
  std::string name;
  double nominal_diameter_mm = 8;  // shape-set (free) diameter
  double nominal_length_mm = 40;   // at the nominal diameter
  // Cell design.
  int crowns = 12;                 // strut pairs per ring (this size's: from the design angle)
  double strut_length_mm = 2.0;
  double strut_width_mm = 0.15;    // in the surface
  double strut_thickness_mm = 0.20;  // radial wall (150–230 µm, mechanics.md)
  double hinge_length_mm = 1.0;    // over which a crown bends
  double bridge_length_mm = 0.6;   // between rings (do not foreshorten)
  int rings = 0;                   // at this length
  NitinolParams nitinol;
  // Markers: tantalum eyelets at both ends; the inner shaft carries two more.
  std::string marker_material = "tantalum";
  int markers_per_end = 4;
  double marker_size_mm = 0.8;
  // Delivery system (triaxial: inner shaft with the guidewire lumen, stabilising middle shaft,
  // retractable outer sheath).
  double sheath_outer_diameter_mm = 2.0;  // crossing profile (6F)
  double crimped_diameter_mm = 1.6;       // the stent inside the sheath
  double usable_length_mm = 800;
  double max_wire_in = 0.035;

  // Half-opening angle of the struts at diameter D (radians; π/2 at the geometric limit).
  double half_angle_rad(double diameter_mm) const;
  // One ring's length along the axis at diameter D.
  double ring_length_mm(double diameter_mm) const;
  // The whole stent's length at diameter D (rings and bridges).
  double length_at_mm(double diameter_mm) const;
};

// The sizes of one "stents" entry of the catalogue. Throws InputError naming file and field.
std::vector<StentSpec> read_stent_family(const JsonReader& j);

}  // namespace angiosim
