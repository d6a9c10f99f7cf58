// Projection geometry: points at known positions land on the expected detector pixels.
#include <doctest/doctest.h>

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>

#include <cmath>
#include <fstream>
#include <iterator>

#include "core/imaging/c_arm.h"
#include "core/util/data_paths.h"
#include "core/util/rng.h"
#include "test_support.h"

using namespace angiosim;

namespace {
CArmSpec spec() {
  CArmSpec s;
  s.source_to_image_mm = 1000;
  s.source_to_isocenter_mm = 750;
  s.detector_size_mm = 400;
  return s;
}
constexpr int kPixels = 1000;  // 0.4 mm pitch
const glm::dvec3 kIso(5, -20, -60);
}  // namespace

TEST_CASE("AP: isocentre at the image centre, patient left to the right, head up, magnified SID/SOD") {
  const ProjectionGeometry g = make_projection(spec(), {0, 0, kIso}, kPixels);
  const auto c = g.project(kIso);
  REQUIRE(c);
  CHECK(c->x == doctest::Approx(500));
  CHECK(c->y == doctest::Approx(500));
  // 10 mm to the patient's left: 10 · 1000/750 mm on the detector = 33.33 pixels to the right.
  const auto left = g.project(kIso + glm::dvec3(10, 0, 0));
  CHECK(left->x == doctest::Approx(500 + 10 * (1000.0 / 750) / 0.4));
  // 10 mm toward the head: up (smaller row).
  const auto head = g.project(kIso + glm::dvec3(0, 0, 10));
  CHECK(head->y == doctest::Approx(500 - 10 * (1000.0 / 750) / 0.4));
  // A point 100 mm nearer the detector (anterior), 850 mm from the source: magnified 1000/850.
  const auto anterior = g.project(kIso + glm::dvec3(10, -100, 0));
  CHECK(anterior->x == doctest::Approx(500 + 10 * (1000.0 / 850) / 0.4));
  CHECK(g.magnification(kIso + glm::dvec3(0, -100, 0)) == doctest::Approx(1000.0 / 850));
  CHECK(g.magnification(kIso) == doctest::Approx(1000.0 / 750));
  CHECK(g.source_mm.y == doctest::Approx(kIso.y + 750));  // source under the table (posterior)
}

TEST_CASE("a raised detector (SID 1200) magnifies by SID/SOD; a magnification field narrows the pixels") {
  CArmPose pose{0, 0, kIso};
  pose.sid_mm = 1200;
  const ProjectionGeometry g = make_projection(spec(), pose, kPixels);
  CHECK(g.magnification(kIso) == doctest::Approx(1200.0 / 750));
  const auto left = g.project(kIso + glm::dvec3(10, 0, 0));
  CHECK(left->x == doctest::Approx(500 + 10 * (1200.0 / 750) / 0.4));
  // A 22 cm field (diagonal) uses 22/√2 cm of the detector's edge on the same matrix.
  pose.sid_mm = 0;
  pose.field_cm = 22;
  CHECK(make_projection(spec(), pose, kPixels).pixel_pitch_mm == doctest::Approx(220 / std::sqrt(2.0) / kPixels));
}

TEST_CASE("isocentre calibration: an 8.8 mm artery at the isocentre measures 8.8 mm at any view; off it, by its depth") {
  // Two points across a common iliac artery (8.8 mm), perpendicular to the central ray, measured
  // on the image as a caliper does: pixel distance × mm per pixel.
  for (const CArmPose pose : {CArmPose{0, 0, kIso, 0, 0}, CArmPose{30, 20, kIso, 22, 0}, CArmPose{-25, -10, kIso, 32, 1150}}) {
    CAPTURE(pose.lao_deg);
    const ProjectionGeometry g = make_projection(spec(), pose, 512);
    const double mm_per_px = g.isocenter_mm_per_pixel(spec().source_to_isocenter_mm);
    auto measured = [&](const glm::dvec3& centre) {
      const glm::dvec3 across = glm::normalize(g.u + 0.5 * g.v);
      const auto a = g.project(centre - 4.4 * across), b = g.project(centre + 4.4 * across);
      REQUIRE(a);
      REQUIRE(b);
      return glm::distance(*a, *b) * mm_per_px;
    };
    CHECK(measured(kIso) == doctest::Approx(8.8).epsilon(1e-9));
    // 100 mm nearer the detector (850 mm from the source), it reads 750/850 of its size.
    CHECK(measured(kIso + 100.0 * g.w) == doctest::Approx(8.8 * 750 / 850).epsilon(1e-9));
  }
}

