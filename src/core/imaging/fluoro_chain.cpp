#include "core/imaging/fluoro_chain.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <array>
#include <cmath>

#include "core/util/parallel.h"
#include "core/util/poisson.h"

namespace angiosim {

namespace {

// The dose-rate control's loop gain per pulse: it moves the output this far (in log) toward the
// correction a pulse measures, so a bolus or a pan brightens or darkens the image over a few pulses.
constexpr double kAbcGain = 0.5;
// The control measures the central part of the field: a disc of this fraction of the field's edge.
constexpr double kAbcFieldFraction = 0.5;
// The automatic window spans the central field's 1-99 % range widened by this fraction each side
// (lateral soft tissue then stays gray rather than burning out).
constexpr double kWindowMargin = 0.35;
// Steepness of the monitor's S-curve across the window (2.5: the window covers 8-92 % of gray).
constexpr float kDisplayContrast = 2.5f;
// Quantum noise is drawn in blocks of this many rows, each with its own generator.
constexpr int kNoiseBlockRows = 16;
// Edge enhancement works on structures of about this size at the detector.
constexpr double kEdgeScale_mm = 1.5;

bool in_abc_field(int i, int j, int w, int h) {
  const double x = (i + 0.5) / w - 0.5, y = (j + 0.5) / h - 0.5;
  return x * x + y * y <= 0.25 * kAbcFieldFraction * kAbcFieldFraction;
}

// ln(max(k, ½)) of a photon count, tabulated for the counts a pixel sees (a log per pixel was a
// fifth of the chain's time).
float log_count(int64_t k) {
  static const std::vector<float> table = [] {
    std::vector<float> t(1 << 16);
    t[0] = std::log(0.5f);
    for (size_t i = 1; i < t.size(); ++i) t[i] = float(std::log(double(i)));
    return t;
  }();
  return k < int64_t(table.size()) ? table[size_t(std::max<int64_t>(k, 0))] : float(std::log(double(k)));
}

}  // namespace

namespace {

// The monitor's S-curve at x (0 at the window's bright end, 1 at its dark end): a soft tanh rather
// than a hard clip, so the window spans ~8–92 % of the gray scale and beyond it thin and thick
// parts fade toward white and black keeping their gradients, as a monitor's display curve does
// (what lies outside the body still burns out).
uint8_t s_curve_gray(float x) {
  const float g = 0.5f - 0.5f * std::tanh(kDisplayContrast * (x - 0.5f));
  return static_cast<uint8_t>(std::clamp(255.f * g + 0.5f, 0.f, 255.f));
}

// The S-curve tabulated in cells across the span where it is not saturated (beyond it the curve
// is 255 or 0): a cell whose neighbourhood rounds to one gray level throughout gives that level
// (the curve is monotonic); the few cells that straddle a level's edge compute it. The same
// bytes as the formula at a lookup's cost (a tanh per pixel was a third of the chain's time).
class SCurveTable {
 public:
  static constexpr float kFirst = -1.5f, kLast = 2.5f;  // s_curve_gray is 255 at kFirst, 0 at kLast
  static constexpr int kCells = 16384;

  SCurveTable() {
    std::vector<uint8_t> edge(kCells + 1);
    for (int c = 0; c <= kCells; ++c) edge[size_t(c)] = s_curve_gray(kFirst + c * kCellWidth);
    // One cell of margin each side absorbs the rounding in a pixel's cell index.
    for (int c = 0; c < kCells; ++c) {
      const uint8_t left = edge[size_t(std::max(c - 1, 0))], right = edge[size_t(std::min(c + 2, kCells))];
      level_[size_t(c)] = left == right ? int16_t(left) : int16_t(-1);
    }
  }

  uint8_t operator()(float x) const {
    const float u = (x - kFirst) * (1 / kCellWidth);
    if (u >= kCells) return 0;
    if (!(u >= 0)) return 255;
    const int16_t level = level_[size_t(u)];
    return level >= 0 ? uint8_t(level) : s_curve_gray(x);
  }

