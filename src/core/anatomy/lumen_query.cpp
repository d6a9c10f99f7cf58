#include "core/anatomy/lumen_query.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace angiosim {

double closest_parameter(const glm::dvec3& a, const glm::dvec3& b, const glm::dvec3& p) {
  const glm::dvec3 ab = b - a;
  const double len2 = glm::dot(ab, ab);
  if (len2 <= 0) return 0;
  return std::clamp(glm::dot(p - a, ab) / len2, 0.0, 1.0);
}

glm::dvec3 LumenQuery::Segment::gradient(const glm::dvec3& p) const {
  const glm::dvec3 axis = lumen1 - lumen0;
  const double t = closest_parameter(lumen0, lumen1, p);
  const glm::dvec3 axis_point = lumen0 + t * axis;
  const double capsule = glm::distance(p, axis_point) - (r0_mm + t * (r1_mm - r0_mm));
  glm::dvec3 radial = p - axis_point;
  if (glm::length(radial) < 1e-12) {  // on the axis: any direction across it
    const glm::dvec3 a = glm::normalize(axis);
    radial = glm::cross(a, std::abs(a.x) < 0.9 ? glm::dvec3(1, 0, 0) : glm::dvec3(0, 1, 0));
  }
  glm::dvec3 capsule_gradient = glm::normalize(radial);
  // Along the cone the radius changes with t: −(r1 − r0)·∂t/∂p where the nearest point is inside.
  const double axis2 = glm::dot(axis, axis);
  if (t > 0 && t < 1 && axis2 > 0) capsule_gradient -= (r1_mm - r0_mm) * axis / axis2;
  const double start = glm::dot(p - start_point, start_normal), end = glm::dot(p - end_point, end_normal);
  const SmoothMax first = smooth_max(capsule, start, kEndRounding_mm);
  const SmoothMax second = smooth_max(first.value, end, kEndRounding_mm);
  const glm::dvec3 g = (1 - first.weight_b) * capsule_gradient + first.weight_b * start_normal;
  return (1 - second.weight_b) * g + second.weight_b * end_normal;
}

LumenQuery::LumenQuery(const VesselTree& tree, double max_segment_mm) {
  inside_parent_mm_.assign(tree.vessel_count(), 0.0);
  for (int v = 0; v < int(tree.vessel_count()); ++v)
    if (tree.is_side_branch(v)) inside_parent_mm_[size_t(v)] = tree.reference_radius_mm(tree.parent(v), tree.origin_mm(v));
  std::vector<Aabb> boxes;
  // A vessel that runs on into its only child is one tube with it: one blend group.
  auto group_of = [&](int v) {
    while (tree.continues_from_parent(v)) v = tree.parent(v);
    return v;
  };
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
                  start_normal, end_point,    end_normal, std::sqrt(1 + taper * taper), group_of(v)};
      seg.axis = seg.lumen1 - seg.lumen0;
      const double axis2 = glm::dot(seg.axis, seg.axis);
      seg.inverse_axis2 = axis2 > 0 ? 1.0 / axis2 : 0.0;
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
  // A side branch's centerline starts on its parent's axis; the part inside the parent belongs
  // to the parent, so nearest points there are not the branch's.
  auto parameter = [&](const Segment& s) {
    double t = closest_parameter(s.ref0, s.ref1, p);
    const double inside = inside_parent_mm_[size_t(s.vessel)];
    if (inside > 0 && s.s1_mm > s.s0_mm) t = std::max(t, std::min(1.0, (inside - s.s0_mm) / (s.s1_mm - s.s0_mm)));
    return t;
  };
  const int i = bvh_.nearest(
      [&](int k) {
        const Segment& s = segments_[k];
        if (s.s1_mm <= inside_parent_mm_[size_t(s.vessel)]) return std::numeric_limits<double>::infinity();
        return glm::distance(p, glm::mix(s.ref0, s.ref1, parameter(s)));
      },
      [&](const Aabb& box) { return box.distance(p); }, &best);
  if (i < 0) return {};
  const Segment& s = segments_[i];
  const double t = parameter(s);
  return {s.vessel, s.s0_mm + t * (s.s1_mm - s.s0_mm), best};
}

// A box holds its segment's whole tube: outside it, the box distance bounds the wall distance
// from below; inside, no wall distance is below -max radius.
double LumenQuery::box_bound(const Aabb& box, const glm::dvec3& p) const {
  const double d = box.distance(p);
  return d > 0 ? d : -max_radius_mm_;
}

int LumenQuery::nearest_segment(const glm::dvec3& p, double* signed_mm) const {
  return bvh_.nearest([&](int k) { return segments_[size_t(k)].signed_distance(p); },
                      [&](const Aabb& box) { return box_bound(box, p); }, signed_mm);
}

WallDistance LumenQuery::wall_distance_of(const glm::dvec3& p, int segment, double signed_mm) const {
  if (segment < 0) return {};
  const Segment& s = segments_[size_t(segment)];
  const double t = closest_parameter(s.lumen0, s.lumen1, p);
  return {signed_mm, s.vessel, s.s0_mm + t * (s.s1_mm - s.s0_mm), s.gradient(p)};
}

