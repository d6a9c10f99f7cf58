#include "core/anatomy/vessel_tree.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <cmath>

#include "core/anatomy/lesion_profile.h"

namespace angiosim {
namespace {

// Centripetal Catmull–Rom segment from p1 to p2 (Barry–Goldman pyramid form), u in [0, 1].
glm::dvec3 catmull_rom(const glm::dvec3& p0, const glm::dvec3& p1, const glm::dvec3& p2,
                       const glm::dvec3& p3, double u) {
  auto knot = [](const glm::dvec3& a, const glm::dvec3& b) { return std::sqrt(std::max(glm::distance(a, b), 1e-9)); };
  const double t0 = 0, t1 = t0 + knot(p0, p1), t2 = t1 + knot(p1, p2), t3 = t2 + knot(p2, p3);
  const double t = t1 + u * (t2 - t1);
  const glm::dvec3 a1 = ((t1 - t) * p0 + (t - t0) * p1) / (t1 - t0);
  const glm::dvec3 a2 = ((t2 - t) * p1 + (t - t1) * p2) / (t2 - t1);
  const glm::dvec3 a3 = ((t3 - t) * p2 + (t - t2) * p3) / (t3 - t2);
  const glm::dvec3 b1 = ((t2 - t) * a1 + (t - t0) * a2) / (t2 - t0);
  const glm::dvec3 b2 = ((t3 - t) * a2 + (t - t1) * a3) / (t3 - t1);
  return ((t2 - t) * b1 + (t - t1) * b2) / (t2 - t1);
}

}  // namespace

VesselTree::VesselTree(AnatomySpec spec) : spec_(std::move(spec)) {
  const size_t n = spec_.vessels.size();
  parent_.assign(n, -1);
  children_.assign(n, {});
  end_children_.assign(n, {});
  arclength_.assign(n, {});
  dense_.assign(n, {});
  lesions_on_.assign(n, {});
  channels_.assign(spec_.lesions.size(), {});
  dilations_.assign(spec_.lesions.size(), {});
  for (size_t v = 0; v < n; ++v) {
    const VesselSpec& vs = spec_.vessels[v];
    if (vs.parent.empty()) continue;
    parent_[v] = find_vessel(vs.parent);
    children_[parent_[v]].push_back(static_cast<int>(v));
    if (vs.origin_mm < 0) end_children_[parent_[v]].push_back(static_cast<int>(v));
  }
  for (size_t v = 0; v < n; ++v) {
    const VesselSpec& vs = spec_.vessels[v];
    std::vector<CenterlinePoint> pts = vs.points;
    // A side branch starts on its parent's centerline (built already: parents come first).
    if (is_side_branch(int(v))) pts.insert(pts.begin(), {centerline_point(parent_[v], vs.origin_mm), vs.points.front().radius_mm});
    // Spline through the points. Where a vessel runs on into its only child (the external iliac
    // into the common femoral) the spline runs on through the child's points, so the centerline
    // keeps its direction across the junction: a kink there would be a crease in the lumen wall,
    // a ridge the wire rubs over. Other ends continue straight (mirrored phantom points).
    const size_t m = pts.size();
    auto control = [&](long k) {
      if (k < 0) {
        if (continues_from_parent(int(v))) {
          const auto& before = spec_.vessels[size_t(parent_[v])].points;
          if (before.size() >= 2) return before[before.size() - 2].position_mm;
        }
        return 2.0 * pts[0].position_mm - pts[1].position_mm;
      }
      if (k >= long(m)) {
        if (continues_into_child(int(v))) {
          const auto& after = spec_.vessels[size_t(end_children_[v].front())].points;
          if (after.size() >= 2) return after[1].position_mm;
        }
        return 2.0 * pts[m - 1].position_mm - pts[m - 2].position_mm;
      }
      return pts[size_t(k)].position_mm;
    };
    auto& dense = dense_[v];
    for (size_t i = 0; i + 1 < m; ++i) {
      const double chord = glm::distance(pts[i].position_mm, pts[i + 1].position_mm);
      const int pieces = std::max(1, static_cast<int>(std::ceil(chord / 0.25)));
      for (int k = 0; k < pieces; ++k) {
        const double u = double(k) / pieces;
        dense.push_back({catmull_rom(control(long(i) - 1), pts[i].position_mm, pts[i + 1].position_mm,
                                     control(long(i) + 2), u),
                         pts[i].radius_mm + u * (pts[i + 1].radius_mm - pts[i].radius_mm)});
      }
    }
    dense.push_back({pts[m - 1].position_mm, pts[m - 1].radius_mm});
    auto& s = arclength_[v];
    s.push_back(0.0);
    for (size_t i = 1; i < dense.size(); ++i) s.push_back(s.back() + glm::distance(dense[i - 1].position, dense[i].position));
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
  const auto& p = dense_[v];
  return glm::mix(p[i].position, p[i + 1].position, f);
}

glm::dvec3 VesselTree::tangent(int v, double s_mm) const {
  // Central difference over ±0.5 mm of the smooth curve (one-sided at the ends).
  const double len = length_mm(v);
  const double a = std::max(0.0, s_mm - 0.5), b = std::min(len, s_mm + 0.5);
  return glm::normalize(centerline_point(v, b) - centerline_point(v, a));
}

double VesselTree::reference_radius_mm(int v, double s_mm) const {
  size_t i;
  double f;
  locate(v, s_mm, &i, &f);
  const auto& p = dense_[v];
  return p[i].radius_mm + f * (p[i + 1].radius_mm - p[i].radius_mm);
}

double VesselTree::origin_mm(int v) const {
  if (parent_[v] < 0) return 0.0;
  return is_side_branch(v) ? spec_.vessels[v].origin_mm : length_mm(parent_[v]);
}

double VesselTree::start_overlap_mm(int v) const {
  // A side branch already starts on its parent's axis, deep inside it.
  if (parent_[v] < 0 || continues_from_parent(v) || is_side_branch(v)) return 0.0;
  return 0.6 * spec_.vessels[v].points.front().radius_mm;
}

LumenSection VesselTree::lumen(int v, double s_mm) const {
  LumenSection section = plaque_lumen(v, s_mm);
  for (int l : lesions_on_[v]) {
    const Channel& c = channels_[size_t(l)];
    if (c.radius_mm > 0 && s_mm >= c.s_min_mm && s_mm <= c.s_max_mm)
      section.radius_mm = std::max(section.radius_mm, c.radius_mm);
  }
  const double before = section.radius_mm;
  for (int l : lesions_on_[v])
    for (const Channel& d : dilations_[size_t(l)]) {
      // Full radius inside, blending linearly to the lumen before it over the taper outside.
      const double inside = std::min(s_mm - d.s_min_mm, d.s_max_mm - s_mm);
      const double w = std::clamp(1.0 + inside / kDilationTaper_mm, 0.0, 1.0);
      section.radius_mm = std::max(section.radius_mm, w * d.radius_mm + (1 - w) * before);
    }
  return section;
}

LumenSection VesselTree::plaque_lumen(int v, double s_mm) const {
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
  // A chronic total occlusion ends bluntly: its organised plaque fills the lumen at once where it
  // has narrowed it by half (the cap), rather than tapering to a point a wire could wedge into.
  if (dominant && dominant->total_occlusion && narrowing > kOcclusionCapNarrowing) section.radius_mm = 0;
  if (dominant && dominant->eccentricity > 0) {
    // Plaque on one side pushes the lumen toward the other: offset e·(r_ref − r).
    const glm::dvec3 t = tangent(v, s_mm);
    glm::dvec3 side = dominant->plaque_direction - glm::dot(dominant->plaque_direction, t) * t;
    if (glm::length(side) > 1e-6)
      section.center_mm -= glm::normalize(side) * dominant->eccentricity * (r_ref - section.radius_mm);
  }
  return section;
}

void VesselTree::dilate(int lesion, double s_begin_mm, double s_end_mm, double radius_mm) {
  ++revision_;
  dilations_.at(size_t(lesion)).push_back({std::min(s_begin_mm, s_end_mm), std::max(s_begin_mm, s_end_mm), std::max(0.0, radius_mm)});
}

void VesselTree::open_channel(int lesion, double s_begin_mm, double s_end_mm, double radius_mm) {
  ++revision_;
  channels_.at(size_t(lesion)) = {std::min(s_begin_mm, s_end_mm), std::max(s_begin_mm, s_end_mm), std::max(0.0, radius_mm)};
}

}  // namespace angiosim
