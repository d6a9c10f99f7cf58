#pragma once
// Fast spatial questions about the vessel lumen, answered over a bounding-volume tree of short
// lumen segments (≤ 1 mm, sampled from VesselTree), never by scanning every segment:
//   - the nearest reference-centerline location (vessel, arclength) to a point;
//   - the signed distance to the lumen wall (negative inside), over the union of all vessels;
//   - whether a point is inside the lumen.
// Each segment is a truncated cone between two lumen sections; its signed distance is the distance
// to the segment axis minus the interpolated radius (exact for cylinders, first-order for the gentle
// tapers of arteries). Consecutive segments of a vessel join with rounded (capsule) joints; a
// vessel's two ends are flat (CSG intersection with its end half-spaces, the rim rounded over
// kEndRounding_mm), and a child starts slightly inside its parent (VesselTree::start_overlap_mm) —
// the lumen the X-ray scene draws, but for those roundings (under half a millimetre).
// Where different vessels meet (a bifurcation's carina, a branch's origin) the union is smooth:
// a hard union would leave a knife-edge ridge of wall between the branches, where a wire tip
// catches as on no real carina. Per vessel the nearest segment counts (a vessel running on into its
// only child counts as one); across vessels the polynomial smooth minimum
// smin(a, b) = min(a, b) − k·h²/4, h = max(0, 1 − |a − b|/k) (Quilez, "smooth minimum", 2013)
// rounds each junction over kJunctionBlend_mm and leaves the lumen unchanged elsewhere.
#include <glm/geometric.hpp>
#include <glm/vec3.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "core/anatomy/vessel_tree.h"
#include "core/geometry/bvh.h"

namespace angiosim {

struct CenterlineLocation {
  int vessel = -1;
  double s_mm = 0;         // arclength along the vessel
  double distance_mm = 0;  // from the query point to that centerline point
};

struct WallDistance {
  double signed_mm = 0;  // < 0 inside the lumen
  int vessel = -1;       // the vessel whose wall is nearest
  double s_mm = 0;
  glm::dvec3 normal{0};  // gradient of the signed distance, out of the lumen into the wall: unit
                         // except where vessels' walls blend (shorter there)
};

// Polynomial smooth maximum over width k, with the weight of b in its gradient (Quilez 2013):
// smax(a, b) = max(a, b) + k·h²/4, h = max(0, 1 − |a − b|/k); ∂/∂b = h/2 when b ≤ a.
struct SmoothMax {
  double value, weight_b;
};
inline SmoothMax smooth_max(double a, double b, double k) {
  const double h = std::max(0.0, 1.0 - std::abs(a - b) / k);
  const double w = a >= b ? 0.5 * h : 1.0 - 0.5 * h;
  return {std::max(a, b) + 0.25 * k * h * h, w};
}

class LumenQuery {
 public:
  // Width over which vessels' walls blend where they meet: the ridge between two branches is
  // rounded by up to a quarter of it (0.5 mm). A model choice: the reference gives no carina radius.
  static constexpr double kJunctionBlend_mm = 2.0;
  // A blind end (where the model stops following a vessel) meets the vessel's side in a rim
  // rounded over this width (smooth maximum), so a tip pushed into it is not wedged in a crease.
  static constexpr double kEndRounding_mm = 1.0;

  // Segments are at most `max_segment_mm` long along each vessel.
  explicit LumenQuery(const VesselTree& tree, double max_segment_mm = 1.0);

  CenterlineLocation nearest_centerline(const glm::dvec3& p_mm) const;
  WallDistance wall_distance(const glm::dvec3& p_mm) const;
  bool inside(const glm::dvec3& p_mm) const { return wall_distance(p_mm).signed_mm < 0; }

