#include "core/anatomy/vessel_tree.h"

#include <glm/geometric.hpp>

#include <algorithm>

#include "core/anatomy/lesion_profile.h"

namespace angiosim {

VesselTree::VesselTree(AnatomySpec spec) : spec_(std::move(spec)) {
  const size_t n = spec_.vessels.size();
  parent_.assign(n, -1);
  children_.assign(n, {});
  arclength_.assign(n, {});
  lesions_on_.assign(n, {});
  for (size_t v = 0; v < n; ++v) {
    const VesselSpec& vs = spec_.vessels[v];
    if (!vs.parent.empty()) {
      parent_[v] = find_vessel(vs.parent);
      children_[parent_[v]].push_back(static_cast<int>(v));
    }
    auto& s = arclength_[v];
    s.push_back(0.0);
    for (size_t i = 1; i < vs.points.size(); ++i)
      s.push_back(s.back() + glm::distance(vs.points[i - 1].position_mm, vs.points[i].position_mm));
  }
  for (size_t l = 0; l < spec_.lesions.size(); ++l)
    lesions_on_[find_vessel(spec_.lesions[l].vessel)].push_back(static_cast<int>(l));
}

int VesselTree::find_vessel(const std::string& name) const {
  for (size_t v = 0; v < spec_.vessels.size(); ++v)
    if (spec_.vessels[v].name == name) return static_cast<int>(v);
  return -1;
}

void VesselTree::locate(int v, double s_mm, size_t* i, double* f) const {
  const auto& s = arclength_[v];
  s_mm = std::clamp(s_mm, 0.0, s.back());
  auto it = std::upper_bound(s.begin(), s.end(), s_mm);
  size_t k = (it == s.begin()) ? 0 : static_cast<size_t>(it - s.begin()) - 1;
  k = std::min(k, s.size() - 2);
  *i = k;
  *f = (s_mm - s[k]) / (s[k + 1] - s[k]);
}

glm::dvec3 VesselTree::centerline_point(int v, double s_mm) const {
  size_t i;
  double f;
  locate(v, s_mm, &i, &f);
  const auto& p = spec_.vessels[v].points;
  return glm::mix(p[i].position_mm, p[i + 1].position_mm, f);
}

glm::dvec3 VesselTree::tangent(int v, double s_mm) const {
  size_t i;
  double f;
  locate(v, s_mm, &i, &f);
  const auto& p = spec_.vessels[v].points;
  return glm::normalize(p[i + 1].position_mm - p[i].position_mm);
}

double VesselTree::reference_radius_mm(int v, double s_mm) const {
  size_t i;
  double f;
  locate(v, s_mm, &i, &f);
  const auto& p = spec_.vessels[v].points;
  return p[i].radius_mm + f * (p[i + 1].radius_mm - p[i].radius_mm);
}

double VesselTree::start_overlap_mm(int v) const {
  return parent_[v] < 0 ? 0.0 : 0.6 * spec_.vessels[v].points.front().radius_mm;
}

LumenSection VesselTree::lumen(int v, double s_mm) const {
  const glm::dvec3 center = centerline_point(v, s_mm);
  const double r_ref = reference_radius_mm(v, s_mm);
  // The most narrowing lesion at s decides the lumen (lesions on one vessel rarely overlap).
  double narrowing = 0.0;
  const LesionSpec* dominant = nullptr;
  for (int l : lesions_on_[v]) {
    const double n = lesion_narrowing(spec_.lesions[l], s_mm);
    if (n > narrowing) {
      narrowing = n;
      dominant = &spec_.lesions[l];
    }
  }
  LumenSection section{center, r_ref * (1.0 - narrowing)};
  if (dominant && dominant->eccentricity > 0) {
    // Plaque on one side pushes the lumen toward the other: offset e·(r_ref − r).
    const glm::dvec3 t = tangent(v, s_mm);
    glm::dvec3 side = dominant->plaque_direction - glm::dot(dominant->plaque_direction, t) * t;
    if (glm::length(side) > 1e-6)
      section.center_mm -= glm::normalize(side) * dominant->eccentricity * (r_ref - section.radius_mm);
  }
  return section;
}

}  // namespace angiosim
