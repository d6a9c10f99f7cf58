#pragma once
// The imaging side of the C-arm (models/c_arm.json): tube and filtration, the flat-panel
// detector, the anti-scatter grid and scatter, the exposure modes and their detector doses.
// Numbers and sources in docs/imaging.md; the reference values are in shared/reference/xray.md.
#include <string>
#include <utility>
#include <vector>

#include "core/imaging/xray_spectrum.h"

namespace angiosim {

struct TubeSpec {
  double kvp = 75;
  BeamFiltration filtration{2.5, 0.1};
  int spectrum_bins = 12;
  double focal_spot_mm = 0.6;  // nominal focal spot (fluoroscopy uses the small one)
};

struct DetectorSpec {
  std::string scintillator = "CsI";     // xraylib material of the converter layer
  double scintillator_g_cm2 = 0.2255;   // areal density (600 µm CsI at 75 % packing ≈ 0.5 mm solid)
  double line_spread_mm = 0.25;         // Gaussian σ of the light spread in the scintillator
  std::vector<double> fields_cm{48, 42, 32, 22, 16};  // magnification fields: diagonal (cm)
  // A smaller field spreads the same matrix over less detector, so each pixel catches fewer
  // quanta; the dose per pulse rises as (whole detector / field edge)^k to make up part of it.
  // Image intensifiers: k = 2 (their gain falls with the input area, NRPB 1988); flat panels are
  // programmed lower.
  double field_dose_exponent = 1.0;
};

// Scatter reaching the detector behind the grid, as a blurred fraction of the primary
// (Ohnesorge et al., Eur Radiol 9:563, 1999): S = amplitude · G_σ ∗ (P · ln(1/P)).
struct ScatterSpec {
  double grid_primary_transmission = 0.7;  // the grid also absorbs part of the primary
  double amplitude = 0.15;
  double kernel_mm = 60;  // σ of the scatter kernel at the detector
};

// One exposure mode: how much dose each pulse leaves at the detector, and how the image is filtered.
struct ExposureModeSpec {
  std::string name;                   // fluoro_low, fluoro_normal, fluoro_high, cine, dsa
  std::string label;                  // as the console shows it
  double detector_nGy_per_pulse = 30; // at the reference pulse rate (see pulse_dose_factor)
  double recursive_filter = 1.0;      // weight α of the newest frame (1: no temporal filter)
  double default_pulse_rate = 15;
  bool acquisition = false;           // cine/DSA: frames are recorded, not just shown
};

struct ImagingSystemSpec {
  TubeSpec tube;
  DetectorSpec detector;
  ScatterSpec scatter;
  std::vector<ExposureModeSpec> modes;
  std::vector<double> pulse_rates{3.75, 7.5, 15, 30};
  // Per-pulse dose multiplier against the pulse rate (pps, factor): lower rates get more dose per
  // pulse, so the dose *rate* falls less than the pulse rate. Any scale; used relative to 15 pps.
  std::vector<std::pair<double, double>> pulse_dose_factor{{3, 2.0}, {6, 2.0}, {12, 1.225}, {30, 1.0}};
  static constexpr double kReferencePulseRate = 15;  // modes' detector doses are stated at this rate
  double max_air_kerma_rate_mGy_min = 88;  // regulatory limit at the reference point, normal fluoro

  const ExposureModeSpec* find_mode(const std::string& name) const;
  // The per-pulse dose at `pps` relative to the reference rate, from pulse_dose_factor
  // interpolated in log(pps) and held beyond the table.
  double dose_factor(double pps) const;
};

class JsonReader;
// Reads the imaging members of a C-arm file (throws InputError naming the field).
ImagingSystemSpec read_imaging_system(const JsonReader& c_arm);

}  // namespace angiosim
