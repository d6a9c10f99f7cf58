// The imaging chain against what follows from its physics: Poisson noise whose variance in the log
// image is 1/quanta (so it scales as 1/dose), the recursive filter's α/(2 − α) variance, the
// scatter-to-primary ratio of a uniform slab, the dose-rate control reaching its target, and dose
// figures that follow field area, pulse rate and the regulatory limit.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/imaging/dose_meter.h"
#include "core/imaging/fluoro_chain.h"
#include "core/imaging/materials.h"
#include "core/util/data_paths.h"

using namespace angiosim;

namespace {

const CArmSpec& shipped_c_arm() {
  static const CArmSpec spec = load_c_arm_file(data_path("models/c_arm.json"));
  return spec;
}

ProjectionGeometry small_view(int pixels = 96) { return make_projection(shipped_c_arm(), CArmPose{}, pixels); }

PulseSettings plain(const char* mode, double pps = 15) {
  PulseSettings s;
  s.mode = *shipped_c_arm().imaging.find_mode(mode);
  s.pulse_rate = pps;
  s.edge_enhancement = 0;
  return s;
}

// Mean and variance of the log image over its central half.
void stats(const FloatImage& im, double* mean, double* variance) {
  double n = 0, s = 0, s2 = 0;
  for (int j = im.height / 4; j < 3 * im.height / 4; ++j)
    for (int i = im.width / 4; i < 3 * im.width / 4; ++i) {
      s += im.at(i, j);
      s2 += double(im.at(i, j)) * im.at(i, j);
      ++n;
    }
  *mean = s / n;
  *variance = s2 / n - (s / n) * (s / n);
}

// Detected transmission of a uniform slab of `cm` of soft tissue through the shipped beam.
double slab_transmission(double cm) {
  static const MaterialLibrary lib = MaterialLibrary::load_file(data_path("models/materials.json"));
  static const AttenuationTable table =
      AttenuationTable::for_system(lib, shipped_c_arm().imaging, shipped_c_arm().imaging.tube.kvp);
  std::array<float, kMaxBasisMaterials> areal{};
  for (int m = 0; m < kMaxBasisMaterials; ++m) areal[m] = float(lib.composition("soft_tissue", "t").density_g_cm3[m] * cm);
  return table.transmission(areal.data(), kMaxBasisMaterials);
}

double quanta_per_pixel(double detector_uGy, const ProjectionGeometry& g) {
  const CArmSpec& c = shipped_c_arm();
  const XraySpectrum behind = XraySpectrum::tungsten(c.imaging.tube.kvp, c.imaging.tube.filtration).hardened("H2O", 1.0, 200);
  return detector_uGy * detected_quanta_per_mm2_per_uGy(behind, c.imaging.detector) * g.pixel_pitch_mm * g.pixel_pitch_mm;
}

}  // namespace

TEST_CASE("quantum noise: the log image's variance is 1/quanta and scales as 1/dose") {
  const ProjectionGeometry g = small_view();
  const std::vector<float> flat(size_t(g.width) * g.height, 0.02f);
  double variance_low = 0, variance_high = 0;
  for (const char* mode : {"fluoro_low", "fluoro_high"}) {
    FluoroChain chain(shipped_c_arm(), 1);
    PulseSettings s = plain(mode);
    s.mode.recursive_filter = 1;  // each frame on its own
    const ChainImage im = chain.pulse(flat, g, s);
    double mean, variance;
    stats(im.log_image, &mean, &variance);
    const double quanta = quanta_per_pixel(1e-3 * s.mode.detector_nGy_per_pulse, g);
    CAPTURE(mode);
    CHECK(std::abs(mean) < 0.02);  // the control put the target dose on the detector
    CHECK(variance == doctest::Approx(1.0 / quanta).epsilon(0.12));
    (std::string(mode) == "fluoro_low" ? variance_low : variance_high) = variance;
  }
  CHECK(variance_low / variance_high == doctest::Approx(60.0 / 15.0).epsilon(0.15));
}

