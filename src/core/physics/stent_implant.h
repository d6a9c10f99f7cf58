#pragma once
// A self-expanding stent in the patient (docs/physics.md, "Stent in the vessel"): its rings, each
// released from the crimped state where the delivery sheath leaves it and settled where its
// chronic outward force balances the wall that holds it. The wall at a ring is a thin elastic tube
// (ElasticTube) whose unloaded diameter is the lumen there now (after angioplasty): the artery's
// wall and, on a lesion, the plaque lining it, h_plaque = (reference − lumen)/2.
// A ring whose free diameter is below the lumen never touches it: malapposed. Where a ring lands
// on a lesion wider than the lumen it found, it holds the lesion open at its diameter (the lumen
// is updated: flow, contrast and residual stenosis follow). A balloon inflated inside the stent
// later opens the rings further; they settle again against the wider lumen (post-dilation).
#include <memory>
#include <optional>
#include <vector>

#include <glm/vec3.hpp>

#include "core/anatomy/lumen_query.h"
#include "core/anatomy/vessel_tree.h"
#include "core/devices/stent_spec.h"
#include "core/physics/stent_ring.h"

namespace angiosim {

// The wall's stiffness in the model (docs/physics.md): the artery's incremental circumferential
// modulus, and the plaque's by type (static moduli of cellular, hypocellular and calcified plaque,
// Lee et al., Circulation 83:1764, 1991).
inline constexpr double kArteryWallModulus_MPa = 1.0;
double plaque_modulus_MPa(PlaqueType plaque);

// Where a ring lands and what holds it there.
struct RingSite {
  int vessel = -1, lesion = -1;
  double s_mm = 0;
  double lumen_mm = 0;      // before the ring
  double reference_mm = 0;
  ElasticTube wall;
};
RingSite ring_site(const glm::dvec3& center_mm, const LumenQuery& lumen, const VesselTree& tree);

struct PlacedRing {
  StentRing ring;
  RingSite site;
  glm::dvec3 center_mm{0};
  double equilibrium_mm = 0;  // where it settles against the site (its free diameter when malapposed)
  double open_fraction = 0;   // 0 crimped in the sheath … 1 released
  bool released = false;
  bool pressed = false;       // opened by a balloon since it last settled
  std::optional<StentRing> settled;  // the ring as it will stand at equilibrium on this site (until released)
  // Touching the wall: the ring pushes on it (malapposed: a gap between ring and wall).
  bool apposed() const { return equilibrium_mm >= site.lumen_mm - 1e-3; }
  double diameter_mm() const;  // as it stands (opening: between crimped and equilibrium)
};

class StentImplant {
 public:
  explicit StentImplant(const StentSpec& spec);

  const StentSpec& spec() const { return *spec_; }
  const std::vector<PlacedRing>& rings() const { return rings_; }
  size_t ring_count() const { return rings_.size(); }

  // Ring k opening at `center_mm`: it finds the wall there and its equilibrium against it (again
  // when it has moved more than kResite_mm since); `fraction` of it is out of the sheath.
  void open_ring(size_t k, const glm::dvec3& center_mm, double fraction, const LumenQuery& lumen,
                 const VesselTree& tree);
  // A released ring carried by the stent's jump (its wall as it was).
  void move_ring(size_t k, const glm::dvec3& center_mm) { rings_.at(k).center_mm = center_mm; }
  // Ring k still crimped in the sheath at `center_mm`.
  void crimped_ring_at(size_t k, const glm::dvec3& center_mm);
  // Ring k released for good: it holds a lesion under it open (tree changed: returns true).
  bool release_ring(size_t k, VesselTree& tree);
  // Post-dilation: a balloon inflated inside the stent (its axis and diameters, as BalloonCatheter
  // gives them) opens the released rings it reaches wider; after deflation (relax) the plaque
  // recoils onto them — the lumen the balloon left (tree) is the wall's new unloaded diameter —
  // and each pressed ring settles inward along its radial resistive force. relax returns true
  // when the tree changed.
  void press(const std::vector<glm::dvec3>& balloon_axis_mm, const std::vector<double>& balloon_diameter_mm);
  bool relax(VesselTree& tree);

  bool fully_released() const;
  size_t released_count() const;
  // Along the stent, distal first: the axis through the rings and each ring's diameter.
  std::vector<glm::dvec3> axis_mm() const;
  std::vector<double> ring_diameters_mm() const;
  // Released rings not touching the wall: their length (pitch) summed.
  double malapposed_length_mm() const;
  // How far the last ring sprang forward when it was released (StentDelivery).
  double jump_mm() const { return jump_mm_; }
  void set_jump_mm(double mm) { jump_mm_ = mm; }

  static constexpr double kResite_mm = 0.5;

 private:
  std::shared_ptr<const StentSpec> spec_;  // rings point at it: stable when the implant moves
  StentRing crimped_;  // the design's ring crimped into the sheath (every ring's history before release)
  std::vector<PlacedRing> rings_;
  double jump_mm_ = 0;
  void settle(PlacedRing& r);
};

}  // namespace angiosim
