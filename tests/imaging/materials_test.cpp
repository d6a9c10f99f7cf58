// Attenuation coefficients from xraylib against the reference values in shared/reference/xray.md
// (computed there with xraylib 4.0; NIST XCOM is the published source), and the shipped library.
#include <doctest/doctest.h>

#include "core/imaging/materials.h"
#include "core/util/data_paths.h"
#include "test_support.h"

using namespace angiosim;

namespace {
const char* kLibrary = R"json({
  "basis": {"water": {"xraylib": "Water, Liquid"}, "bone": {"xraylib": "Bone, Cortical (ICRP)"},
            "iodine": {"xraylib": "I"}, "tantalum": {"xraylib": "Ta"}, "nitinol": {"xraylib": "NiTi"}},
  "materials": {"water": {"water": 1.0}, "bone": {"bone": 1.85}, "contrast_350": {"iodine": 0.35, "water": 1.056},
                "tantalum": {"tantalum": 16.65}, "nitinol": {"nitinol": 6.45}}
})json";
}

TEST_CASE("linear attenuation matches the reference table within 1.5 %") {
  const MaterialLibrary lib = MaterialLibrary::parse(kLibrary, "test-materials.json");
  struct Row { const char* material; double keV; double mu_per_cm; };
  const Row rows[] = {
      {"water", 30, 0.376}, {"water", 60, 0.206}, {"water", 100, 0.171},
      {"bone", 40, 1.193}, {"bone", 70, 0.472},
      {"contrast_350", 30, 3.39}, {"contrast_350", 40, 8.02}, {"contrast_350", 50, 4.55}, {"contrast_350", 80, 1.42},
      {"tantalum", 60, 59.4}, {"tantalum", 70, 178},  // across tantalum's K-edge at 67.4 keV
      {"nitinol", 60, 7.62},
  };
  for (const Row& r : rows) {
    CAPTURE(r.material);
    CAPTURE(r.keV);
    CHECK(lib.linear_attenuation_per_cm(lib.composition(r.material, "test"), r.keV) ==
          doctest::Approx(r.mu_per_cm).epsilon(0.015));
  }
}

TEST_CASE("the shipped material library loads and orders contrast above bone above tissue") {
  const MaterialLibrary lib = MaterialLibrary::load_file(data_path("models/materials.json"));
  const double e = 55;
  const double tissue = lib.linear_attenuation_per_cm(lib.composition("soft_tissue", "t"), e);
  const double bone = lib.linear_attenuation_per_cm(lib.composition("cortical_bone", "t"), e);
  const double contrast = lib.linear_attenuation_per_cm(lib.composition("contrast_350", "t"), e);
  CHECK(tissue == doctest::Approx(0.21).epsilon(0.05));
  CHECK(bone > 2.5 * tissue);
  CHECK(contrast > 2 * bone);
  CHECK(lib.linear_attenuation_per_cm(lib.composition("air", "t"), e) == 0.0);
}

TEST_CASE("bad material files name the field") {
  const std::string unknown = test::input_error_of([] {
    MaterialLibrary::parse(R"({"basis": {"x": {"xraylib": "Unobtainium"}}, "materials": {}})", "m.json");
  });
  CHECK(unknown.rfind("m.json: /basis/x/xraylib: ", 0) == 0);
  const std::string part = test::input_error_of([] {
    MaterialLibrary::parse(R"({"basis": {"w": {"xraylib": "H2O"}}, "materials": {"a": {"q": 1}}})", "m.json");
  });
  CHECK(part == "m.json: /materials/a/q: unknown basis material \"q\"");
  const std::string negative = test::input_error_of([] {
    MaterialLibrary::parse(R"({"basis": {"w": {"xraylib": "H2O"}}, "materials": {"a": {"w": -1}}})", "m.json");
  });
  CHECK(negative.rfind("m.json: /materials/a/w: value -1 out of range", 0) == 0);
}
