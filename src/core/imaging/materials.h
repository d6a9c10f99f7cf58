#pragma once
// X-ray materials. A small set of *basis* materials (soft tissue, adipose, cortical bone, iodine,
// later the device metals) carries the physics: mass attenuation μ/ρ(E) in cm²/g from xraylib
// (Schoonjans et al., Spectrochim. Acta B 66:776, 2011), which tabulates the same cross sections as
// NIST XCOM. Every other material (blood, contrast medium, air) is a list of partial densities
// (g/cm³) of basis materials, so a line integral splits into one areal density (g/cm²) per basis:
//   Σ μ·L = Σ_basis (μ/ρ)_basis(E) · Σ_shapes ρ_partial·L.
// The definitions live in models/materials.json (docs/materials.md).
#include <array>
#include <map>
#include <string>
#include <vector>

namespace angiosim {

constexpr int kMaxBasisMaterials = 8;

// Partial densities (g/cm³) over the basis materials of a MaterialLibrary.
struct Composition {
  std::array<double, kMaxBasisMaterials> density_g_cm3{};

  Composition operator+(const Composition& o) const;
  Composition operator-(const Composition& o) const;
  Composition operator*(double k) const;
  bool empty() const;
};

struct BasisMaterial {
  std::string name;
  std::string xraylib_name;  // NIST compound name or chemical formula understood by xraylib
  // Its elemental make-up, resolved once from xraylib: μ/ρ(E) = Σ w_Z · (μ/ρ)_Z(E).
  std::vector<int> elements;
  std::vector<double> mass_fractions;
};

class MaterialLibrary {
 public:
  static MaterialLibrary load_file(const std::string& path);
  static MaterialLibrary parse(const std::string& json_text, const std::string& name);

  const std::vector<BasisMaterial>& basis() const { return basis_; }
  int basis_index(const std::string& name) const;  // -1 if absent
  bool has(const std::string& material) const { return materials_.count(material) > 0; }
  // Throws InputError naming `context` if the material is unknown.
  const Composition& composition(const std::string& material, const std::string& context) const;

  // Mass attenuation coefficient (cm²/g) of basis material b at energy E (keV), coherent
  // scattering included: the mass-fraction-weighted sum of xraylib's elemental CS_Total.
  double mass_attenuation_cm2_g(int basis, double energy_keV) const;
  // Linear attenuation μ (1/cm) of a composition at E.
  double linear_attenuation_per_cm(const Composition& c, double energy_keV) const;

 private:
  std::vector<BasisMaterial> basis_;
  std::map<std::string, Composition> materials_;
};

}  // namespace angiosim
