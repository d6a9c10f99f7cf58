#pragma once
// From areal densities to the picture on the monitor (the first, noise-free stage of the imaging
// chain; dose, quantum noise, blur and filters come with the full chain).
//   transmission  T = Σ_E w(E) · exp(−Σ_m (μ/ρ)_m(E) · ρL_m) / Σ_E w(E)   (Beer–Lambert per bin)
//   log signal    P = −ln T  (the line integral; what a log-amplified detector shows)
//   display       gray = 1 − (P − P_low) / (P_high − P_low), clamped: high attenuation dark.
#include <array>
#include <cstdint>
#include <vector>

#include "core/imaging/channel_image.h"
#include "core/imaging/imaging_system.h"
#include "core/imaging/materials.h"
#include "core/imaging/xray_spectrum.h"

namespace angiosim {

// μ/ρ of each basis material at each energy bin, precomputed from xraylib.
struct AttenuationTable {
  std::vector<SpectrumBin> bins;
  std::vector<std::array<double, kMaxBasisMaterials>> mass_attenuation_cm2_g;  // [bin][basis]

  static AttenuationTable build(const MaterialLibrary& materials, std::vector<SpectrumBin> bins);
  // The system's beam at `kvp` as its detector records it: each bin weighted by the energy the
  // scintillator absorbs (an energy-integrating flat panel), so T is the detected signal's fraction.
  static AttenuationTable for_system(const MaterialLibrary& materials, const ImagingSystemSpec& system, double kvp);
  // Primary transmission for one pixel's areal densities (g/cm²).
  double transmission(const float* areal_g_cm2, int channels) const;
};

// Fraction of photons of energy E the detector's scintillator absorbs.
double detector_absorption(const DetectorSpec& detector, double energy_keV);
// Noise-equivalent quanta the detector records per mm² per µGy of air kerma of `beam`: the
// absorbed photons, reduced by the spread of their energies (an energy-integrating detector
// weights each photon by its energy: NEQ = (Σ n·E)² / Σ n·E², Swank's factor for a spectrum).
double detected_quanta_per_mm2_per_uGy(const XraySpectrum& beam, const DetectorSpec& detector);

// Primary transmission T for every pixel.
std::vector<float> transmission(const ChannelImage& image, const AttenuationTable& table);

// P = −ln T for every pixel.
std::vector<float> log_signal(const ChannelImage& image, const AttenuationTable& table);

// Display window on the log signal: P_low maps to white, P_high to black.
struct DisplayWindow {
  double low = 0;
  double high = 1;
};

// Automatic window: the given percentiles of the log signal (an automatic brightness stand-in).
DisplayWindow auto_window(const std::vector<float>& log_signal, double low_percentile = 0.5,
                          double high_percentile = 99.5);

std::vector<uint8_t> to_display_gray(const std::vector<float>& log_signal, const DisplayWindow& w);

}  // namespace angiosim
