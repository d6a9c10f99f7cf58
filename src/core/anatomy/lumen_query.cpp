#include "core/anatomy/lumen_query.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace angiosim {

double closest_parameter(const glm::dvec3& a, const glm::dvec3& b, const glm::dvec3& p) {
  const glm::dvec3 ab = b - a;
  const double len2 = glm::dot(ab, ab);
  if (len2 <= 0) return 0;
  return std::clamp(glm::dot(p - a, ab) / len2, 0.0, 1.0);
}

double LumenQuery::Segment::signed_distance(const glm::dvec3& p) const {
  const double t = closest_parameter(lumen0, lumen1, p);
  const double capsule = glm::distance(p, glm::mix(lumen0, lumen1, t)) - (r0_mm + t * (r1_mm - r0_mm));
  return std::max({capsule, glm::dot(p - start_point, start_normal), glm::dot(p - end_point, end_normal)});
}

glm::dvec3 LumenQuery::Segment::gradient(const glm::dvec3& p) const {
  const double t = closest_parameter(lumen0, lumen1, p);
  const glm::dvec3 axis_point = glm::mix(lumen0, lumen1, t);
  const double capsule = glm::distance(p, axis_point) - (r0_mm + t * (r1_mm - r0_mm));
  const double start = glm::dot(p - start_point, start_normal), end = glm::dot(p - end_point, end_normal);
  if (start >= capsule && start >= end) return start_normal;
  if (end >= capsule) return end_normal;
  glm::dvec3 radial = p - axis_point;
  if (glm::length(radial) < 1e-12) {  // on the axis: any direction across it
    const glm::dvec3 axis = glm::normalize(lumen1 - lumen0);
    radial = glm::cross(axis, std::abs(axis.x) < 0.9 ? glm::dvec3(1, 0, 0) : glm::dvec3(0, 1, 0));
  }
  return glm::normalize(radial);
}

LumenQuery::LumenQuery(const VesselTree& tree, double max_segment_mm) {
  std::vector<Aabb> boxes;
  for (int v = 0; v < static_cast<int>(tree.vessel_count()); ++v) {
    const double length = tree.length_mm(v);
    const int n = std::max(1, static_cast<int>(std::ceil(length / max_segment_mm)));
    LumenSection prev = tree.lumen(v, 0);
    prev.center_mm -= tree.tangent(v, 0) * tree.start_overlap_mm(v);
    // Flat ends, except where a vessel runs on into its only child (planes moved out of reach).
    constexpr double kFar_mm = 1e6;
    const glm::dvec3 start_normal = -tree.tangent(v, 0), end_normal = tree.tangent(v, length);
    const glm::dvec3 start_point = prev.center_mm + (tree.continues_from_parent(v) ? kFar_mm : 0.0) * start_normal;
    const glm::dvec3 end_point = tree.lumen(v, length).center_mm + (tree.continues_into_child(v) ? kFar_mm : 0.0) * end_normal;
    glm::dvec3 prev_ref = tree.centerline_point(v, 0);
    for (int k = 1; k <= n; ++k) {
      const double s0 = length * (k - 1) / n, s1 = length * k / n;
      const LumenSection cur = tree.lumen(v, s1);
      const glm::dvec3 cur_ref = tree.centerline_point(v, s1);
      const double axis_mm = glm::distance(prev.center_mm, cur.center_mm);
      const double taper = axis_mm > 1e-9 ? std::abs(cur.radius_mm - prev.radius_mm) / axis_mm : 0.0;
      Segment seg{v,           s0,           s1,        prev_ref,   cur_ref,
                  prev.center_mm, cur.center_mm, prev.radius_mm, cur.radius_mm, start_point,
                  start_normal, end_point,    end_normal, std::sqrt(1 + taper * taper)};
      // Inside a total occlusion there is no lumen at all: a zero-radius segment would be a line
      // of "lumen" along which a wire could slide.
      if (std::max(seg.r0_mm, seg.r1_mm) <= 0) {
        prev = cur;
        prev_ref = cur_ref;
        continue;
      }
      Aabb box;
      box.grow(seg.lumen0);
      box.grow(seg.lumen1);
      box.inflate(std::max(seg.r0_mm, seg.r1_mm));
      box.grow(seg.ref0);
      box.grow(seg.ref1);
      boxes.push_back(box);
      max_radius_mm_ = std::max({max_radius_mm_, seg.r0_mm, seg.r1_mm});
      max_lipschitz_ = std::max(max_lipschitz_, seg.lipschitz);
      segments_.push_back(seg);
      prev = cur;
      prev_ref = cur_ref;
    }
  }
  bvh_ = Bvh(boxes);
  for (size_t l = 0; l < tree.spec().lesions.size(); ++l) {
    const LesionSpec& lesion = tree.spec().lesions[l];
    lesions_.push_back({int(l), tree.find_vessel(lesion.vessel), lesion.center_mm - 0.5 * lesion.length_mm,
                        lesion.center_mm + 0.5 * lesion.length_mm});
  }
}

