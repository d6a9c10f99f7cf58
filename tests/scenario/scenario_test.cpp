// Scenario files: the default opens as a whole case; bad references name the field.
#include <doctest/doctest.h>

#include <fstream>
#include <utility>

#include "core/scenario/case_loader.h"
#include "core/util/data_paths.h"
#include "test_support.h"

using namespace angiosim;

namespace {
std::string write_scenario(const std::string& dir, const std::string& body) {
  const std::string path = dir + "/case.json";
  std::ofstream(path) << body;
  return path;
}
}  // namespace

TEST_CASE("the default scenario loads anatomy, materials, C-arm and a contrast-filled scene") {
  const LoadedCase c = load_case(data_path("scenarios/default.json"));
  CHECK(c.scenario.title.find("iliac") != std::string::npos);
  CHECK(c.anatomy->vessel_count() == 31);
  CHECK(c.xray_scene.primitives.size() > 500);
  CHECK(c.xray_scene.basis_names.size() == c.materials.basis().size());
  CHECK(c.attenuation.bins.size() == 12);  // the tube spectrum in 12 bins (models/c_arm.json)
  CHECK(c.c_arm.source_to_image_mm == 1000);
}

TEST_CASE("scenario errors name the file and the field") {
  const std::string dir = test::temp_dir("scenario");
  const std::string models = data_dir() + "/models";
  const std::string good_refs = R"("anatomy": ")" + models + R"(/anatomy/aortoiliac_default.json", "materials": ")" +
                                models + R"(/materials.json", "c_arm": ")" + models + R"(/c_arm.json")";
  SUBCASE("missing anatomy file") {
    const std::string path = write_scenario(dir, R"({"title": "t", "anatomy": "nope.json", "materials": "x", "c_arm": "y"})");
    const std::string m = test::input_error_of([&] { load_case(path); });
    CHECK(m.rfind(path + ": /anatomy: file not found", 0) == 0);
  }
  SUBCASE("unknown contrast material") {
    const std::string path = write_scenario(dir, R"({"title": "t", )" + good_refs + R"(, "contrast": {"material": "gadolinium", "fraction": 0.5}})");
    const std::string m = test::input_error_of([&] { load_case(path); });
    CHECK(m.rfind(path + ": /contrast/material: unknown material \"gadolinium\"", 0) == 0);
  }
  // The error a scenario gets for an injection (the fields inside "injection": {...}).
  auto injection_error = [&](const std::string& fields) {
    const std::string path = write_scenario(dir, R"({"title": "t", )" + good_refs +
                                                     R"(, "contrast": {"material": "contrast_350", "fraction": 0, "injection": {)" + fields + "}}}");
    return std::pair{path, test::input_error_of([&] { load_case(path); })};
  };
  SUBCASE("injection into an unknown vessel") {
    const auto [path, m] = injection_error(R"("vessel": "carotid", "rate_ml_s": 5, "volume_ml": 10)");
    CHECK(m == path + ": /contrast/injection/vessel: unknown vessel \"carotid\"");
  }
  SUBCASE("injection beyond its vessel") {
    const auto [path, m] = injection_error(R"("vessel": "aorta", "position_mm": 900, "rate_ml_s": 5, "volume_ml": 10)");
    CHECK(m.rfind(path + ": /contrast/injection/position_mm: beyond the end of aorta", 0) == 0);
  }
  SUBCASE("absurd injection rate") {
    const auto [path, m] = injection_error(R"("vessel": "aorta", "rate_ml_s": 500, "volume_ml": 10)");
    CHECK(m.rfind(path + ": /contrast/injection/rate_ml_s: value 500 out of range", 0) == 0);
  }
  SUBCASE("view out of range") {
    const std::string path = write_scenario(dir, R"({"title": "t", )" + good_refs + R"(, "initial_view": {"lao_deg": 400}})");
    const std::string m = test::input_error_of([&] { load_case(path); });
    CHECK(m.rfind(path + ": /initial_view/lao_deg: value 400 out of range", 0) == 0);
  }
}
