// The device catalogue: the shipped wires, properties derived from their specification, bad files.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

#include "core/devices/device_catalog.h"
#include "core/physics/elastic_rod.h"
#include "core/util/data_paths.h"
#include "test_support.h"

using namespace angiosim;

TEST_CASE("the catalogue ships the wires a peripheral procedure needs") {
  const DeviceCatalog c = load_device_catalog(data_path("models/devices.json"));
  const GuidewireSpec* workhorse = c.find_guidewire("hydrophilic_angled_035");
  const GuidewireSpec* stiff = c.find_guidewire("stiff_support_035");
  const GuidewireSpec* small = c.find_guidewire("nitinol_angled_018");
  const GuidewireSpec* cto = c.find_guidewire("cto_018");
  REQUIRE(workhorse);
  REQUIRE(stiff);
  REQUIRE(small);
  REQUIRE(cto);
  CHECK(workhorse->outer_diameter_mm == doctest::Approx(0.889).epsilon(1e-3));
  CHECK(small->outer_diameter_mm == doctest::Approx(0.457).epsilon(1e-3));
  CHECK(workhorse->tip_shape == TipShape::Angled);
  CHECK(stiff->body_bending_stiffness_N_mm2() > 5 * workhorse->body_bending_stiffness_N_mm2());
  CHECK(cto->tip_bending_stiffness_N_mm2() > 5 * workhorse->tip_bending_stiffness_N_mm2());
  // Solid-core E·I = E·π·d⁴/64 (mechanics.md): 0.50 mm nitinol at 62.9 GPa ≈ 193 N·mm².
  CHECK(workhorse->body_bending_stiffness_N_mm2() == doctest::Approx(62.9e3 * std::numbers::pi * std::pow(0.5, 4) / 64));
  // Stiffness runs from the tip's to the body's over the taper, monotonically.
  double previous = 0;
  for (double s = 0; s <= 200; s += 5) {
    const double ei = workhorse->bending_stiffness_N_mm2(s);
    CHECK(ei >= previous);
    previous = ei;
  }
  CHECK(workhorse->bending_stiffness_N_mm2(0) == doctest::Approx(workhorse->tip_bending_stiffness_N_mm2()));
  CHECK(workhorse->bending_stiffness_N_mm2(200) == doctest::Approx(workhorse->body_bending_stiffness_N_mm2()));
  // The angled tip's rest curvature integrates to its angle.
  double angle = 0;
  for (double s = 0; s < 30; s += 0.01) angle += workhorse->rest_curvature_per_mm(s) * 0.01;
  CHECK(angle * 180 / std::numbers::pi == doctest::Approx(45).epsilon(0.01));
}

TEST_CASE("a tip stiffness derived from the tip load buckles at that load") {
  // The last 10 mm of the CTO wire as a clamped-free column: stable below the tip load, buckled
  // above it (the tip load is defined at 10 mm from the tip).
  const DeviceCatalog c = load_device_catalog(data_path("models/devices.json"));
  const GuidewireSpec& cto = *c.find_guidewire("cto_018");
  const double ei = cto.tip_bending_stiffness_N_mm2();
  const double load_N = cto.tip_load_gf * 9.80665e-3;
  auto lateral_tip = [&](double axial_N) {
    Rod rod;
    const int n = 40;
    for (int k = 0; k <= n; ++k) rod.x.push_back({10.0 - k * 0.25, 0, 0});
    rod.rest_length.assign(n, 0.25);
    rod.ea_N.assign(n, 2000);
    rod.ei_N_mm2.assign(n + 1, ei);
    rod.gj_N_mm2.assign(n + 1, ei);
    rod.rest_turn_rad.assign(n + 1, 0);
    rod.twist_rad.assign(n, 0);
    RodClamp clamp;
    clamp.direction = {1, 0, 0};
    clamp.reference_normal = {0, 0, 1};
    std::vector<glm::dvec3> force(n + 1, glm::dvec3(0));
    force[0] = {-axial_N, 1e-7, 0};
    RodSolveSettings s;
    s.max_iterations = 300;
    s.force_tolerance_N = 1e-10;
    s.max_node_step_mm = 1;
    solve_rod_equilibrium(rod, clamp, {}, s, &force);
    return std::abs(rod.x[0].y);
  };
  CHECK(lateral_tip(0.9 * load_N) < 0.01);
  CHECK(lateral_tip(1.2 * load_N) > 1.0);
}

TEST_CASE("bad device files name the field") {
  const char* base = R"({"guidewires": [{"id": "w", "name": "w", "outer_diameter_in": 0.035, "length_mm": 1500,
    "core": {"material": "nitinol", "youngs_modulus_GPa": 62.9, "poisson_ratio": 0.33, "body_diameter_mm": 0.5},
    "taper_length_mm": 80, "tip_load_gf": 2, "tip": {"shape": "angled", "angle_deg": 45, "curve_length_mm": 8,
    "distance_from_tip_mm": 2}, "friction_coefficient": 0.05}]})";
  auto error_with = [&](const std::string& from, const std::string& to) {
    std::string text = base;
    text.replace(text.find(from), from.size(), to);
    return test::input_error_of([&] { parse_device_catalog(text, "devices.json"); });
  };
  CHECK(error_with(R"("shape": "angled")", R"("shape": "hook")").rfind("devices.json: /guidewires/0/tip/shape: ", 0) == 0);
  CHECK(error_with(R"("material": "nitinol")", R"("material": "gold")").rfind("devices.json: /guidewires/0/core/material: ", 0) == 0);
  CHECK(error_with(R"("body_diameter_mm": 0.5)", R"("body_diameter_mm": 0.1)").rfind("devices.json: /guidewires/0/tip_load_gf: tip as stiff as the body", 0) == 0);
  CHECK(error_with(R"("outer_diameter_in": 0.035)", R"("outer_diameter_in": 0.5)").rfind("devices.json: /guidewires/0/outer_diameter_in: value 0.5 out of range", 0) == 0);
  CHECK_NOTHROW(parse_device_catalog(base, "devices.json"));
}
