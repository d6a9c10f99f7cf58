#include "core/physics/stent_delivery.h"

#include <algorithm>
#include <cmath>

#include "core/physics/over_the_wire.h"

namespace angiosim {

StentDelivery::StentDelivery(const StentSpec& spec) : implant_(spec) {}

double StentDelivery::crimped_length_mm() const { return spec().length_at_mm(spec().crimped_diameter_mm); }

bool StentDelivery::step(double dt, const StentControls& c, bool may_deploy, const Guidewire& wire,
                         const LumenQuery& lumen, VesselTree& tree) {
  const StentSpec& s = spec();
  const double advance = std::isfinite(c.advance_mm_s) ? std::clamp(c.advance_mm_s, -kMaxAdvance_mm_s, kMaxAdvance_mm_s) : 0.0;
  const double retract = std::isfinite(c.retract_mm_s) ? std::clamp(c.retract_mm_s, 0.0, kMaxRetract_mm_s) : 0.0;

  const bool moving = advance != 0;
  // The hands on the system: free until the stent anchors, and again once it is all out (the
  // empty system comes back over the wire).
  const bool held = anchored_ && !taken_;
  if (!held) {
    const double far = std::max(0.0, wire.inserted_length_mm() - kTipLength_mm);
    position_mm_ = std::clamp(position_mm_ + advance * dt, 0.0, far);
  } else if (moving && !moving_after_anchor_) {
    ++moves_after_anchor_;  // one per push or pull
  }
  moving_after_anchor_ = moving && held;

  // The thumbwheel.
  const bool turning = retract > 0 && !fully_deployed();
  if (turning && !may_deploy) {
    if (!refusing_) ++refused_;
  } else if (turning) {
    retracted_mm_ = std::min(retracted_mm_ + retract * dt, crimped_length_mm() + kSheathOvertravel_mm);
  }
  refusing_ = turning && !may_deploy;

  const WirePath path(wire);
  // Lay the rings from the distal end back: released and opening ones at their own pitch,
  // crimped ones at the crimped pitch.
  const double crimped_ring = s.ring_length_mm(s.crimped_diameter_mm);
  const double crimped_pitch = crimped_ring + s.bridge_length_mm;
  bool changed = false;
  double along = position_mm_;  // distal edge of the next ring
  const size_t n = implant_.ring_count();
  std::vector<double> center_along(n, 0.0);
  for (size_t k = 0; k < n && !taken_; ++k) {
    const double uncovered = retracted_mm_ - double(k) * crimped_pitch;
    const double fraction = std::clamp(uncovered / crimped_ring, 0.0, 1.0);
    const PlacedRing& r = implant_.rings()[k];
    const double d = r.released ? r.diameter_mm() : (fraction > 0 ? r.diameter_mm() : s.crimped_diameter_mm);
    const double ring_length = s.ring_length_mm(std::max(d, s.crimped_diameter_mm));
    center_along[k] = along - 0.5 * ring_length;
    const glm::dvec3 center = path.point_at_mm(center_along[k]);
    if (r.released) {
      // It stays where it landed.
    } else if (fraction > 0) {
      implant_.open_ring(k, center, fraction, lumen, tree);
      if (fraction >= 1) {
        if (k + 1 == n) {
          // The last crowns let go: the stored axial compression springs the stent's end forward,
          // the last ring by the whole jump, the two before it by two and one thirds.
          jump_mm_ = std::min(kMaxJump_mm, kJump_s * retract);
          implant_.set_jump_mm(jump_mm_);
          for (size_t j = 1; j < 3 && j < n; ++j)
            implant_.move_ring(n - 1 - j, path.point_at_mm(center_along[n - 1 - j] + jump_mm_ * double(3 - j) / 3.0));
          implant_.open_ring(k, path.point_at_mm(center_along[k] + jump_mm_), 1.0, lumen, tree);
        }
        changed |= implant_.release_ring(k, tree);
      }
      // The distal crowns touching the wall anchor the stent.
      if (!anchored_ && r.open_fraction > 0 && r.site.vessel >= 0 && r.diameter_mm() >= r.site.lumen_mm) anchored_ = true;
    } else {
      implant_.crimped_ring_at(k, center);
    }
    along -= ring_length + s.bridge_length_mm;
  }

  distal_marker_ = path.point_at_mm(distal_marker_along_mm());
  proximal_marker_ = path.point_at_mm(proximal_marker_along_mm());
  // The outer sheath from its edge (over the stent's still crimped part) back into the access sheath.
  sheath_axis_.clear();
  const double edge = position_mm_ - retracted_mm_;
  for (double d = edge; d > -30; d -= 2.0) sheath_axis_.push_back(path.point_at_mm(d));
  tip_axis_.clear();
  for (double d = position_mm_; d <= position_mm_ + kTipLength_mm + 1e-9; d += 2.0) tip_axis_.push_back(path.point_at_mm(d));
  return changed;
}

}  // namespace angiosim
