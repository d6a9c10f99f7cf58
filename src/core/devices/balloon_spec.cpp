#include "core/devices/balloon_spec.h"

#include "core/devices/device_family.h"

#include <algorithm>
#include <cmath>

namespace angiosim {

const char* to_string(BalloonCompliance c) {
  return c == BalloonCompliance::SemiCompliant ? "semi_compliant" : "non_compliant";
}

double BalloonSpec::diameter_at_mm(double p) const {
  if (chart.empty() || !std::isfinite(p)) return deflated_profile_mm;
  p = std::max(p, 0.0);
  const auto& first = chart.front();
  if (p <= first.first) {
    // Unfolding: from the folded profile at 0 atm to the chart's first diameter.
    const double u = first.first > 0 ? p / first.first : 1.0;
    return deflated_profile_mm + u * (first.second * nominal_diameter_mm - deflated_profile_mm);
  }
  for (size_t k = 1; k < chart.size(); ++k)
    if (p <= chart[k].first) {
      const auto& a = chart[k - 1];
      const auto& b = chart[k];
      return nominal_diameter_mm * (a.second + (b.second - a.second) * (p - a.first) / (b.first - a.first));
    }
  if (chart.size() < 2) return nominal_diameter_mm * first.second;
  const auto& a = chart[chart.size() - 2];
  const auto& b = chart.back();
  return nominal_diameter_mm * (b.second + (b.second - a.second) * (p - b.first) / (b.first - a.first));
}

std::vector<BalloonSpec> read_balloon_family(const JsonReader& j) {
  j.expect_only({"family", "name", "compliance", "diameters_mm", "working_lengths_mm", "shaft_length_mm",
                 "max_wire_in", "nominal_atm", "rated_burst_atm", "deflated_profile_mm", "chart", "marker",
                 "shaft_material", "note"});
  BalloonSpec base;
  base.family = j.at("family").string();
  if (base.family.empty()) j.at("family").fail("must not be empty");
  base.name = j.at("name").string();
  const std::string compliance = j.at("compliance").string();
  if (compliance == "semi_compliant") base.compliance = BalloonCompliance::SemiCompliant;
  else if (compliance == "non_compliant") base.compliance = BalloonCompliance::NonCompliant;
  else j.at("compliance").fail("expected \"semi_compliant\" or \"non_compliant\"");
  base.shaft_length_mm = j.number_or("shaft_length_mm", base.shaft_length_mm, 400, 2500);
  base.max_wire_in = j.number_or("max_wire_in", base.max_wire_in, 0.010, 0.040);
  base.nominal_atm = j.at("nominal_atm").number(1, 30);
  base.rated_burst_atm = j.at("rated_burst_atm").number(base.nominal_atm, 40);
  base.deflated_profile_mm = j.number_or("deflated_profile_mm", base.deflated_profile_mm, 0.5, 3);
  base.shaft_material = j.string_or("shaft_material", base.shaft_material);
  if (auto m = j.find("marker")) {
    m->expect_only({"material", "length_mm"});
    base.marker_material = m->string_or("material", base.marker_material);
    base.marker_length_mm = m->number_or("length_mm", base.marker_length_mm, 0.3, 5);
  }
  const std::vector<JsonReader> points = j.at("chart").elements();
  if (points.size() < 2) j.at("chart").fail("a compliance chart needs at least two [atm, diameter/nominal] points");
  for (const JsonReader& pt : points) {
    const std::vector<JsonReader> pair = pt.elements();
    if (pair.size() != 2) pt.fail("expected [pressure_atm, diameter/nominal]");
    const double atm = pair[0].number(0.5, 40), ratio = pair[1].number(0.5, 1.5);
    if (!base.chart.empty() && (atm <= base.chart.back().first || ratio < base.chart.back().second))
      pt.fail("pressures must rise and diameters must not shrink along the chart");
    base.chart.emplace_back(atm, ratio);
  }
  // The chart must name the nominal diameter at the nominal pressure (within 1 %).
  BalloonSpec probe = base;
  probe.nominal_diameter_mm = 1;
  if (std::abs(probe.diameter_at_mm(base.nominal_atm) - 1.0) > 0.01)
    j.at("chart").fail("the chart must give the nominal diameter (1.0) at nominal_atm");
  if (base.rated_burst_atm > base.chart.back().first + 1e-9)
    j.at("rated_burst_atm").fail("the chart must reach rated burst pressure");

  return expand_sizes<BalloonSpec>(j, "diameters_mm", "working_lengths_mm", [&](const JsonReader& d, const JsonReader& l) {
    BalloonSpec s = base;
    s.nominal_diameter_mm = d.number(2, 14);
    s.working_length_mm = l.number(10, 300);
    s.id = size_id(base.family, s.nominal_diameter_mm, s.working_length_mm);
    return s;
  });
}

}  // namespace angiosim
