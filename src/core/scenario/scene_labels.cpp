#include "core/scenario/scene_labels.h"

#include <cctype>
#include <cstdio>

#include "core/scenario/predicate.h"

namespace angiosim {
namespace {

std::string format(const char* pattern, double a, double b) {
  char text[96];
  std::snprintf(text, sizeof text, pattern, a, b);
  return text;
}

double mean_radius_mm(const VesselSpec& v) {
  double sum = 0;
  for (const CenterlinePoint& p : v.points) sum += p.radius_mm;
  return v.points.empty() ? 0.0 : sum / double(v.points.size());
}

glm::dvec3 middle(const std::vector<glm::dvec3>& axis) {
  return axis.empty() ? glm::dvec3(0) : axis[axis.size() / 2];
}

}  // namespace

std::string vessel_words(const std::string& name) {
  std::string text = name;
  for (char& c : text)
    if (c == '_') c = ' ';
  return text;
}

std::string vessel_label(const std::string& name) {
  std::string text = vessel_words(name);
  if (!text.empty()) text[0] = char(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

std::vector<SceneLabel> scene_labels(const Simulation& sim) {
  std::vector<SceneLabel> out;
  const VesselTree& tree = sim.anatomy();
  for (int v = 0; v < int(tree.vessel_count()); ++v)
    if (mean_radius_mm(tree.vessel(v)) >= kLabelledVesselRadius_mm)
      out.push_back({SceneLabel::Kind::Vessel, vessel_label(tree.vessel(v).name),
                     tree.centerline_point(v, 0.5 * tree.length_mm(v))});
  for (const LesionSpec& l : tree.spec().lesions) {
    const int v = tree.find_vessel(l.vessel);
    if (v < 0) continue;
    // The lesion as it stands now: angioplasty and stents change it.
    const double stenosis = residual_stenosis_percent(tree, l);
    const std::string text = stenosis >= 99.5 ? l.name + " (occluded)" : l.name + format(" %.0f %%", stenosis, 0);
    out.push_back({SceneLabel::Kind::Lesion, text, tree.centerline_point(v, l.center_mm)});
  }
  if (const auto& sheath = sim.sheath()) out.push_back({SceneLabel::Kind::Device, "Sheath", sheath->tip_mm});
  if (const Guidewire* wire = sim.guidewire())
    out.push_back({SceneLabel::Kind::Device, "Wire tip", wire->rod().x.front()});
  if (const BalloonCatheter* b = sim.balloon())
    out.push_back({SceneLabel::Kind::Device,
                   "Balloon " + format("%g x %g mm", b->spec().nominal_diameter_mm, b->spec().working_length_mm) +
                       format(", %.1f atm", b->pressure_atm(), 0),
                   middle(b->axis_mm())});
  if (const StentDelivery* d = sim.stent_system(); d && !d->fully_deployed())
    out.push_back({SceneLabel::Kind::Device,
                   "Stent system " + format("%g x %g mm", d->spec().nominal_diameter_mm, d->spec().nominal_length_mm),
                   0.5 * (d->distal_marker_mm() + d->proximal_marker_mm())});
  for (const StentImplant& s : sim.stents())
    out.push_back({SceneLabel::Kind::Device,
                   "Stent " + format("%g x %g mm", s.spec().nominal_diameter_mm, s.spec().nominal_length_mm),
                   middle(s.axis_mm())});
  return out;
}

}  // namespace angiosim
