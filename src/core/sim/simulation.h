#pragma once
// Simulation: the one place where state changes. It owns the patient (anatomy) and the room state
// (C-arm, clock, random generator) and advances in fixed steps of `kStep_s`: `step(commands)` applies
// the operator's commands and moves everything by one step. Same setup + seed + commands at the
// same steps ⇒ bit-identical state (checked by state_hash()).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/anatomy/lumen_query.h"
#include "core/anatomy/vessel_tree.h"
#include "core/devices/device_catalog.h"
#include "core/flow/contrast_transport.h"
#include "core/imaging/c_arm.h"
#include "core/physics/balloon_catheter.h"
#include "core/physics/guidewire.h"
#include "core/physics/occlusion_crossing.h"
#include "core/physics/stent_delivery.h"
#include "core/util/rng.h"

namespace angiosim {

// What an operator (keyboard, autopilot, replay) asks for during one step.
struct OperatorCommands {
  // New target angles for the motorised C-arm (it then moves there at its rated speed).
  std::optional<double> c_arm_lao_deg;
  std::optional<double> c_arm_cranial_deg;
  std::optional<glm::dvec3> isocenter_mm;  // table position (moves immediately)
  std::optional<double> field_cm;           // magnification field (diagonal; 0: whole detector)
  std::optional<double> sid_mm;             // detector height: source-to-image distance
  HubControls wire;                         // hands on the guidewire's hub
  std::optional<Injection> inject;          // start an injection of contrast medium
  bool stop_injection = false;
  // At the groin. Access: the needle is aimed at this point; the artery nearest it is punctured
  // and a sheath placed there by the Seldinger technique (needle, short wire, sheath), pointing
  // the way the case plans (retrograde or antegrade). Ignored once a sheath is in.
  std::optional<glm::dvec3> access_at_mm;
  std::optional<std::string> insert_wire;  // a catalogue wire into the sheath (when none is in)
  bool withdraw_wire = false;              // pull the wire out through the sheath
  bool remove_sheath = false;              // (the wire out first)
  std::optional<bool> compress;            // hands pressing on the puncture (on/off), after removal
  // A balloon catheter: in over the wire (a catalogue id; only with a wire in and no balloon),
  // its hands and indeflator, and out again (deflated).
  std::optional<std::string> insert_balloon;
  BalloonControls balloon;
  bool remove_balloon = false;
  // A stent system likewise (one catheter over the wire at a time): in over the wire, its hands
  // and thumbwheel, and out again (before deployment starts or once the stent is all out).
  std::optional<std::string> insert_stent;
  StentControls stent;
  bool remove_stent = false;
};

// The femoral access: where the needle went in, the sheath, and the haemostasis after it.
struct AccessState {
  bool punctured = false;
  int vessel = -1;            // the artery punctured
  double s_mm = 0;            // where along it
  glm::dvec3 puncture_mm{0};  // the arteriotomy (on the centerline)
  bool sheath_in = false;
  bool sheath_removed = false;
  bool compressing = false;
  double compression_s = 0;   // manual compression held since the sheath came out
};

// Everything that changes; trivially copyable so snapshots and hashes are plain.
struct SimState {
  uint64_t step_count = 0;
  double time_s = 0;
  CArmPose c_arm;
  double target_lao_deg = 0;
  double target_cranial_deg = 0;
  Rng rng;
};

class Simulation {
 public:
  static constexpr double kStep_s = 1.0 / 240.0;
  // Clinical C-arm range: ±120° LAO/RAO, ±45° cranial/caudal.
  static constexpr double kMaxLao_deg = 120, kMaxCranial_deg = 45;
  static constexpr double kMaxSid_mm = 1200;  // xray.md: SID ~100-120 cm
  // A power injector's range (hand injections are slower): at most 30 mL/s, 150 mL per run.
  static constexpr double kMaxInjectionRate_ml_s = 30, kMaxInjectionVolume_ml = 150;

  // With `access`, the case opens with a sheath there; with `wire` too, a guidewire starts 10 mm
  // out of it. Without access, the artery is punctured later (OperatorCommands::access_at_mm).
  Simulation(std::shared_ptr<const VesselTree> anatomy, CArmSpec c_arm, CArmPose initial_pose,
             uint64_t seed, const GuidewireSpec* wire = nullptr, std::optional<AccessSite> access = {});

  // The wires on the shelf (insert_wire looks them up here) and which way a sheath placed later
  // points. The catalogue must outlive the simulation.
  void set_devices(const DeviceCatalog* catalog, bool antegrade_access);
  // A needle aimed at p reaches an artery when its centerline is within this of p.
  static constexpr double kNeedleReach_mm = 15;

  void step(const OperatorCommands& commands);

  const SimState& state() const { return state_; }
  const VesselTree& anatomy() const { return *anatomy_; }
  const LumenQuery& lumen() const { return *lumen_; }
  const CArmSpec& c_arm_spec() const { return c_arm_; }
  const Guidewire* guidewire() const { return wire_ ? &*wire_ : nullptr; }
  const BalloonCatheter* balloon() const { return balloon_ ? &*balloon_ : nullptr; }
  // Every dissection so far (they outlive the balloon that made them) and inflations done.
  const std::vector<DissectionEvent>& dissections() const { return angioplasty_.dissections; }
  const std::vector<InflationResult>& inflations() const { return angioplasty_.inflations; }
  const StentDelivery* stent_system() const { return stent_system_ ? &*stent_system_ : nullptr; }
  // Stents deployed in the patient (they stay when their system comes out).
  const std::vector<StentImplant>& stents() const { return stents_; }
  // The wire is across a lesion of the anatomy (on beyond it by kAcrossMargin_mm): a stent's
  // sheath is not pulled back otherwise.
  bool wire_across_a_lesion() const;
  static constexpr double kAcrossMargin_mm = 10;
  const AccessState& access() const { return access_state_; }
  const std::optional<AccessSite>& sheath() const { return sheath_; }
  const OcclusionCrossing& occlusions() const { return occlusions_; }
  const ContrastTransport& contrast() const { return contrast_; }
  uint64_t state_hash() const;

 private:
  // The simulation's own copy of the patient: a wire boring through an occlusion changes it.
  std::shared_ptr<VesselTree> anatomy_;
  std::shared_ptr<LumenQuery> lumen_;
  OcclusionCrossing occlusions_;
  CArmSpec c_arm_;
  SimState state_;
  std::optional<Guidewire> wire_;
  ContrastTransport contrast_;
  const DeviceCatalog* catalog_ = nullptr;
  bool antegrade_access_ = false;
  AccessState access_state_;
  std::optional<AccessSite> sheath_;
  std::optional<BalloonCatheter> balloon_;
  AngioplastyRecord angioplasty_;
  std::optional<StentDelivery> stent_system_;
  std::vector<StentImplant> stents_;

  void operate_access(const OperatorCommands& commands);
  bool operate_devices(const OperatorCommands& commands);  // true when the lumen changed
};

}  // namespace angiosim
