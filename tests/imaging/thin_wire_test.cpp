// Sub-pixel coverage of thin wires: the pixel-averaged chord against numeric integration, and a
// 0.014" wire in the CPU projector that keeps its total and its per-column density wherever it
// lies between pixel centres (where sampling the central ray alone loses it).
#include <doctest/doctest.h>

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/imaging/cpu_projector.h"
#include "imaging/phantoms.h"

using namespace angiosim;

namespace {

double chord(double r, double x) { return std::abs(x) < r ? 2 * std::sqrt(r * r - x * x) : 0.0; }

// The same average by a 2-D midpoint rule over the parallelogram.
double chord_over_pixel(double r, glm::dvec2 center, glm::dvec2 e_u, glm::dvec2 e_v, double length) {
  constexpr int kSteps = 600;
  double sum = 0;
  for (int i = 0; i < kSteps; ++i)
    for (int j = 0; j < kSteps; ++j) {
      const glm::dvec2 q = center + ((i + 0.5) / kSteps - 0.5) * e_u + ((j + 0.5) / kSteps - 0.5) * e_v;
      if (q.y >= 0 && q.y <= length) sum += chord(r, q.x);
    }
  return sum / (double(kSteps) * kSteps);
}

constexpr double kWireRadius_mm = 0.5 * 0.014 * 25.4;  // a 0.014" coronary-size wire

}  // namespace

TEST_CASE("the pixel-averaged chord equals the chord integrated over the pixel, and conserves πr²") {
  const double r = kWireRadius_mm;
  const double p = 0.6;  // pixel footprint (mm)
  for (double angle_deg : {0.0, 20.0, 45.0, 71.0})
    for (double x : {0.0, 0.1, 0.17, 0.3, 0.55, -0.4})
      for (double s : {5.0, 0.2, -0.1, 9.9}) {  // within the tube, over its ends
        CAPTURE(angle_deg);
        CAPTURE(x);
        CAPTURE(s);
        const double t = glm::radians(angle_deg);
        // A square pixel turned by the angle, and a sheared one (an oblique ray's footprint).
        const glm::dvec2 e_u = p * glm::dvec2(std::cos(t), std::sin(t)), e_v = p * glm::dvec2(-std::sin(t), std::cos(t));
        const glm::dvec2 sheared = e_v + 0.3 * e_u;
        CHECK(pixel_average_chord_mm(r, {x, s}, e_u, e_v, 10) ==
              doctest::Approx(chord_over_pixel(r, {x, s}, e_u, e_v, 10)).epsilon(3e-3).scale(1e-3));
        CHECK(pixel_average_chord_mm(r, {x, s}, e_u, sheared, 10) ==
              doctest::Approx(chord_over_pixel(r, {x, s}, e_u, sheared, 10)).epsilon(3e-3).scale(1e-3));
      }
  // A vanishing pixel: the chord itself.
  CHECK(pixel_average_chord_mm(r, {0.1, 5}, {1e-5, 0}, {0, 1e-5}, 10) == doctest::Approx(chord(r, 0.1)).epsilon(1e-6));
  // Summed over a pixel grid, wherever the grid lies: the tube's mass πr²·length.
  for (double angle_deg : {0.0, 20.0, 45.0}) {
    const double t = glm::radians(angle_deg);
    const glm::dvec2 e_u = p * glm::dvec2(std::cos(t), std::sin(t)), e_v = p * glm::dvec2(-std::sin(t), std::cos(t));
    for (const glm::dvec2 origin : {glm::dvec2(0.0), glm::dvec2(0.13, 0.41)}) {
      double sum = 0;
      for (int i = -40; i <= 40; ++i)
        for (int j = -40; j <= 40; ++j)
          sum += pixel_average_chord_mm(r, origin + double(i) * e_u + double(j) * e_v, e_u, e_v, 3.7) * p * p;
      CHECK(sum == doctest::Approx(std::numbers::pi * r * r * 3.7).epsilon(1e-9));
    }
  }
}