  // The segments whose wall can be the nearest anywhere within `reach_mm` of a center point, with
  // their signed distances there, nearest first. Each segment's signed distance is L-Lipschitz
  // (L = √(1 + taper²), taper = radius change per mm of axis), so only those within
  // (L + L_nearest)·reach of the minimum at the center qualify. A caller that moves a point a
  // little (a wire node during a solve) asks wall_distance_near instead of searching the tree
  // each time, with the same answer.
  struct NearWall {
    glm::dvec3 center_mm{0};
    double reach_mm = 0;
    double lipschitz = 1;                             // the largest L among the candidates
    std::vector<std::pair<double, int>> by_distance;  // (signed distance at center, segment)
  };
  void near_wall(const glm::dvec3& center_mm, double reach_mm, NearWall& out) const;
  // For p within the reach of near.center_mm. Candidates are tried nearest first and the scan stops
  // once no later one can come within the blend width of the best found:
  // d_k(p) ≥ d_k(center) − L·|p − center|.
  WallDistance wall_distance_near(const glm::dvec3& p_mm, const NearWall& near) const;

  // The lesion (index into the anatomy's lesions) whose extent holds this centerline location,
  // or -1 for healthy vessel.
  int lesion_at(const CenterlineLocation& at) const;

  size_t segment_count() const { return segments_.size(); }

  struct Segment {
    int vessel;
    double s0_mm, s1_mm;
    glm::dvec3 ref0, ref1;        // reference centerline ends
    glm::dvec3 lumen0, lumen1;    // lumen centre ends
    double r0_mm, r1_mm;          // lumen radius ends
    // The vessel's end planes (outward normals through its first and last lumen centres): each
    // segment is intersected with both half-spaces so no rounded joint pokes past a flat end.
    glm::dvec3 start_point, start_normal, end_point, end_normal;
    double lipschitz;             // bound on |∇ signed_distance|: √(1 + taper²)
    int group;                    // vessels that run on into each other share one
    glm::dvec3 axis{0};           // lumen1 − lumen0
    double inverse_axis2 = 0;     // 1/|axis|² (0 for a point)
    // Inline: the hot path of every wall sample.
    double signed_distance(const glm::dvec3& p) const {
      const glm::dvec3 rel = p - lumen0;
      const double t = std::clamp(glm::dot(rel, axis) * inverse_axis2, 0.0, 1.0);
      const double capsule = glm::length(rel - t * axis) - (r0_mm + t * (r1_mm - r0_mm));
      const double start = glm::dot(p - start_point, start_normal), end = glm::dot(p - end_point, end_normal);
      if (start <= capsule - kEndRounding_mm && end <= capsule - kEndRounding_mm) return capsule;  // far from the ends
      return smooth_max(smooth_max(capsule, start, kEndRounding_mm).value, end, kEndRounding_mm).value;
    }
    glm::dvec3 gradient(const glm::dvec3& p) const;  // of signed_distance (unit but at tapers and rims)
  };
  const std::vector<Segment>& segments() const { return segments_; }

 private:
  std::vector<Segment> segments_;
  Bvh bvh_;
  struct LesionExtent {
    int lesion, vessel;
    double s_min_mm, s_max_mm;
  };
  std::vector<LesionExtent> lesions_;
  double max_radius_mm_ = 0;
  std::vector<double> inside_parent_mm_;  // per vessel: how far a side branch runs inside its parent
  double max_lipschitz_ = 1;

  double box_bound(const Aabb& box, const glm::dvec3& p) const;
  // The segment whose own signed distance at p is least (the hard union's), and that distance.
  int nearest_segment(const glm::dvec3& p, double* signed_mm) const;
  WallDistance wall_distance_of(const glm::dvec3& p, int segment, double signed_mm) const;
  // The nearest segment of each blend group found so far. More than kMaxGroups vessels within a
  // blend width of one point do not occur; extra ones would be left out.
  struct GroupMinima {
    static constexpr int kMaxGroups = 8;
    std::array<int, kMaxGroups> group{}, segment{};
    std::array<double, kMaxGroups> signed_mm{};
    int count = 0;
    double nearest = std::numeric_limits<double>::infinity();
    int find(int g) const;
    void offer(int g, int k, double d);
  };
  // The smooth union of the groups' nearest walls (vessel and arclength: the nearest one's).
  WallDistance blended(const glm::dvec3& p, const GroupMinima& minima) const;
};

// Closest-point parameter t in [0,1] on the segment a–b to p.
double closest_parameter(const glm::dvec3& a, const glm::dvec3& b, const glm::dvec3& p);

}  // namespace angiosim