TEST_CASE("the recursive filter cuts a still scene's noise variance to α/(2 − α)") {
  const ProjectionGeometry g = small_view();
  const std::vector<float> flat(size_t(g.width) * g.height, 0.02f);
  FluoroChain raw(shipped_c_arm(), 2), filtered(shipped_c_arm(), 2);
  PulseSettings one = plain("fluoro_normal"), recursive = plain("fluoro_normal");
  one.mode.recursive_filter = 1;
  recursive.mode.recursive_filter = 0.25;
  double v_raw = 0, v_filtered = 0, m;
  for (int k = 0; k < 40; ++k) {
    const ChainImage a = raw.pulse(flat, g, one), b = filtered.pulse(flat, g, recursive);
    if (k >= 20) {  // the filter's memory (~1/α pulses) has filled
      double v;
      stats(a.log_image, &m, &v);
      v_raw += v;
      stats(b.log_image, &m, &v);
      v_filtered += v;
    }
  }
  CHECK(v_filtered / v_raw == doctest::Approx(0.25 / 1.75).epsilon(0.12));
}

TEST_CASE("a uniform slab scatters S/P = a·ln(1/P) and the control puts the target dose on the detector") {
  const ProjectionGeometry g = small_view();
  const CArmSpec& c = shipped_c_arm();
  const double p = slab_transmission(20);
  const std::vector<float> slab(size_t(g.width) * g.height, float(p));
  FluoroChain chain(c, 3);
  const ChainImage im = chain.pulse(slab, g, plain("fluoro_normal"));
  const double spr = c.imaging.scatter.amplitude * std::log(1 / p);
  const double target_uGy = 0.030;  // fluoro_normal at 15 pps
  CHECK(im.exposure.detector_uGy == doctest::Approx(target_uGy).epsilon(1e-4));
  CHECK(im.exposure.tube_output_uGy ==
        doctest::Approx(target_uGy / (c.imaging.scatter.grid_primary_transmission * p * (1 + spr))).epsilon(1e-3));
  CHECK(spr > 0.5);  // behind a grid a pelvis-thick slab scatters about as much as it transmits
  CHECK(spr < 1.2);
}

TEST_CASE("normal fluoroscopy of a 20 cm patient gives a clinical air-kerma rate; a thick one meets the limit") {
  const ProjectionGeometry g = small_view();
  FluoroChain chain(shipped_c_arm(), 4);
  const std::vector<float> slab(size_t(g.width) * g.height, float(slab_transmission(20)));
  const ChainImage im = chain.pulse(slab, g, plain("fluoro_normal", 15));
  const double rate = im.exposure.reference_air_kerma_mGy * 15 * 60;
  // xray.md: abdominal skin dose rates 10-45 mGy/min in practice (skin doses add backscatter and
  // real pelvises attenuate more than 20 cm of tissue); normal fluoro well under 88.
  CHECK(rate > 5);
  CHECK(rate < 45);
  CHECK_FALSE(im.exposure.limited);

  FluoroChain thick(shipped_c_arm(), 4);
  const std::vector<float> heavy(size_t(g.width) * g.height, float(slab_transmission(40)));
  const ChainImage capped = thick.pulse(heavy, g, plain("fluoro_normal", 15));
  CHECK(capped.exposure.limited);
  CHECK(capped.exposure.reference_air_kerma_mGy * 15 * 60 == doctest::Approx(88).epsilon(1e-6));
  CHECK(capped.exposure.detector_uGy < 0.030);  // the image is darker (noisier) instead
  // An acquisition is not held to the fluoroscopy limit.
  FluoroChain dsa(shipped_c_arm(), 4);
  CHECK_FALSE(dsa.pulse(heavy, g, plain("dsa", 3)).exposure.limited);
}

