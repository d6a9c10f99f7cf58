#pragma once
// The anatomy as loaded from a model file (models/anatomy/*.json, format in docs/anatomy-format.md):
// immutable definitions in patient coordinates (mm; x = patient left, y = posterior, z = head).
#include <glm/mat3x3.hpp>
#include <glm/vec3.hpp>

#include <string>
#include <vector>

namespace angiosim {

struct CenterlinePoint {
  glm::dvec3 position_mm;
  double radius_mm;  // healthy (reference) lumen radius at this point
};

// One named artery: a centerline from its origin (at the parent, if any) to its distal end.
struct VesselSpec {
  std::string name;
  std::string parent;  // empty for the root (the aorta)
  // A side branch leaves its parent this far (mm of arclength) along it: the vessel then starts on
  // the parent's centerline there and runs through `points`. Negative: the vessel starts at its
  // parent's end (a bifurcation), at its first point.
  double origin_mm = -1;
  std::vector<CenterlinePoint> points;
  double wall_thickness_mm = 1.0;
};

enum class PlaqueType { Soft, Fibrous, Calcified };

// A focal stenosis or occlusion. The lumen narrows smoothly from both ends of `length_mm` to the
// full `stenosis_percent` (diameter stenosis, 1 - MLD/reference) over the central part.
struct LesionSpec {
  std::string name;
  std::string vessel;
  double center_mm = 0;          // arclength from the vessel's origin to the lesion centre
  double length_mm = 0;
  double stenosis_percent = 0;   // 100 for a total occlusion
  double eccentricity = 0;       // 0 concentric .. 1 lumen touching the far wall
  glm::dvec3 plaque_direction{0, 1, 0};  // side of the wall the plaque sits on (patient coords)
  PlaqueType plaque = PlaqueType::Fibrous;
  bool total_occlusion = false;
  // A total occlusion's proximal/distal cap: the tip force (gram-force) a wire must press on it
  // to bore in. Absent from the file: the plaque type's default (default_cap_resistance_gf).
  double cap_resistance_gf = 0;
};

// Cap resistance by plaque type, in the range of guidewire tip loads (≈ 1 gf floppy … 12–20 gf
// CTO wires, shared/reference/mechanics.md), so that escalating tip load crosses harder caps as
// in practice: a soft cap yields to a 4 gf wire, a fibrous one needs a CTO-class wire, and a
// calcified one resists even those (docs/physics.md, "Occlusion caps").
double default_cap_resistance_gf(PlaqueType plaque);

// Background anatomy for the X-ray image: soft-tissue body, bones, gas. Analytic closed shapes.
enum class ShapeKind { Ellipsoid, EllipticCylinder, Tube };

struct BackgroundShapeSpec {
  std::string name;
  ShapeKind kind = ShapeKind::Ellipsoid;
  std::string material;               // a material of models/materials.json
  std::string displaces = "soft_tissue";  // what the shape replaces ("air" for the body itself)
  // Ellipsoid: centre, semi-axes along the rotated x, y, z axes.
  glm::dvec3 center_mm{0};
  glm::dvec3 radii_mm{0};
  glm::dmat3 rotation{1.0};
  // Elliptic cylinder: axis from start to end, semi-axes a (along major_axis) and b.
  glm::dvec3 start_mm{0}, end_mm{0};
  double radius_a_mm = 0, radius_b_mm = 0;
  glm::dvec3 major_axis{1, 0, 0};
  // Tube: circular cross-section along a polyline.
  std::vector<glm::dvec3> points_mm;
  double radius_mm = 0;
  // Bones: a cortical shell this thick around cancellous bone holding this fraction of the
  // cortical bone's mass (0 thickness = solid).
  double cortical_thickness_mm = 0;
  double trabecular_fraction = 1.0;
  // Shapes whose volume this one leaves to them (so overlapping shapes are not counted twice).
  std::vector<std::string> exclude;
};

// Blood flow through the tree at rest (the "flow" object of a model; docs/flow.md). Defaults from
// shared/reference/anatomy.md and standard physiology.
struct FlowSpec {
  double mean_arterial_pressure_mmHg = 93;   // at the root's inlet
  double outflow_pressure_mmHg = 15;         // beyond the peripheral beds (capillary/venous side)
  double common_femoral_flow_ml_min = 350;   // resting CFA flow (anatomy.md: 350 ± 141 mL/min)
  double blood_viscosity_mPa_s = 3.5;
  double blood_density_kg_m3 = 1060;
  // Collaterals around a total occlusion: their resistance as a multiple of the bed it feeds, and
  // the time a contrast front needs through them.
  double collateral_resistance_factor = 4;
  double collateral_transit_s = 3;
  double axial_dispersion_mm2_s = 100;       // mixing along the vessel beyond advection
};

struct AnatomySpec {
  std::string name;
  std::string description;
  std::string source_file;
  std::vector<VesselSpec> vessels;
  std::vector<LesionSpec> lesions;
  std::vector<BackgroundShapeSpec> background;
  FlowSpec flow;
};

const char* to_string(PlaqueType p);

}  // namespace angiosim
