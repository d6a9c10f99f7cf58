#include <doctest/doctest.h>

#include "app/redraw_pacer.h"

using namespace angiosim;

TEST_CASE("the 3D view follows moving devices at most 30 times a second, and never stays behind") {
  RedrawPacer pacer;
  CHECK_FALSE(pacer.due(0.0));  // nothing changed: nothing to redraw
  pacer.changed();
  CHECK(pacer.due(0.0));        // the first change is shown at once
  CHECK_FALSE(pacer.due(0.001));  // and only once
  // Devices moving every frame of a 100 Hz window: shown every 1/30 s, not every frame.
  int shown = 0;
  for (int frame = 1; frame <= 100; ++frame) {
    pacer.changed();
    shown += pacer.due(frame * 0.01);
  }
  CHECK(shown >= 25);
  CHECK(shown <= 30);
  // The devices come to rest just after a redraw: the last position still arrives, once.
  pacer.changed();
  CHECK(pacer.due(1.05));
  pacer.changed();
  CHECK_FALSE(pacer.due(1.06));
  CHECK_FALSE(pacer.due(1.08));
  CHECK(pacer.due(1.09));
  CHECK_FALSE(pacer.due(5.0));
}
