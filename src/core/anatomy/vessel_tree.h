#pragma once
// VesselTree: the vessel specs turned into geometry one can ask questions of along each vessel
// (arclength s in mm from the vessel's origin): centerline point and tangent, reference radius,
// and the lumen with lesions applied (narrowed radius, centre shifted away from eccentric plaque).
// The centerline is a smooth curve through the model's points — a centripetal Catmull–Rom spline
// (Yuksel, Schaefer & Keyser, Computer-Aided Design 43(7), 2011: no cusps or self-intersections)
// resampled every ≤ 0.25 mm — because arteries have no kinks, and a wire would catch on them.
#include <glm/vec3.hpp>

#include <string>
#include <vector>

#include "core/anatomy/anatomy_spec.h"

namespace angiosim {

struct LumenSection {
  glm::dvec3 center_mm;  // lumen centre (off the reference centerline if the plaque is eccentric)
  double radius_mm;      // 0 inside a total occlusion
};

class VesselTree {
 public:
  explicit VesselTree(AnatomySpec spec);

  const AnatomySpec& spec() const { return spec_; }
  size_t vessel_count() const { return spec_.vessels.size(); }
  const VesselSpec& vessel(int v) const { return spec_.vessels[v]; }
  int find_vessel(const std::string& name) const;  // -1 if absent
  int parent(int v) const { return parent_[v]; }
  const std::vector<int>& children(int v) const { return children_[v]; }
  double length_mm(int v) const { return arclength_[v].back(); }

  glm::dvec3 centerline_point(int v, double s_mm) const;
  glm::dvec3 tangent(int v, double s_mm) const;  // unit, along increasing s
  double reference_radius_mm(int v, double s_mm) const;
  LumenSection lumen(int v, double s_mm) const;          // plaque, then any bored channel
  LumenSection plaque_lumen(int v, double s_mm) const;   // what the lesions alone leave open
  // A total occlusion's cap: where the narrowing passes this, the lumen closes at once.
  static constexpr double kOcclusionCapNarrowing = 0.5;
  // How far a child vessel's lumen starts back inside its parent, along its first tangent (mm):
  // its tilted flat start face then leaves no notch on the outer side of the bifurcation.
  // 0 for the root. Shared by the lumen queries and the X-ray scene so both see one lumen.
  double start_overlap_mm(int v) const;
  // A vessel with a single child (the external iliac going on as the common femoral) continues
  // into it: the lumen runs on smoothly, with no ends at the junction.
  bool continues_into_child(int v) const { return end_children_[v].size() == 1; }
  bool continues_from_parent(int v) const {
    return parent_[v] >= 0 && !is_side_branch(v) && continues_into_child(parent_[v]);
  }
  // Children at the vessel's end (a bifurcation, or its continuation), and its side branches.
  const std::vector<int>& end_children(int v) const { return end_children_[v]; }
  bool is_side_branch(int v) const { return spec_.vessels[v].origin_mm >= 0 && parent_[v] >= 0; }
  // Arclength along the parent where a side branch leaves it (the parent's length for a child at
  // its end).
  double origin_mm(int v) const;
  // Lesions on vessel v (indices into spec().lesions).
  const std::vector<int>& lesions_on(int v) const { return lesions_on_[v]; }

  // A channel a wire has bored through a lesion (a crossed occlusion): between s_begin and
  // s_end (mm, either order) the lesion's lumen is at least radius_mm wide. Replaces the
  // lesion's previous channel.
  void open_channel(int lesion, double s_begin_mm, double s_end_mm, double radius_mm);
  // A lesion dilated by a balloon (or held open by a stent): between s_begin and s_end the lumen
  // is at least radius_mm, blending into what was there over kDilationTaper_mm beyond each end.
  // Dilations add up (the widest wins); they never narrow the lumen.
  void dilate(int lesion, double s_begin_mm, double s_end_mm, double radius_mm);
  static constexpr double kDilationTaper_mm = 2.0;
  // Counts the changes to the lumen (channels opened), so derived geometry knows when to rebuild.
  unsigned revision() const { return revision_; }

 private:
  // Segment index i and fraction f in [0,1] such that s lies between points i and i+1.
  void locate(int v, double s_mm, size_t* i, double* f) const;

  AnatomySpec spec_;
  std::vector<int> parent_;
  std::vector<std::vector<int>> children_;
  std::vector<std::vector<int>> end_children_;
  struct Sample {
    glm::dvec3 position;
    double radius_mm;
  };
  std::vector<std::vector<Sample>> dense_;       // per vessel: the spline, resampled
  std::vector<std::vector<double>> arclength_;  // per vessel, per dense sample
  std::vector<std::vector<int>> lesions_on_;
  struct Channel {
    double s_min_mm = 0, s_max_mm = 0, radius_mm = 0;
  };
  std::vector<Channel> channels_;  // per lesion; radius 0 while none is open
  std::vector<std::vector<Channel>> dilations_;  // per lesion
  unsigned revision_ = 0;
};

}  // namespace angiosim
