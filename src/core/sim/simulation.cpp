#include "core/sim/simulation.h"

#include <algorithm>
#include <cmath>

#include "core/sim/wire_position.h"
#include "core/util/state_hash.h"

namespace angiosim {
namespace {

// Moves `current` toward `target` by at most `max_step`.
double approach(double current, double target, double max_step) {
  return current + std::clamp(target - current, -max_step, max_step);
}

bool finite(const glm::dvec3& v) { return std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z); }

}  // namespace

Simulation::Simulation(std::shared_ptr<const VesselTree> anatomy, CArmSpec c_arm,
                       CArmPose initial_pose, uint64_t seed, const GuidewireSpec* wire,
                       std::optional<AccessSite> access)
    : anatomy_(std::make_shared<VesselTree>(*anatomy)),
      lumen_(std::make_shared<LumenQuery>(*anatomy_)),
      occlusions_(*anatomy_),
      c_arm_(c_arm),
      contrast_(BloodFlow(*anatomy_)) {
  if (access) {
    sheath_ = access;
    access_state_.punctured = access_state_.sheath_in = true;
    access_state_.vessel = access->vessel;
    access_state_.s_mm = access->s_mm;
    access_state_.puncture_mm = access->tip_mm;
    if (wire) wire_.emplace(*wire, *access);
  }
  state_.c_arm = initial_pose;
  state_.target_lao_deg = initial_pose.lao_deg;
  state_.target_cranial_deg = initial_pose.cranial_deg;
  state_.rng.reseed(seed);
}

void Simulation::set_devices(const DeviceCatalog* catalog, bool antegrade_access) {
  catalog_ = catalog;
  antegrade_access_ = antegrade_access;
}

void Simulation::operate_access(const OperatorCommands& cmd) {
  AccessState& a = access_state_;
  if (cmd.access_at_mm && finite(*cmd.access_at_mm) && !a.punctured) {
    const CenterlineLocation at = lumen_->nearest_centerline(*cmd.access_at_mm);
    if (at.vessel >= 0 && at.distance_mm <= kNeedleReach_mm) {
      // The sheath tip lies a little inside the arteriotomy, the way the wire will go.
      const double s = std::clamp(at.s_mm, 0.0, anatomy_->length_mm(at.vessel));
      sheath_ = antegrade_access_ ? antegrade_access(*anatomy_, at.vessel, s) : retrograde_access(*anatomy_, at.vessel, s);
      a.punctured = a.sheath_in = true;
      a.vessel = at.vessel;
      a.s_mm = s;
      a.puncture_mm = anatomy_->centerline_point(at.vessel, s);
    }
  }
  // Over the wire: a balloon needs a wire in place (and one its lumen takes), and must come out
  // before the wire does.
  if (cmd.remove_balloon && balloon_ && !balloon_->inflated()) balloon_.reset();
  if (cmd.remove_stent && stent_system_ && stent_system_->removable()) stent_system_.reset();
  const bool catheter_on_wire = balloon_ || stent_system_;
  if (cmd.insert_balloon && wire_ && !catheter_on_wire && catalog_)
    if (const BalloonSpec* spec = catalog_->find_balloon(*cmd.insert_balloon);
        spec && wire_->spec().outer_diameter_mm <= spec->max_wire_in * 25.4 + 1e-6)
      balloon_.emplace(*spec);
  if (cmd.insert_stent && wire_ && !catheter_on_wire && catalog_)
    if (const StentSpec* spec = catalog_->find_stent(*cmd.insert_stent);
        spec && wire_->spec().outer_diameter_mm <= spec->max_wire_in * 25.4 + 1e-6)
      stent_system_.emplace(*spec);
  if (cmd.withdraw_wire && !balloon_ && !stent_system_) wire_.reset();
  if (cmd.insert_wire && a.sheath_in && !wire_ && catalog_)
    if (const GuidewireSpec* spec = catalog_->find_guidewire(*cmd.insert_wire)) wire_.emplace(*spec, *sheath_);
  if (cmd.remove_sheath && a.sheath_in && !wire_) {
    a.sheath_in = false;
    a.sheath_removed = true;
    sheath_.reset();
  }
  if (cmd.compress) a.compressing = *cmd.compress;
  if (a.compressing && a.sheath_removed) a.compression_s += kStep_s;
}

bool Simulation::wire_across_a_lesion() const {
  for (const LesionSpec& l : anatomy_->spec().lesions)
    if (wire_across(*this, l, kAcrossMargin_mm)) return true;
  return false;
}

bool Simulation::operate_devices(const OperatorCommands& cmd) {
  bool changed = false;
  if (balloon_) {
    changed |= balloon_->step(state_.time_s + kStep_s, kStep_s, cmd.balloon, *wire_, *lumen_, *anatomy_, state_.rng, angioplasty_);
    // Post-dilation: the balloon opens the stents' rings it reaches, the plaque recoils onto them.
    if (balloon_->inflated())
      for (StentImplant& s : stents_) s.press(balloon_->axis_mm(), balloon_->diameter_mm());
  }
  if (!balloon_ || !balloon_->inflated())
    for (StentImplant& s : stents_) changed |= s.relax(*anatomy_);
  if (stent_system_) {
    // Whether the wire is across is asked only when the thumbwheel first turns.
    const bool may_deploy = stent_system_->deployment_started() || cmd.stent.retract_mm_s <= 0 || wire_across_a_lesion();
    changed |= stent_system_->step(kStep_s, cmd.stent, may_deploy, *wire_, *lumen_, *anatomy_);
    if (stent_system_->fully_deployed() && !stent_system_->implant_taken()) stents_.push_back(stent_system_->take_implant());
  }
  return changed;
}