TEST_CASE("dose follows the pulse rate as the reference table says, and the field area") {
  const ProjectionGeometry g = small_view();
  const std::vector<float> slab(size_t(g.width) * g.height, float(slab_transmission(20)));
  auto rate_at = [&](double pps) {
    FluoroChain chain(shipped_c_arm(), 5);
    return chain.pulse(slab, g, plain("fluoro_normal", pps)).exposure.reference_air_kerma_mGy * pps * 60;
  };
  // xray.md (AJR 2014): against continuous (30 pps) fluoroscopy, 12 pps gives ≤ 49 %, 6 pps 40 %,
  // 3 pps 20 % of the dose rate.
  CHECK(rate_at(12) / rate_at(30) == doctest::Approx(0.49).epsilon(0.01));
  CHECK(rate_at(6) / rate_at(30) == doctest::Approx(0.40).epsilon(0.01));
  CHECK(rate_at(3) / rate_at(30) == doctest::Approx(0.20).epsilon(0.01));

  FluoroChain open(shipped_c_arm(), 6), collimated(shipped_c_arm(), 6);
  PulseSettings narrow = plain("fluoro_normal");
  narrow.collimation.left = narrow.collimation.right = 0.25;
  const PulseExposure a = open.pulse(slab, g, plain("fluoro_normal")).exposure;
  const PulseExposure b = collimated.pulse(slab, g, narrow).exposure;
  CHECK(b.field_area_cm2 / a.field_area_cm2 == doctest::Approx(0.5).epsilon(0.03));
  // Less irradiated tissue, less scatter: the control raises the output a little, the KAP still falls.
  CHECK(b.tube_output_uGy > a.tube_output_uGy);
  CHECK(b.kerma_area_product_Gy_cm2 < 0.6 * a.kerma_area_product_Gy_cm2);
  CHECK(a.kerma_area_product_Gy_cm2 == doctest::Approx(1e-6 * a.tube_output_uGy * a.field_area_cm2));
}

TEST_CASE("collimated parts of the image get only scatter and show dark") {
  const ProjectionGeometry g = small_view();
  const std::vector<float> slab(size_t(g.width) * g.height, float(slab_transmission(20)));
  FluoroChain chain(shipped_c_arm(), 7);
  PulseSettings s = plain("fluoro_normal");
  s.collimation.left = 0.3;
  const ChainImage im = chain.pulse(slab, g, s);
  const int row = g.height / 2;
  CHECK(im.gray[size_t(row) * g.width + 5] < 10);            // under the left shutter
  CHECK(im.gray[size_t(row) * g.width + g.width / 2] > 60);  // in the field
}

TEST_CASE("the dose meter adds pulses and fluoroscopy time") {
  DoseMeter meter;
  PulseExposure e;
  e.reference_air_kerma_mGy = 0.02;
  e.kerma_area_product_Gy_cm2 = 0.004;
  for (int k = 0; k < 15; ++k) meter.add_pulse(e, 15);
  meter.add_fluoroscopy_time(1.0);
  CHECK(meter.fluoro_time_s() == doctest::Approx(1.0));
  CHECK(meter.air_kerma_rate_mGy_min() == doctest::Approx(0.02 * 15 * 60));
  for (int k = 0; k < 6; ++k) meter.add_pulse(e, 3);
  CHECK(meter.fluoro_time_s() == doctest::Approx(1.0));
  CHECK(meter.reference_air_kerma_mGy() == doctest::Approx(21 * 0.02));
  CHECK(meter.kerma_area_product_Gy_cm2() == doctest::Approx(21 * 0.004));
  meter.beam_off();
  CHECK(meter.air_kerma_rate_mGy_min() == 0);
}

TEST_CASE("the same seed gives the same noisy image") {
  const ProjectionGeometry g = small_view(48);
  const std::vector<float> slab(size_t(g.width) * g.height, 0.01f);
  FluoroChain a(shipped_c_arm(), 9), b(shipped_c_arm(), 9), c(shipped_c_arm(), 10);
  const ChainImage x = a.pulse(slab, g, plain("fluoro_normal")), y = b.pulse(slab, g, plain("fluoro_normal"));
  CHECK(x.log_image.data == y.log_image.data);
  CHECK(c.pulse(slab, g, plain("fluoro_normal")).log_image.data != x.log_image.data);
}

TEST_CASE("raising the detector (longer SID) costs patient dose by the inverse square law") {
  std::vector<double> kerma;
  for (double sid : {1000.0, 1200.0}) {
    CArmPose pose;
    pose.sid_mm = sid;
    const ProjectionGeometry g = make_projection(shipped_c_arm(), pose, 96);
    const std::vector<float> slab(size_t(g.width) * g.height, float(slab_transmission(20)));
    FluoroChain chain(shipped_c_arm(), 8);
    kerma.push_back(chain.pulse(slab, g, plain("fluoro_normal")).exposure.reference_air_kerma_mGy);
  }
  // The same dose at the detector needs (1200/1000)² more at the reference point.
  CHECK(kerma[1] / kerma[0] == doctest::Approx(1.44).epsilon(1e-6));
}