void LumenQuery::GroupMinima::offer(int g, int k, double d) {
  nearest = std::min(nearest, d);
  const int i = find(g);
  if (i >= 0) {
    if (d < signed_mm[size_t(i)]) {
      signed_mm[size_t(i)] = d;
      segment[size_t(i)] = k;
    }
  } else if (count < kMaxGroups) {
    group[size_t(count)] = g;
    segment[size_t(count)] = k;
    signed_mm[size_t(count)] = d;
    ++count;
  }
}

int LumenQuery::GroupMinima::find(int g) const {
  for (int i = 0; i < count; ++i)
    if (group[size_t(i)] == g) return i;
  return -1;
}

WallDistance LumenQuery::blended(const glm::dvec3& p, const GroupMinima& m) const {
  if (m.count == 0) return {};
  // In order of distance (a handful of entries: insertion sort), ties by segment for determinism.
  std::array<int, GroupMinima::kMaxGroups> order{};
  auto before = [&](int a, int b) {
    return m.signed_mm[size_t(a)] < m.signed_mm[size_t(b)] ||
           (m.signed_mm[size_t(a)] == m.signed_mm[size_t(b)] && m.segment[size_t(a)] < m.segment[size_t(b)]);
  };
  for (int i = 0; i < m.count; ++i) {
    int j = i;
    for (; j > 0 && before(i, order[size_t(j - 1)]); --j) order[size_t(j)] = order[size_t(j - 1)];
    order[size_t(j)] = i;
  }
  const int first = order[0];
  WallDistance w = wall_distance_of(p, m.segment[size_t(first)], m.signed_mm[size_t(first)]);
  // The smooth minimum folded in order of distance; its gradient mixes the two walls':
  // ∂smin/∂a = 1 − h/2, ∂smin/∂b = h/2 (a ≤ b). Not unit where walls blend.
  for (int i = 1; i < m.count; ++i) {
    const int o = order[size_t(i)];
    const double gap = m.signed_mm[size_t(o)] - w.signed_mm;
    if (gap >= kJunctionBlend_mm) break;
    const double h = 1.0 - gap / kJunctionBlend_mm;
    w.signed_mm -= 0.25 * kJunctionBlend_mm * h * h;
    w.normal = (1 - 0.5 * h) * w.normal + 0.5 * h * segments_[size_t(m.segment[size_t(o)])].gradient(p);
  }
  return w;
}

WallDistance LumenQuery::wall_distance(const glm::dvec3& p) const {
  double best;
  const int i = nearest_segment(p, &best);
  if (i < 0) return {};
  GroupMinima minima;
  minima.offer(segments_[size_t(i)].group, i, best);
  bvh_.visit_below([&](const Aabb& box) { return box_bound(box, p); }, best + kJunctionBlend_mm, [&](int k) {
    const Segment& s = segments_[size_t(k)];
    if (s.group == segments_[size_t(i)].group) return;
    const double d = s.signed_distance(p);
    if (d < best + kJunctionBlend_mm) minima.offer(s.group, k, d);
  });
  return blended(p, minima);
}

void LumenQuery::near_wall(const glm::dvec3& c, double reach_mm, NearWall& out) const {
  out.center_mm = c;
  out.reach_mm = reach_mm;
  out.by_distance.clear();
  // Segment k can be nearest somewhere within the reach only if d_k(c) − L_k·reach ≤ d_j(c) + L_j·reach
  // for the segment j nearest at c, and can blend there only if within the blend width of that.
  // The tree is searched with the loosest such bound first.
  double nearest;
  const int j = nearest_segment(c, &nearest);
  if (j < 0) return;
  const double lj = segments_[size_t(j)].lipschitz;
  const double limit = nearest + kJunctionBlend_mm;
  bvh_.visit_below([&](const Aabb& box) { return box_bound(box, c); }, limit + (lj + max_lipschitz_) * reach_mm,
                   [&](int k) {
                     const Segment& s = segments_[size_t(k)];
                     const double d = s.signed_distance(c);
                     if (d <= limit + (lj + s.lipschitz) * reach_mm) out.by_distance.push_back({d, k});
                   });
  std::sort(out.by_distance.begin(), out.by_distance.end());
  out.lipschitz = 1;
  for (const auto& [d, k] : out.by_distance) out.lipschitz = std::max(out.lipschitz, segments_[size_t(k)].lipschitz);
}

WallDistance LumenQuery::wall_distance_near(const glm::dvec3& p, const NearWall& near) const {
  const double moved = near.lipschitz * glm::distance(p, near.center_mm);
  GroupMinima minima;
  for (const auto& [at_center, k] : near.by_distance) {
    const double bound = at_center - moved;  // d_k(p) is at least this
    if (bound >= minima.nearest + kJunctionBlend_mm) break;  // sorted: no later one matters
    const Segment& s = segments_[size_t(k)];
    const int g = minima.find(s.group);
    if (g >= 0 && bound >= minima.signed_mm[size_t(g)]) continue;  // cannot beat its vessel's nearest
    minima.offer(s.group, k, s.signed_distance(p));
  }
  return blended(p, minima);
}

}  // namespace angiosim
