#pragma once
// A self-expanding stent's triaxial delivery system over the guidewire (docs/physics.md, "Stent
// deployment"): an inner shaft with the guidewire lumen and two markers, a stabilising middle
// shaft that holds the stent from behind, and the outer sheath over the crimped stent, pulled
// back by the thumbwheel.
//
// The operator pushes and pulls the system along the wire (never past the wire's tip less the
// system's soft tip) and turns the thumbwheel: the sheath retracts (it never re-advances over an
// opening stent). Ring by ring from the distal end, the sheath uncovers the stent: a ring out by
// a fraction f of its crimped length flares to crimped + f·(equilibrium − crimped) against the
// wall there (StentImplant). Until the distal crowns touch the wall the half-open stent moves with
// the system and can be repositioned; once they appose, it is anchored and stays where it is (a
// push or pull then only strains the system: counted, not obeyed). Opened rings shorten (the
// design's foreshortening): the stent is laid from its anchored distal end back, ring after ring
// at the pitch of its diameter. The last ring, released while the sheath is pulled fast, lets the
// stent's stored axial compression spring its proximal end forward ("jump"): by the thumbwheel's
// speed times kJump_s, at most kMaxJump_mm, shared by the last three rings.
//
// The inner shaft's markers show where the stent's ends will lie once open at its nominal
// diameter: they are what the operator places across the lesion.
#include <optional>
#include <vector>

#include <glm/vec3.hpp>

#include "core/anatomy/lumen_query.h"
#include "core/anatomy/vessel_tree.h"
#include "core/devices/stent_spec.h"
#include "core/physics/guidewire.h"
#include "core/physics/stent_implant.h"

namespace angiosim {

// The hands on the system for one step.
struct StentControls {
  double advance_mm_s = 0;  // + pushes the system in along the wire
  double retract_mm_s = 0;  // thumbwheel: + pulls the outer sheath back (− is ignored)
};

class StentDelivery {
 public:
  static constexpr double kMaxAdvance_mm_s = 50;
  static constexpr double kMaxRetract_mm_s = 20;  // a thumbwheel turned quickly
  static constexpr double kTipLength_mm = 10;     // the inner shaft's soft tip beyond the stent
  static constexpr double kJump_s = 0.3, kMaxJump_mm = 4;
  static constexpr double kSheathOvertravel_mm = 5;  // the sheath pulls back clear of the stent

  explicit StentDelivery(const StentSpec& spec);

  // One step. `may_deploy`: the wire is across the lesion (the sheath is not pulled otherwise: a
  // refusal is counted). Returns true when the lumen changed (a ring released on a lesion).
  bool step(double dt_s, const StentControls& controls, bool may_deploy, const Guidewire& wire,
            const LumenQuery& lumen, VesselTree& tree);

  const StentSpec& spec() const { return implant_.spec(); }
  const StentImplant& implant() const { return implant_; }
  // Hands the deployed stent over (the system stays on the wire, empty).
  StentImplant take_implant() { taken_ = true; return implant_; }
  bool implant_taken() const { return taken_; }

  // The stent's distal end, as distance along the wire from the sheath tip.
  double position_mm() const { return position_mm_; }
  double retracted_mm() const { return retracted_mm_; }
  double crimped_length_mm() const;
  bool deployment_started() const { return retracted_mm_ > 0; }
  bool anchored() const { return anchored_; }
  bool fully_deployed() const { return implant_.fully_released(); }
  // The system can come out over the wire: nothing released yet, or all of it.
  bool removable() const { return !deployment_started() || fully_deployed(); }
  double jump_mm() const { return jump_mm_; }
  int refused_deployments() const { return refused_; }  // thumbwheel turned without the wire across
  int moves_after_anchoring() const { return moves_after_anchor_; }

  // The inner shaft's markers (distal, proximal): the ends of the stent opened at nominal.
  glm::dvec3 distal_marker_mm() const { return distal_marker_; }
  glm::dvec3 proximal_marker_mm() const { return proximal_marker_; }
  // Distances along the wire of those markers from the sheath tip (distal > proximal).
  double distal_marker_along_mm() const { return position_mm_; }
  double proximal_marker_along_mm() const { return position_mm_ - spec().length_at_mm(spec().nominal_diameter_mm); }
  // The outer sheath: from its distal edge back to the access sheath, along the wire.
  const std::vector<glm::dvec3>& sheath_axis_mm() const { return sheath_axis_; }
  const std::vector<glm::dvec3>& tip_axis_mm() const { return tip_axis_; }  // inner shaft beyond the stent

 private:
  StentImplant implant_;
  double position_mm_ = 0, retracted_mm_ = 0, jump_mm_ = 0;
  bool anchored_ = false, taken_ = false;
  bool refusing_ = false, moving_after_anchor_ = false;
  int refused_ = 0, moves_after_anchor_ = 0;
  glm::dvec3 distal_marker_{0}, proximal_marker_{0};
  std::vector<glm::dvec3> sheath_axis_, tip_axis_;
};

}  // namespace angiosim