void Simulation::step(const OperatorCommands& cmd) {
  operate_access(cmd);
  // Absurd inputs are clamped to what the machine can do, never trusted.
  if (cmd.c_arm_lao_deg && std::isfinite(*cmd.c_arm_lao_deg))
    state_.target_lao_deg = std::clamp(*cmd.c_arm_lao_deg, -kMaxLao_deg, kMaxLao_deg);
  if (cmd.c_arm_cranial_deg && std::isfinite(*cmd.c_arm_cranial_deg))
    state_.target_cranial_deg = std::clamp(*cmd.c_arm_cranial_deg, -kMaxCranial_deg, kMaxCranial_deg);
  if (cmd.isocenter_mm && finite(*cmd.isocenter_mm))
    state_.c_arm.isocenter_mm = glm::clamp(*cmd.isocenter_mm, glm::dvec3(-1000), glm::dvec3(1000));

  if (cmd.field_cm && std::isfinite(*cmd.field_cm)) state_.c_arm.field_cm = std::clamp(*cmd.field_cm, 0.0, 100.0);
  if (cmd.sid_mm && std::isfinite(*cmd.sid_mm))
    state_.c_arm.sid_mm = std::clamp(*cmd.sid_mm, c_arm_.source_to_isocenter_mm + 100, kMaxSid_mm);

  const double max_turn = c_arm_.max_rotation_speed_deg_s * kStep_s;
  state_.c_arm.lao_deg = approach(state_.c_arm.lao_deg, state_.target_lao_deg, max_turn);
  state_.c_arm.cranial_deg = approach(state_.c_arm.cranial_deg, state_.target_cranial_deg, max_turn);

  if (wire_) {
    wire_->step(kStep_s, cmd.wire, *lumen_);
    bool lumen_changed = occlusions_.update(state_.time_s + kStep_s, kStep_s, *wire_, *lumen_, *anatomy_);
    lumen_changed |= operate_devices(cmd);
    if (lumen_changed) {
      *lumen_ = LumenQuery(*anatomy_);  // in place: references to it stay valid
      wire_->forget_wall_cache();
      contrast_.update_lumen(*anatomy_);  // a crossed or dilated lesion lets more blood through
    }
  }

  // Contrast: an injection's volume, rate and site are clamped to what a syringe and the vessels
  // can take; it then flows with the blood.
  if (cmd.stop_injection) contrast_.stop_injection();
  if (cmd.inject && cmd.inject->vessel >= 0 && size_t(cmd.inject->vessel) < anatomy_->vessel_count() &&
      std::isfinite(cmd.inject->rate_ml_s) && std::isfinite(cmd.inject->volume_ml) && std::isfinite(cmd.inject->s_mm)) {
    Injection i = *cmd.inject;
    i.rate_ml_s = std::clamp(i.rate_ml_s, 0.1, kMaxInjectionRate_ml_s);
    i.volume_ml = std::clamp(i.volume_ml, 0.0, kMaxInjectionVolume_ml);
    i.s_mm = std::clamp(i.s_mm, 0.0, anatomy_->length_mm(i.vessel));
    contrast_.inject(i);
  }
  contrast_.step(kStep_s);

  ++state_.step_count;
  state_.time_s = static_cast<double>(state_.step_count) * kStep_s;
}

uint64_t Simulation::state_hash() const {
  StateHash h;
  h.add(state_.step_count);
  h.add(state_.time_s);
  h.add(state_.c_arm.lao_deg);
  h.add(state_.c_arm.cranial_deg);
  h.add(state_.c_arm.isocenter_mm);
  h.add(state_.c_arm.field_cm);
  h.add(state_.c_arm.sid_mm);
  h.add(state_.target_lao_deg);
  h.add(state_.target_cranial_deg);
  h.add(state_.rng.state());
  h.add(uint64_t(access_state_.punctured) | uint64_t(access_state_.sheath_in) << 1 |
        uint64_t(access_state_.sheath_removed) << 2 | uint64_t(access_state_.compressing) << 3);
  h.add(access_state_.s_mm);
  h.add(access_state_.compression_s);
  h.add(uint64_t(access_state_.vessel + 1));
  if (wire_) {
    h.add(wire_->inserted_length_mm());
    h.add(wire_->hub_angle_deg());
    for (const glm::dvec3& x : wire_->rod().x) h.add(x);
    for (double t : wire_->rod().twist_rad) h.add(t);
    for (size_t l = 0; l < anatomy_->spec().lesions.size(); ++l) h.add(occlusions_.progress(int(l)));
  }
  if (balloon_) {
    h.add_string(balloon_->spec().id);
    h.add(balloon_->position_mm());
    h.add(balloon_->pressure_atm());
    h.add(uint64_t(balloon_->ruptured()));
    for (double d : balloon_->diameter_mm()) h.add(d);
  }
  if (stent_system_) {
    h.add_string(stent_system_->spec().id);
    h.add(stent_system_->position_mm());
    h.add(stent_system_->retracted_mm());
    for (double d : stent_system_->implant().ring_diameters_mm()) h.add(d);
  }
  for (const StentImplant& s : stents_)
    for (const PlacedRing& r : s.rings()) {
      h.add(r.center_mm);
      h.add(r.diameter_mm());
    }
  for (size_t l = 0; l < anatomy_->spec().lesions.size(); ++l) {
    const LesionSpec& lesion = anatomy_->spec().lesions[l];
    h.add(anatomy_->lumen(anatomy_->find_vessel(lesion.vessel), lesion.center_mm).radius_mm);
  }
  h.add(contrast_.injected_ml());
  for (double f : contrast_.cell_fraction()) h.add(f);
  return h.value();
}

}  // namespace angiosim
