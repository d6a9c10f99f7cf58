#pragma once
// How often the 3D view follows devices that move. A software rasteriser spends 5-8 ms on each
// redraw of the view with a device in it (the vessel glass's triangles, whatever the panel's size;
// `./scripts/bench view3d`), the largest part of a frame in which the trainee pushes or pulls a
// wire. The view is a guide beside the X-ray image, itself refreshed at the pulse rate (15 pps), so
// while devices move it is redrawn at most 30 times a second. A change not yet shown is shown at the
// first frame past the interval, so the view never stays behind a device at rest; a turn of its
// camera or a new panel size is drawn at once (`AnatomyView::render`).

#include <chrono>

namespace angiosim {

class RedrawPacer {
 public:
  static constexpr double kMinInterval_s = 1.0 / 30;

  // Something the view shows changed at this frame.
  void changed() { pending_ = true; }
  // Whether to send the change to the view at this frame (wall-clock seconds), which clears it: at
  // most once in each kMinInterval_s.
  bool due(double now_s) {
    if (!pending_ || now_s - sent_s_ < kMinInterval_s) return false;
    pending_ = false;
    sent_s_ = now_s;
    return true;
  }
  // The same at the frame's own clock reading.
  bool due(std::chrono::steady_clock::time_point frame) {
    return due(std::chrono::duration<double>(frame.time_since_epoch()).count());
  }

 private:
  bool pending_ = false;
  double sent_s_ = -1e300;
};

}  // namespace angiosim
