#pragma once
// The X-ray beam: photon fluence per energy of a filtered tungsten-anode tube, and what it means
// for air kerma and for the detector.
//   bremsstrahlung   dN/dE ∝ (kVp − E)/E   photons per keV (Kramers, Phil. Mag. 46:836, 1923)
//   filtration       × exp(−Σ_f μ_f(E)·t_f) for the tube's aluminium and copper filters
//   air kerma        K = Σ_E Φ(E)·E·(μ_en/ρ)_air(E)          (ICRU 85 definition)
// Attenuation and energy-absorption coefficients come from xraylib. The spectrum is kept on a fine
// grid (1 keV) and reduced to a few bins for the image (docs/imaging.md).
#include <string>
#include <vector>

namespace angiosim {

struct SpectrumBin {
  double energy_keV;
  double weight;  // photon fluence, or for a detector-weighted table the detected signal
};

// Added and inherent filtration of the tube, as equivalent thicknesses.
struct BeamFiltration {
  double aluminium_mm = 2.5;
  double copper_mm = 0.1;
};

class XraySpectrum {
 public:
  // A tungsten tube at `kvp` behind `filtration`, on a 1 keV grid from 10 keV to kVp. Photon
  // fluence is normalised to 1 µGy of air kerma: `photons_per_mm2` of each line add up to the
  // fluence that gives 1 µGy free in air.
  static XraySpectrum tungsten(double kvp, const BeamFiltration& filtration);

  double kvp() const { return kvp_; }
  // The fine grid: energy (keV) and photons per mm² per µGy in that 1 keV interval.
  const std::vector<SpectrumBin>& lines() const { return lines_; }
  // The same beam after `thickness_mm` of an xraylib material (formula or NIST name) of
  // `density_g_cm3`, renormalised to 1 µGy air kerma (what a detector behind a patient sees).
  XraySpectrum hardened(const std::string& xraylib_material, double density_g_cm3, double thickness_mm) const;

  double photons_per_mm2_per_uGy() const;
  double mean_energy_keV() const;
  // First half-value layer in aluminium (mm): the thickness that halves the air kerma.
  double half_value_layer_mm_al() const;
  // `count` bins of equal width from the lowest energy carrying fluence to kVp; each bin's energy
  // is its fluence-weighted mean energy, its weight the fluence times `response(E)`.
  template <typename Response>
  std::vector<SpectrumBin> bins(int count, Response response) const;

 private:
  double kvp_ = 0;
  std::vector<SpectrumBin> lines_;
  void normalise_to_one_uGy();
};

// Mass attenuation and energy absorption coefficients (cm²/g) of an xraylib material (a chemical
// formula or a NIST compound name). Throws InputError for one xraylib does not know.
double xraylib_mass_attenuation_cm2_g(const std::string& material, double energy_keV);
double xraylib_mass_energy_absorption_cm2_g(const std::string& material, double energy_keV);

// Air kerma (µGy) of one photon per mm² at energy E.
double air_kerma_uGy_per_photon_mm2(double energy_keV);

template <typename Response>
std::vector<SpectrumBin> XraySpectrum::bins(int count, Response response) const {
  double first = kvp_;
  for (const SpectrumBin& l : lines_)
    if (l.weight > 1e-6 * photons_per_mm2_per_uGy()) {
      first = l.energy_keV - 0.5;
      break;
    }
  const double width = (kvp_ - first) / count;
  std::vector<SpectrumBin> out;
  for (int b = 0; b < count; ++b) {
    const double lo = first + b * width, hi = lo + width;
    double photons = 0, energy = 0, signal = 0;
    for (const SpectrumBin& l : lines_)
      if (l.energy_keV >= lo && l.energy_keV < hi) {
        photons += l.weight;
        energy += l.weight * l.energy_keV;
        signal += l.weight * response(l.energy_keV);
      }
    if (photons > 0) out.push_back({energy / photons, signal});
  }
  return out;
}

}  // namespace angiosim