TEST_CASE("a magnification field raises the detector dose per pulse as (detector / field)^k, and the noise per pixel") {
  const CArmSpec& c = shipped_c_arm();
  std::vector<double> detector, variance;
  for (double field : {0.0, 22.0}) {
    CArmPose pose;
    pose.field_cm = field;
    const ProjectionGeometry g = make_projection(c, pose, 96);
    const std::vector<float> slab(size_t(g.width) * g.height, float(slab_transmission(20)));
    FluoroChain chain(c, 9);
    PulseSettings s = plain("fluoro_normal");
    s.mode.recursive_filter = 1;
    const ChainImage im = chain.pulse(slab, g, s);
    detector.push_back(im.exposure.detector_uGy);
    double mean, v;
    stats(im.log_image, &mean, &v);
    variance.push_back(v);
  }
  const double edge_ratio = c.detector_size_mm / (220 / std::sqrt(2.0));
  CHECK(detector[1] / detector[0] == doctest::Approx(std::pow(edge_ratio, c.imaging.detector.field_dose_exponent)).epsilon(1e-6));
  // Pixel area shrinks as edge², the dose rises as edge¹: each pixel gets 1/edge_ratio the quanta.
  CHECK(variance[1] / variance[0] == doctest::Approx(edge_ratio).epsilon(0.15));
}

TEST_CASE("the monitor's S-curve: the window spans 8-92 % of gray, beyond it tones fade without clipping") {
  const DisplayWindow w{1.0, 3.0};
  const std::vector<float> l{0.0f, 0.5f, 1.0f, 2.0f, 3.0f, 3.5f, 4.0f, 10.0f};
  const std::vector<uint8_t> g = monitor_gray(l, w);
  CHECK(g[2] == doctest::Approx(255 * (0.5 + 0.5 * std::tanh(1.25))).epsilon(0.01));  // window's bright end: ~92 %
  CHECK(g[3] == 128);                                                                 // its middle: mid-gray
  CHECK(g[4] == doctest::Approx(255 * (0.5 - 0.5 * std::tanh(1.25))).epsilon(0.05));  // its dark end: ~8 %
  for (size_t k = 1; k < g.size(); ++k) CHECK(g[k] <= g[k - 1]);                      // more attenuation, darker
  CHECK(g[0] > g[1]);  // past the bright end still a gradient, not a clip
  CHECK(g[5] > g[6]);  // past the dark end likewise
  CHECK(g[7] == 0);    // far beyond: black
}

TEST_CASE("the monitor's tabulated S-curve gives the formula's gray level at every log value") {
  // The formula written out independently: 255·(½ − ½·tanh(2.5·(x − ½))) rounded, x the position
  // in the window. A sweep across and far beyond it, fine enough to land beside every level edge.
  const DisplayWindow w{-0.7, 1.9};
  std::vector<float> l;
  for (int n = 0; n <= 2'000'000; ++n) l.push_back(float(-12.0 + 24.0 * n / 2'000'000));
  l.push_back(std::numeric_limits<float>::infinity());
  l.push_back(-std::numeric_limits<float>::infinity());
  const std::vector<uint8_t> g = monitor_gray(l, w);
  int mismatches = 0, levels_seen = 0;
  for (size_t k = 0; k + 2 < l.size(); ++k) {
    const float x = (l[k] - float(w.low)) * float(1.0 / (w.high - w.low));
    const float expected = std::clamp(255.f * (0.5f - 0.5f * std::tanh(2.5f * (x - 0.5f))) + 0.5f, 0.f, 255.f);
    mismatches += g[k] != uint8_t(expected);
    levels_seen += k > 0 && g[k] != g[k - 1];
  }
  CHECK(mismatches == 0);
  CHECK(levels_seen == 255);  // every step from white to black, none skipped or repeated
  CHECK(g[l.size() - 2] == 0);
  CHECK(g[l.size() - 1] == 255);
}
