#pragma once
// A procedure session: the case's simulation, the imaging console and the step controller driven
// together one fixed step (1/240 s) per tick, by the trainee's input (Practice), the autopilot
// (Demo), or a recording (Replay). It records every input it acts on (session_log.h), so any
// session can be replayed to the same final state; and an instructor's jump to a step rebuilds
// the scene by playing the earlier steps with the autopilot from the case's opening.
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/imaging/fluoro_console.h"
#include "core/imaging/pulse_developer.h"
#include "core/scenario/autopilot.h"
#include "core/scenario/case_loader.h"
#include "core/scenario/live_scene.h"
#include "core/scenario/session_input.h"
#include "core/scenario/session_log.h"
#include "core/scenario/step_controller.h"
#include "core/sim/simulation.h"

namespace angiosim {

enum class SessionMode { Practice, Demo, Replay };
const char* to_string(SessionMode mode);

struct SessionOptions {
  SessionMode mode = SessionMode::Practice;
  std::optional<uint64_t> seed;  // default: the scenario's
  int pixels = 256;              // detector matrix of the pulses
  std::string recording_path;    // "" : not recorded
  // Develop each pulse on a worker thread (the window: the chain leaves the interface thread).
  // The session's states are the same either way: see kPulseLatency_steps.
  bool develop_in_background = false;
};

class ProcedureSession {
 public:
  // A pulse's image is filed (monitor, dose, run) this many simulation steps after its exposure,
  // 1/30 s: the imaging chain develops it meanwhile, on a worker thread in the window. The delay
  // is a fixed number of steps, not "when the thread is done", so the session's state at every
  // tick (what the autopilot sees, the state hash, a replay) does not depend on the machine's
  // timing. The step that completes the procedure files every pulse still developing.
  static constexpr uint64_t kPulseLatency_steps = 8;

  // `c` and `projector` must outlive the session. Throws InputError if the recording cannot be opened.
  ProcedureSession(const LoadedCase& c, PulseProjector& projector, SessionOptions options);

  // One step of the procedure. In Demo mode the autopilot acts and `operator_input` may only add
  // the instructor's back/jump.
  void tick(const SessionInput& operator_input = {});
  // Practice ↔ Demo: the autopilot takes over from the scene as it is, or hands it back (the
  // hands and pedals it held are released on the next tick).
  void set_mode(SessionMode mode);
  // A replay taken over where it stands ("from here, like this"): Practice or Demo goes on from
  // the replayed state. The recording restarts at `recording_path` (if given) with the replayed
  // inputs and step marks that led here (from `replayed`), so it replays to wherever the session
  // now ends. Only from Replay.
  void take_over(SessionMode mode, const SessionRecording& replayed, const std::string& recording_path);
  // Ends the recording with the final state (a recording without it ended in a crash).
  void close_recording();

  const LoadedCase& loaded_case() const { return case_; }
  const SessionOptions& options() const { return options_; }
  const Simulation& sim() const { return *sim_; }
  const FluoroConsole& console() const { return *console_; }
  const StepController& controller() const { return *controller_; }
  const Autopilot& autopilot() const { return *autopilot_; }
  const std::vector<RunRecord>& runs() const { return runs_; }
  const HubControls& hands() const { return hands_; }
  const BalloonControls& balloon_hands() const { return balloon_hands_; }
  const StentControls& stent_hands() const { return stent_hands_; }
  const Pedals& pedals() const { return pedals_; }
  uint64_t ticks() const { return ticks_; }

  // The procedure is over: every step done (finished()), or the autopilot could not go on.
  bool finished() const { return controller_->finished(); }
  bool stuck() const { return autopilot_->stuck(); }
  ProcedureFacts facts() const;
  ProcedureTotals totals() const;
  uint64_t state_hash() const;

 private:
  void reset();
  // Files the pulses due by now (`all`: every one started).
  void file_pulses(bool all);
  void advance(const SessionInput& input);  // one simulation step with this input
  void jump_to(int step);
  bool allowed(const std::string& device) const;

  const LoadedCase& case_;
  PulseProjector& projector_;
  SessionOptions options_;
  std::unique_ptr<Simulation> sim_;
  std::unique_ptr<FluoroConsole> console_;
  std::unique_ptr<PulseDeveloper> developer_;  // after console_: destroyed first
  struct PendingPulse {
    FluoroConsole::PulseJob job;
    ProjectionGeometry geometry;
    uint64_t file_step = 0;
  };
  std::deque<PendingPulse> pending_;  // exposed, not yet filed, in order
  std::unique_ptr<StepController> controller_;
  std::unique_ptr<Autopilot> autopilot_;
  std::vector<RunRecord> runs_;
  HubControls hands_;
  BalloonControls balloon_hands_;
  StentControls stent_hands_;
  Pedals pedals_;
  double run_start_contrast_ml_ = 0;
  std::unique_ptr<SessionLogWriter> log_;
  uint64_t ticks_ = 0;
  uint64_t steps_ = 0;  // simulation steps since the opening (a jump replays them from 0)
  int logged_step_ = -1;  // the step whose beginning the recording has last noted
  bool release_levels_ = false;
};

}  // namespace angiosim