TEST_CASE("a 0.014-inch wire keeps its density at every sub-pixel position and in every column") {
  const ProjectionGeometry g = make_projection(test::phantom_c_arm(), {0, 0, {0, 0, 0}}, 128);
  const double pitch_at_iso = g.pixel_pitch_mm / g.magnification(glm::dvec3(0));
  REQUIRE(2 * kWireRadius_mm < 0.7 * pitch_at_iso);  // the wire is well under a pixel wide
  Composition metal;
  metal.density_g_cm3[0] = 1.0;
  const double length_mm = 50;
  // The whole wire's mass, ρ·πr²·L, over a pixel's area at the isocentre (g/cm² per mm: 0.1).
  const double expected_total = 0.1 * std::numbers::pi * kWireRadius_mm * kWireRadius_mm * length_mm /
                                (pitch_at_iso * pitch_at_iso);
  for (double angle_deg : {0.0, 20.0, 45.0}) {
    CAPTURE(angle_deg);
    const double angle = glm::radians(angle_deg);
    const glm::dvec3 along = std::cos(angle) * g.u + std::sin(angle) * g.v;
    const glm::dvec3 across = -std::sin(angle) * g.u + std::cos(angle) * g.v;
    std::vector<double> totals;
    double worst_spread = 0, weakest_point_column = 1e30;
    for (double shift : {0.0, 0.13, 0.29, 0.5, 0.71, 0.88}) {
      CAPTURE(shift);
      // Two segments meeting at a mitre, as the wire's chain does, moved across by a fraction of a
      // pixel at the isocentre.
      const glm::dvec3 start = -0.5 * length_mm * along + shift * pitch_at_iso * across;
      const glm::dvec3 middle = start + 0.5 * length_mm * along, end = start + length_mm * along;
      XrayScene scene;
      scene.basis_names = {"metal"};
      scene.add(make_thin_tube(start, middle, kWireRadius_mm, -along, along, metal), "wire#0");
      scene.add(make_thin_tube(middle, end, kWireRadius_mm, -along, along, metal), "wire#1");
      const CpuProjector cpu(scene);
      const ChannelImage image = cpu.project(g);
      double total = 0;
      for (float v : image.data) total += v;
      totals.push_back(total);
      // Columns the wire crosses away from its ends: the same density in each (filtered), while the
      // central rays alone miss the wire in some columns, between their pixel centres.
      double lo = 1e30, hi = 0;
      for (int i = g.width / 2 - 12; i < g.width / 2 + 12; ++i) {
        double column = 0, point_column = 0;
        for (int j = 0; j < g.height; ++j) {
          column += image.at(i, j, 0);
          const glm::dvec3 target = g.pixel_center(i, j);
          const double t = glm::distance(target, g.source_mm);
          point_column += cpu.areal_density(g.source_mm, (target - g.source_mm) / t, t)[0];
        }
        lo = std::min(lo, column);
        hi = std::max(hi, column);
        weakest_point_column = std::min(weakest_point_column, point_column / column);
      }
      worst_spread = std::max(worst_spread, hi / lo - 1);
    }
    for (double t : totals) CHECK(t == doctest::Approx(expected_total).epsilon(0.01));
    const auto [lo, hi] = std::minmax_element(totals.begin(), totals.end());
    CHECK(*hi / *lo - 1 < 2e-3);
    CHECK(worst_spread < 0.01);
    CHECK(weakest_point_column < 0.5);
  }
}

TEST_CASE("a thin wire's tip advancing by tenths of a pixel adds density smoothly") {
  const ProjectionGeometry g = make_projection(test::phantom_c_arm(), {0, 0, {0, 0, 0}}, 128);
  const double pitch_at_iso = g.pixel_pitch_mm / g.magnification(glm::dvec3(0));
  Composition metal;
  metal.density_g_cm3[0] = 1.0;
  const double angle = glm::radians(20.0);
  const glm::dvec3 along = std::cos(angle) * g.u + std::sin(angle) * g.v;
  const glm::dvec3 start = -10.0 * along;
  const double step_mm = 0.1 * pitch_at_iso;
  // Density added per step by a wire of the same mass per length, over a pixel's area at the iso.
  const double per_step = 0.1 * std::numbers::pi * kWireRadius_mm * kWireRadius_mm * step_mm /
                          (pitch_at_iso * pitch_at_iso);
  double previous = -1;
  double worst = 0;
  for (int k = 0; k <= 20; ++k) {
    XrayScene scene;
    scene.basis_names = {"metal"};
    scene.add(make_thin_tube(start, start + (10.0 + k * step_mm) * along, kWireRadius_mm, -along, along, metal), "wire");
    const CpuProjector cpu(scene);
    double total = 0;
    for (float v : cpu.project(g).data) total += v;
    if (previous >= 0) worst = std::max(worst, std::abs((total - previous) / per_step - 1));
    previous = total;
  }
  CHECK(worst < 0.02);  // each tenth of a pixel adds its share: the tip fades in, never jumps
}
