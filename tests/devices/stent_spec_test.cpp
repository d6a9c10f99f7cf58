// Stent catalogue: families expand into sizes whose crowns open to the design angle at their
// nominal diameter, and bad families are named by file and field.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

#include "core/devices/device_catalog.h"
#include "core/util/data_paths.h"
#include "test_support.h"

using namespace angiosim;

TEST_CASE("stent systems in the catalogue: sizes, crowns from the design angle, delivery system") {
  const DeviceCatalog c = load_device_catalog(data_path("models/devices.json"));
  CHECK(c.stents.size() == 5 * 5);
  const StentSpec* s = c.find_stent("nitinol_self_expanding_8x40");
  REQUIRE(s);
  // π·8 / (2 · 2.5 · sin 20°) = 14.7 → 15 crowns, opening to ~19.6° at 8 mm.
  CHECK(s->crowns == 15);
  CHECK(s->half_angle_rad(8) * 180 / std::numbers::pi == doctest::Approx(19.6).epsilon(0.01));
  CHECK(s->length_at_mm(8) == doctest::Approx(40).epsilon(0.05));
  CHECK(s->marker_material == "tantalum");
  CHECK(s->sheath_outer_diameter_mm == 2.0);
  // Larger stents have more crowns, the same cell.
  CHECK(c.find_stent("nitinol_self_expanding_10x40")->crowns > s->crowns);
  CHECK(!c.find_stent("nitinol_self_expanding_11x40"));
}

TEST_CASE("bad stent families: one line naming the file and the field") {
  auto error_of = [](const std::string& family) {
    const std::string text = R"({"guidewires": [], "stents": [)" + family + "]}";
    return test::input_error_of([&] { parse_device_catalog(text, "devices.json"); });
  };
  const std::string design = R"("design": {"strut_length_mm": 2.5, "strut_width_mm": 0.15, "strut_thickness_mm": 0.2, "hinge_length_mm": 1, "open_half_angle_deg": 20})";
  const std::string delivery = R"("delivery": {"sheath_outer_diameter_mm": 2.0, "crimped_diameter_mm": 1.6})";
  CHECK(error_of(R"({"family": "s", "name": "n", "diameters_mm": [8], "lengths_mm": [40], )" + delivery + "}") ==
        "devices.json: /stents/0/design: missing required field");
  CHECK(error_of(R"({"family": "s", "name": "n", "diameters_mm": [8], "lengths_mm": [40], )" + design + R"(, "delivery": {"sheath_outer_diameter_mm": 2.0, "crimped_diameter_mm": 2.5}})")
            .rfind("devices.json: /stents/0/delivery/crimped_diameter_mm: value 2.5 out of range", 0) == 0);
  CHECK(error_of(R"({"family": "s", "name": "n", "diameters_mm": [8], "lengths_mm": [40], "design": {"strut_length_mm": 2.5, "strut_width_mm": 0.15, "strut_thickness_mm": 0.9, "hinge_length_mm": 1, "open_half_angle_deg": 20}, )" + delivery + "}")
            .rfind("devices.json: /stents/0/design/strut_thickness_mm: value 0.9 out of range", 0) == 0);
}
