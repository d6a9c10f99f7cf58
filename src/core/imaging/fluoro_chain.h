#pragma once
// The imaging chain of a flat-panel fluoroscopy system, one X-ray pulse at a time: from the
// primary transmission the projector computes to the image on the monitor.
//   1. collimation   shutters (and an optional round iris) stop the beam outside the field
//   2. scatter       S = a · G_σ ∗ (P·ln(1/P)) behind the grid (Ohnesorge et al. 1999)
//   3. blur          focal spot (f·(M − 1)) and scintillator light spread, Gaussian
//   4. exposure      automatic dose-rate control sets the tube output so the central field
//                    receives the mode's detector dose; quanta per pixel follow from it
//   5. noise         Poisson counts of the detected quanta (seeded, deterministic)
//   6. log           L = −ln(signal / target): 0 where the detector got its target dose
//   7. temporal      recursive filter y = α·x + (1 − α)·y_prev in fluoroscopy modes
//   8. edges         unsharp mask L + k·(L − G ∗ L)
//   9. display       window/level (automatic from the field, or set by hand): high attenuation dark
// Numbers and sources: docs/imaging.md, models/c_arm.json.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/imaging/c_arm.h"
#include "core/imaging/image_chain.h"
#include "core/imaging/image_filters.h"
#include "core/util/rng.h"

namespace angiosim {

// Collimator shutters as the fraction of the field's edge each one covers, and the iris.
struct Collimation {
  double left = 0, right = 0, top = 0, bottom = 0;  // 0 (open) .. 0.45
  bool round = false;                                 // circular field, as an image intensifier's
};

struct PulseSettings {
  ExposureModeSpec mode;
  double pulse_rate = 15;            // pulses per second
  Collimation collimation;
  double edge_enhancement = 0.6;     // unsharp-mask gain k
  std::optional<DisplayWindow> window;  // by hand; automatic when empty
  // Keep the tube output of the last pulse (a DSA run locks its exposure after the first frame,
  // so every frame subtracts from the mask with the same technique).
  bool hold_exposure = false;
};

// What one pulse delivered (air kerma free in air, no backscatter, as a console reports it).
struct PulseExposure {
  double detector_uGy = 0;             // mean air kerma reaching the detector in the central field
  double tube_output_uGy = 0;          // at the detector plane without patient or grid
  double reference_air_kerma_mGy = 0;  // at the interventional reference point
  double kerma_area_product_Gy_cm2 = 0;
  double field_area_cm2 = 0;           // irradiated area at the detector
  bool limited = false;                // the air-kerma-rate limit capped the tube output
};

struct ChainImage {
  FloatImage log_image;  // L per pixel: 0 at the target dose, higher where more attenuating
  std::vector<uint8_t> gray;  // the monitor, row 0 at the top
  DisplayWindow window;
  PulseExposure exposure;
};

class FluoroChain {
 public:
  FluoroChain(const CArmSpec& spec, uint64_t seed);

  // One pulse. `primary` is the detected-signal transmission per pixel (AttenuationTable over the
  // projector's areal densities) for geometry `g`.
  ChainImage pulse(const std::vector<float>& primary, const ProjectionGeometry& g, const PulseSettings& settings);

  // Forget the recursive filter's history (a new view: C-arm moved, table panned, mode changed).
  void reset_history();
  // The tube output the dose-rate control holds (µGy per pulse at the detector plane, no patient).
  double tube_output_uGy() const { return tube_output_uGy_; }
  const Rng& rng() const { return rng_; }

 private:
  const CArmSpec& spec_;
  Rng rng_;
  double quanta_per_mm2_per_uGy_;  // behind a typical patient (20 cm of water)
  double tube_output_uGy_ = 0;     // 0 until the first pulse measures the patient
  double last_target_uGy_ = 0;     // the detector dose the output was set for
  FloatImage history_;
  std::optional<DisplayWindow> auto_window_;
  // The collimation's mask and the central field's pixels, kept while the field and shutters stay.
  struct Field {
    int width = 0, height = 0;
    Collimation collimation;
    FloatImage mask;
    double open_pixels = 0;
    std::vector<size_t> central;  // open pixels in the dose-rate control's disc
  } field_;
  const Field& field(int width, int height, const Collimation& c);
  // Scratch, reused pulse to pulse (fresh images would be mapped and faulted in every pulse).
  FloatImage primary_, scatter_source_, signal_, scatter_, blurred_signal_, enhanced_;
  BlurBuffers blur_buffers_;
};

// Distance from the focal spot to the interventional reference point: 15 cm from the isocentre
// toward the source (IEC 60601-2-43).
double reference_point_distance_mm(const CArmSpec& spec);

// The monitor's gray for a log image through a window: a soft S-curve, high attenuation dark.
std::vector<uint8_t> monitor_gray(const std::vector<float>& log_image, const DisplayWindow& window);

// Which pixels the collimated beam reaches (1) and which it does not (0).
FloatImage collimation_mask(int width, int height, const Collimation& c);

}  // namespace angiosim