TEST_CASE("LAO 90: a true lateral with the detector at the patient's left") {
  const ProjectionGeometry g = make_projection(spec(), {90, 0, kIso}, kPixels);
  CHECK(g.detector_center_mm.x == doctest::Approx(kIso.x + 250));
  // Posterior is to the image's right (seen from the patient's left side), head still up.
  const auto post = g.project(kIso + glm::dvec3(0, 10, 0));
  CHECK(post->x == doctest::Approx(500 + 10 * (1000.0 / 750) / 0.4));
  const auto left = g.project(kIso + glm::dvec3(100, 0, 0));  // toward the detector: on the axis
  CHECK(left->x == doctest::Approx(500));
  CHECK(left->y == doctest::Approx(500));
}

TEST_CASE("cranial tilt: a point above the isocentre projects by the tilted geometry") {
  for (double cra : {-30.0, 20.0, 40.0}) {
    const double phi = glm::radians(cra);
    const ProjectionGeometry g = make_projection(spec(), {0, cra, kIso}, kPixels);
    // Detector toward the head for cranial: its centre has z above the isocentre.
    CHECK(g.detector_center_mm.z - kIso.z == doctest::Approx(250 * std::sin(phi)));
    // A point 10 mm headward: along the central ray it sits 10·sin φ nearer the detector and
    // 10·cos φ up the image.
    const auto p = g.project(kIso + glm::dvec3(0, 0, 10));
    const double expected_mm = 10 * std::cos(phi) * 1000.0 / (750 + 10 * std::sin(phi));
    CHECK(p->y == doctest::Approx(500 - expected_mm / 0.4));
    CHECK(p->x == doctest::Approx(500));
  }
}

TEST_CASE("pixel centres and projection are inverse at any angle") {
  Rng rng(3);
  for (int k = 0; k < 50; ++k) {
    const CArmPose pose{rng.uniform() * 240 - 120, rng.uniform() * 90 - 45, kIso};
    const ProjectionGeometry g = make_projection(spec(), pose, kPixels);
    const double i = rng.uniform() * kPixels, j = rng.uniform() * kPixels;
    const glm::dvec3 on_detector = g.pixel_center(i - 0.5, j - 0.5);
    // Any point on the ray from the source to that pixel projects back onto it.
    const glm::dvec3 p = g.source_mm + (on_detector - g.source_mm) * (0.3 + 0.5 * rng.uniform());
    const auto back = g.project(p);
    REQUIRE(back);
    CHECK(back->x == doctest::Approx(i).epsilon(1e-9));
    CHECK(back->y == doctest::Approx(j).epsilon(1e-9));
    CHECK(glm::distance(g.source_mm, g.detector_center_mm) == doctest::Approx(1000));
    CHECK(glm::dot(g.u, g.v) == doctest::Approx(0).epsilon(1e-12));
  }
}

TEST_CASE("bad imaging settings in a C-arm file name the file and the field") {
  const std::string dir = test::temp_dir("c-arm");
  std::ifstream in(data_path("models/c_arm.json"));
  const std::string good((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto error_with = [&](const std::string& from, const std::string& to) {
    std::string text = good;
    const size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    const std::string path = dir + "/c_arm.json";
    std::ofstream(path) << text;
    return test::input_error_of([&] { load_c_arm_file(path); });
  };
  const std::string path = dir + "/c_arm.json";
  CHECK(error_with(R"("kvp": 75)", R"("kvp": 300)").rfind(path + ": /tube/kvp: value 300 out of range", 0) == 0);
  CHECK(error_with(R"("scintillator": "CsI")", R"("scintillator": "Kryptonite")") ==
        path + ": /detector/scintillator: xraylib does not know \"Kryptonite\"");
  CHECK(error_with(R"("dsa": {)", R"("dsx": {)") == path + ": /modes: missing mode \"dsa\"");  // a typo leaves DSA out
  CHECK(error_with(R"([12, 1.225], [30, 1.0])", R"([30, 1.225], [12, 1.0])").rfind(path + ": /pulse_dose_factor/3/0: pulse rates must increase", 0) == 0);
  CHECK(error_with(R"("detector_nGy_per_pulse": 30,)", R"("detector_nGy_per_pulse": -30,)")
            .rfind(path + ": /modes/fluoro_normal/detector_nGy_per_pulse: value -30 out of range", 0) == 0);
}
