// Superelastic nitinol: the loading and unloading plateaus at the parameters, elastic ends at the
// two moduli, full recovery, and a partial cycle that turns back inside the loop.
#include <doctest/doctest.h>

#include "core/physics/nitinol.h"

using namespace angiosim;

TEST_CASE("nitinol: the hysteresis loop of the generic superelastic set") {
  const NitinolParams p;
  NitinolPoint point;
  // Elastic austenite up to the loading plateau's start: σ = E_A ε.
  CHECK(point.stress_MPa(0.005, p) == doctest::Approx(62.9e3 * 0.005));
  // On the loading plateau: between its start and end stresses, rising with transformation.
  const double s2 = point.stress_MPa(0.02, p), s4 = point.stress_MPa(0.04, p);
  CHECK(s2 > 460);
  CHECK(s4 > s2);
  CHECK(s4 < 500);
  // Fully martensite beyond ε_L + σ_Le/E_M (6.4 %): elastic at E_M.
  const double s7 = point.stress_MPa(0.07, p), s8 = point.stress_MPa(0.08, p);
  CHECK(point.martensite_fraction() == 1.0);
  CHECK((s8 - s7) / 0.01 == doctest::Approx(27.8e3));
  // Unloading: elastic martensite down to the unloading plateau, then along it, 240 → 210 MPa.
  const double u5 = point.stress_MPa(0.05, p), u2 = point.stress_MPa(0.02, p);
  CHECK(u5 < 240);
  CHECK(u5 > 210);
  CHECK(u2 < u5);
  CHECK(u2 > 210);
  // Plateaus within 10 % of the parameters: mid-loop loading ~480, unloading ~225 MPa.
  NitinolPoint up, down;
  up.stress_MPa(0.0367, p);
  CHECK(up.stress_MPa(0.0367, p) == doctest::Approx(480).epsilon(0.1));
  down.stress_MPa(0.09, p);
  CHECK(down.stress_MPa(0.035, p) == doctest::Approx(225).epsilon(0.1));
  // Full recovery: back at zero strain, no stress and no martensite.
  CHECK(point.stress_MPa(0.0, p) == doctest::Approx(0.0).epsilon(1e-9));
  CHECK(point.martensite_fraction() == 0.0);
}

TEST_CASE("nitinol: a partial cycle unloads elastically inside the loop, compression mirrors tension") {
  const NitinolParams p;
  NitinolPoint a;
  a.stress_MPa(0.03, p);
  const double xi = a.martensite_fraction();
  CHECK(xi > 0.2);
  CHECK(xi < 0.8);
  // A small step back is elastic at the mixture's modulus: no reverse transformation yet.
  const double before = a.stress_MPa(0.03, p), after = a.stress_MPa(0.0299, p);
  CHECK(a.martensite_fraction() == xi);
  CHECK(before - after == doctest::Approx(1e-4 / ((1 - xi) / 62.9e3 + xi / 27.8e3)).epsilon(1e-6));
  NitinolPoint t, c;
  CHECK(c.stress_MPa(-0.03, p) == doctest::Approx(-t.stress_MPa(0.03, p)));
}
