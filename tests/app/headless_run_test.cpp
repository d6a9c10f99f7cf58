// End to end: the headless app writes a fluoroscopic PNG in which the contrast-filled arteries are
// darker than their surroundings and the left common iliac narrows at the lesion, and a report.
#include <doctest/doctest.h>

#include <glm/geometric.hpp>
#include <nlohmann/json.hpp>
#include <stb_image.h>

#include <cstdio>
#include <fstream>
#include <memory>

#include "app/headless_run.h"
#include "core/scenario/case_loader.h"
#include "core/util/data_paths.h"
#include "render/gl_test_context.h"
#include "test_support.h"

using namespace angiosim;

namespace {

struct Gray {
  int w = 0, h = 0;
  std::unique_ptr<unsigned char, void (*)(void*)> pixels{nullptr, stbi_image_free};
  double at(const glm::dvec2& p) const {
    const int i = std::clamp(int(p.x), 0, w - 1), j = std::clamp(int(p.y), 0, h - 1);
    return pixels.get()[j * w + i];
  }
};

// How much darker the vessel is at c than the tissue 3 reference radii to either side (gray levels).
double local_contrast(const Gray& img, const ProjectionGeometry& g, const glm::dvec3& c,
                      const glm::dvec3& tangent, double reference_radius_mm) {
  const glm::dvec3 across = glm::normalize(glm::cross(tangent, g.w)) * (3 * reference_radius_mm);
  return 0.5 * (img.at(*g.project(c + across)) + img.at(*g.project(c - across))) - img.at(*g.project(c));
}

}  // namespace

