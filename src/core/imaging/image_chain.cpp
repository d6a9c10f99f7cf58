#include "core/imaging/image_chain.h"

#include <algorithm>
#include <cmath>

namespace angiosim {

AttenuationTable AttenuationTable::build(const MaterialLibrary& materials,
                                         std::vector<SpectrumBin> bins) {
  AttenuationTable t;
  t.bins = std::move(bins);
  for (const SpectrumBin& b : t.bins) {
    std::array<double, kMaxBasisMaterials> row{};
    for (size_t m = 0; m < materials.basis().size(); ++m)
      row[m] = materials.mass_attenuation_cm2_g(static_cast<int>(m), b.energy_keV);
    t.mass_attenuation_cm2_g.push_back(row);
  }
  return t;
}

AttenuationTable AttenuationTable::for_system(const MaterialLibrary& materials, const ImagingSystemSpec& system,
                                              double kvp) {
  const XraySpectrum beam = XraySpectrum::tungsten(kvp, system.tube.filtration);
  return build(materials, beam.bins(system.tube.spectrum_bins, [&](double e) {
    return e * detector_absorption(system.detector, e);
  }));
}

double detector_absorption(const DetectorSpec& detector, double energy_keV) {
  return 1.0 - std::exp(-xraylib_mass_attenuation_cm2_g(detector.scintillator, energy_keV) * detector.scintillator_g_cm2);
}

double detected_quanta_per_mm2_per_uGy(const XraySpectrum& beam, const DetectorSpec& detector) {
  double signal = 0, second_moment = 0;
  for (const SpectrumBin& l : beam.lines()) {
    const double absorbed = l.weight * detector_absorption(detector, l.energy_keV);
    signal += absorbed * l.energy_keV;
    second_moment += absorbed * l.energy_keV * l.energy_keV;
  }
  return second_moment > 0 ? signal * signal / second_moment : 0;
}

double AttenuationTable::transmission(const float* areal, int channels) const {
  double sum = 0, weights = 0;
  for (size_t b = 0; b < bins.size(); ++b) {
    double exponent = 0;
    for (int m = 0; m < channels; ++m) exponent += mass_attenuation_cm2_g[b][m] * areal[m];
    sum += bins[b].weight * std::exp(-exponent);
    weights += bins[b].weight;
  }
  return weights > 0 ? sum / weights : 1.0;
}

std::vector<float> transmission(const ChannelImage& image, const AttenuationTable& table) {
  std::vector<float> t(size_t(image.width) * image.height);
  for (int j = 0; j < image.height; ++j)
    for (int i = 0; i < image.width; ++i)
      t[size_t(j) * image.width + i] = static_cast<float>(table.transmission(image.pixel(i, j), image.channels));
  return t;
}

std::vector<float> log_signal(const ChannelImage& image, const AttenuationTable& table) {
  std::vector<float> p = transmission(image, table);
  for (float& v : p) v = static_cast<float>(-std::log(std::max(double(v), 1e-30)));
  return p;
}

DisplayWindow auto_window(const std::vector<float>& signal, double low_pct, double high_pct) {
  if (signal.empty()) return {};
  std::vector<float> values = signal;
  // Two order statistics, each found in linear time (no full sort).
  auto at = [&](double pct) {
    const size_t k = static_cast<size_t>(std::clamp(pct / 100.0, 0.0, 1.0) * double(values.size() - 1));
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(k), values.end());
    return static_cast<double>(values[k]);
  };
  DisplayWindow w{at(low_pct), at(high_pct)};
  if (w.high - w.low < 1e-3) w.high = w.low + 1e-3;
  return w;
}

std::vector<uint8_t> to_display_gray(const std::vector<float>& signal, const DisplayWindow& w) {
  std::vector<uint8_t> gray(signal.size());
  const float low = float(w.low), scale = float(255.0 / (w.high - w.low));
  for (size_t k = 0; k < signal.size(); ++k) {
    const float g = 255.f - (signal[k] - low) * scale;  // high attenuation dark
    gray[k] = static_cast<uint8_t>(std::clamp(g, 0.f, 255.f) + 0.5f);
  }
  return gray;
}

}  // namespace angiosim
