// Stent rings: the radial force curve's hysteresis (crimped on the loading plateau, released on
// the unloading one, within 10 % of the plateau moments), the equilibrium in a uniform elastic
// tube against the small-strain analytic solution, and the design's foreshortening.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

#include "core/devices/device_catalog.h"
#include "core/physics/stent_ring.h"
#include "core/util/data_paths.h"

using namespace angiosim;

namespace {
const StentSpec& stent_8x40() {
  static const DeviceCatalog c = load_device_catalog(data_path("models/devices.json"));
  const StentSpec* s = c.find_stent("nitinol_self_expanding_8x40");
  REQUIRE(s);
  return *s;
}
}  // namespace

TEST_CASE("stent ring: crimped along the loading plateau, released along the unloading one") {
  const StentSpec& s = stent_8x40();
  StentRing ring(s);
  // Crimping (radial resistive force) from free to the sheath, then release (chronic outward force).
  std::vector<double> rrf, cof;
  const std::vector<double> at = {7.0, 5.0, 3.0};
  for (double d = s.nominal_diameter_mm; d >= s.crimped_diameter_mm; d -= 0.01) {
    ring.set_diameter(d);
    for (double a : at)
      if (std::abs(d - a) < 0.005) rrf.push_back(ring.hoop_force_N());
  }
  CHECK(ring.max_strain() < 0.08);  // crimping stays within the recoverable strain
  for (double d = s.crimped_diameter_mm; d <= s.nominal_diameter_mm; d += 0.01) {
    ring.set_diameter(d);
    for (double a : at)
      if (std::abs(d - a) < 0.005) cof.push_back(ring.hoop_force_N());
  }
  REQUIRE(rrf.size() == 3);
  REQUIRE(cof.size() == 3);
  std::reverse(cof.begin(), cof.end());
  MESSAGE("hoop force RRF/COF at 7 mm " << rrf[0] << "/" << cof[0] << " N, at 5 mm " << rrf[1] << "/" << cof[1]
          << " N, at 3 mm " << rrf[2] << "/" << cof[2] << " N");
  for (size_t k = 0; k < 3; ++k) {
    CAPTURE(at[k]);
    CHECK(rrf[k] > cof[k]);  // biased stiffness: it resists more than it pushes
    CHECK(cof[k] > 0);       // and still pushes outward below its free diameter
  }
  // Deep in the plateaus (3 mm: crown strain ~4.8 %) the section's moment is the plateau stress
  // times the plastic section modulus t·w²/4, to within 10 %.
  const double theta = s.half_angle_rad(3.0);
  const double z = s.strut_thickness_mm * s.strut_width_mm * s.strut_width_mm / 4;
  auto hoop_at_plateau = [&](double sigma) { return 2 * sigma * z / (s.strut_length_mm * std::cos(theta)); };
  const NitinolParams& p = s.nitinol;
  CHECK(rrf[2] == doctest::Approx(hoop_at_plateau(0.5 * (p.loading_start_MPa + p.loading_end_MPa))).epsilon(0.1));
  CHECK(cof[2] == doctest::Approx(hoop_at_plateau(0.5 * (p.unloading_start_MPa + p.unloading_end_MPa))).epsilon(0.1));
}

TEST_CASE("stent ring in a uniform elastic tube: equilibrium as the small-strain analytic solution") {
  const StentSpec& s = stent_8x40();
  // A stiff tube 0.3 mm under the stent's free diameter: the crowns stay elastic (< 0.73 %).
  const ElasticTube tube{7.7, 2.0, 1.0};
  StentRing ring(s);
  const double d = settle_in_tube(ring, tube, 0.0005);
  CHECK(ring.max_strain() < 0.46 / 62.9);
  // Linear ring: F = k (D₀ − D), k = E_A·t·w³·π / (6·ℓ_b·N·ℓ²·cos²θ₀); per unit length over the pitch.
  const double theta0 = s.half_angle_rad(s.nominal_diameter_mm);
  const double k = s.nitinol.austenite_modulus_GPa * 1e3 * s.strut_thickness_mm * std::pow(s.strut_width_mm, 3) *
                   std::numbers::pi / (6 * s.hinge_length_mm * s.crowns * std::pow(s.strut_length_mm * std::cos(theta0), 2));
  const double K = k / (s.ring_length_mm(s.nominal_diameter_mm) + s.bridge_length_mm);
  const double C = tube.wall_modulus_MPa * tube.wall_thickness_mm / tube.diameter_mm;
  const double analytic = (K * s.nominal_diameter_mm + C * tube.diameter_mm) / (K + C);
  CHECK(d == doctest::Approx(analytic).epsilon(0.002));
  CHECK(d > tube.diameter_mm);
  CHECK(d < s.nominal_diameter_mm);
}

TEST_CASE("foreshortening follows the design: rings shorten as the struts open") {
  const StentSpec& s = stent_8x40();
  CHECK(s.length_at_mm(s.nominal_diameter_mm) == doctest::Approx(40).epsilon(0.05));
  // Crimped, every ring is nearly a strut long; open, ℓ·cos θ.
  const double crimped = s.length_at_mm(s.crimped_diameter_mm), open = s.length_at_mm(s.nominal_diameter_mm);
  CHECK(crimped > open);
  const double expected = s.rings * s.strut_length_mm * (std::cos(s.half_angle_rad(s.crimped_diameter_mm)) - std::cos(s.half_angle_rad(8.0)));
  CHECK(crimped - open == doctest::Approx(expected));
  // πD = 2·crowns·ℓ·sin θ at any diameter.
  for (double d : {2.0, 5.0, 8.0})
    CHECK(std::numbers::pi * d == doctest::Approx(2 * s.crowns * s.strut_length_mm * std::sin(s.half_angle_rad(d))));
}
