// The CPU reference projector against analytic line integrals, and Beer–Lambert through the chain.
#include <doctest/doctest.h>

#include <cmath>

#include "core/imaging/cpu_projector.h"
#include "core/imaging/image_chain.h"
#include "imaging/phantoms.h"

using namespace angiosim;

TEST_CASE("contrast cylinder: every pixel's areal density equals the analytic chord") {
  const test::CylinderPhantom phantom;
  const CpuProjector projector(phantom.scene);
  for (double lao : {0.0, 35.0, -70.0}) {
    const ProjectionGeometry g = make_projection(test::phantom_c_arm(), {lao, 0, {0, 0, 0}}, 128);
    const ChannelImage image = projector.project(g);
    int checked = 0, inside_vessel = 0;
    for (int j = 0; j < g.height; ++j)
      for (int i = 0; i < g.width; ++i) {
        double iodine, tissue;
        test::CylinderPhantom::expected(g, i, j, &iodine, &tissue);
        if (iodine < 0 || tissue < 0) continue;
        CHECK(image.at(i, j, 3) == doctest::Approx(iodine).epsilon(1e-5).scale(1e-6));
        CHECK(image.at(i, j, 0) == doctest::Approx(tissue).epsilon(1e-5));
        ++checked;
        inside_vessel += iodine > 0;
      }
    CHECK(checked > 10000);
    CHECK(inside_vessel > 1000);
  }
}

TEST_CASE("the projector gives the same image on one thread or two") {
  const test::CylinderPhantom phantom;
  const CpuProjector projector(phantom.scene);
  const ProjectionGeometry g = make_projection(test::phantom_c_arm(), {20, 10, {0, 0, 0}}, 64);
  CHECK(projector.project(g, 1).data == projector.project(g, 2).data);
}

TEST_CASE("Beer-Lambert: transmission exp(-mu L) and the display maps attenuation to dark") {
  const MaterialLibrary lib = MaterialLibrary::parse(
      R"({"basis": {"w": {"xraylib": "Water, Liquid"}}, "materials": {"water": {"w": 1.0}}})", "m.json");
  const AttenuationTable table = AttenuationTable::build(lib, {{60, 1.0}});
  // 20 cm of water at 60 keV: mu = 0.206 /cm (shared/reference/xray.md).
  const float areal[kMaxBasisMaterials] = {20.0f};
  CHECK(table.transmission(areal, 1) == doctest::Approx(std::exp(-0.206 * 20)).epsilon(0.02));
  // Two bins: the mean of the two exponentials, not the exponential of the mean.
  const AttenuationTable two = AttenuationTable::build(lib, {{40, 1.0}, {80, 3.0}});
  const double mu40 = lib.mass_attenuation_cm2_g(0, 40), mu80 = lib.mass_attenuation_cm2_g(0, 80);
  CHECK(two.transmission(areal, 1) == doctest::Approx((std::exp(-mu40 * 20) + 3 * std::exp(-mu80 * 20)) / 4));

  const std::vector<float> signal = {0.5f, 1.0f, 2.0f, 3.0f};
  const std::vector<uint8_t> gray = to_display_gray(signal, {1.0, 3.0});
  CHECK(gray[0] == 255);  // less attenuation than the window: white
  CHECK(gray[1] == 255);
  CHECK(gray[2] == 128);
  CHECK(gray[3] == 0);    // most attenuation: black
  const DisplayWindow w = auto_window({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0, 100);
  CHECK(w.low == 1);
  CHECK(w.high == 10);
}