TEST_CASE("headless run: a fluoroscopic PNG with dark arteries, the stenosis, and a report") {
  test::gl_context();  // the run makes its own context; this one proves the driver works first
  AppOptions options;
  options.scenario_path = data_path("scenarios/default.json");
  options.headless = true;
  options.out_dir = test::temp_dir("headless");
  options.pixels = 512;
  REQUIRE(run_headless(options) == 0);

  Gray img;
  int channels = 0;
  img.pixels.reset(stbi_load((options.out_dir + "/fluoro.png").c_str(), &img.w, &img.h, &channels, 1));
  REQUIRE(img.pixels);
  CHECK(img.w == 512);
  CHECK(img.h == 512);

  const LoadedCase c = load_case(options.scenario_path);
  const ProjectionGeometry g = make_projection(c.c_arm, c.scenario.initial_view, 512);
  const VesselTree& tree = *c.anatomy;
  // Contrast-filled arteries are darker than the tissue beside them; the displayed darkness grows
  // with the iodine path (a log display), so a vessel's contrast tracks its lumen diameter.
  for (const auto& [name, s] : {std::pair{"aorta", 60.0}, {"right_external_iliac", 45.0},
                                {"left_external_iliac", 45.0}, {"right_common_femoral", 20.0}}) {
    CAPTURE(name);
    const int v = tree.find_vessel(name);
    CHECK(local_contrast(img, g, tree.centerline_point(v, s), tree.tangent(v, s), tree.reference_radius_mm(v, s)) > 40);
  }
  // The left common iliac narrows at its 70 % stenosis: its residual lumen (2.7 of 9 mm) shows far
  // fainter than the healthy right common iliac at the same place (same 9 mm diameter). Not in
  // proportion to the path: the beam hardens in iodine, so the log signal grows slower than it.
  const int cia = tree.find_vessel("left_common_iliac"), right = tree.find_vessel("right_common_iliac");
  const double r_ref = tree.reference_radius_mm(cia, 32);
  const double at_lesion = local_contrast(img, g, tree.lumen(cia, 32).center_mm, tree.tangent(cia, 32), r_ref);
  const double reference = local_contrast(img, g, tree.centerline_point(right, 32), tree.tangent(right, 32), r_ref);
  CAPTURE(at_lesion);
  CAPTURE(reference);
  CHECK(reference > 40);
  CHECK(at_lesion < 0.65 * reference);

  std::ifstream report_file(options.out_dir + "/report.json");
  const nlohmann::json report = nlohmann::json::parse(report_file);
  CHECK(report["image"]["pixels"] == 512);
  CHECK(report["lesions"][0]["diameter_stenosis_percent"].get<double>() == doctest::Approx(70).epsilon(0.01));
  CHECK(report["simulation"]["steps"] == 240);
  // The imaging sequence: a second of normal fluoroscopy (the pelvis costs an air-kerma rate in
  // the clinical range, xray.md: 10-45 mGy/min, under 88), a DSA run with the scenario's 16 mL
  // injection, a second of roadmap.
  CHECK(report["dose"]["fluoro_time_s"].get<double>() == doctest::Approx(2.0).epsilon(0.01));
  CHECK(report["dose"]["fluoro_rate_mGy_min"].get<double>() > 10);
  CHECK(report["dose"]["fluoro_rate_mGy_min"].get<double>() < 45);
  CHECK(report["contrast"]["used_ml"].get<double>() == doctest::Approx(16).epsilon(1e-6));
  CHECK(report["dsa"]["frames"].size() == 18);  // 6 s at 3 pps
  {
    // The mask frame's follower (before the bolus) subtracts to an even background; as the bolus
    // passes, the aorta shows dark against it; the roadmap (from the most opacified frame) shows
    // the external iliac white.
    const int peak = report["dsa"]["most_opacified_frame"].get<int>();
    REQUIRE(peak > 2);
    const int frames = int(report["dsa"]["frames"].size());
    auto load = [&](int k) {
      Gray f;
      char name[32];
      std::snprintf(name, sizeof name, "/dsa_%02d.png", k);
      f.pixels.reset(stbi_load((options.out_dir + name).c_str(), &f.w, &f.h, &channels, 1));
      REQUIRE(f.pixels);
      return f;
    };
    const glm::dvec2 aorta = *g.project(tree.centerline_point(tree.find_vessel("aorta"), 90));
    const glm::dvec2 beside = *g.project(tree.centerline_point(tree.find_vessel("aorta"), 90) + glm::dvec3(40, 0, 0));
    auto at = [](const Gray& f, const glm::dvec2& p) { return double(f.pixels.get()[size_t(p.y) * 512 + size_t(p.x)]); };
    const Gray early = load(1);
    CHECK(std::abs(at(early, aorta) - at(early, beside)) < 25);
    double darkest = 255, beside_then = 0;
    for (int k = 2; k < frames; ++k) {
      const Gray f = load(k);
      if (at(f, aorta) < darkest) {
        darkest = at(f, aorta);
        beside_then = at(f, beside);
      }
    }
    CHECK(darkest < beside_then - 60);
    const int eia = tree.find_vessel("left_external_iliac");
    const glm::dvec2 iliac = *g.project(tree.centerline_point(eia, 40));
    const glm::dvec2 off_iliac = *g.project(tree.centerline_point(eia, 40) + glm::dvec3(0, 0, 25));
    Gray roadmap;
    roadmap.pixels.reset(stbi_load((options.out_dir + "/roadmap.png").c_str(), &roadmap.w, &roadmap.h, &channels, 1));
    REQUIRE(roadmap.pixels);
    CHECK(at(roadmap, iliac) > at(roadmap, off_iliac) + 40);  // the opacified vessel: white
  }
  Gray live;
  live.pixels.reset(stbi_load((options.out_dir + "/fluoro_live.png").c_str(), &live.w, &live.h, &channels, 1));
  REQUIRE(live.pixels);
  // Quantum noise: neighbouring pixels in the mid-gray pelvis below the bifurcation differ.
  {
    double sum = 0, sum2 = 0, gray = 0, n = 0;
    for (int j = 320; j < 340; ++j)
      for (int i = 246; i < 266; ++i) {
        const double d = double(live.pixels.get()[size_t(j) * 512 + i]) - live.pixels.get()[size_t(j) * 512 + i + 1];
        gray += live.pixels.get()[size_t(j) * 512 + i];
        sum += d;
        sum2 += d * d;
        ++n;
      }
    CHECK(gray / n > 40);  // neither burnt out nor black
    CHECK(gray / n < 220);
    CHECK(std::sqrt(sum2 / n) > 1.5);  // gray levels of pixel-to-pixel grain
    CHECK(std::sqrt(sum2 / n) < 30.0);
  }
}

TEST_CASE("headless run: a malformed scenario is a clean input error") {
  const std::string dir = test::temp_dir("bad-scenario");
  std::ofstream(dir + "/s.json") << R"({"title": "x", "anatomy": 3})";
  AppOptions options;
  options.scenario_path = dir + "/s.json";
  options.out_dir = dir + "/out";
  const std::string m = test::input_error_of([&] { run_headless(options); });
  CHECK(m == dir + "/s.json: /anatomy: expected a string");
}
