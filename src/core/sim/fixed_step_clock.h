#pragma once
// Turns wall-clock frame times into a whole number of fixed simulation steps (the accumulator of
// Fiedler, "Fix your timestep!", 2004). The simulation never sees the frame rate: the same inputs
// give the same states at 30, 60 or 144 rendered frames per second.
#include <algorithm>

namespace angiosim {

class FixedStepClock {
 public:
  explicit FixedStepClock(double step_s, int max_steps_per_frame = 64)
      : step_s_(step_s), max_steps_(max_steps_per_frame) {}

  // Adds a frame's wall time and returns how many steps to run now. After a long stall (a window
  // drag, a breakpoint) at most max_steps_per_frame run and the rest of the backlog is dropped, so
  // the app catches up instead of spiralling; simulated time then lags wall time, never skips.
  int advance(double frame_s) {
    accumulator_ += std::max(0.0, frame_s);
    int steps = static_cast<int>(accumulator_ / step_s_);
    if (steps > max_steps_) {
      steps = max_steps_;
      accumulator_ = 0;
    } else {
      accumulator_ -= steps * step_s_;
    }
    return steps;
  }
  // Fraction of a step left over, for interpolating what is drawn between two states.
  double alpha() const { return accumulator_ / step_s_; }
  double step_s() const { return step_s_; }

 private:
  double step_s_;
  int max_steps_;
  double accumulator_ = 0;
};

}  // namespace angiosim