int LumenQuery::lesion_at(const CenterlineLocation& at) const {
  for (const LesionExtent& e : lesions_)
    if (e.vessel == at.vessel && at.s_mm >= e.s_min_mm && at.s_mm <= e.s_max_mm) return e.lesion;
  return -1;
}

CenterlineLocation LumenQuery::nearest_centerline(const glm::dvec3& p) const {
  double best;
  const int i = bvh_.nearest(
      [&](int k) {
        const Segment& s = segments_[k];
        const double t = closest_parameter(s.ref0, s.ref1, p);
        return glm::distance(p, glm::mix(s.ref0, s.ref1, t));
      },
      [&](const Aabb& box) { return box.distance(p); }, &best);
  if (i < 0) return {};
  const Segment& s = segments_[i];
  const double t = closest_parameter(s.ref0, s.ref1, p);
  return {s.vessel, s.s0_mm + t * (s.s1_mm - s.s0_mm), best};
}

// A box holds its segment's whole tube: outside it, the box distance bounds the wall distance
// from below; inside, no wall distance is below -max radius.
double LumenQuery::box_bound(const Aabb& box, const glm::dvec3& p) const {
  const double d = box.distance(p);
  return d > 0 ? d : -max_radius_mm_;
}

WallDistance LumenQuery::wall_distance_of(const glm::dvec3& p, int segment, double signed_mm) const {
  if (segment < 0) return {};
  const Segment& s = segments_[size_t(segment)];
  const double t = closest_parameter(s.lumen0, s.lumen1, p);
  return {signed_mm, s.vessel, s.s0_mm + t * (s.s1_mm - s.s0_mm), s.gradient(p)};
}

WallDistance LumenQuery::wall_distance(const glm::dvec3& p) const {
  double best;
  const int i = bvh_.nearest([&](int k) { return segments_[k].signed_distance(p); },
                             [&](const Aabb& box) { return box_bound(box, p); }, &best);
  return wall_distance_of(p, i, best);
}

void LumenQuery::near_wall(const glm::dvec3& c, double reach_mm, NearWall& out) const {
  out.center_mm = c;
  out.reach_mm = reach_mm;
  out.by_distance.clear();
  // Segment k can be nearest somewhere within the reach only if d_k(c) − L_k·reach ≤ d_j(c) + L_j·reach
  // for the segment j nearest at c. The tree is searched with the loosest such bound first.
  double nearest;
  const int j = bvh_.nearest([&](int k) { return segments_[size_t(k)].signed_distance(c); },
                             [&](const Aabb& box) { return box_bound(box, c); }, &nearest);
  if (j < 0) return;
  const double lj = segments_[size_t(j)].lipschitz;
  bvh_.visit_below([&](const Aabb& box) { return box_bound(box, c); }, nearest + (lj + max_lipschitz_) * reach_mm,
                   [&](int k) {
                     const Segment& s = segments_[size_t(k)];
                     const double d = s.signed_distance(c);
                     if (d <= nearest + (lj + s.lipschitz) * reach_mm) out.by_distance.push_back({d, k});
                   });
  std::sort(out.by_distance.begin(), out.by_distance.end());
  out.lipschitz = 1;
  for (const auto& [d, k] : out.by_distance) out.lipschitz = std::max(out.lipschitz, segments_[size_t(k)].lipschitz);
}

WallDistance LumenQuery::wall_distance_near(const glm::dvec3& p, const NearWall& near) const {
  const double moved = near.lipschitz * glm::distance(p, near.center_mm);
  double best = std::numeric_limits<double>::infinity();
  int best_segment = -1;
  for (const auto& [at_center, k] : near.by_distance) {
    if (at_center - moved >= best) break;  // sorted: no later candidate can be nearer
    const double d = segments_[size_t(k)].signed_distance(p);
    if (d < best) {
      best = d;
      best_segment = k;
    }
  }
  return wall_distance_of(p, best_segment, best);
}

}  // namespace angiosim
