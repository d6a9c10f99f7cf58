#pragma once
// A session recording played back in the window: the recorded input at each tick, paused or at a
// speed, and a timeline to seek on. Seeking forward plays on as fast as the machine goes (a slice
// of each frame, so the window stays responsive); seeking back starts again from the opening,
// which reaches the same states because the session is deterministic for the same inputs.
#include <cstdint>
#include <optional>
#include <string>

#include "core/scenario/session_input.h"
#include "core/scenario/session_log.h"
#include "core/scenario/procedure_spec.h"

namespace angiosim {

class ReplayTimeline {
 public:
  static constexpr double kMaxSpeed = 16, kMinSpeed = 0.25;

  ReplayTimeline(SessionRecording recording, std::string path);

  const SessionRecording& recording() const { return recording_; }
  const std::string& path() const { return path_; }
  // The last tick the recording covers (its end, or after a crash its last input).
  uint64_t end_tick() const { return end_tick_; }
  // The tick step k began at, if the recording noted it.
  std::optional<uint64_t> step_tick(int step) const;

  // The recorded input for `tick` (empty if none). Ticks are asked for in order; rewind() starts
  // again from 0.
  SessionInput input_at(uint64_t tick);
  void rewind() { next_ = 0; }

  // Controls (the panel sets them; the window's loop reads them).
  bool paused = false;
  float speed = 1;
  std::optional<uint64_t> seek_to;

  // The timeline in the current ImGui window: play/pause, speed, a slider over the recording's
  // time with its steps marked, the steps' start buttons, and the seeking progress.
  // `now_tick`: the session's; `steps`: the procedure's steps (titles).
  void draw(uint64_t now_tick, const ProcedureSpec& steps);

 private:
  SessionRecording recording_;
  std::string path_;
  uint64_t end_tick_ = 0;
  size_t next_ = 0;
  float dragged_s_ = -1;  // where the time slider is held while dragged (seeks on release)
};

}  // namespace angiosim
