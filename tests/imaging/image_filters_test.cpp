// Gaussian blurs: a point spreads with the requested variance and keeps its mass; the wide blur
// on a coarse grid agrees with the direct one.
#include <doctest/doctest.h>

#include <cmath>

#include "core/imaging/image_filters.h"

using namespace angiosim;

namespace {
// Total, centroid and variance along x of an image.
void moments(const FloatImage& im, double* mass, double* variance_x) {
  double m = 0, mx = 0, mxx = 0;
  for (int j = 0; j < im.height; ++j)
    for (int i = 0; i < im.width; ++i) {
      m += im.at(i, j);
      mx += im.at(i, j) * i;
      mxx += im.at(i, j) * double(i) * i;
    }
  *mass = m;
  *variance_x = mxx / m - (mx / m) * (mx / m);
}
}  // namespace

TEST_CASE("a blurred point keeps its mass and spreads with variance sigma²") {
  FloatImage point(129, 129);
  point.at(64, 64) = 1;
  for (double sigma : {0.7, 2.0, 6.0}) {
    CAPTURE(sigma);
    double mass, variance;
    moments(gaussian_blur(point, sigma), &mass, &variance);
    CHECK(mass == doctest::Approx(1.0).epsilon(1e-5));
    CHECK(variance == doctest::Approx(sigma * sigma).epsilon(0.02));
  }
}

TEST_CASE("the wide blur matches the direct blur of a smooth image") {
  FloatImage image(256, 256);
  for (int j = 0; j < 256; ++j)
    for (int i = 0; i < 256; ++i) image.at(i, j) = (i > 80 && i < 170 && j > 60 && j < 200) ? 1.f : 0.1f;
  const double sigma = 24;
  const FloatImage direct = gaussian_blur(image, sigma), wide = wide_gaussian_blur(image, sigma);
  double worst = 0;
  for (int j = 40; j < 216; ++j)
    for (int i = 40; i < 216; ++i) worst = std::max(worst, double(std::abs(direct.at(i, j) - wide.at(i, j))));
  CHECK(worst < 0.02);  // of a unit step
}
