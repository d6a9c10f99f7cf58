// Balloon catalogue: the compliance chart read as published (interpolated, unfolded below its
// first point, extrapolated past its last) and bad families named by file and field.
#include <doctest/doctest.h>

#include "core/devices/device_catalog.h"
#include "core/util/data_paths.h"
#include "test_support.h"

using namespace angiosim;

TEST_CASE("the catalogue's balloon families expand into their sizes") {
  const DeviceCatalog c = load_device_catalog(data_path("models/devices.json"));
  CHECK(c.balloons.size() == 6 * 5 + 6 * 3);
  const BalloonSpec* b = c.find_balloon("semi_compliant_8x40");
  REQUIRE(b);
  CHECK(b->nominal_diameter_mm == 8);
  CHECK(b->working_length_mm == 40);
  CHECK(b->compliance == BalloonCompliance::SemiCompliant);
  CHECK(c.find_balloon("non_compliant_10x60"));
  CHECK(!c.find_balloon("semi_compliant_11x40"));
}

TEST_CASE("compliance chart: nominal at nominal pressure, linear between points, limits at both ends") {
  const DeviceCatalog c = load_device_catalog(data_path("models/devices.json"));
  const BalloonSpec& sc = *c.find_balloon("semi_compliant_8x40");
  const BalloonSpec& nc = *c.find_balloon("non_compliant_8x40");
  CHECK(sc.diameter_at_mm(sc.nominal_atm) == doctest::Approx(8.0));
  CHECK(nc.diameter_at_mm(nc.nominal_atm) == doctest::Approx(8.0));
  // Between chart points 10 atm (1.02) and 12 atm (1.04): 11 atm is 1.03 × 8 mm.
  CHECK(sc.diameter_at_mm(11) == doctest::Approx(8.24));
  // Growth per atm above nominal: semi-compliant 1 %/atm, non-compliant 0.2 %/atm (mechanics.md).
  CHECK((sc.diameter_at_mm(14) - sc.diameter_at_mm(8)) / 8 / 6 == doctest::Approx(0.01));
  CHECK((nc.diameter_at_mm(20) - nc.diameter_at_mm(10)) / 8 / 10 == doctest::Approx(0.002));
  // Folded at 0 atm, unfolding to the first chart point (2 atm: 0.94 × 8 mm).
  CHECK(sc.diameter_at_mm(0) == doctest::Approx(sc.deflated_profile_mm));
  CHECK(sc.diameter_at_mm(1) == doctest::Approx(0.5 * (sc.deflated_profile_mm + 7.52)));
  CHECK(sc.diameter_at_mm(-5) == doctest::Approx(sc.deflated_profile_mm));
  // Past the chart, on at its last slope.
  CHECK(sc.diameter_at_mm(18) == doctest::Approx(8 * 1.10));
  // Monotone everywhere.
  double last = 0;
  for (double p = 0; p <= 25; p += 0.25) {
    CHECK(sc.diameter_at_mm(p) >= last);
    last = sc.diameter_at_mm(p);
  }
}

TEST_CASE("bad balloon families: one line naming the file and the field") {
  auto error_of = [](const std::string& family) {
    const std::string text = R"({"guidewires": [], "balloons": [)" + family + "]}";
    return test::input_error_of([&] { parse_device_catalog(text, "devices.json"); });
  };
  const std::string good_head = R"("family": "f", "name": "n", "compliance": "semi_compliant", "diameters_mm": [6], "working_lengths_mm": [40], "nominal_atm": 8, "rated_burst_atm": 14)";
  CHECK(error_of("{" + good_head + R"(, "chart": [[2, 0.9]]})") == "devices.json: /balloons/0/chart: a compliance chart needs at least two [atm, diameter/nominal] points");
  CHECK(error_of("{" + good_head + R"(, "chart": [[8, 1.0], [6, 1.02], [14, 1.06]]})") == "devices.json: /balloons/0/chart/1: pressures must rise and diameters must not shrink along the chart");
  CHECK(error_of("{" + good_head + R"(, "chart": [[2, 0.9], [8, 0.95], [14, 1.0]]})") == "devices.json: /balloons/0/chart: the chart must give the nominal diameter (1.0) at nominal_atm");
  CHECK(error_of("{" + good_head + R"(, "chart": [[2, 0.9], [8, 1.0], [12, 1.04]]})") == "devices.json: /balloons/0/rated_burst_atm: the chart must reach rated burst pressure");
  CHECK(error_of(R"({"family": "f", "name": "n", "compliance": "squishy", "diameters_mm": [6], "working_lengths_mm": [40], "nominal_atm": 8, "rated_burst_atm": 14, "chart": [[2, 0.9], [14, 1.1]]})")
            .rfind("devices.json: /balloons/0/compliance: expected", 0) == 0);
}
