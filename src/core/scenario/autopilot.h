#pragma once
// The demo autopilot: performs the active step of a procedure with the real physics and imaging,
// the way an operator would, for educators in lectures. It works from the step's objectives: the
// first one not yet met names a skill (predicate kind → skill), and the skill moves the hands,
// the pedals and the C-arm until the objective is met:
//   sheath_in, puncture_*   access: table over the planned puncture, fluoroscopy on the femoral
//                           head as landmark, puncture and sheath (Seldinger)
//   angiogram               table centred on the lesion (or the step's view), DSA pedal, the
//                           case's injection a second in (after the mask), until it washes out
//   wire_in                 the first wire on the shelf that the step allows into the sheath
//   wire_tip_*, occlusion_crossed
//                           crossing: push under fluoroscopy (on a roadmap when a DSA run exists);
//                           if the tip enters a vessel off the route or stops moving, pull back,
//                           turn the hub a quarter turn and push again; after repeated failures
//                           exchange for the next wire on the shelf (higher tip load)
//   balloon_*               angioplasty: the shelf's balloon nearest the lesion's reference
//                           diameter (not over 1.1×) and long enough to cover it with 5 mm each
//                           side, over the wire to the lesion centre under fluoroscopy, inflated
//                           at 1 atm/s to the objective's pressure (the waist watched until it
//                           resolves, at most rated burst), held, deflated on suction, withdrawn
//   stent_*                 stenting: the shelf's stent ~1 mm over the reference diameter (0.5–2)
//                           and the shortest that covers the lesion with 5 mm each side, over
//                           the wire until its inner-shaft markers centre on the lesion, the
//                           sheath pulled back at 3 mm/s (1 mm/s for the last ring, against the
//                           jump), the empty system pulled back and out
//   residual_stenosis_below dilation: the shelf's balloon 1:1 to the reference over the lesion
//                           (inside the stent, when there is one: post-dilation), 8 atm for 30 s,
//                           deflated and out; twice at most
//   wire_removed, sheath_removed, compression
//                           pull the wire, take the sheath out, press on the puncture
// A decision is answered as its rules say. A step it cannot do (no skill for the objective, or
// past the step's time limit) leaves it stuck, with the reason.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/anatomy/vessel_paths.h"
#include "core/scenario/case_loader.h"
#include "core/scenario/session_input.h"

namespace angiosim {

class ProcedureSession;

class Autopilot {
 public:
  explicit Autopilot(const LoadedCase& c) : case_(c) {}

  // What to do this tick.
  SessionInput next(const ProcedureSession& session);

  bool stuck() const { return !stuck_reason_.empty(); }
  const std::string& stuck_reason() const { return stuck_reason_; }
  // What it is doing, in words for the audience.
  const std::string& doing() const { return doing_; }

  static constexpr double kPush_mm_s = 20, kTurn_deg_s = 180, kFluoroPps = 7.5;

 private:
  // What the hands and feet should hold this tick (levels); next() emits only the changes.
  struct Levels {
    HubControls hands;
    BalloonControls balloon;
    StentControls stent;
    Pedals pedals;
    bool compress = false;
  };
  void access(const ProcedureSession& s, const Predicate& p, SessionInput& in, Levels& want);
  void angiogram(const ProcedureSession& s, const Predicate& p, SessionInput& in, Levels& want);
  void insert_wire(const ProcedureSession& s, const std::string& device, SessionInput& in);
  void cross(const ProcedureSession& s, const Predicate& p, SessionInput& in, Levels& want);
  void remove_wire(const ProcedureSession& s, SessionInput& in, Levels& want);
  void angioplasty(const ProcedureSession& s, const Predicate& p, SessionInput& in, Levels& want);
  // The shelf's id (allowed in the step) with the lowest score (nullopt: unfit).
  std::string best_on_shelf(const ProcedureSession& s, const std::vector<std::string>& shelf,
                            const std::function<std::optional<double>(const std::string&)>& score) const;
  std::string choose_balloon(const ProcedureSession& s, int lesion) const;
  void stenting(const ProcedureSession& s, const Predicate& p, SessionInput& in, Levels& want);
  std::string choose_stent(const ProcedureSession& s, int lesion) const;
  void dilate(const ProcedureSession& s, const Predicate& p, SessionInput& in, Levels& want);
  int step_lesion(const ProcedureSession& s, const Predicate& p) const;
  // Catheters out over the wire: a balloon deflated, a stent system empty. True when none is in.
  bool catheters_out(const ProcedureSession& s, SessionInput& in, Levels& want);
  void give_up(const std::string& why) { stuck_reason_ = why; }
  // The predicate of an objective the autopilot acts on: of all, the first not yet true with a
  // skill (when all are true and the objective waits out its for_s, the last: it keeps that
  // up); of any, the first with a skill.
  const Predicate* actionable(const Predicate& p, const ProcedureFacts& facts) const;
  void enter_phase(int phase, double now_s);
  std::vector<std::string> wires_allowed(const ProcedureSession& s) const;

  const LoadedCase& case_;
  std::string stuck_reason_, doing_;
  int step_ = -2, objective_ = -1;
  int phase_ = 0;
  double phase_start_s_ = 0;
  int tries_ = 0;
  bool pointed_ = false;  // crossing: the tip turned off the anterior branches before the first push
  // Crossing.
  TreePlace target_;
  double target_distance_mm_ = 0;
  std::vector<int> route_;
  double best_progress_mm_ = 0, progress_check_s_ = 0, progress_at_check_mm_ = 0;
  double retract_from_mm_ = 0;
  int wire_choice_ = 0;
  bool roadmap_asked_ = false;
  bool injected_ = false;
  int dilations_ = 0;
};

}  // namespace angiosim
