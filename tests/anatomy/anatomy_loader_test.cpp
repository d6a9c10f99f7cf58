// Loading anatomy models: the shipped default, and every kind of malformed file giving a one-line
// error that names the file and the JSON path of the field.
#include <doctest/doctest.h>

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>

#include <cmath>
#include <string>

#include "core/anatomy/anatomy_loader.h"
#include "core/anatomy/vessel_tree.h"
#include "core/util/data_paths.h"
#include "test_support.h"

using namespace angiosim;

namespace {

const char* kValid = R"({
  "name": "two vessels",
  "vessels": [
    {"name": "trunk", "points": [{"position_mm": [0,0,0], "radius_mm": 5}, {"position_mm": [0,0,-50], "radius_mm": 5}]},
    {"name": "branch", "parent": "trunk", "points": [{"position_mm": [0,0,-50], "radius_mm": 3}, {"position_mm": [20,0,-80], "radius_mm": 3}]}
  ],
  "lesions": [{"name": "s", "vessel": "trunk", "center_mm": 25, "length_mm": 10, "stenosis_percent": 50, "plaque": "soft"}]
})";

// Replaces the first occurrence of `from` in the valid model.
std::string mutate(const std::string& from, const std::string& to) {
  std::string s = kValid;
  const auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

void expect_error(const std::string& json, const std::string& pointer, const std::string& words) {
  const std::string message = test::input_error_of([&] { parse_anatomy(json, "bad.json"); });
  CAPTURE(message);
  CHECK(message.rfind("bad.json: " + pointer + ": ", 0) == 0);
  CHECK(message.find(words) != std::string::npos);
  CHECK(message.find('\n') == std::string::npos);
}

}  // namespace

TEST_CASE("the default anatomy loads with the vessels and lesion of the reference anatomy") {
  const AnatomySpec spec = load_anatomy_file(data_path("models/anatomy/aortoiliac_default.json"));
  const VesselTree tree(spec);
  for (const char* name : {"aorta", "left_common_iliac", "right_common_iliac", "left_internal_iliac",
                           "left_external_iliac", "left_common_femoral", "left_superficial_femoral",
                           "left_profunda_femoris", "right_superficial_femoral"})
    CHECK(tree.find_vessel(name) >= 0);
  // Diameters and lengths from shared/reference/anatomy.md.
  const int cia = tree.find_vessel("left_common_iliac");
  CHECK(2 * tree.reference_radius_mm(cia, 0) == doctest::Approx(9.0).epsilon(0.05));
  CHECK(tree.length_mm(cia) >= 35);
  CHECK(tree.length_mm(cia) <= 120);
  const int aorta = tree.find_vessel("aorta");
  CHECK(2 * tree.reference_radius_mm(aorta, 0) == doctest::Approx(13.8).epsilon(0.05));
  // Bifurcation angle between the common iliacs: 35° ± 11°.
  const double cos_angle = glm::dot(tree.tangent(cia, 0), tree.tangent(tree.find_vessel("right_common_iliac"), 0));
  const double angle = glm::degrees(std::acos(cos_angle));
  CHECK(angle > 24);
  CHECK(angle < 46);
  REQUIRE(spec.lesions.size() == 1);
  CHECK(spec.lesions[0].vessel == "left_common_iliac");
  CHECK(spec.lesions[0].stenosis_percent == 70);
  CHECK(spec.lesions[0].length_mm == 30);
  CHECK(spec.background.size() > 20);
}

