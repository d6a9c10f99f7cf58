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

// True when xraylib knows `name` as a NIST compound or can parse it as a formula.
bool xraylib_knows(const std::string& name) {
  xrl_error* error = nullptr;
  const double mu = CS_Total_CP(name.c_str(), 60.0, &error);
  if (error) {
    xrl_error_free(error);
    return false;
  }
  return mu > 0;
}

void read_library(const JsonReader& root, std::vector<BasisMaterial>* basis,
                  std::map<std::string, Composition>* materials) {
  root.expect_only({"basis", "materials", "sources", "note"});
  const JsonReader b = root.at("basis");
  for (const std::string& name : b.keys()) {
    const JsonReader entry = b.at(name);
    entry.expect_only({"xraylib", "note"});
    const std::string xrl = entry.at("xraylib").string();
    if (!xraylib_knows(xrl)) entry.at("xraylib").fail("xraylib does not know \"" + xrl + "\"");
    if (static_cast<int>(basis->size()) >= kMaxBasisMaterials)
      b.fail("at most " + std::to_string(kMaxBasisMaterials) + " basis materials");
    basis->push_back({name, xrl});
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
  xrl_error* error = nullptr;
  const double mu = CS_Total_CP(basis_.at(basis).xraylib_name.c_str(), energy_keV, &error);
  if (error) {
    const std::string message = error->message;
    xrl_error_free(error);
    throw InputError("xraylib: " + basis_[basis].xraylib_name + " at " + std::to_string(energy_keV) +
                     " keV: " + message);
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
