#include "core/imaging/materials.h"

#include <xraylib.h>

#include "core/util/input_error.h"
#include "core/util/json_reader.h"

namespace angiosim {

Composition Composition::operator+(const Composition& o) const {
  Composition r;
  for (int i = 0; i < kMaxBasisMaterials; ++i) r.density_g_cm3[i] = density_g_cm3[i] + o.density_g_cm3[i];
  return r;
}
Composition Composition::operator-(const Composition& o) const { return *this + o * -1.0; }
Composition Composition::operator*(double k) const {
  Composition r;
  for (int i = 0; i < kMaxBasisMaterials; ++i) r.density_g_cm3[i] = density_g_cm3[i] * k;
  return r;
}
bool Composition::empty() const {
  for (double d : density_g_cm3)
    if (d != 0) return false;
  return true;
}

namespace {

// Resolves an xraylib name to elements and mass fractions: a NIST compound ("Tissue, Soft
// (ICRP)") or a chemical formula ("NiTi", "I"). False if xraylib knows neither.
bool resolve_composition(const std::string& name, BasisMaterial* basis) {
  xrl_error* error = nullptr;
  if (compoundDataNIST* nist = GetCompoundDataNISTByName(name.c_str(), &error)) {
    basis->elements.assign(nist->Elements, nist->Elements + nist->nElements);
    basis->mass_fractions.assign(nist->massFractions, nist->massFractions + nist->nElements);
    FreeCompoundDataNIST(nist);
    return true;
  }
  xrl_error_free(error);
  error = nullptr;
  if (compoundData* formula = CompoundParser(name.c_str(), &error)) {
    basis->elements.assign(formula->Elements, formula->Elements + formula->nElements);
    basis->mass_fractions.assign(formula->massFractions, formula->massFractions + formula->nElements);
    FreeCompoundData(formula);
    return true;
  }
  xrl_error_free(error);
  return false;
}

void read_library(const JsonReader& root, std::vector<BasisMaterial>* basis,
                  std::map<std::string, Composition>* materials) {
  root.expect_only({"basis", "materials", "sources", "note"});
  const JsonReader b = root.at("basis");
  for (const std::string& name : b.keys()) {
    const JsonReader entry = b.at(name);
    entry.expect_only({"xraylib", "note"});
    BasisMaterial material{name, entry.at("xraylib").string(), {}, {}};
    if (!resolve_composition(material.xraylib_name, &material))
      entry.at("xraylib").fail("xraylib does not know \"" + material.xraylib_name + "\"");
    if (static_cast<int>(basis->size()) >= kMaxBasisMaterials)
      b.fail("at most " + std::to_string(kMaxBasisMaterials) + " basis materials");
    basis->push_back(std::move(material));
  }
  const JsonReader m = root.at("materials");
  for (const std::string& name : m.keys()) {
    const JsonReader entry = m.at(name);
    Composition c;
    for (const std::string& part : entry.keys()) {
      if (part == "note") continue;
      int index = -1;
      for (size_t i = 0; i < basis->size(); ++i)
        if ((*basis)[i].name == part) index = static_cast<int>(i);
      if (index < 0) entry.at(part).fail("unknown basis material \"" + part + "\"");
      c.density_g_cm3[index] = entry.at(part).number(0, 30);
    }
    (*materials)[name] = c;
  }
}

}  // namespace

MaterialLibrary MaterialLibrary::parse(const std::string& json_text, const std::string& name) {
  MaterialLibrary lib;
  read_library(JsonReader::parse(json_text, name), &lib.basis_, &lib.materials_);
  return lib;
}

MaterialLibrary MaterialLibrary::load_file(const std::string& path) {
  MaterialLibrary lib;
  read_library(JsonReader::load_file(path), &lib.basis_, &lib.materials_);
  return lib;
}

int MaterialLibrary::basis_index(const std::string& name) const {
  for (size_t i = 0; i < basis_.size(); ++i)
    if (basis_[i].name == name) return static_cast<int>(i);
  return -1;
}

const Composition& MaterialLibrary::composition(const std::string& material,
                                                const std::string& context) const {
  auto it = materials_.find(material);
  if (it == materials_.end()) throw InputError(context + ": unknown material \"" + material + "\"");
  return it->second;
}

double MaterialLibrary::mass_attenuation_cm2_g(int basis, double energy_keV) const {
  const BasisMaterial& m = basis_.at(basis);
  double mu = 0;
  for (size_t k = 0; k < m.elements.size(); ++k) {
    xrl_error* error = nullptr;
    const double element_mu = CS_Total(m.elements[k], energy_keV, &error);
    if (error) {
      const std::string message = error->message;
      xrl_error_free(error);
      throw InputError("xraylib: " + m.xraylib_name + " at " + std::to_string(energy_keV) + " keV: " + message);
    }
    mu += m.mass_fractions[k] * element_mu;
  }
  return mu;
}

double MaterialLibrary::linear_attenuation_per_cm(const Composition& c, double energy_keV) const {
  double mu = 0;
  for (size_t i = 0; i < basis_.size(); ++i)
    if (c.density_g_cm3[i] != 0) mu += c.density_g_cm3[i] * mass_attenuation_cm2_g(static_cast<int>(i), energy_keV);
  return mu;
}

}  // namespace angiosim