TEST_CASE("malformed anatomy files give one-line errors naming file and field") {
  SUBCASE("not JSON") {
    const std::string m = test::input_error_of([] { parse_anatomy("{ \"name\": ", "bad.json"); });
    CHECK(m.rfind("bad.json: not valid JSON", 0) == 0);
    CHECK(m.find('\n') == std::string::npos);
  }
  SUBCASE("missing field") { expect_error(mutate(R"("name": "two vessels",)", ""), "/name", "missing"); }
  SUBCASE("wrong type") { expect_error(mutate(R"("radius_mm": 5})", R"("radius_mm": "5"})"), "/vessels/0/points/0/radius_mm", "number"); }
  SUBCASE("radius out of range") { expect_error(mutate(R"("radius_mm": 5})", R"("radius_mm": -2})"), "/vessels/0/points/0/radius_mm", "out of range"); }
  SUBCASE("unknown parent") { expect_error(mutate(R"("parent": "trunk")", R"("parent": "stem")"), "/vessels/1/parent", "unknown parent"); }
  SUBCASE("child not at the parent's end") { expect_error(mutate(R"([0,0,-50], "radius_mm": 3})", R"([9,0,-50], "radius_mm": 3})"), "/vessels/1/points/0/position_mm", "parent's last point"); }
  SUBCASE("duplicate vessel") { expect_error(mutate(R"("name": "branch")", R"("name": "trunk")"), "/vessels/1/name", "duplicate"); }
  SUBCASE("lesion on unknown vessel") { expect_error(mutate(R"("vessel": "trunk")", R"("vessel": "sfa")"), "/lesions/0/vessel", "unknown vessel"); }
  SUBCASE("lesion beyond its vessel") { expect_error(mutate(R"("center_mm": 25)", R"("center_mm": 48)"), "/lesions/0/center_mm", "beyond"); }
  SUBCASE("stenosis over 99 % without occlusion") { expect_error(mutate(R"("stenosis_percent": 50)", R"("stenosis_percent": 120)"), "/lesions/0/stenosis_percent", "out of range"); }
  SUBCASE("bad plaque type") { expect_error(mutate(R"("plaque": "soft")", R"("plaque": "rock")"), "/lesions/0/plaque", "calcified"); }
  SUBCASE("cap resistance out of range") { expect_error(mutate(R"("plaque": "soft")", R"("plaque": "soft", "cap_resistance_gf": -1)"), "/lesions/0/cap_resistance_gf", "out of range"); }
  SUBCASE("unknown field") { expect_error(mutate(R"("name": "s",)", R"("name": "s", "stenosis": 3,)"), "/lesions/0/stenosis", "unknown field"); }
  SUBCASE("flow out of range") {
    expect_error(mutate(R"("name": "two vessels",)", R"("name": "two vessels", "flow": {"common_femoral_flow_ml_min": -5},)"),
                 "/flow/common_femoral_flow_ml_min", "out of range");
  }
  SUBCASE("unknown flow field") {
    expect_error(mutate(R"("name": "two vessels",)", R"("name": "two vessels", "flow": {"heart_rate": 60},)"), "/flow/heart_rate", "unknown field");
  }
  SUBCASE("too few points") {
    expect_error(mutate(R"({"position_mm": [0,0,0], "radius_mm": 5}, )", ""), "/vessels/0/points", "at least 2");
  }
}

TEST_CASE("an occlusion's cap resistance comes from its plaque type unless the file sets it") {
  CHECK(parse_anatomy(kValid, "ok.json").lesions[0].cap_resistance_gf == default_cap_resistance_gf(PlaqueType::Soft));
  CHECK(parse_anatomy(mutate(R"("plaque": "soft")", R"("plaque": "soft", "cap_resistance_gf": 12.5)"), "ok.json").lesions[0].cap_resistance_gf == 12.5);
  // Harder plaque, harder cap: the order tip loads escalate through.
  CHECK(default_cap_resistance_gf(PlaqueType::Soft) < default_cap_resistance_gf(PlaqueType::Fibrous));
  CHECK(default_cap_resistance_gf(PlaqueType::Fibrous) < default_cap_resistance_gf(PlaqueType::Calcified));
}

TEST_CASE("a missing file is reported with its path") {
  const std::string m = test::input_error_of([] { load_anatomy_file("/nonexistent/model.json"); });
  CHECK(m == "/nonexistent/model.json: cannot open file");
}
