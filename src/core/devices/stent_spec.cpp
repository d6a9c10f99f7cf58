#include "core/devices/stent_spec.h"

#include "core/devices/device_family.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace angiosim {

double StentSpec::half_angle_rad(double d) const {
  return std::asin(std::clamp(std::numbers::pi * d / (2.0 * crowns * strut_length_mm), 0.0, 1.0));
}

double StentSpec::ring_length_mm(double d) const { return strut_length_mm * std::cos(half_angle_rad(d)); }

double StentSpec::length_at_mm(double d) const {
  return rings * ring_length_mm(d) + std::max(0, rings - 1) * bridge_length_mm;
}

std::vector<StentSpec> read_stent_family(const JsonReader& j) {
  j.expect_only({"family", "name", "diameters_mm", "lengths_mm", "design", "nitinol", "markers", "delivery", "note"});
  StentSpec base;
  base.family = j.at("family").string();
  if (base.family.empty()) j.at("family").fail("must not be empty");
  base.name = j.at("name").string();
  const JsonReader design = j.at("design");
  design.expect_only({"strut_length_mm", "strut_width_mm", "strut_thickness_mm", "hinge_length_mm", "bridge_length_mm",
                      "open_half_angle_deg", "note"});
  base.strut_length_mm = design.at("strut_length_mm").number(0.5, 10);
  base.strut_width_mm = design.at("strut_width_mm").number(0.05, 0.5);
  base.strut_thickness_mm = design.at("strut_thickness_mm").number(0.05, 0.5);
  base.hinge_length_mm = design.at("hinge_length_mm").number(0.1, 5);
  base.bridge_length_mm = design.number_or("bridge_length_mm", base.bridge_length_mm, 0, 5);
  const double open_deg = design.at("open_half_angle_deg").number(10, 70);
  if (auto n = j.find("nitinol")) {
    n->expect_only({"austenite_modulus_GPa", "martensite_modulus_GPa", "transformation_strain", "loading_start_MPa",
                    "loading_end_MPa", "unloading_start_MPa", "unloading_end_MPa", "note"});
    NitinolParams& p = base.nitinol;
    p.austenite_modulus_GPa = n->number_or("austenite_modulus_GPa", p.austenite_modulus_GPa, 10, 150);
    p.martensite_modulus_GPa = n->number_or("martensite_modulus_GPa", p.martensite_modulus_GPa, 5, 150);
    p.transformation_strain = n->number_or("transformation_strain", p.transformation_strain, 0.005, 0.1);
    p.loading_start_MPa = n->number_or("loading_start_MPa", p.loading_start_MPa, 50, 1500);
    p.loading_end_MPa = n->number_or("loading_end_MPa", p.loading_end_MPa, p.loading_start_MPa, 1500);
    p.unloading_start_MPa = n->number_or("unloading_start_MPa", p.unloading_start_MPa, 10, p.loading_start_MPa);
    p.unloading_end_MPa = n->number_or("unloading_end_MPa", p.unloading_end_MPa, 1, p.unloading_start_MPa);
  }
  if (auto m = j.find("markers")) {
    m->expect_only({"material", "per_end", "size_mm"});
    base.marker_material = m->string_or("material", base.marker_material);
    base.markers_per_end = m->has("per_end") ? m->at("per_end").integer(0, 12) : base.markers_per_end;
    base.marker_size_mm = m->number_or("size_mm", base.marker_size_mm, 0.2, 3);
  }
  const JsonReader delivery = j.at("delivery");
  delivery.expect_only({"sheath_outer_diameter_mm", "crimped_diameter_mm", "usable_length_mm", "max_wire_in", "note"});
  base.sheath_outer_diameter_mm = delivery.at("sheath_outer_diameter_mm").number(1, 5);
  base.crimped_diameter_mm = delivery.at("crimped_diameter_mm").number(0.5, base.sheath_outer_diameter_mm);
  base.usable_length_mm = delivery.number_or("usable_length_mm", base.usable_length_mm, 300, 2500);
  base.max_wire_in = delivery.number_or("max_wire_in", base.max_wire_in, 0.010, 0.040);

  return expand_sizes<StentSpec>(j, "diameters_mm", "lengths_mm", [&](const JsonReader& d, const JsonReader& l) {
    StentSpec s = base;
    s.nominal_diameter_mm = d.number(3, 16);
    s.nominal_length_mm = l.number(10, 250);
    // Crowns so the struts open to the design angle at the nominal diameter.
    s.crowns = std::max(3, int(std::lround(std::numbers::pi * s.nominal_diameter_mm /
                                           (2 * s.strut_length_mm * std::sin(open_deg * std::numbers::pi / 180)))));
    s.rings = std::max(1, int(std::lround((s.nominal_length_mm + s.bridge_length_mm) /
                                          (s.ring_length_mm(s.nominal_diameter_mm) + s.bridge_length_mm))));
    if (s.half_angle_rad(s.crimped_diameter_mm) >= s.half_angle_rad(s.nominal_diameter_mm))
      d.fail("crimped diameter not below the nominal one");
    s.id = size_id(base.family, s.nominal_diameter_mm, s.nominal_length_mm);
    return s;
  });
}

}  // namespace angiosim
