#include "core/imaging/imaging_system.h"

#include <cmath>

#include "core/util/json_reader.h"

namespace angiosim {

const ExposureModeSpec* ImagingSystemSpec::find_mode(const std::string& name) const {
  for (const ExposureModeSpec& m : modes)
    if (m.name == name) return &m;
  return nullptr;
}

namespace {

// The tabulated factor at `pps`, interpolated in log(pps) and held beyond the table's ends.
double table_factor(const std::vector<std::pair<double, double>>& table, double pps) {
  if (table.empty()) return 1.0;
  if (pps <= table.front().first) return table.front().second;
  if (pps >= table.back().first) return table.back().second;
  for (size_t k = 1; k < table.size(); ++k) {
    const auto [r1, f1] = table[k];
    if (pps > r1) continue;
    const auto [r0, f0] = table[k - 1];
    const double t = std::log(pps / r0) / std::log(r1 / r0);
    return f0 + t * (f1 - f0);
  }
  return table.back().second;
}

}  // namespace

double ImagingSystemSpec::dose_factor(double pps) const {
  return table_factor(pulse_dose_factor, pps) / table_factor(pulse_dose_factor, kReferencePulseRate);
}

ImagingSystemSpec read_imaging_system(const JsonReader& j) {
  ImagingSystemSpec s;
  const JsonReader tube = j.at("tube");
  tube.expect_only({"kvp", "aluminium_mm", "copper_mm", "spectrum_bins", "focal_spot_mm", "note"});
  s.tube.kvp = tube.at("kvp").number(40, 125);
  s.tube.filtration.aluminium_mm = tube.at("aluminium_mm").number(0.5, 10);
  s.tube.filtration.copper_mm = tube.at("copper_mm").number(0, 1);
  s.tube.spectrum_bins = tube.at("spectrum_bins").integer(8, 16);
  s.tube.focal_spot_mm = tube.at("focal_spot_mm").number(0.1, 2);

  const JsonReader det = j.at("detector");
  det.expect_only({"scintillator", "scintillator_g_cm2", "line_spread_mm", "fields_cm", "field_dose_exponent", "note"});
  s.detector.scintillator = det.at("scintillator").string();
  s.detector.scintillator_g_cm2 = det.at("scintillator_g_cm2").number(0.01, 1);
  try {
    xraylib_mass_attenuation_cm2_g(s.detector.scintillator, 60);
  } catch (const std::exception&) {
    det.at("scintillator").fail("xraylib does not know \"" + s.detector.scintillator + "\"");
  }
  s.detector.line_spread_mm = det.at("line_spread_mm").number(0, 2);
  s.detector.fields_cm.clear();
  for (const JsonReader& f : det.at("fields_cm").elements()) s.detector.fields_cm.push_back(f.number(5, 70));
  if (s.detector.fields_cm.empty()) det.at("fields_cm").fail("at least one field");
  s.detector.field_dose_exponent = det.number_or("field_dose_exponent", 1.0, 0, 2);

  const JsonReader sc = j.at("scatter");
  sc.expect_only({"grid_primary_transmission", "amplitude", "kernel_mm", "note"});
  s.scatter.grid_primary_transmission = sc.at("grid_primary_transmission").number(0.3, 1);
  s.scatter.amplitude = sc.at("amplitude").number(0, 5);
  s.scatter.kernel_mm = sc.at("kernel_mm").number(1, 300);

  const JsonReader modes = j.at("modes");
  for (const std::string& name : modes.keys()) {
    const JsonReader m = modes.at(name);
    m.expect_only({"label", "detector_nGy_per_pulse", "recursive_filter", "default_pulse_rate", "acquisition", "note"});
    ExposureModeSpec mode;
    mode.name = name;
    mode.label = m.string_or("label", name);
    mode.detector_nGy_per_pulse = m.at("detector_nGy_per_pulse").number(1, 10000);
    mode.recursive_filter = m.at("recursive_filter").number(0.05, 1);
    mode.default_pulse_rate = m.at("default_pulse_rate").number(0.5, 60);
    mode.acquisition = m.boolean_or("acquisition", false);
    s.modes.push_back(mode);
  }
  for (const char* required : {"fluoro_low", "fluoro_normal", "fluoro_high", "cine", "dsa"})
    if (!s.find_mode(required)) modes.fail(std::string("missing mode \"") + required + "\"");

  s.pulse_rates.clear();
  for (const JsonReader& r : j.at("pulse_rates").elements()) s.pulse_rates.push_back(r.number(0.5, 60));
  if (s.pulse_rates.empty()) j.at("pulse_rates").fail("at least one pulse rate");
  s.pulse_dose_factor.clear();
  double last_rate = 0;
  for (const JsonReader& p : j.at("pulse_dose_factor").elements()) {
    const std::vector<JsonReader> pair = p.elements();
    if (pair.size() != 2) p.fail("expected [pulses per s, factor]");
    const double rate = pair[0].number(0.5, 60), factor = pair[1].number(0.1, 10);
    if (rate <= last_rate) pair[0].fail("pulse rates must increase");
    last_rate = rate;
    s.pulse_dose_factor.push_back({rate, factor});
  }
  s.max_air_kerma_rate_mGy_min = j.at("max_air_kerma_rate_mGy_min").number(1, 1000);
  return s;
}

}  // namespace angiosim