 private:
  static constexpr float kCellWidth = (kLast - kFirst) / kCells;
  std::array<int16_t, kCells> level_{};
};

}  // namespace

std::vector<uint8_t> monitor_gray(const std::vector<float>& log_image, const DisplayWindow& w) {
  static const SCurveTable s_curve;
  std::vector<uint8_t> gray(log_image.size());
  const float low = float(w.low), scale = float(1.0 / (w.high - w.low));
  parallel_elements(log_image.size(), [&](size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) gray[k] = s_curve((log_image[k] - low) * scale);
  });
  return gray;
}

double reference_point_distance_mm(const CArmSpec& spec) { return spec.source_to_isocenter_mm - 150.0; }

FloatImage collimation_mask(int width, int height, const Collimation& c) {
  FloatImage mask(width, height, 0.f);
  const double l = std::clamp(c.left, 0.0, 0.45), r = std::clamp(c.right, 0.0, 0.45);
  const double t = std::clamp(c.top, 0.0, 0.45), b = std::clamp(c.bottom, 0.0, 0.45);
  for (int j = 0; j < height; ++j)
    for (int i = 0; i < width; ++i) {
      const double x = (i + 0.5) / width, y = (j + 0.5) / height;
      bool open = x >= l && x <= 1 - r && y >= t && y <= 1 - b;
      if (c.round) open = open && (x - 0.5) * (x - 0.5) + (y - 0.5) * (y - 0.5) <= 0.25;
      mask.at(i, j) = open ? 1.f : 0.f;
    }
  return mask;
}

FluoroChain::FluoroChain(const CArmSpec& spec, uint64_t seed) : spec_(spec), rng_(seed) {
  const XraySpectrum behind_patient =
      XraySpectrum::tungsten(spec.imaging.tube.kvp, spec.imaging.tube.filtration).hardened("H2O", 1.0, 200);
  quanta_per_mm2_per_uGy_ = detected_quanta_per_mm2_per_uGy(behind_patient, spec.imaging.detector);
}

const FluoroChain::Field& FluoroChain::field(int w, int h, const Collimation& c) {
  const Collimation& o = field_.collimation;
  if (field_.width == w && field_.height == h && o.left == c.left && o.right == c.right && o.top == c.top &&
      o.bottom == c.bottom && o.round == c.round)
    return field_;
  field_.width = w;
  field_.height = h;
  field_.collimation = c;
  field_.mask = collimation_mask(w, h, c);
  field_.open_pixels = 0;
  field_.central.clear();
  for (int j = 0; j < h; ++j)
    for (int i = 0; i < w; ++i) {
      const size_t k = size_t(j) * size_t(w) + size_t(i);
      field_.open_pixels += field_.mask.data[k];
      if (field_.mask.data[k] > 0 && in_abc_field(i, j, w, h)) field_.central.push_back(k);
    }
  return field_;
}

void FluoroChain::reset_history() {
  history_ = FloatImage();
  auto_window_.reset();
}

