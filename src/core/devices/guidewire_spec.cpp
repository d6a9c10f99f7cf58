#include "core/devices/guidewire_spec.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/util/json_reader.h"
#include "core/util/units.h"

namespace angiosim {
namespace {

constexpr double kInch_mm = 25.4;
// Tip load is measured with the force applied 10 mm from the tip (a common bench convention).
constexpr double kTipLoadLever_mm = 10.0;

}  // namespace

GuidewireSpec read_guidewire(const JsonReader& j) {
  j.expect_only({"id", "name", "outer_diameter_in", "length_mm", "core", "taper_length_mm",
                 "tip_load_gf", "tip", "friction_coefficient", "radiopaque_tip_mm", "note"});
  GuidewireSpec w;
  w.id = j.at("id").string();
  w.name = j.at("name").string();
  w.outer_diameter_mm = j.at("outer_diameter_in").number(0.008, 0.045) * kInch_mm;
  w.length_mm = j.at("length_mm").number(300, 3500);
  const JsonReader core = j.at("core");
  core.expect_only({"material", "youngs_modulus_GPa", "poisson_ratio", "body_diameter_mm"});
  w.core_material = core.at("material").string();
  if (w.core_material != "nitinol" && w.core_material != "stainless_steel")
    core.at("material").fail("expected \"nitinol\" or \"stainless_steel\"");
  w.youngs_modulus_GPa = core.at("youngs_modulus_GPa").number(10, 300);
  w.poisson_ratio = core.at("poisson_ratio").number(0.1, 0.49);
  w.body_core_diameter_mm = core.at("body_diameter_mm").number(0.05, w.outer_diameter_mm);
  w.taper_length_mm = j.at("taper_length_mm").number(kTipLoadLever_mm + 5, 400);
  w.tip_load_gf = j.at("tip_load_gf").number(0.1, 60);
  if (w.tip_bending_stiffness_N_mm2() >= w.body_bending_stiffness_N_mm2())
    j.at("tip_load_gf").fail("tip as stiff as the body: the tip load is too high for this core");
  const JsonReader tip = j.at("tip");
  const std::string shape = tip.at("shape").string();
  if (shape == "straight") {
    tip.expect_only({"shape"});
    w.tip_shape = TipShape::Straight;
  } else if (shape == "angled") {
    tip.expect_only({"shape", "angle_deg", "curve_length_mm", "distance_from_tip_mm"});
    w.tip_shape = TipShape::Angled;
    w.tip_angle_deg = tip.at("angle_deg").number(5, 90);
    w.tip_curve_length_mm = tip.at("curve_length_mm").number(1, 30);
    w.tip_curve_start_mm = tip.at("distance_from_tip_mm").number(0, 20);
  } else if (shape == "j") {
    tip.expect_only({"shape", "radius_mm"});
    w.tip_shape = TipShape::J;
    w.j_radius_mm = tip.at("radius_mm").number(1, 10);
  } else {
    tip.at("shape").fail("expected \"straight\", \"angled\" or \"j\", got \"" + shape + "\"");
  }
  w.friction_coefficient = j.at("friction_coefficient").number(0.0, 0.6);
  w.radiopaque_tip_mm = j.number_or("radiopaque_tip_mm", 0, 0, 100);
  return w;
}

double GuidewireSpec::body_bending_stiffness_N_mm2() const {
  const double d = body_core_diameter_mm;
  return youngs_modulus_GPa * 1e3 * std::numbers::pi * d * d * d * d / 64.0;  // GPa = 1e3 N/mm²
}

double GuidewireSpec::tip_bending_stiffness_N_mm2() const {
  // The tip buckles as a clamped-free column of length a under the tip load: F = π²EI/(4a²).
  const double a = kTipLoadLever_mm;
  return 4.0 * a * a * tip_load_gf * kGramForce_N / (std::numbers::pi * std::numbers::pi);
}

double GuidewireSpec::bending_stiffness_N_mm2(double s) const {
  // The core tapers linearly in diameter from the tip's equivalent to the body's, so E·I ∝ d⁴.
  const double tip = std::pow(tip_bending_stiffness_N_mm2(), 0.25);
  const double body = std::pow(body_bending_stiffness_N_mm2(), 0.25);
  const double u = std::clamp((s - kTipLoadLever_mm) / (taper_length_mm - kTipLoadLever_mm), 0.0, 1.0);
  return std::pow(tip + u * (body - tip), 4.0);
}

double GuidewireSpec::torsional_stiffness_N_mm2(double s) const {
  return bending_stiffness_N_mm2(s) / (1.0 + poisson_ratio);
}

double GuidewireSpec::axial_stiffness_N(double s) const {
  // Area of the core diameter that gives this E·I: A = π d²/4 with d⁴ = 64 EI/(π E).
  const double e = youngs_modulus_GPa * 1e3;
  const double d = std::pow(64.0 * bending_stiffness_N_mm2(s) / (std::numbers::pi * e), 0.25);
  return e * std::numbers::pi * d * d / 4.0;
}

double GuidewireSpec::rest_curvature_per_mm(double s) const {
  switch (tip_shape) {
    case TipShape::Straight: return 0.0;
    case TipShape::Angled:
      return (s >= tip_curve_start_mm && s < tip_curve_start_mm + tip_curve_length_mm)
                 ? (tip_angle_deg * std::numbers::pi / 180.0) / tip_curve_length_mm
                 : 0.0;
    case TipShape::J: return s < std::numbers::pi * j_radius_mm ? 1.0 / j_radius_mm : 0.0;
  }
  return 0.0;
}

}  // namespace angiosim
