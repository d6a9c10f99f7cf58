#include "core/imaging/xray_spectrum.h"

#include <xraylib.h>

#include <cmath>

#include "core/util/input_error.h"

namespace angiosim {

namespace {

constexpr double kAluminiumDensity_g_cm3 = 2.699;
constexpr double kCopperDensity_g_cm3 = 8.96;
constexpr const char* kAir = "Air, Dry (near sea level)";
constexpr double kJoulePerKeV = 1.602176634e-16;

template <typename CrossSection>
double from_xraylib(CrossSection cross_section, const std::string& material, double energy_keV) {
  xrl_error* error = nullptr;
  const double value = cross_section(material.c_str(), energy_keV, &error);
  if (error) {
    const std::string message = error->message;
    xrl_error_free(error);
    throw InputError("xraylib: " + material + " at " + std::to_string(energy_keV) + " keV: " + message);
  }
  return value;
}

}  // namespace

double xraylib_mass_attenuation_cm2_g(const std::string& material, double energy_keV) {
  return from_xraylib(CS_Total_CP, material, energy_keV);
}

double xraylib_mass_energy_absorption_cm2_g(const std::string& material, double energy_keV) {
  return from_xraylib(CS_Energy_CP, material, energy_keV);
}

double air_kerma_uGy_per_photon_mm2(double energy_keV) {
  // K = Φ·E·(μ_en/ρ): photons/cm² × keV × cm²/g → keV/g; ×1000 g/kg and J/keV → Gy.
  const double photons_per_cm2 = 100.0;
  return photons_per_cm2 * energy_keV * xraylib_mass_energy_absorption_cm2_g(kAir, energy_keV) * 1000.0 *
         kJoulePerKeV * 1e6;
}

XraySpectrum XraySpectrum::tungsten(double kvp, const BeamFiltration& filtration) {
  if (!(kvp >= 20 && kvp <= 150)) throw InputError("X-ray tube: kVp " + std::to_string(kvp) + " out of range 20-150");
  XraySpectrum s;
  s.kvp_ = kvp;
  // 1 keV intervals [E − ½, E + ½) from 10 keV (the filtration leaves nothing below).
  for (double e = 10.5; e < kvp; e += 1.0) {
    const double bremsstrahlung = (kvp - e) / e;
    const double filter = xraylib_mass_attenuation_cm2_g("Al", e) * kAluminiumDensity_g_cm3 * 0.1 * filtration.aluminium_mm +
                          xraylib_mass_attenuation_cm2_g("Cu", e) * kCopperDensity_g_cm3 * 0.1 * filtration.copper_mm;
    s.lines_.push_back({e, bremsstrahlung * std::exp(-filter)});
  }
  s.normalise_to_one_uGy();
  return s;
}

void XraySpectrum::normalise_to_one_uGy() {
  double kerma = 0;
  for (const SpectrumBin& l : lines_) kerma += l.weight * air_kerma_uGy_per_photon_mm2(l.energy_keV);
  if (kerma > 0)
    for (SpectrumBin& l : lines_) l.weight /= kerma;
}

XraySpectrum XraySpectrum::hardened(const std::string& material, double density_g_cm3, double thickness_mm) const {
  XraySpectrum s = *this;
  for (SpectrumBin& l : s.lines_)
    l.weight *= std::exp(-xraylib_mass_attenuation_cm2_g(material, l.energy_keV) * density_g_cm3 * 0.1 * thickness_mm);
  s.normalise_to_one_uGy();
  return s;
}

double XraySpectrum::photons_per_mm2_per_uGy() const {
  double n = 0;
  for (const SpectrumBin& l : lines_) n += l.weight;
  return n;
}

double XraySpectrum::mean_energy_keV() const {
  double n = 0, e = 0;
  for (const SpectrumBin& l : lines_) {
    n += l.weight;
    e += l.weight * l.energy_keV;
  }
  return n > 0 ? e / n : 0;
}

double XraySpectrum::half_value_layer_mm_al() const {
  // Each line's kerma and aluminium attenuation once; the bisection then only exponentiates.
  std::vector<double> kerma(lines_.size()), mu_per_mm(lines_.size());
  for (size_t k = 0; k < lines_.size(); ++k) {
    kerma[k] = lines_[k].weight * air_kerma_uGy_per_photon_mm2(lines_[k].energy_keV);
    mu_per_mm[k] = xraylib_mass_attenuation_cm2_g("Al", lines_[k].energy_keV) * kAluminiumDensity_g_cm3 * 0.1;
  }
  auto kerma_behind = [&](double mm) {
    double sum = 0;
    for (size_t k = 0; k < lines_.size(); ++k) sum += kerma[k] * std::exp(-mu_per_mm[k] * mm);
    return sum;
  };
  const double half = 0.5 * kerma_behind(0);
  double lo = 0, hi = 50;
  for (int i = 0; i < 60; ++i) {  // kerma falls monotonically with thickness: bisection
    const double mid = 0.5 * (lo + hi);
    (kerma_behind(mid) > half ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace angiosim
