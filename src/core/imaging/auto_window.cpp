#include "core/imaging/auto_window.h"

namespace angiosim {

DisplayWindow auto_window_for_view(const CpuProjector& projector, const ProjectionGeometry& g,
                                   const AttenuationTable& table, int coarse_pixels) {
  ProjectionGeometry coarse = g;
  coarse.width = coarse.height = coarse_pixels;
  coarse.pixel_pitch_mm = g.pixel_pitch_mm * g.width / coarse_pixels;
  return auto_window(log_signal(projector.project(coarse, 1), table));
}

}  // namespace angiosim