ChainImage FluoroChain::pulse(const std::vector<float>& primary, const ProjectionGeometry& g,
                              const PulseSettings& settings) {
  const int w = g.width, h = g.height;
  const ImagingSystemSpec& sys = spec_.imaging;
  ChainImage out;

  // 1–2. Collimated primary, and the scatter it raises.
  const Field& f = field(w, h, settings.collimation);
  const FloatImage& mask = f.mask;
  const double open_pixels = f.open_pixels;
  for (FloatImage* image : {&primary_, &scatter_source_, &signal_})
    if (image->width != w || image->height != h) *image = FloatImage(w, h);
  FloatImage& p = primary_;
  parallel_rows(h, kNoiseBlockRows, [&](int, int begin, int end) {
    for (size_t k = size_t(begin) * size_t(w); k < size_t(end) * size_t(w); ++k) {
      const float t = std::clamp(primary[k], 1e-12f, 1.f) * mask.data[k];
      p.data[k] = t;
      scatter_source_.data[k] = t > 0 ? t * -std::log(t) : 0.f;
    }
  });
  const double pitch = g.pixel_pitch_mm;
  wide_gaussian_blur(scatter_source_, sys.scatter.kernel_mm / pitch, scatter_, blur_buffers_);
  const FloatImage& scatter = scatter_;

  // 3. Blur: the focal spot's penumbra at the isocentre's magnification, and the light spread.
  const double sid_mm = glm::dot(g.detector_center_mm - g.source_mm, g.w);
  const double magnification = sid_mm / spec_.source_to_isocenter_mm;
  const double focal_sigma_mm = sys.tube.focal_spot_mm * (magnification - 1) / 2.355;
  const double blur_mm = std::hypot(focal_sigma_mm, sys.detector.line_spread_mm);
  const float scatter_amplitude = float(sys.scatter.amplitude);
  parallel_elements(signal_.data.size(), [&](size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) signal_.data[k] = p.data[k] + scatter_amplitude * scatter.data[k];
  });
  gaussian_blur(signal_, blur_mm / pitch, blurred_signal_, blur_buffers_);
  const FloatImage& signal = blurred_signal_;

  // 4. Automatic dose-rate control: the mean signal in the central field against the target.
  const double field_edge_mm = g.pixel_pitch_mm * g.width;
  const double field_factor = std::pow(std::max(1.0, spec_.detector_size_mm / field_edge_mm), sys.detector.field_dose_exponent);
  const double target_uGy =
      1e-3 * settings.mode.detector_nGy_per_pulse * sys.dose_factor(settings.pulse_rate) * field_factor;
  double central = 0;
  const double central_pixels = double(f.central.size());
  for (size_t k : f.central) central += signal.data[k];
  const double mean_signal = central_pixels > 0 ? central / central_pixels : 1.0;
  const double grid = sys.scatter.grid_primary_transmission;
  const double wanted = target_uGy / std::max(grid * mean_signal, 1e-9);
  // A new mode or pulse rate changes the target: the control scales the output with it at once,
  // then corrects what it measures. A held exposure stays as it was.
  if (tube_output_uGy_ > 0 && last_target_uGy_ > 0 && target_uGy != last_target_uGy_)
    tube_output_uGy_ *= target_uGy / last_target_uGy_;
  last_target_uGy_ = target_uGy;
  if (tube_output_uGy_ <= 0)
    tube_output_uGy_ = wanted;
  else if (!settings.hold_exposure)
    tube_output_uGy_ *= std::pow(wanted / tube_output_uGy_, kAbcGain);
  const double d_ref = reference_point_distance_mm(spec_);
  const double inverse_square = std::pow(sid_mm / d_ref, 2);
  // The air-kerma-rate limit at the reference point caps the output in fluoroscopy.
  if (!settings.mode.acquisition) {
    const double max_uGy = sys.max_air_kerma_rate_mGy_min * 1e3 / 60.0 / settings.pulse_rate / inverse_square;
    if (tube_output_uGy_ > max_uGy) {
      tube_output_uGy_ = max_uGy;
      out.exposure.limited = true;
    }
  }
  const double field_area_cm2 = open_pixels * pitch * pitch / 100.0;
  out.exposure.tube_output_uGy = tube_output_uGy_;
  out.exposure.detector_uGy = tube_output_uGy_ * grid * mean_signal;
  out.exposure.reference_air_kerma_mGy = 1e-3 * tube_output_uGy_ * inverse_square;
  out.exposure.kerma_area_product_Gy_cm2 = 1e-6 * tube_output_uGy_ * field_area_cm2;
  out.exposure.field_area_cm2 = field_area_cm2;

  // 5–7. Quanta, their Poisson noise, the log image relative to the target dose and the recursive
  // filter, in one pass over the pixels.
  const double quanta_open = tube_output_uGy_ * grid * quanta_per_mm2_per_uGy_ * pitch * pitch;
  const double quanta_target = target_uGy * quanta_per_mm2_per_uGy_ * pitch * pitch;
  // The recursive filter y = α·x + (1 − α)·y_prev in fluoroscopy (an acquisition keeps each frame
  // as it came); y is kept as the next pulse's y_prev.
  const double alpha = settings.mode.acquisition ? 1.0 : settings.mode.recursive_filter;
  const bool filtering = alpha < 1 && history_.width == w && history_.height == h;
  reshape(history_, w, h);
  const float a = float(alpha);
  // Rows in blocks, each with its own generator seeded from the chain's: the same noise however
  // many threads draw it.
  FloatImage log_image(w, h);
  const uint64_t pulse_seed = rng_.next_u64();
  parallel_rows(h, kNoiseBlockRows, [&](int block, int begin, int end) {
    Rng block_rng(pulse_seed ^ (0x9E3779B97F4A7C15ull * uint64_t(block + 1)));
    const float log_target = float(std::log(quanta_target));
    for (size_t k = size_t(begin) * size_t(w); k < size_t(end) * size_t(w); ++k) {
      const int64_t counted = sample_poisson(quanta_open * signal.data[k], block_rng);
      const float raw = log_target - log_count(counted);
      const float y = filtering ? a * raw + (1 - a) * history_.data[k] : raw;
      log_image.data[k] = y;
      history_.data[k] = y;
    }
  });

  // 8. Edge enhancement on the displayed copy; the log image stays linear for subtraction.
  const FloatImage* shown = &log_image;
  FloatImage& enhanced = enhanced_;
  if (settings.edge_enhancement > 0) {
    // A kernel of several pixels is blurred on a grid half as fine (a quarter of the work).
    const double edge_sigma_px = kEdgeScale_mm / pitch;
    coarse_gaussian_blur(log_image, edge_sigma_px, edge_sigma_px >= 3 ? 2 : 1, enhanced, blur_buffers_);
    const float gain = float(settings.edge_enhancement);
    parallel_elements(enhanced.data.size(), [&](size_t begin, size_t end) {
      for (size_t k = begin; k < end; ++k) {
        const float l = log_image.data[k];
        enhanced.data[k] = l + gain * (l - enhanced.data[k]);
      }
    });
    shown = &enhanced;
  }

  // 9. Window: by hand, or as the console's automatic display sets it: the range of the central
  // field the dose-rate control measures, with a margin, so anatomy fills the gray scale and
  // what lies outside the body burns out white. It eases in as the control eases the dose.
  DisplayWindow window;
  if (settings.window) {
    window = *settings.window;
  } else {
    // Percentiles of at most ~50,000 of the central pixels (evenly spread) are as good as all.
    std::vector<float> central_values;
    const size_t stride = std::max<size_t>(1, f.central.size() / 50000);
    central_values.reserve(f.central.size() / stride + 1);
    for (size_t n = 0; n < f.central.size(); n += stride) central_values.push_back(shown->data[f.central[n]]);
    DisplayWindow measured = auto_window(central_values, 1, 99);
    const double margin = kWindowMargin * (measured.high - measured.low);
    measured.low -= margin;
    measured.high += margin;
    if (auto_window_) {
      auto_window_->low += kAbcGain * (measured.low - auto_window_->low);
      auto_window_->high += kAbcGain * (measured.high - auto_window_->high);
    } else {
      auto_window_ = measured;
    }
    window = *auto_window_;
  }
  out.gray = monitor_gray(shown->data, window);
  if (settings.collimation.round)  // outside the iris the monitor is black
    parallel_elements(out.gray.size(), [&](size_t begin, size_t end) {
      for (size_t k = begin; k < end; ++k)
        if (mask.data[k] == 0) out.gray[k] = 0;
    });
  out.window = window;
  out.log_image = std::move(log_image);
  return out;
}

}  // namespace angiosim
